/*
 * sim_config.c - config.yaml beside a simulated capture: the scenario's
 * system reference and sensors in the interfaces.md shape, written by the
 * pipeline's own writer (sky_config_write) so that what skyfuse loads is
 * exactly what the simulator meant. Each sensor's allow-list holds the
 * source address the simulator sends it from.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sim_output.h"

static void radar_sensor(const struct sim_radar *r, struct sky_config_sensor *s)
{
	snprintf(s->name, sizeof(s->name), "%s", r->c.name);
	s->kind = SKY_SENSOR_RADAR;
	s->scan_period_s = r->scan_period_s;
	s->sigma.range_m = r->sigma_range_m;
	s->sigma.azimuth_deg = r->sigma_az_deg;
	s->sigma.height_m = r->sigma_height_m;
	s->pd = r->psr ? r->pd : r->ssr_pd;
}

static void adsb_sensor(const struct sim_adsb_station *a, struct sky_config_sensor *s)
{
	snprintf(s->name, sizeof(s->name), "%s", a->c.name);
	s->kind = SKY_SENSOR_ADSB;
	s->scan_period_s = a->period_s;
	s->sigma.position_m = a->sigma_position_m;
	s->pd = a->pd;
}

static void common(const struct sim_sensor_common *c, struct sky_config_sensor *s,
		   uint32_t *src)
{
	s->sac = c->sac;
	s->sic = c->sic;
	s->has_position = true;
	s->position.lat = c->pos.lat;
	s->position.lon = c->pos.lon;
	s->position.alt = c->pos.alt_m;
	*src = htonl(c->src_ip);
	s->n_sources = 1;
	s->sources = src;
}

int sim_config_write(const struct sim_scenario *sc, const char *path, char *err,
		     size_t errlen)
{
	struct sky_config cfg;
	unsigned n = sc->n_radars + sc->n_adsb;
	sky_config_default(&cfg);
	cfg.system.sac = sc->sys_sac;
	cfg.system.sic = sc->sys_sic;
	cfg.system.reference.lat = sc->reference.lat;
	cfg.system.reference.lon = sc->reference.lon;
	cfg.system.reference.alt = sc->reference.alt_m;
	cfg.input.udp_port = sc->udp_port;
	cfg.output.cat062_udp_port = sc->cat062_port;
	cfg.sensors = calloc(n ? n : 1, sizeof(*cfg.sensors));
	uint32_t *src = calloc(n ? n : 1, sizeof(*src));
	if (!cfg.sensors || !src) {
		free(cfg.sensors);
		free(src);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	cfg.n_sensors = n;
	for (unsigned i = 0; i < sc->n_radars; i++) {
		radar_sensor(&sc->radars[i], &cfg.sensors[i]);
		common(&sc->radars[i].c, &cfg.sensors[i], &src[i]);
	}
	for (unsigned i = 0; i < sc->n_adsb; i++) {
		unsigned k = sc->n_radars + i;
		adsb_sensor(&sc->adsb[i], &cfg.sensors[k]);
		common(&sc->adsb[i].c, &cfg.sensors[k], &src[k]);
	}
	int rc = 0;
	FILE *f = fopen(path, "w");
	if (!f)
		rc = -errno;
	else if (sky_config_write(f, &cfg) != 0)
		rc = -EIO;
	if (f && fclose(f) != 0 && rc == 0)
		rc = -EIO;
	if (rc)
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(-rc));
	free(cfg.sensors);
	free(src);
	return rc;
}
