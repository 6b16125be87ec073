/*
 * testlib.c - helpers for the tests (see testlib.h). The codec helpers
 * assert with Criterion, so a failure fails the calling test.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcap_file.h"
#include "testlib.h"

void sky_test_tmp_path(char *out, size_t n, const char *suffix)
{
	static unsigned counter;
	const char *dir = getenv("TMPDIR");
	snprintf(out, n, "%s/skyfuse-test-%d-%u%s", dir && *dir ? dir : "/tmp",
		 (int)getpid(), counter++, suffix ? suffix : "");
}

int sky_test_run_capture(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	int st = pclose(p);
	if (!buf)
		return -1;
	buf[len] = '\0';
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int sky_test_have_tool(const char *name)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

void sky_test_rand_callsign(uint64_t *s, char out[9])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
	unsigned n = sky_test_rand_below(s, 9);
	for (unsigned i = 0; i < n; i++)
		out[i] = set[sky_test_rand_below(s, sizeof(set) - 1)];
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

void sky_test_rand_list(uint64_t *s, uint8_t *n, uint8_t *v, unsigned max)
{
	*n = (uint8_t)(1 + sky_test_rand_below(s, max));
	for (unsigned i = 0; i < *n; i++)
		v[i] = (uint8_t)(sky_test_rand(s) & 0x7f);
}

void sky_test_rand_bytes(uint64_t *s, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)sky_test_rand(s);
}

void sky_test_require_tool(const char *name)
{
	if (!sky_test_have_tool(name))
		cr_skip_test("%s not installed (CI installs it)", name);
}

/* ---- ASTERIX codec tests ------------------------------------------------ */

size_t sky_test_decode_heap(const struct sky_test_codec *c, unsigned edition, const uint8_t *v,
			    size_t len, void *out, struct sky_ast_error *err)
{
	uint8_t *buf = malloc(len ? len : 1);
	cr_assert(buf);
	if (len)
		memcpy(buf, v, len);
	memset(err, 0, sizeof(*err));
	err->reason = SKY_AST_OK;
	size_t n = c->category->decode(buf, len, edition, out, err);
	free(buf);
	return n;
}

void sky_test_expect_reject(const char *what, size_t got, const struct sky_ast_error *e,
			    size_t n, enum sky_ast_reject why, unsigned frn, const char *item,
			    uint32_t offset)
{
	cr_expect_eq(got, n, "%s: size %zu, expected %zu", what, got, n);
	cr_expect_eq(e->reason, why, "%s: reason %s, expected %s", what,
		     sky_ast_reject_name(e->reason), sky_ast_reject_name(why));
	cr_expect_eq(e->frn, frn, "%s: frn %u, expected %u", what, e->frn, frn);
	if (item)
		cr_expect(e->item && strcmp(e->item, item) == 0, "%s: item %s, expected %s", what,
			  e->item ? e->item : "(null)", item);
	else
		cr_expect_null(e->item, "%s: item %s, expected none", what, e->item);
	if (offset != SKY_TEST_ANY_OFFSET)
		cr_expect_eq(e->offset, offset, "%s: offset %u, expected %u", what, e->offset,
			     offset);
}

size_t sky_test_round_trip(const struct sky_test_codec *c, unsigned edition, const void *a,
			   void *b, uint8_t *buf, size_t cap, unsigned i)
{
	size_t n = c->encode(a, buf, cap);
	cr_assert_gt(n, 0, "record %u did not encode", i);
	uint8_t *rec = memmove(buf + cap - n, buf, n);
	struct sky_ast_error err = {.reason = SKY_AST_OK};
	size_t m = c->category->decode(rec, n, edition, b, &err);
	cr_assert_eq(m, n, "record %u: decoded %zu of %zu bytes (%s)", i, m, n,
		     sky_ast_reject_name(err.reason));
	cr_assert_eq(err.reason, SKY_AST_OK, "record %u: %s", i, sky_ast_reject_name(err.reason));
	return n;
}

