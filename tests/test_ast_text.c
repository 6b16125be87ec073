/*
 * test_ast_text.c - integer-only formatting: fixed-point and scaled values
 * round correctly, JSON strings are escaped, text and JSON forms agree, and
 * a full buffer truncates with a flag instead of overflowing.
 */
#include <criterion/criterion.h>

#include "ast_text.h"

static char buf[512];

Test(ast_text, fixed_point_and_negative_values)
{
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_text_kv_fixed(&t, "a", 12345, 2);
	sky_text_kv_fixed(&t, "b", -5, 3);
	sky_text_kv_int(&t, "c", INT64_MIN + 1);
	cr_assert_str_eq(buf, "a=123.45 b=-0.005 c=-9223372036854775807");
}

Test(ast_text, scaled_values_round_half_away_from_zero)
{
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), false);
	sky_text_kv_scaled(&t, "rho", 256, 1, 256, 3);   /* 1 NM */
	sky_text_kv_scaled(&t, "tod", 1, 1, 128, 4);     /* 0.0078125 -> 0.0078 */
	sky_text_kv_scaled(&t, "neg", -3, 1, 8, 2);      /* -0.375 -> -0.38 */
	cr_assert_str_eq(buf, "rho=1.000 tod=0.0078 neg=-0.38");
}

Test(ast_text, json_members_objects_arrays_and_escapes)
{
	struct sky_text t;
	sky_text_init(&t, buf, sizeof(buf), true);
	sky_text_begin(&t);
	sky_text_kv_str(&t, "cs", "A\"B\\\x01");
	sky_text_obj_open(&t, "o");
	sky_text_kv_oct4(&t, "m3a", 01234);
	sky_text_kv_hex(&t, "adr", 0x3c660c, 6);
	sky_text_obj_close(&t);
	sky_text_arr_open(&t, "l");
	sky_text_kv_uint(&t, NULL, 1);
	sky_text_kv_bool(&t, NULL, true);
	sky_text_arr_close(&t);
	sky_text_end(&t);
	cr_assert_str_eq(buf, "{\"cs\":\"A\\\"B\\\\\\u0001\",\"o\":{\"m3a\":\"1234\",\"adr\":\"3C660C\"},"
			      "\"l\":[1,true]}\n");
}

Test(ast_text, full_buffer_truncates_and_says_so)
{
	char small[8];
	struct sky_text t;
	sky_text_init(&t, small, sizeof(small), false);
	sky_text_kv_str(&t, "key", "a long value");
	cr_assert(t.overflow);
	cr_assert_lt(t.len, sizeof(small));
	cr_assert_eq(small[t.len], '\0');
}
