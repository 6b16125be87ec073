/*
 * plot_convert.h - decoded ASTERIX reports -> plots in the system frame.
 *
 * The decode stage, the replay-equivalence test and the simulator's checks
 * all turn records into struct sky_plot through these functions: radar
 * plots (CAT048, CAT001) through the radar site's polar conversion with its
 * covariance, ADS-B reports (CAT021) through the WGS84 conversion with the
 * configured sigma. Records that cannot become a plot say why.
 */
#ifndef SKY_PLOT_CONVERT_H
#define SKY_PLOT_CONVERT_H

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
 */
enum sky_noplot sky_plot_from_record(const struct sky_sensor_entry *s,
				     const struct sky_enu_frame *sys,
				     const struct sky_ast_record *r, double ref_unix,
				     struct sky_plot *out);

#endif
