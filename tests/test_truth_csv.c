/*
 * test_truth_csv.c - the truth.csv reader: the shape of shared/interfaces.md
 * is read exactly, and every malformation is named by file:line and column.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "truth_csv.h"

#define HDR SKY_TRUTH_CSV_HEADER "\n"

static int parse(const char *text, struct sky_truth *t, char *err, size_t n)
{
	return sky_truth_csv_parse(text, strlen(text), "truth.csv", t, err, n);
}

Test(truth_csv, reads_the_example_row_of_interfaces_md)
{
	struct sky_truth t;
	char err[256] = "";
	int rc = parse(HDR "1717243200,1,52.412345678,4.987654321,10363.200,231.004,-12.500,0.000,airliner\n",
		       &t, err, sizeof(err));
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert_eq(t.n, 1);
	const struct sky_truth_row *r = &t.rows[0];
	cr_assert_eq(r->t, 1717243200);
	cr_assert_eq(r->target_id, 1);
	cr_assert_float_eq(r->lat, 52.412345678, 1e-12);
	cr_assert_float_eq(r->lon, 4.987654321, 1e-12);
	cr_assert_float_eq(r->alt_m, 10363.2, 1e-9);
	cr_assert_float_eq(r->vx, 231.004, 1e-9);
	cr_assert_float_eq(r->vy, -12.5, 1e-9);
	cr_assert_float_eq(r->vz, 0.0, 1e-9);
	cr_assert_eq(r->cls, SKY_TARGET_AIRLINER);
	cr_assert_eq(r->line, 2);
	sky_truth_free(&t);
}

Test(truth_csv, every_class_name_round_trips)
{
	const char *names[] = { "airliner", "ga", "fighter", "helicopter", "uav_small",
				"owa_drone", "cruise_missile", "unknown" };
	cr_assert_eq(SKY_TARGET_CLASS_COUNT, 8);
	for (unsigned i = 0; i < 8; i++) {
		cr_assert_str_eq(sky_target_class_name(i), names[i]);
		cr_assert_eq(sky_target_class_parse(names[i], strlen(names[i])), (int)i);
	}
	cr_assert_eq(sky_target_class_parse("drone", 5), -1);
	cr_assert_str_eq(sky_target_class_name(99), "?");
}

Test(truth_csv, accepts_crlf_blank_lines_and_no_final_newline)
{
	struct sky_truth t;
	char err[256] = "";
	int rc = parse(SKY_TRUTH_CSV_HEADER "\r\n"
		       "10,1,1,2,3,4,5,6,ga\r\n\r\n"
		       "11,2,-1.5,-2.5,-3,0,0,0,owa_drone", &t, err, sizeof(err));
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert_eq(t.n, 2);
	cr_assert_eq(t.rows[1].cls, SKY_TARGET_OWA_DRONE);
	cr_assert_eq(t.rows[1].line, 4);
	sky_truth_free(&t);
}

/* Parse must fail with -EINVAL and a message containing every `want`. */
static void expect_error(const char *text, const char *want1, const char *want2)
{
	struct sky_truth t;
	char err[256] = "";
	int rc = parse(text, &t, err, sizeof(err));
	cr_assert_eq(rc, -EINVAL, "accepted: %s", text);
	cr_assert(strstr(err, want1), "'%s' lacks '%s'", err, want1);
	if (want2)
		cr_assert(strstr(err, want2), "'%s' lacks '%s'", err, want2);
	sky_truth_free(&t);
}

Test(truth_csv, wrong_header_is_named)
{
	expect_error("time,id,lat,lon,alt,vx,vy,vz,class\n1,1,1,1,1,1,1,1,ga\n",
		     "truth.csv:1:", "expected 't_utc_s,target_id,lat,lon,alt_m,vx,vy,vz,class'");
	expect_error("", "truth.csv:1:", "header");
}

