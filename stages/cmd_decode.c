/*
 * cmd_decode.c - `skyfuse decode`: look into a capture record by record.
 *
 * Reads a classic pcap (Ethernet/VLAN/IPv4/UDP) or, with --raw, a file of
 * bare ASTERIX data blocks, decodes every datagram with the codec and prints
 * one line per record (text or JSON) and one per rejection, naming where
 * and why. With --stats it closes with counts that reconcile: every frame is
 * a datagram or a named frame rejection; every block is decoded or rejected.
 * Output goes through one large buffer written with fwrite, so the cost per
 * record is the codec and integer formatting, not stdio.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_record.h"
#include "pcap_file.h"
#include "sky_command.h"
#include "udp_frame.h"

#define OUT_BUF (1u << 20)
#define OUT_FLUSH_AT (OUT_BUF - 16384)

struct decode_opts {
	const char *path;
	bool json, stats, quiet, raw;
	int port;                       /* -1: every UDP port */
	struct sky_ast_editions editions;
};

struct decode_run {
	struct decode_opts *o;
	struct sky_text out;
	uint64_t frame_no;
	uint64_t ts_ns;
	uint64_t frames;
	uint64_t frame_rejects[SKY_FRAME_REASON_COUNT];
	uint64_t port_filtered;
	struct sky_ast_decode_stats st;
};

static const char decode_usage[] =
	"usage: skyfuse decode CAPTURE [--json] [--stats] [--quiet] [--port N]\n"
	"                      [--edition CAT=EDITION]... [--raw]\n\n"
	"Decodes every ASTERIX record of a capture and prints one line per record\n"
	"(category, SAC/SIC, time of day, the decoded items) and one per rejection\n"
	"(byte offset in the datagram, category, record index, item, reason).\n\n"
	"  CAPTURE            classic libpcap file (Ethernet/IPv4/UDP), or with --raw\n"
	"                     a file of bare ASTERIX data blocks\n"
	"  --json             one JSON object per line instead of key=value text\n"
	"  --stats            end with counts: frames, datagrams, blocks, records by\n"
	"                     category, rejections by reason (they reconcile)\n"
	"  --quiet            print no record lines (use with --stats)\n"
	"  --port N           decode only UDP datagrams to port N (others counted)\n"
	"  --edition CAT=ED   decode category CAT with edition ED, e.g. 21=0.26\n"
	"                     (default: the newest edition of every category)\n"
	"  --raw              CAPTURE is bare data blocks, no pcap framing\n\n"
	"Exit status: 0 when the capture was read (rejections are data, not errors),\n"
	"1 when it could not be read, 2 on a usage error.\n";

static void out_flush(struct decode_run *r)
{
	fwrite(r->out.buf, 1, r->out.len, stdout);
	sky_text_reset(&r->out);
}

static void line_prefix(struct decode_run *r)
{
	sky_text_begin(&r->out);
	sky_text_kv_uint(&r->out, "frame", r->frame_no);
	if (!r->o->raw)
		sky_text_kv_fixed(&r->out, "ts", (int64_t)r->ts_ns, 9);
}

static void line_end(struct decode_run *r)
{
	sky_text_end(&r->out);
	if (r->out.len > OUT_FLUSH_AT)
		out_flush(r);
}

static void on_record(void *ctx, const struct sky_ast_record *rec)
{
	struct decode_run *r = ctx;
	if (r->o->quiet)
		return;
	line_prefix(r);
	sky_ast_format_record(rec, &r->out);
	line_end(r);
}

static void on_reject(void *ctx, const struct sky_ast_error *e)
{
	struct decode_run *r = ctx;
	if (r->o->quiet)
		return;
	line_prefix(r);
	sky_ast_format_reject(e, &r->out);
	line_end(r);
}

