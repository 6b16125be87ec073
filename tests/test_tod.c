/*
 * test_tod.c - dating ASTERIX times of day: same day, midnight rollover in
 * both directions, round trip through UNIX time; the fast UNIX -> time of
 * day equals its fmod definition everywhere.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "testlib.h"
#include "tod.h"

#define DAY0 1717200000.0 /* 2024-06-01 00:00:00 UTC */

Test(tod, dates_a_time_of_day_on_the_reference_day)
{
	cr_assert_float_eq(sky_tod_to_unix(128 * 3600, DAY0 + 3600.5), DAY0 + 3600, 1e-9);
}

Test(tod, report_from_before_midnight_arriving_after_it_belongs_to_the_day_before)
{
	uint32_t tod = (uint32_t)(86399.9 * 128);
	cr_assert_float_eq(sky_tod_to_unix(tod, DAY0 + 0.2), DAY0 - 86400 + tod / 128.0, 1e-9);
}

Test(tod, report_from_after_midnight_with_a_reference_before_it_is_the_next_day)
{
	cr_assert_float_eq(sky_tod_to_unix(64, DAY0 - 0.3), DAY0 + 0.5, 1e-9);
}

Test(tod, unix_to_tod_round_trips_and_wraps_at_midnight)
{
	for (double t = DAY0 - 5; t < DAY0 + 5; t += 0.25)
		cr_assert_float_eq(sky_tod_to_unix(sky_unix_to_tod(t), t), t, 1e-9);
	cr_assert_eq(sky_unix_to_tod(DAY0 - 1.0 / 512), 0u, "rounds up into the next day");
}

static double unit(uint64_t *s)
{
	return (double)(sky_test_rand(s) >> 11) * 0x1.0p-53;
}

Test(tod, time_of_day_equals_its_fmod_definition_at_boundaries_ties_and_extremes)
{
	uint64_t seed = 13;
	for (long i = 0; i < 400000; i++) {
		double t;
		switch (i % 8) {
		case 0: /* any time, 1970..2100 */
			t = 4102444800.0 * unit(&seed);
			break;
		case 1: /* before 1970 */
			t = -4102444800.0 * unit(&seed);
			break;
		case 2: /* next to a midnight */
		case 3:
			t = 86400.0 * (double)(sky_test_rand(&seed) % 50000) - 25e8;
			t = i % 8 == 2 ? nextafter(t, -INFINITY) : nextafter(t, INFINITY);
			break;
		case 4: /* on a half tick (1/256 s): the rounding tie */
			t = 1.7e9 + (double)(sky_test_rand(&seed) % 100000000) / 256.0;
			break;
		case 5: /* tiny and negative */
			t = -ldexp(unit(&seed), -(int)(sky_test_rand(&seed) % 1000));
			break;
		case 6: /* exact midnights */
			t = 86400.0 * ((double)(sky_test_rand(&seed) % 100000) - 50000);
			break;
		default: /* huge */
			t = ldexp(1.0 + unit(&seed), 40 + (int)(sky_test_rand(&seed) % 30));
			break;
		}
		cr_assert_eq(sky_unix_to_tod(t), sky_unix_to_tod_fmod(t), "t = %.17g", t);
	}
	cr_assert_eq(sky_unix_to_tod(NAN), sky_unix_to_tod_fmod(NAN));
	cr_assert_eq(sky_unix_to_tod(INFINITY), sky_unix_to_tod_fmod(INFINITY));
}
