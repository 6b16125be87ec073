/*
 * sensor_table.c - building the sensor lookup from the config (see
 * sensor_table.h). Done once at start-up; the stages only read it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sensor_table.h"

static int resolve_editions(struct sky_sensor_entry *e, char *err, size_t errlen)
{
	const struct sky_config_sensor *s = e->cfg;
	for (unsigned i = 0; i < s->n_editions; i++) {
		const struct sky_config_edition *ce = &s->editions[i];
		const struct sky_ast_category *c = ce->cat < 256 ? sky_ast_category_find((uint8_t)ce->cat) : NULL;
		int idx = c ? sky_ast_edition_find(c, ce->edition) : -1;
		if (idx < 0) {
			snprintf(err, errlen, "sensors '%s': editions.cat%03u: '%s' is not an edition "
				 "decoded here%s", s->name, ce->cat, ce->edition,
				 c ? "" : " (unknown category)");
			return -EINVAL;
		}
		e->editions.ed[ce->cat] = (uint8_t)idx;
	}
	return 0;
}

static void place_sensor(struct sky_sensor_table *t, struct sky_sensor_entry *e)
{
	const struct sky_config_sensor *s = e->cfg;
	e->revisit_s = (float)s->scan_period_s;
	if (s->kind == SKY_SENSOR_RADAR)
		sky_radar_site_init(&e->site, &t->sys, s->position.lat, s->position.lon,
				    s->position.alt, s->sigma.range_m, s->sigma.azimuth_deg,
				    s->sigma.height_m);
	else
		e->sigma_position_m = s->sigma.position_m;
}

int sky_sensor_table_build(struct sky_sensor_table *t, const struct sky_config *cfg,
			   char *err, size_t errlen)
{
	memset(t->by_sacsic, 0, sizeof(t->by_sacsic));
	sky_enu_frame_init(&t->sys, cfg->system.reference.lat, cfg->system.reference.lon,
			   cfg->system.reference.alt);
	t->n = cfg->n_sensors;
	t->sensors = calloc(t->n ? t->n : 1, sizeof(*t->sensors));
	if (!t->sensors) {
		snprintf(err, errlen, "out of memory for %u sensors", t->n);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < t->n; i++) {
		struct sky_sensor_entry *e = &t->sensors[i];
		e->cfg = &cfg->sensors[i];
		e->index = (uint16_t)i;
		if (resolve_editions(e, err, errlen) < 0) {
			sky_sensor_table_free(t);
			return -EINVAL;
		}
		place_sensor(t, e);
		t->by_sacsic[(unsigned)e->cfg->sac << 8 | e->cfg->sic] = (uint16_t)(i + 1);
	}
	return 0;
}

void sky_sensor_table_free(struct sky_sensor_table *t)
{
	free(t->sensors);
	t->sensors = NULL;
	t->n = 0;
}