static int parse_edition(const char *arg, struct sky_ast_editions *ed)
{
	char *eq = strchr(arg, '=');
	if (!eq)
		goto bad;
	const char *num = arg;
	if (strncasecmp(num, "cat", 3) == 0)
		num += 3;
	char *end;
	long cat = strtol(num, &end, 10);
	if (end != eq || cat < 0 || cat > 255)
		goto bad;
	const struct sky_ast_category *c = sky_ast_category_find((uint8_t)cat);
	if (!c) {
		fprintf(stderr, "skyfuse decode: --edition %s: category %ld is not decoded here\n",
			arg, cat);
		return -EINVAL;
	}
	int idx = sky_ast_edition_find(c, eq + 1);
	if (idx < 0) {
		fprintf(stderr, "skyfuse decode: --edition %s: %s has no edition '%s' (known:",
			arg, c->name, eq + 1);
		for (unsigned i = 0; i < c->n_editions; i++)
			fprintf(stderr, " %s", c->editions[i]);
		fprintf(stderr, ")\n");
		return -EINVAL;
	}
	ed->ed[cat] = (uint8_t)idx;
	return 0;
bad:
	fprintf(stderr, "skyfuse decode: --edition '%s': expected CAT=EDITION, e.g. 21=0.26\n", arg);
	return -EINVAL;
}

static int parse_args(int argc, char **argv, struct decode_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->port = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (strcmp(a, "--stats") == 0) {
			o->stats = true;
		} else if (strcmp(a, "--quiet") == 0) {
			o->quiet = true;
		} else if (strcmp(a, "--raw") == 0) {
			o->raw = true;
		} else if (strcmp(a, "--port") == 0 && i + 1 < argc) {
			char *end;
			long p = strtol(argv[++i], &end, 10);
			if (*end || p < 0 || p > 65535) {
				fprintf(stderr, "skyfuse decode: --port '%s': expected 0..65535\n", argv[i]);
				return -EINVAL;
			}
			o->port = (int)p;
		} else if (strcmp(a, "--edition") == 0 && i + 1 < argc) {
			if (parse_edition(argv[++i], &o->editions) < 0)
				return -EINVAL;
		} else if (a[0] == '-') {
			fprintf(stderr, "skyfuse decode: unknown or incomplete option '%s'\n", a);
			return -EINVAL;
		} else if (!o->path) {
			o->path = a;
		} else {
			fprintf(stderr, "skyfuse decode: one capture at a time ('%s' and '%s')\n",
				o->path, a);
			return -EINVAL;
		}
	}
	if (!o->path) {
		fprintf(stderr, "skyfuse decode: no capture given\n");
		return -EINVAL;
	}
	return 0;
}

static void decode_frame(struct decode_run *r, struct sky_ast_decoder *d,
			 const uint8_t *frame, size_t len)
{
	struct sky_udp_view v;
	enum sky_frame_reason why = sky_udp_frame_parse(frame, len, &v);
	if (why != SKY_FRAME_OK) {
		r->frame_rejects[why]++;
		return;
	}
	if (r->o->port >= 0 && v.dst_port != r->o->port) {
		r->port_filtered++;
		return;
	}
	sky_ast_decode_datagram(d, v.payload, v.len);
}

static int decode_pcap(struct decode_run *r, struct sky_ast_decoder *d)
{
	char err[512];
	struct sky_pcap_reader *pr = sky_pcap_open_read(r->o->path, err, sizeof(err));
	if (!pr) {
		fprintf(stderr, "skyfuse decode: %s\n", err);
		if (strstr(err, "unknown file format"))
			fprintf(stderr, "  (a file of bare ASTERIX blocks? try --raw)\n");
		return -EINVAL;
	}
	if (sky_pcap_linktype(pr) != 1) {
		fprintf(stderr, "skyfuse decode: %s: link type %d is not Ethernet\n",
			r->o->path, sky_pcap_linktype(pr));
		sky_pcap_close_read(pr);
		return -EINVAL;
	}
	const uint8_t *frame;
	size_t len;
	int rc;
	while ((rc = sky_pcap_next(pr, &frame, &len, &r->ts_ns)) == 1) {
		r->frame_no = ++r->frames;
		decode_frame(r, d, frame, len);
	}
	if (rc < 0)
		fprintf(stderr, "skyfuse decode: %s: read error after frame %llu: %s\n",
			r->o->path, (unsigned long long)r->frames, sky_pcap_reader_error(pr));
	sky_pcap_close_read(pr);
	return rc < 0 ? -EIO : 0;
}