Test(truth_csv, wrong_field_counts_are_named)
{
	expect_error(HDR "1,1,1,1,1,1,1,1\n", "truth.csv:2:", "fewer than 9");
	expect_error(HDR "1,1,1,1,1,1,1,1,ga,extra\n", "truth.csv:2:", "more than 9");
}

Test(truth_csv, bad_values_name_line_and_column)
{
	expect_error(HDR "10,1,1,1,1,1,1,1,ga\n10.5,1,1,1,1,1,1,1,ga\n", "truth.csv:3: column 1 (t_utc_s)",
		     "whole second");
	expect_error(HDR "10,x1,1,1,1,1,1,1,ga\n", "truth.csv:2: column 2 (target_id)", "x1");
	expect_error(HDR "10,-1,1,1,1,1,1,1,ga\n", "column 2 (target_id)", NULL);
	expect_error(HDR "10,1,91,1,1,1,1,1,ga\n", "truth.csv:2: column 3 (lat)", "outside");
	expect_error(HDR "10,1,1,181,1,1,1,1,ga\n", "column 4 (lon)", NULL);
	expect_error(HDR "10,1,1,1,abc,1,1,1,ga\n", "column 5 (alt_m)", "'abc'");
	expect_error(HDR "10,1,1,1,1,nan,1,1,ga\n", "column 6 (vx)", NULL);
	expect_error(HDR "10,1,1,1,1,1,inf,1,ga\n", "column 7 (vy)", NULL);
	expect_error(HDR "10,1,1,1,1,1,1, 1,ga\n", "column 8 (vz)", NULL);
	expect_error(HDR "10,1,1,1,1,1,1,,ga\n", "column 8 (vz)", "empty");
	expect_error(HDR "10,1,1,1,1,1,1,1,jumbo\n", "truth.csv:2: column 9 (class)", "'jumbo'");
	expect_error(HDR "10,1,1,1,1,1,1,1,Airliner\n", "column 9 (class)", NULL);
}

Test(truth_csv, sort_orders_rows_and_refuses_a_target_twice_in_a_second)
{
	struct sky_truth t;
	char err[256] = "";
	cr_assert_eq(parse(HDR "11,2,0,0,0,0,0,0,ga\n10,3,0,0,0,0,0,0,ga\n10,1,0,0,0,0,0,0,ga\n",
			   &t, err, sizeof(err)), 0);
	cr_assert_eq(sky_truth_sort(&t, "truth.csv", err, sizeof(err)), 0);
	cr_assert(t.rows[0].t == 10 && t.rows[0].target_id == 1);
	cr_assert(t.rows[1].t == 10 && t.rows[1].target_id == 3);
	cr_assert(t.rows[2].t == 11);
	sky_truth_free(&t);

	cr_assert_eq(parse(HDR "10,1,0,0,0,0,0,0,ga\n10,2,0,0,0,0,0,0,ga\n10,1,0,0,0,0,0,0,ga\n",
			   &t, err, sizeof(err)), 0);
	cr_assert_eq(sky_truth_sort(&t, "truth.csv", err, sizeof(err)), -EINVAL);
	cr_assert(strstr(err, "truth.csv:4:") && strstr(err, "line 2"), "%s", err);
	sky_truth_free(&t);
}

Test(truth_csv, reads_a_file_and_names_a_missing_one)
{
	char path[256], err[256] = "";
	sky_test_tmp_path(path, sizeof(path), ".csv");
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(HDR, f);
	for (int i = 0; i < 50000; i++)
		fprintf(f, "%d,%d,52.1,5.2,1000.0,10.0,-1.0,0.0,uav_small\n", 1000 + i / 100, i % 100);
	fclose(f);
	struct sky_truth t;
	cr_assert_eq(sky_truth_csv_read(path, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t.n, 50000);
	cr_assert_eq(t.rows[49999].line, 50001);
	sky_truth_free(&t);
	unlink(path);
	cr_assert_eq(sky_truth_csv_read(path, &t, err, sizeof(err)), -ENOENT);
	cr_assert(strstr(err, path) && strstr(err, "cannot open"), "%s", err);
	sky_truth_free(&t);
}
