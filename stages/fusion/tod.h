/*
 * tod.h - ASTERIX time of day (1/128 s since UTC midnight) <-> UNIX time.
 *
 * A record carries only the time of day; the date comes from a reference
 * UNIX time (the capture timestamp in replay, the clock when live). The day
 * is chosen so that the result lies within half a day of the reference,
 * which handles midnight rollover in both directions (a report stamped
 * 23:59:59.9 arriving at 00:00:00.2 belongs to the day before).
 */
#ifndef SKY_TOD_H
#define SKY_TOD_H

#include <math.h>
#include <stdint.h>

#define SKY_DAY_S 86400.0

static inline double sky_tod_to_unix(uint32_t tod128, double ref_unix)
{
	double day0 = floor(ref_unix / SKY_DAY_S) * SKY_DAY_S;
	double t = day0 + tod128 / 128.0;
	if (t - ref_unix > SKY_DAY_S / 2)
		t -= SKY_DAY_S;
	else if (ref_unix - t > SKY_DAY_S / 2)
		t += SKY_DAY_S;
	return t;
}

/* Time of day in 1/128 s (rounded, wrapped into one day) of a UNIX time. */
static inline uint32_t sky_unix_to_tod(double unix_s)
{
	double s = fmod(unix_s, SKY_DAY_S);
	if (s < 0)
		s += SKY_DAY_S;
	uint32_t tod = (uint32_t)llround(s * 128.0);
	return tod >= 86400u * 128u ? tod - 86400u * 128u : tod;
}

#endif