static int decode_raw(struct decode_run *r, struct sky_ast_decoder *d)
{
	FILE *f = fopen(r->o->path, "rb");
	if (!f) {
		fprintf(stderr, "skyfuse decode: %s: %s\n", r->o->path, strerror(errno));
		return -errno;
	}
	size_t cap = 1 << 20, len = 0, n;
	uint8_t *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "skyfuse decode: %s: out of memory\n", r->o->path);
		return -ENOMEM;
	}
	r->frames = 1;
	r->frame_no = 1;
	sky_ast_decode_datagram(d, buf, len);
	free(buf);
	return 0;
}

static void stats_text(struct decode_run *r)
{
	struct sky_text *t = &r->out;
	uint64_t rejected = 0, frame_rej = 0;
	for (unsigned i = 1; i < SKY_AST_REJ_COUNT; i++)
		rejected += r->st.rejects[i];
	for (unsigned i = 1; i < SKY_FRAME_REASON_COUNT; i++)
		frame_rej += r->frame_rejects[i];
	sky_text_begin(t);
	sky_text_obj_open(t, "stats");
	sky_text_kv_uint(t, "frames", r->frames);
	sky_text_kv_uint(t, "datagrams", r->st.datagrams);
	sky_text_kv_uint(t, "frames_rejected", frame_rej);
	sky_text_kv_uint(t, "port_filtered", r->port_filtered);
	sky_text_kv_uint(t, "blocks", r->st.blocks);
	sky_text_kv_uint(t, "records", r->st.records);
	sky_text_kv_uint(t, "rejected", rejected);
	sky_text_obj_open(t, "records_by_cat");
	for (unsigned c = 0; c < 256; c++)
		if (r->st.records_by_cat[c]) {
			char k[8];
			snprintf(k, sizeof(k), "%03u", c);
			sky_text_kv_uint(t, k, r->st.records_by_cat[c]);
		}
	sky_text_obj_close(t);
	sky_text_obj_open(t, "rejected_by_reason");
	for (unsigned i = 1; i < SKY_AST_REJ_COUNT; i++)
		if (r->st.rejects[i])
			sky_text_kv_uint(t, sky_ast_reject_name(i), r->st.rejects[i]);
	sky_text_obj_close(t);
	sky_text_obj_open(t, "frames_rejected_by_reason");
	for (unsigned i = 1; i < SKY_FRAME_REASON_COUNT; i++)
		if (r->frame_rejects[i])
			sky_text_kv_uint(t, sky_frame_reason_name(i), r->frame_rejects[i]);
	sky_text_obj_close(t);
	sky_text_obj_close(t);
	sky_text_end(t);
}

static int decode_main(int argc, char **argv)
{
	struct decode_opts o;
	if (parse_args(argc, argv, &o) < 0) {
		fputs(decode_usage, stderr);
		return 2;
	}
	struct decode_run *r = calloc(1, sizeof(*r));
	char *obuf = malloc(OUT_BUF);
	struct sky_ast_decoder *d = calloc(1, sizeof(*d));
	if (!r || !obuf || !d) {
		fprintf(stderr, "skyfuse decode: out of memory\n");
		free(r), free(obuf), free(d);
		return 1;
	}
	r->o = &o;
	sky_text_init(&r->out, obuf, OUT_BUF, o.json);
	*d = (struct sky_ast_decoder){.editions = &o.editions, .on_record = on_record,
				      .on_reject = on_reject, .ctx = r, .stats = &r->st};
	int rc = o.raw ? decode_raw(r, d) : decode_pcap(r, d);
	if (o.stats && rc == 0)
		stats_text(r);
	out_flush(r);
	fflush(stdout);
	free(d), free(obuf), free(r);
	return rc == 0 ? 0 : 1;
}

static const struct sky_command decode_command = {
	.name = "decode",
	.summary = "print every ASTERIX record and rejection of a capture",
	.usage = decode_usage,
	.run = decode_main,
};
SKY_COMMAND_REGISTER(decode_command)
