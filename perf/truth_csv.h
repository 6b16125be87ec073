/*
 * truth_csv.h - the ground truth of a scenario, read from truth.csv.
 *
 * The file is written by other tools in exactly the shape of
 * shared/interfaces.md: a fixed header line, then one row per target per
 * whole second (UNIX UTC), WGS84 position, velocity east/north/up at the
 * target and a class name. The reader is strict (a scorer that guesses scores
 * the wrong thing): every error names the file, the line and the column, and
 * says what was expected.
 */
#ifndef SKY_TRUTH_CSV_H
#define SKY_TRUTH_CSV_H

#include <stddef.h>
#include <stdint.h>

/* Target classes: enum name, the name in truth.csv. */
#define SKY_TARGET_CLASS_FOREACH(_)          \
	_(AIRLINER, "airliner")             \
	_(GA, "ga")                         \
	_(FIGHTER, "fighter")               \
	_(HELICOPTER, "helicopter")         \
	_(UAV_SMALL, "uav_small")           \
	_(OWA_DRONE, "owa_drone")           \
	_(CRUISE_MISSILE, "cruise_missile") \
	_(UNKNOWN, "unknown")

enum sky_target_class {
#define SKY_TARGET_CLASS_ENUM(e, s) SKY_TARGET_##e,
	SKY_TARGET_CLASS_FOREACH(SKY_TARGET_CLASS_ENUM)
#undef SKY_TARGET_CLASS_ENUM
	SKY_TARGET_CLASS_COUNT
};

/* The truth.csv name of a class ("owa_drone"); "?" when out of range. */
const char *sky_target_class_name(unsigned cls);
/* The class of a name of n bytes, or -1. */
int sky_target_class_parse(const char *s, size_t n);

/* The header line truth.csv must start with. */
#define SKY_TRUTH_CSV_HEADER "t_utc_s,target_id,lat,lon,alt_m,vx,vy,vz,class"

/* One row of truth.csv. */
struct sky_truth_row {
	int64_t t;              /* UNIX UTC seconds, whole */
	uint32_t target_id;
	uint8_t cls;            /* enum sky_target_class */
	double lat, lon;        /* degrees, WGS84 */
	double alt_m;           /* m above the WGS84 ellipsoid */
	double vx, vy, vz;      /* m/s east, north, up at the target */
	uint32_t line;          /* line in the file, for messages */
};

struct sky_truth {
	struct sky_truth_row *rows;
	size_t n, cap;
};

/*
 * Read a whole truth.csv. 0, or -EINVAL (format), -ENOMEM, or -errno of the
 * open/read, with a message in err naming path:line and the column. Rows
 * are in file order; *t is cleared first and must be freed with
 * sky_truth_free in every case.
 */
int sky_truth_csv_read(const char *path, struct sky_truth *t, char *err, size_t errlen);
/* The same on a buffer; name is used in messages. */
int sky_truth_csv_parse(const char *buf, size_t len, const char *name,
			struct sky_truth *t, char *err, size_t errlen);
void sky_truth_free(struct sky_truth *t);

/*
 * Sort rows by (t, target_id) and refuse a target given twice in the same
 * second (0, or -EINVAL with a message naming both lines).
 */
int sky_truth_sort(struct sky_truth *t, const char *name, char *err, size_t errlen);

#endif
