/*
 * test_cmd_decode_integration.c - `skyfuse decode` on a capture that mixes
 * good datagrams with every kind of bad block and bad frame: each bad unit
 * is printed as a named rejection with its offset, the good records decode,
 * and the closing counts reconcile (frames = datagrams + rejected frames +
 * filtered; nothing is silently lost).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_block.h"
#include "cat048.h"
#include "pcap_file.h"
#include "testlib.h"

static const struct sky_udp_endpoints ep = {
	.src_mac = {2, 0, 0, 0, 0, 1}, .dst_mac = {2, 0, 0, 0, 0, 2},
	.src_ip = 0x7f000001, .dst_ip = 0x7f000001, .src_port = 40000, .dst_port = 8600,
};

/* One CAT048 block of n plots into buf; returns its size. */
static size_t plots_block(uint8_t *buf, size_t cap, int n)
{
	struct sky_ast_writer w;
	sky_ast_writer_init(&w, buf, cap);
	sky_ast_block_open(&w, 48);
	for (int i = 0; i < n; i++) {
		struct sky_cat048 p = {
			.present = SKY_CAT048_I010 | SKY_CAT048_I140 | SKY_CAT048_I040,
			.sac = 0, .sic = 11, .tod = 1000u + (uint32_t)i,
			.rho = (uint16_t)(100 * i), .theta = (uint16_t)(1000 * i),
		};
		size_t room;
		uint8_t *at = sky_ast_record_space(&w, &room);
		sky_ast_record_commit(&w, sky_cat048_encode(&p, at, room));
	}
	sky_ast_block_close(&w);
	return w.len;
}

static void write_udp(struct sky_pcap_writer *w, const uint8_t *p, size_t n, int k)
{
	cr_assert_eq(sky_pcap_write_udp(w, &ep, p, n, 1717243200000000000ull + (uint64_t)k * 1000), 0);
}

/* A capture of 9 frames: 3 good datagrams (5 plots each), 4 bad ones, 2 bad frames. */
static void write_mixed_capture(const char *path)
{
	char err[256];
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	cr_assert_not_null(w, "%s", err);
	uint8_t dg[2048];
	size_t n = plots_block(dg, sizeof(dg), 5);
	for (int k = 0; k < 3; k++)
		write_udp(w, dg, n, k);
	uint8_t bad[2048];
	memcpy(bad, dg, n);
	bad[2] = (uint8_t)(bad[2] + 10); /* LEN past the datagram */
	write_udp(w, bad, n, 3);
	uint8_t zero[3] = {48, 0, 0};      /* zero-length block */
	write_udp(w, zero, 3, 4);
	memcpy(bad, dg, n);
	bad[n] = 48, bad[n + 1] = 0;       /* good block + 2 bytes of garbage */
	write_udp(w, bad, n + 2, 5);
	uint8_t unknown[6] = {99, 0, 6, 1, 2, 3}; /* category not decoded here */
	write_udp(w, unknown, 6, 6);
	uint8_t arp[60] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
	cr_assert_eq(sky_pcap_write(w, arp, sizeof(arp), 1717243200000007000ull), 0);
	uint8_t frame[SKY_UDP_FRAME_HDR + 16];
	sky_udp_frame_build(frame, &ep, 16, 7);
	frame[14 + 6] = 0x20;              /* IPv4 "more fragments" */
	cr_assert_eq(sky_pcap_write(w, frame, sizeof(frame), 1717243200000008000ull), 0);
	cr_assert_eq(sky_pcap_close_write(w), 0);
}

static char *run_decode(const char *args, const char *path, int *status)
{
	char cmd[1024], *out = NULL;
	snprintf(cmd, sizeof(cmd), "%s/skyfuse decode %s %s 2>&1", SKY_BUILD_DIR, args, path);
	*status = sky_test_run_capture(cmd, &out);
	cr_assert_not_null(out, "could not run %s", cmd);
	return out;
}

