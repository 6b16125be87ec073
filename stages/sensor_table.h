/*
 * sensor_table.h - the configured sensors as the stages need them: looked
 * up by SAC/SIC in one array access, each with its geometry in the system
 * frame (radar site, ADS-B sigmas) and its ASTERIX editions resolved.
 *
 * A sensor is identified by the SAC/SIC in its records, never by the
 * packet's source address alone (interfaces.md); records from a SAC/SIC
 * that is not configured are counted and dropped by the decode stage.
 */
#ifndef SKY_SENSOR_TABLE_H
#define SKY_SENSOR_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "ast_record.h"
#include "config.h"
#include "meas.h"

struct sky_sensor_entry {
	const struct sky_config_sensor *cfg;
	uint16_t index;                  /* in the config's sensor list */
	float revisit_s;                 /* scan period or report interval */
	struct sky_radar_site site;      /* radars */
	double sigma_position_m;         /* ADS-B */
	struct sky_ast_editions editions;
};

struct sky_sensor_table {
	struct sky_enu_frame sys;        /* the system frame */
	unsigned n;
	struct sky_sensor_entry *sensors;
	uint16_t by_sacsic[65536];       /* sensor index + 1; 0: not configured */
};

/* Build from a loaded config. 0, or -EINVAL with a message (bad edition). */
int sky_sensor_table_build(struct sky_sensor_table *t, const struct sky_config *cfg,
			   char *err, size_t errlen);
void sky_sensor_table_free(struct sky_sensor_table *t);

static inline const struct sky_sensor_entry *
sky_sensor_find(const struct sky_sensor_table *t, uint8_t sac, uint8_t sic)
{
	uint16_t i = t->by_sacsic[(unsigned)sac << 8 | sic];
	return i ? &t->sensors[i - 1] : NULL;
}

#endif
