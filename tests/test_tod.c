/*
 * test_tod.c - dating ASTERIX times of day: same day, midnight rollover in
 * both directions, round trip through UNIX time.
 */
#include <criterion/criterion.h>

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
