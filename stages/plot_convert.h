/*
 * plot_convert.h - decoded ASTERIX reports -> plots in the system frame.
 *
 * The decode stage, the replay-equivalence test and the simulator's checks
 * all turn records into struct sky_plot through these functions: radar
 * plots (CAT048, CAT001) through the radar site's polar conversion with its
 * covariance, ADS-B reports (CAT021) through the WGS84 conversion with the
 * configured sigma. Records that cannot become a plot say why. The
 * conversion into the system frame can be left to the caller
 * (sky_plot_prepare), which the decoder does to convert a datagram's radar
 * plots (radar_batch.h) and ADS-B reports (adsb_batch.h) in batches.
 */
#ifndef SKY_PLOT_CONVERT_H
#define SKY_PLOT_CONVERT_H

#include <stdbool.h>
#include <stdint.h>

#include "plot.h"
#include "sensor_table.h"

#define SKY_NOPLOT_FOREACH(_)                                                   \
	_(NO_POSITION, "report carries no measured position")                   \
	_(NO_TIME, "report carries no time of day")                             \
	_(NO_DETECTION, "report type says no detection")                        \
	_(BAD_GEOMETRY, "position cannot be converted (range 0 or height beyond range)") \
	_(NOT_A_PLOT, "category carries no target reports")

enum sky_noplot {
	SKY_PLOT_OK = 0,
#define SKY_NOPLOT_ENUM(n, d) SKY_NOPLOT_##n,
	SKY_NOPLOT_FOREACH(SKY_NOPLOT_ENUM)
#undef SKY_NOPLOT_ENUM
	SKY_NOPLOT_COUNT
};

extern const char *const sky_noplot_names[SKY_NOPLOT_COUNT];

/* Assumed altitude of a radar plot without any height, and its sigma. */
#define SKY_PLOT_ASSUMED_ALT_M 3000.0

/*
 * One decoded record of sensor s -> *out. ref_unix dates the time of day
 * (capture time in replay, the clock live). Returns SKY_PLOT_OK or a reason.
 * The scalar path: sky_plot_prepare then, for a deferred plot,
 * sky_plot_polar_finish.
 */
enum sky_noplot sky_plot_from_record(const struct sky_sensor_entry *s,
				     const struct sky_enu_frame *sys,
				     const struct sky_ast_record *r, double ref_unix,
				     struct sky_plot *out);

/* A plot's measurement, not yet converted: a radar plot's in the radar's
   frame, or an ADS-B report's WGS84 position (adsb set). */
struct sky_plot_polar {
	bool deferred;               /* a plot waiting for its position */
	bool adsb;                   /* deferred: an ADS-B report, not a radar plot */
	/* radar */
	uint16_t theta;              /* azimuth, LSB 360/2^16 deg (I048/040, I001/040) */
	enum sky_height_kind hkind;
	double range_m;              /* slant range */
	double height;               /* as struct sky_radar_plot: FL or m */
	/* ADS-B: the arguments of sky_adsb_to_enu */
	double lat_deg, lon_deg, alt_m, sigma_h_m, sigma_v_m;
};

/*
 * sky_plot_from_record up to the geometry: a CAT048 / CAT001 / CAT021
 * record that becomes a plot returns SKY_PLOT_OK with polar->deferred set,
 * *out complete (identity, time, flags with HAS_Z, sensor) but for x..czz,
 * and its measurement in *polar: the caller converts it
 * (sky_plot_polar_finish, or the batch kernels radar_batch.h and, for
 * polar->adsb, adsb_batch.h). A radar plot may still end in
 * SKY_NOPLOT_BAD_GEOMETRY, an ADS-B report always converts. Every other
 * outcome is final (deferred false).
 */
enum sky_noplot sky_plot_prepare(const struct sky_sensor_entry *s,
				 const struct sky_ast_record *r, double ref_unix,
				 struct sky_plot *out, struct sky_plot_polar *polar);

/* Target height above the ellipsoid of a deferred plot, m. */
double sky_plot_polar_alt_m(const struct sky_plot_polar *g);

/* The deferred position by the scalar sky_radar_to_enu or sky_adsb_to_enu
   into the system frame sys: SKY_PLOT_OK or SKY_NOPLOT_BAD_GEOMETRY. */
enum sky_noplot sky_plot_polar_finish(const struct sky_sensor_entry *s,
				      const struct sky_enu_frame *sys,
				      const struct sky_plot_polar *g, struct sky_plot *p);

#endif