static int count_of(const char *out, const char *needle)
{
	int n = 0;
	for (const char *p = out; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

Test(cmd_decode, mixed_capture_names_every_rejection_and_counts_reconcile)
{
	char path[256];
	sky_test_tmp_path(path, sizeof(path), ".pcap");
	write_mixed_capture(path);
	int st;
	char *out = run_decode("--json --stats", path, &st);
	cr_assert_eq(st, 0, "%s", out);
	/* 3 good datagrams + the block before the garbage: 4 blocks x 5 plots */
	cr_assert_eq(count_of(out, "\"cat\":48,\"edition\""), 20, "%s", out);
	cr_assert_eq(count_of(out, "\"reject\":\"BLOCK_LEN_PAST_DATAGRAM\""), 1);
	cr_assert_eq(count_of(out, "\"reject\":\"BLOCK_LEN_TOO_SMALL\""), 1);
	cr_assert_eq(count_of(out, "\"reject\":\"BLOCK_TRUNCATED\""), 1);
	cr_assert_eq(count_of(out, "\"reject\":\"UNKNOWN_CATEGORY\""), 1);
	cr_assert(strstr(out, "\"frames\":9,\"datagrams\":7,\"frames_rejected\":2,\"port_filtered\":0"),
		  "frames must reconcile: %s", out);
	cr_assert(strstr(out, "\"NOT_IPV4\":1"));
	cr_assert(strstr(out, "\"IPV4_FRAGMENT\":1"));
	cr_assert(strstr(out, "\"records\":20,\"rejected\":4"), "%s", out);
	free(out);
	remove(path);
}

Test(cmd_decode, rejection_lines_say_where_the_bad_block_starts)
{
	char path[256];
	sky_test_tmp_path(path, sizeof(path), ".pcap");
	write_mixed_capture(path);
	int st;
	char *out = run_decode("", path, &st);
	cr_assert_eq(st, 0);
	/* the trailing garbage sits right after the good block of 5 plots */
	uint8_t dg[2048];
	size_t n = plots_block(dg, sizeof(dg), 5);
	char want[96];
	snprintf(want, sizeof(want), "reject=BLOCK_TRUNCATED cat=48 offset=%zu", n);
	cr_assert(strstr(out, want), "expected '%s' in:\n%s", want, out);
	free(out);
	remove(path);
}

Test(cmd_decode, port_filter_counts_what_it_leaves_out)
{
	char path[256];
	sky_test_tmp_path(path, sizeof(path), ".pcap");
	write_mixed_capture(path);
	int st;
	char *out = run_decode("--quiet --stats --port 9999", path, &st);
	cr_assert_eq(st, 0);
	cr_assert(strstr(out, "frames=9 datagrams=0 frames_rejected=2 port_filtered=7"), "%s", out);
	free(out);
	remove(path);
}

Test(cmd_decode, unreadable_capture_and_bad_options_fail_with_a_message)
{
	int st;
	char *out = run_decode("", "/nonexistent/capture.pcap", &st);
	cr_assert_eq(st, 1);
	cr_assert(strstr(out, "/nonexistent/capture.pcap"), "the message names the file: %s", out);
	free(out);
	out = run_decode("--edition 21=9.99", "/dev/null", &st);
	cr_assert_eq(st, 2);
	cr_assert(strstr(out, "CAT021 has no edition '9.99'"), "%s", out);
	free(out);
}

Test(cmd_decode, raw_file_of_blocks_decodes_without_pcap_framing)
{
	char path[256];
	sky_test_tmp_path(path, sizeof(path), ".ast");
	uint8_t dg[2048];
	size_t n = plots_block(dg, sizeof(dg), 3);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite(dg, 1, n, f);
	fwrite(dg, 1, n, f);
	fclose(f);
	int st;
	char *out = run_decode("--raw --quiet --stats", path, &st);
	cr_assert_eq(st, 0);
	cr_assert(strstr(out, "records=6 rejected=0"), "%s", out);
	free(out);
	remove(path);
}