size_t sky_test_write_block(const struct sky_test_codec *c, uint8_t *dg, size_t cap,
			    const void *recs, unsigned n, size_t *at, size_t *len)
{
	struct sky_ast_writer w;
	sky_ast_writer_init(&w, dg, cap);
	cr_assert_eq(sky_ast_block_open(&w, c->category->cat), 0);
	for (unsigned i = 0; i < n; i++) {
		size_t room;
		uint8_t *p = sky_ast_record_space(&w, &room);
		size_t k = c->encode((const uint8_t *)recs + i * c->size, p, room);
		cr_assert_gt(k, 0, "record %u did not encode", i);
		if (at)
			at[i] = (size_t)(p - dg);
		if (len)
			len[i] = k;
		sky_ast_record_commit(&w, k);
	}
	int blen = sky_ast_block_close(&w);
	cr_assert_gt(blen, 0);
	return (size_t)blen;
}

static void seen_record(void *ctx, const struct sky_ast_record *r)
{
	struct sky_test_seen *s = ctx;
	if (s->cat)
		cr_assert_eq(r->cat, s->cat, "record %u of CAT%03u", s->n, r->cat);
	cr_assert_lt(s->n, SKY_TEST_SEEN_MAX, "more records than the test keeps");
	s->raw[s->n] = r->raw;
	s->raw_len[s->n] = r->raw_len;
	s->rec[s->n] = r->u;
	s->n++;
}

static void seen_reject(void *ctx, const struct sky_ast_error *e)
{
	struct sky_test_seen *s = ctx;
	if (s->rejects < SKY_TEST_SEEN_REJ)
		s->rej[s->rejects] = *e;
	s->last = *e;
	s->rejects++;
}

unsigned sky_test_decode_datagram(const uint8_t *dg, size_t len,
				  const struct sky_ast_editions *eds, uint8_t cat,
				  struct sky_test_seen *s)
{
	memset(s, 0, sizeof(*s));
	s->cat = cat;
	struct sky_ast_decoder d = {.editions = eds, .on_record = seen_record,
				    .on_reject = seen_reject, .ctx = s, .stats = &s->stats};
	return sky_ast_decode_datagram(&d, dg, len);
}

void sky_test_datagram_round_trip(const struct sky_test_codec *c, unsigned edition,
				  const void *recs, unsigned n, uint8_t *dg, size_t cap,
				  struct sky_test_seen *s)
{
	size_t at[SKY_TEST_SEEN_MAX], len[SKY_TEST_SEEN_MAX];
	uint8_t cat = c->category->cat;
	cr_assert_leq(n, SKY_TEST_SEEN_MAX);
	size_t blen = sky_test_write_block(c, dg, cap, recs, n, at, len);
	struct sky_ast_editions eds = {0};
	eds.ed[cat] = (uint8_t)edition;
	cr_assert_eq(sky_test_decode_datagram(dg, blen, &eds, cat, s), n);
	cr_assert_eq(s->rejects, 0, "first rejection: %s", sky_ast_reject_name(s->rej[0].reason));
	cr_assert_eq(s->stats.records_by_cat[cat], n);
	for (unsigned i = 0; i < n; i++) {
		cr_expect_eq(s->raw[i], dg + at[i], "record %u is not where it was written", i);
		cr_expect_eq(s->raw_len[i], len[i], "record %u: %u bytes, %zu written", i,
			     s->raw_len[i], len[i]);
	}
}

void sky_test_write_records_pcap(const char *path, const struct sky_test_codec *c,
				 const void *recs, unsigned n)
{
	char err[256];
	struct sky_pcap_writer *w = sky_pcap_open_write(path, err, sizeof(err));
	cr_assert(w, "%s", err);
	static const struct sky_udp_endpoints ep = {
		.src_mac = {2, 0, 0, 0, 0, 1}, .dst_mac = {2, 0, 0, 0, 0, 2},
		.src_ip = 0x0a000001, .dst_ip = 0x0a000002, .src_port = 40000, .dst_port = 8600,
	};
	for (unsigned i = 0; i < n; i++) {
		uint8_t dg[4096];
		const void *rec = (const uint8_t *)recs + i * c->size;
		size_t len = sky_test_write_block(c, dg, sizeof(dg), rec, 1, NULL, NULL);
		uint64_t ts = 1717243200ull * 1000000000ull + i * 1000000ull;
		cr_assert_eq(sky_pcap_write_udp(w, &ep, dg, len, ts), 0);
	}
	cr_assert_eq(sky_pcap_close_write(w), 0);
}

/* ---- tshark as the independent decoder ---------------------------------- */

#define SKY_TSHARK_READ "tshark -r %s -d udp.port==8600,asterix %s"

