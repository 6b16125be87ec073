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

/*
 * Time of day in 1/128 s of a UNIX time, the definition: fmod into one day
 * (negative times from the day's end), rounded to nearest with ties away
 * from zero, wrapped into one day. The reference of sky_unix_to_tod.
 */
static inline uint32_t sky_unix_to_tod_fmod(double unix_s)
{
	double s = fmod(unix_s, SKY_DAY_S);
	if (s < 0)
		s += SKY_DAY_S;
	uint32_t tod = (uint32_t)llround(s * 128.0);
	return tod >= 86400u * 128u ? tod - 86400u * 128u : tod;
}

/*
 * The same value without the fmod and llround calls (they were a sixth of
 * the CAT062 packing path's time, perf, 2026-11-22; tests/test_tod.c checks
 * equality at day boundaries, ties, tiny, negative and huge times). For
 * |t| < 2^52, k D (k = floor(t / D) or one off, D = 86400) is an exact
 * integer and t - k D a multiple of ulp(t) below 2 D, so it is computed
 * exactly, and the two corrections undo a k one off (so t times a rounded
 * 1/D does as well as a division): s is then what fmod(t, D) (+ D when
 * negative) gives. nearbyint rounds ties to even, llround away from zero:
 * a tie rounded down (x >= 0 here) is moved up. NaN, infinities and huge
 * times take the definition.
 */
static inline uint32_t sky_unix_to_tod(double unix_s)
{
	if (!(fabs(unix_s) < 0x1p52))
		return sky_unix_to_tod_fmod(unix_s);
	double s = unix_s - floor(unix_s * (1.0 / SKY_DAY_S)) * SKY_DAY_S;
	if (s < 0)
		s += SKY_DAY_S;
	else if (s >= SKY_DAY_S)
		s -= SKY_DAY_S;
	double x = s * 128.0, r = nearbyint(x);
	if (r - x == -0.5)
		r += 1.0;
	uint32_t tod = (uint32_t)r;
	return tod >= 86400u * 128u ? tod - 86400u * 128u : tod;
}

#endif