void sky_test_tshark_field(struct sky_test_tshark *q, const char *prefix, const char *name)
{
	int k = snprintf(q->args + q->len, sizeof(q->args) - q->len, " -e %s%s", prefix, name);
	cr_assert(k > 0 && (size_t)k < sizeof(q->args) - q->len, "too many tshark fields");
	q->len += (size_t)k;
	q->n_fields++;
}

/* Split line at tabs in place; returns the number of columns (at most max). */
static unsigned split_tabs(char *line, char **cols, unsigned max)
{
	unsigned n = 0;
	cols[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\t') {
			*p = '\0';
			cols[n++] = p + 1;
		}
	}
	return n;
}

void sky_test_tshark_fields(const struct sky_test_tshark *q, const char *pcap, unsigned n_rows,
			    sky_test_row_fn row, void *ctx)
{
	size_t cap = sizeof(q->args) + 512;
	char *cmd = malloc(cap), *out = NULL;
	cr_assert(cmd);
	snprintf(cmd, cap, SKY_TSHARK_READ " -T fields -E separator=/t -E occurrence=a "
		 "-E aggregator=,%s 2>/dev/null", pcap, q->opts ? q->opts : "", q->args);
	int rc = sky_test_run_capture(cmd, &out);
	cr_assert_eq(rc, 0, "tshark failed: %s", cmd);
	free(cmd);
	char **cols = malloc((q->n_fields + 1) * sizeof(*cols));
	cr_assert(cols);
	unsigned n = 0;
	for (char *line = out, *nl; *line; line = nl + 1, n++) {
		nl = strchr(line, '\n');
		cr_assert(nl, "unterminated tshark line");
		*nl = '\0';
		cr_assert_lt(n, n_rows, "tshark printed more lines than records");
		unsigned k = split_tabs(line, cols, q->n_fields + 1);
		cr_assert_eq(k, q->n_fields, "record %u: %u columns, want %u", n, k, q->n_fields);
		row(ctx, n, cols);
	}
	cr_assert_eq(n, n_rows, "tshark printed %u lines, want %u", n, n_rows);
	free(cols);
	free(out);
}

void sky_test_tshark_clean(const char *pcap, const char *opts)
{
	char cmd[1024], *out = NULL;
	snprintf(cmd, sizeof(cmd), SKY_TSHARK_READ
		 " -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null", pcap,
		 opts ? opts : "");
	cr_assert_eq(sky_test_run_capture(cmd, &out), 0, "tshark failed: %s", cmd);
	cr_expect_str_empty(out, "tshark flags frames:\n%.500s", out);
	free(out);
}

void sky_test_tshark_compare(const struct sky_test_tshark *q, const struct sky_test_codec *c,
			     const void *recs, unsigned n, sky_test_row_fn row, void *ctx)
{
	sky_test_require_tool("tshark");
	char pcap[256];
	sky_test_tmp_path(pcap, sizeof(pcap), ".pcap");
	sky_test_write_records_pcap(pcap, c, recs, n);
	sky_test_tshark_fields(q, pcap, n, row, ctx);
	sky_test_tshark_clean(pcap, q->opts);
	unlink(pcap);
}

void sky_test_expect_values(const char *field, unsigned row, const char *col, const double *want,
			    unsigned n, double tol)
{
	unsigned got = 0;
	const char *p = col;
	while (*p) {
		char *end;
		double v = strtod(p, &end);
		cr_assert(end != p, "record %u %s: cannot parse '%s'", row, field, col);
		cr_assert_lt(got, n, "record %u %s: tshark '%s', ours %u value(s)", row, field, col,
			     n);
		cr_expect(fabs(v - want[got]) <= tol * (1 + fabs(want[got])),
			  "record %u %s: tshark %s, ours %.12g", row, field, col, want[got]);
		got++;
		p = *end == ',' ? end + 1 : end;
	}
	cr_expect_eq(got, n, "record %u %s: tshark %u values, ours %u", row, field, got, n);
}

void sky_test_trim_right(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

int sky_test_spawn(const char *const *argv, const char *out, const char *err)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(127);
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (o < 0 || e < 0)
		_exit(126);
	dup2(o, 1);
	dup2(e, 2);
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

int sky_test_wait_limit(int pid, double seconds)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 > seconds) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
}

char *sky_test_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
	size_t got = b ? fread(b, 1, (size_t)n, f) : 0;
	if (b)
		b[got] = 0;
	fclose(f);
	return b;
}
