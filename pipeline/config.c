/*
 * config.c - load and write the skyfuse YAML config (schema in config.h).
 *
 * libyaml loads the file into a document tree (yaml_parser_load); the tree
 * keeps every node's line and column, so the loader can walk it section by
 * section and point at the exact spot of any problem. Each mapping is first
 * checked against its list of known keys (unknown and duplicate keys are
 * errors) which yields the value node of each key or NULL, then each value
 * is converted by a typed getter that knows what it expects ("a number in
 * [-90, 90]", "one of radar|adsb") and formats the error. Every function
 * returns 0 or -EINVAL with the message already in the caller's buffer; the
 * first error stops the load. The result is built in a temporary struct and
 * handed over only when the whole file is valid, so a failed load leaves
 * nothing allocated.
 *
 * The writer emits the interfaces.md shape with flow mappings for positions
 * and sigmas, numbers in their shortest form that reads back to the same
 * double, and the optional sections only where they differ from the
 * defaults, so the simulator's config.yaml looks like the documented one.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "config.h"

#define CFG_PATH_MAX 160
#define CFG_LCORES_MAX 256
#define CFG_SOURCES_MAX 256
#define CFG_EAL_MAX 64

#define ADSB_SCAN_PERIOD_S 1.0

struct cfg_ctx {
	yaml_document_t *doc;
	const char *file;
	char *err;
	size_t errlen;
};

struct cfg_range {
	double lo, hi;
	bool lo_open, hi_open;
	const char *what;
};

static const struct cfg_range R_LAT = { -90, 90, false, false,
					"a number in [-90, 90] (degrees)" };
static const struct cfg_range R_LON = { -180, 180, false, false,
					"a number in [-180, 180] (degrees)" };
static const struct cfg_range R_ALT = { -1000, 100000, false, false,
					"a number in [-1000, 100000] (metres)" };
static const struct cfg_range R_POS = { 0, INFINITY, true, false,
					"a number > 0" };
static const struct cfg_range R_NONNEG = { 0, INFINITY, false, false,
					   "a number >= 0" };
static const struct cfg_range R_PD = { 0, 1, true, false,
				       "a number in (0, 1]" };

static const char *const kind_names[] = { "radar", "adsb" };
static const char *const driver_names[] = { "dpdk", "socket" };
#define SKY_TRACKER_MODE_NAME(e, s) s,
static const char *const mode_names[] = { SKY_TRACKER_MODES(SKY_TRACKER_MODE_NAME) };
#undef SKY_TRACKER_MODE_NAME

const char *sky_sensor_kind_name(enum sky_sensor_kind k)
{
	return (unsigned)k < 2 ? kind_names[k] : "?";
}

const char *sky_input_driver_name(enum sky_input_driver d)
{
	return (unsigned)d < 2 ? driver_names[d] : "?";
}

const char *sky_tracker_mode_name(enum sky_tracker_mode m)
{
	return (unsigned)m < SKY_TRACKER_N_MODES ? mode_names[m] : "?";
}

void sky_config_default(struct sky_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->input.udp_port = 8600;
	cfg->input.driver = SKY_INPUT_DPDK;
	cfg->output.cat062_udp_port = 8601;
	cfg->output.destination = htonl(0x7f000001); /* 127.0.0.1 */
	cfg->pipeline.burst_size = 32;
	cfg->pipeline.ring_size = 1024;
	cfg->tracker.mode = SKY_TRACKER_BASELINE;
	cfg->tracker.gate = 13.8;
	cfg->tracker.confirm_m = 3;
	cfg->tracker.confirm_n = 5;
	cfg->tracker.coast_s = 20.0;
	cfg->tracker.window_s = 1.0;
}

static void sensor_default(struct sky_config_sensor *s)
{
	memset(s, 0, sizeof(*s));
	s->pd = 0.9;
}

void sky_config_free(struct sky_config *cfg)
{
	for (unsigned i = 0; i < cfg->n_sensors; i++)
		free(cfg->sensors[i].sources);
	free(cfg->sensors);
	free(cfg->input.pcap);
	free(cfg->input.device);
	free(cfg->output.device);
	free(cfg->pipeline.lcores);
	free(cfg->journal.path);
	for (unsigned i = 0; i < cfg->eal.argc; i++)
		free(cfg->eal.argv[i]);
	free(cfg->eal.argv);
	sky_config_default(cfg);
}

const struct sky_config_sensor *sky_config_find_sensor(const struct sky_config *cfg,
						       uint8_t sac, uint8_t sic)
{
	for (unsigned i = 0; i < cfg->n_sensors; i++)
		if (cfg->sensors[i].sac == sac && cfg->sensors[i].sic == sic)
			return &cfg->sensors[i];
	return NULL;
}

/* ---------------------------------------------------------------- errors */

static int cfg_fail(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    const char *fmt, ...)
{
	va_list ap;
	int len = snprintf(c->err, c->errlen, "%s:%zu:%zu: %s: ", c->file,
			   n ? n->start_mark.line + 1 : 1,
			   n ? n->start_mark.column + 1 : 1,
			   *path ? path : "top level");

	if (len >= 0 && (size_t)len < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + len, c->errlen - len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* What a node is, for "got ..." in messages. */
static const char *cfg_got(const yaml_node_t *n, char *buf, size_t len)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a sequence";
	const char *q = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "'" : "the string \"";
	const char *e = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "'" : "\"";
	snprintf(buf, len, "%s%.40s%s%s", q, (const char *)n->data.scalar.value,
		 n->data.scalar.length > 40 ? "..." : "", e);
	return buf;
}

static int cfg_expected(struct cfg_ctx *c, const yaml_node_t *n,
			const char *path, const char *what)
{
	char buf[64];
	return cfg_fail(c, n, path, "expected %s, got %s", what,
			cfg_got(n, buf, sizeof(buf)));
}

/* Key paths: parent.key and parent[i]; a path too long is cut short. */
static void cfg_join(char *out, const char *parent, const char *key)
{
	if (snprintf(out, CFG_PATH_MAX, "%s%s%s", parent, *parent ? "." : "",
		     key) >= CFG_PATH_MAX)
		out[CFG_PATH_MAX - 2] = '~';
}

static void cfg_index(char *out, const char *parent, unsigned i)
{
	if (snprintf(out, CFG_PATH_MAX, "%s[%u]", parent, i) >= CFG_PATH_MAX)
		out[CFG_PATH_MAX - 2] = '~';
}

static int cfg_missing(struct cfg_ctx *c, const yaml_node_t *parent,
		       const char *path, const char *key, const char *what)
{
	char p[CFG_PATH_MAX];
	cfg_join(p, path, key);
	return cfg_fail(c, parent, p, "required key missing (expected %s)", what);
}

/* --------------------------------------------------------------- getters */

static const char *cfg_text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool cfg_is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* A YAML 1.2 core-schema decimal number, fully consumed and finite. */
static bool cfg_parse_double(const char *s, double *out)
{
	char *end;

	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s) ||
	    !strpbrk(s, "0123456789"))
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

static bool cfg_in_range(double v, const struct cfg_range *r)
{
	if (r->lo_open ? !(v > r->lo) : !(v >= r->lo))
		return false;
	return r->hi_open ? v < r->hi : v <= r->hi;
}

static int cfg_double(struct cfg_ctx *c, const yaml_node_t *n,
		      const char *path, const struct cfg_range *r, double *out)
{
	double v;

	if (!cfg_is_plain(n) || !cfg_parse_double(cfg_text(n), &v) ||
	    !cfg_in_range(v, r))
		return cfg_expected(c, n, path, r->what);
	*out = v;
	return 0;
}

static int cfg_uint(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    unsigned long lo, unsigned long hi, unsigned long *out)
{
	char what[64];
	const char *s = cfg_is_plain(n) ? cfg_text(n) : "";
	char *end;
	unsigned long v = 0;

	snprintf(what, sizeof(what), "an integer in [%lu, %lu]", lo, hi);
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return cfg_expected(c, n, path, what);
	v = strtoul(s, &end, 10);
	if (v < lo || v > hi)
		return cfg_expected(c, n, path, what);
	*out = v;
	return 0;
}

static int cfg_u8(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		  uint8_t *out)
{
	unsigned long v;
	int rc = cfg_uint(c, n, path, 0, 255, &v);
	if (rc == 0)
		*out = (uint8_t)v;
	return rc;
}

static int cfg_port(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    uint16_t *out)
{
	unsigned long v;
	int rc = cfg_uint(c, n, path, 1, 65535, &v);
	if (rc == 0)
		*out = (uint16_t)v;
	return rc;
}

static int cfg_bool(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    bool *out)
{
	static const char *const t[] = { "true", "True", "TRUE" };
	static const char *const f[] = { "false", "False", "FALSE" };

	for (unsigned i = 0; cfg_is_plain(n) && i < 3; i++) {
		if (strcmp(cfg_text(n), t[i]) == 0)
			return *out = true, 0;
		if (strcmp(cfg_text(n), f[i]) == 0)
			return *out = false, 0;
	}
	return cfg_expected(c, n, path, "true or false");
}

static int cfg_enum(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    const char *const names[], unsigned count, unsigned *out)
{
	char what[128] = "one of ";

	for (unsigned i = 0; n->type == YAML_SCALAR_NODE && i < count; i++)
		if (strcmp(cfg_text(n), names[i]) == 0)
			return *out = i, 0;
	for (unsigned i = 0; i < count; i++) {
		strncat(what, names[i], sizeof(what) - strlen(what) - 2);
		if (i + 1 < count)
			strcat(what, "|");
	}
	return cfg_expected(c, n, path, what);
}

/* A non-empty string that fits in `size` bytes. */
static int cfg_str(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		   char *buf, size_t size)
{
	char what[64];

	snprintf(what, sizeof(what), "a string of 1 to %zu characters", size - 1);
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.length == 0 ||
	    n->data.scalar.length >= size ||
	    strlen(cfg_text(n)) != n->data.scalar.length)
		return cfg_expected(c, n, path, what);
	memcpy(buf, cfg_text(n), n->data.scalar.length + 1);
	return 0;
}

static int cfg_strdup(struct cfg_ctx *c, const yaml_node_t *n,
		      const char *path, char **out)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.length == 0 ||
	    strlen(cfg_text(n)) != n->data.scalar.length)
		return cfg_expected(c, n, path, "a non-empty string");
	free(*out);
	*out = strdup(cfg_text(n));
	return *out ? 0 : cfg_fail(c, n, path, "out of memory");
}

static int cfg_ipv4(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		    uint32_t *out)
{
	struct in_addr a;

	if (n->type != YAML_SCALAR_NODE || inet_pton(AF_INET, cfg_text(n), &a) != 1)
		return cfg_expected(c, n, path, "an IPv4 address (a.b.c.d)");
	*out = a.s_addr;
	return 0;
}

static int cfg_sequence(struct cfg_ctx *c, const yaml_node_t *n,
			const char *path, const char *what, unsigned max)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return cfg_expected(c, n, path, what);
	if (n->data.sequence.items.top - n->data.sequence.items.start > max)
		return cfg_fail(c, n, path, "at most %u entries", max);
	return 0;
}

static unsigned cfg_seq_len(const yaml_node_t *n)
{
	return (unsigned)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *cfg_seq_item(struct cfg_ctx *c, const yaml_node_t *n,
				 unsigned i)
{
	return yaml_document_get_node(c->doc, n->data.sequence.items.start[i]);
}

static int cfg_unknown_key(struct cfg_ctx *c, const yaml_node_t *k,
			   const char *path, const char *const names[])
{
	char list[256] = "";

	for (unsigned i = 0; names[i]; i++) {
		if (i)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	return cfg_fail(c, k, path, "unknown key (expected one of %s)", list);
}

/*
 * Check that n is a mapping whose keys are all in names[] (NULL-terminated),
 * each at most once, and set vals[i] to the value of names[i] or NULL.
 */
static int cfg_mapping(struct cfg_ctx *c, const yaml_node_t *n,
		       const char *path, const char *what,
		       const char *const names[], yaml_node_t *vals[])
{
	unsigned count = 0;

	while (names[count])
		vals[count++] = NULL;
	if (n->type != YAML_MAPPING_NODE)
		return cfg_expected(c, n, path, what);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		char kp[CFG_PATH_MAX];
		unsigned i;

		if (k->type != YAML_SCALAR_NODE)
			return cfg_expected(c, k, path, "a plain key");
		cfg_join(kp, path, cfg_text(k));
		for (i = 0; i < count && strcmp(names[i], cfg_text(k)) != 0; i++)
			;
		if (i == count)
			return cfg_unknown_key(c, k, kp, names);
		if (vals[i])
			return cfg_fail(c, k, kp, "duplicate key");
		vals[i] = yaml_document_get_node(c->doc, p->value);
	}
	return 0;
}

/* ------------------------------------------------------------- sections */

static int parse_geo(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		     struct sky_config_geo *g)
{
	static const char *const keys[] = { "lat", "lon", "alt", NULL };
	static const struct cfg_range *const r[] = { &R_LAT, &R_LON, &R_ALT };
	double *dst[] = { &g->lat, &g->lon, &g->alt };
	yaml_node_t *v[3];
	int rc = cfg_mapping(c, n, path, "a mapping {lat, lon, alt}", keys, v);

	for (unsigned i = 0; rc == 0 && i < 3; i++) {
		char p[CFG_PATH_MAX];
		cfg_join(p, path, keys[i]);
		rc = v[i] ? cfg_double(c, v[i], p, r[i], dst[i])
			  : cfg_missing(c, n, path, keys[i], r[i]->what);
	}
	return rc;
}

static int parse_system(struct cfg_ctx *c, const yaml_node_t *n,
			struct sky_config *cfg)
{
	static const char *const keys[] = { "sac", "sic", "reference", NULL };
	yaml_node_t *v[3];
	int rc = cfg_mapping(c, n, "system", "a mapping {sac, sic, reference}",
			     keys, v);

	if (rc)
		return rc;
	for (unsigned i = 0; i < 3; i++)
		if (!v[i])
			return cfg_missing(c, n, "system", keys[i],
					   i < 2 ? "an integer in [0, 255]"
						 : "a mapping {lat, lon, alt}");
	if ((rc = cfg_u8(c, v[0], "system.sac", &cfg->system.sac)) ||
	    (rc = cfg_u8(c, v[1], "system.sic", &cfg->system.sic)))
		return rc;
	return parse_geo(c, v[2], "system.reference", &cfg->system.reference);
}

/* sigma: which keys a kind takes and which it requires. */
static int parse_sigma(struct cfg_ctx *c, const yaml_node_t *n, const char *path,
		       struct sky_config_sensor *s)
{
	static const char *const keys[] = { "range_m", "azimuth_deg", "height_m",
					    "position_m", NULL };
	static const struct cfg_range *const r[] = { &R_POS, &R_POS, &R_NONNEG, &R_POS };
	/* per kind: 0 not allowed, 1 optional, 2 required */
	static const unsigned char use[2][4] = { { 2, 2, 1, 0 }, { 0, 0, 0, 2 } };
	double *dst[] = { &s->sigma.range_m, &s->sigma.azimuth_deg,
			  &s->sigma.height_m, &s->sigma.position_m };
	yaml_node_t *v[4];
	int rc = cfg_mapping(c, n, path, "a mapping of sigmas", keys, v);

	for (unsigned i = 0; rc == 0 && i < 4; i++) {
		char p[CFG_PATH_MAX];
		unsigned u = use[s->kind][i];
		cfg_join(p, path, keys[i]);
		if (v[i] && u == 0)
			rc = cfg_fail(c, v[i], p, "not a sigma of a %s sensor "
				      "(kind %s takes %s)",
				      kind_names[s->kind], kind_names[s->kind],
				      s->kind == SKY_SENSOR_RADAR
					      ? "range_m, azimuth_deg, height_m"
					      : "position_m");
		else if (v[i])
			rc = cfg_double(c, v[i], p, r[i], dst[i]);
		else if (u == 2)
			rc = cfg_missing(c, n, path, keys[i], r[i]->what);
	}
	return rc;
}

static int parse_editions(struct cfg_ctx *c, const yaml_node_t *n,
			  const char *path, struct sky_config_sensor *s)
{
	if (n->type != YAML_MAPPING_NODE)
		return cfg_expected(c, n, path, "a mapping {catNNN: \"edition\"}");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		char kp[CFG_PATH_MAX];
		const char *t = k->type == YAML_SCALAR_NODE ? cfg_text(k) : "";

		cfg_join(kp, path, t);
		if (strlen(t) != 6 || strncmp(t, "cat", 3) != 0 ||
		    strspn(t + 3, "0123456789") != 3)
			return cfg_expected(c, k, kp[0] ? kp : path,
					    "a key catNNN (three digits)");
		unsigned cat = (unsigned)atoi(t + 3);
		for (unsigned i = 0; i < s->n_editions; i++)
			if (s->editions[i].cat == cat)
				return cfg_fail(c, k, kp, "duplicate key");
		if (s->n_editions == SKY_CONFIG_EDITIONS_MAX)
			return cfg_fail(c, k, kp, "at most %d editions",
					SKY_CONFIG_EDITIONS_MAX);
		struct sky_config_edition *e = &s->editions[s->n_editions++];
		e->cat = cat;
		int rc = cfg_str(c, v, kp, e->edition, sizeof(e->edition));
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_sources(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *path, struct sky_config_sensor *s)
{
	int rc = cfg_sequence(c, n, path, "a sequence of IPv4 addresses",
			      CFG_SOURCES_MAX);
	unsigned len;

	if (rc)
		return rc;
	len = cfg_seq_len(n);
	s->sources = calloc(len ? len : 1, sizeof(*s->sources));
	if (!s->sources)
		return cfg_fail(c, n, path, "out of memory");
	for (unsigned i = 0; i < len; i++) {
		char p[CFG_PATH_MAX];
		cfg_index(p, path, i);
		if ((rc = cfg_ipv4(c, cfg_seq_item(c, n, i), p, &s->sources[i])))
			return rc;
		s->n_sources++;
	}
	return 0;
}

enum { SK_NAME, SK_KIND, SK_SAC, SK_SIC, SK_POSITION, SK_SCAN, SK_SIGMA,
       SK_PD, SK_EDITIONS, SK_SOURCES, SK_N };

static const char *const sensor_keys[] = {
	"name", "kind", "sac", "sic", "position", "scan_period_s", "sigma",
	"pd", "editions", "source_addresses", NULL
};

/* The keys every sensor needs, and those only a radar needs. */
static int sensor_required(struct cfg_ctx *c, const yaml_node_t *n,
			   const char *path, yaml_node_t *v[], unsigned *kind)
{
	static const struct { unsigned key; const char *what; bool radar; } req[] = {
		{ SK_NAME, "a string", false },
		{ SK_KIND, "one of radar|adsb", false },
		{ SK_SAC, "an integer in [0, 255]", false },
		{ SK_SIC, "an integer in [0, 255]", false },
		{ SK_POSITION, "a mapping {lat, lon, alt}", true },
		{ SK_SCAN, "a number > 0", true },
		{ SK_SIGMA, "a mapping of sigmas", false },
	};
	char p[CFG_PATH_MAX];
	int rc;

	for (unsigned i = 0; i < 2; i++)
		if (!v[req[i].key])
			return cfg_missing(c, n, path, sensor_keys[req[i].key],
					   req[i].what);
	cfg_join(p, path, "kind");
	if ((rc = cfg_enum(c, v[SK_KIND], p, kind_names, 2, kind)))
		return rc;
	for (unsigned i = 2; i < sizeof(req) / sizeof(req[0]); i++)
		if (!v[req[i].key] && (!req[i].radar || *kind == SKY_SENSOR_RADAR))
			return cfg_missing(c, n, path, sensor_keys[req[i].key],
					   req[i].what);
	return 0;
}

static int parse_sensor(struct cfg_ctx *c, const yaml_node_t *n,
			const char *path, struct sky_config_sensor *s)
{
	yaml_node_t *v[SK_N];
	char p[SK_N][CFG_PATH_MAX];
	unsigned kind;
	int rc = cfg_mapping(c, n, path, "a mapping (one sensor)", sensor_keys, v);

	if (rc || (rc = sensor_required(c, n, path, v, &kind)))
		return rc;
	for (unsigned i = 0; i < SK_N; i++)
		cfg_join(p[i], path, sensor_keys[i]);
	s->kind = (enum sky_sensor_kind)kind;
	s->scan_period_s = ADSB_SCAN_PERIOD_S;
	if ((rc = cfg_str(c, v[SK_NAME], p[SK_NAME], s->name, sizeof(s->name))) ||
	    (rc = cfg_u8(c, v[SK_SAC], p[SK_SAC], &s->sac)) ||
	    (rc = cfg_u8(c, v[SK_SIC], p[SK_SIC], &s->sic)))
		return rc;
	if (v[SK_POSITION]) {
		if ((rc = parse_geo(c, v[SK_POSITION], p[SK_POSITION], &s->position)))
			return rc;
		s->has_position = true;
	}
	if ((v[SK_SCAN] &&
	     (rc = cfg_double(c, v[SK_SCAN], p[SK_SCAN], &R_POS, &s->scan_period_s))) ||
	    (rc = parse_sigma(c, v[SK_SIGMA], p[SK_SIGMA], s)) ||
	    (v[SK_PD] && (rc = cfg_double(c, v[SK_PD], p[SK_PD], &R_PD, &s->pd))) ||
	    (v[SK_EDITIONS] &&
	     (rc = parse_editions(c, v[SK_EDITIONS], p[SK_EDITIONS], s))) ||
	    (v[SK_SOURCES] && (rc = parse_sources(c, v[SK_SOURCES], p[SK_SOURCES], s))))
		return rc;
	return 0;
}

/* Names and SAC/SIC identify a sensor: both must be unique. */
static int sensor_unique(struct cfg_ctx *c, const yaml_node_t *n,
			 const char *path, const struct sky_config *cfg,
			 unsigned i)
{
	const struct sky_config_sensor *s = &cfg->sensors[i];
	char p[CFG_PATH_MAX];

	for (unsigned j = 0; j < i; j++) {
		const struct sky_config_sensor *o = &cfg->sensors[j];
		if (strcmp(o->name, s->name) == 0) {
			cfg_join(p, path, "name");
			return cfg_fail(c, n, p, "name '%s' already used by sensors[%u]",
					s->name, j);
		}
		if (o->sac == s->sac && o->sic == s->sic) {
			cfg_join(p, path, "sic");
			return cfg_fail(c, n, p, "SAC/SIC %u/%u already used by "
					"sensors[%u] (%s)", s->sac, s->sic, j, o->name);
		}
	}
	return 0;
}

static int parse_sensors(struct cfg_ctx *c, const yaml_node_t *n,
			 struct sky_config *cfg)
{
	int rc = cfg_sequence(c, n, "sensors", "a sequence of sensors", 4096);
	unsigned len;

	if (rc)
		return rc;
	len = cfg_seq_len(n);
	cfg->sensors = calloc(len ? len : 1, sizeof(*cfg->sensors));
	if (!cfg->sensors)
		return cfg_fail(c, n, "sensors", "out of memory");
	for (unsigned i = 0; i < len; i++) {
		yaml_node_t *item = cfg_seq_item(c, n, i);
		char p[CFG_PATH_MAX];

		cfg_index(p, "sensors", i);
		sensor_default(&cfg->sensors[i]);
		cfg->n_sensors++;
		if ((rc = parse_sensor(c, item, p, &cfg->sensors[i])) ||
		    (rc = sensor_unique(c, item, p, cfg, i)))
			return rc;
	}
	return 0;
}

static int parse_input(struct cfg_ctx *c, const yaml_node_t *n,
		       struct sky_config *cfg)
{
	static const char *const keys[] = { "udp_port", "driver", "pcap", "bind",
					    "multicast", "device", NULL };
	yaml_node_t *v[6];
	unsigned d;
	int rc = cfg_mapping(c, n, "input", "a mapping {udp_port, ...}", keys, v);

	if (rc || (v[0] && (rc = cfg_port(c, v[0], "input.udp_port",
					   &cfg->input.udp_port))))
		return rc;
	if (v[1]) {
		if ((rc = cfg_enum(c, v[1], "input.driver", driver_names, 2, &d)))
			return rc;
		cfg->input.driver = (enum sky_input_driver)d;
	}
	if ((v[2] && (rc = cfg_strdup(c, v[2], "input.pcap", &cfg->input.pcap))) ||
	    (v[3] && (rc = cfg_ipv4(c, v[3], "input.bind", &cfg->input.bind))) ||
	    (v[4] && (rc = cfg_ipv4(c, v[4], "input.multicast",
				    &cfg->input.multicast))))
		return rc;
	if (v[4] && (ntohl(cfg->input.multicast) >> 28) != 0xe)
		return cfg_expected(c, v[4], "input.multicast",
				    "an IPv4 multicast address (224.0.0.0/4)");
	if (v[5] && cfg->input.driver != SKY_INPUT_DPDK)
		return cfg_fail(c, v[5], "input.device", "only with driver: dpdk");
	if (v[5] && cfg->input.pcap)
		return cfg_fail(c, v[5], "input.device", "not together with input.pcap "
				"(expected one source of frames)");
	return v[5] ? cfg_strdup(c, v[5], "input.device", &cfg->input.device) : 0;
}

static int parse_output(struct cfg_ctx *c, const yaml_node_t *n,
			struct sky_config *cfg)
{
	static const char *const keys[] = { "cat062_udp_port", "destination", "device",
					    NULL };
	yaml_node_t *v[3];
	int rc = cfg_mapping(c, n, "output", "a mapping {cat062_udp_port, ...}",
			     keys, v);

	if (rc || (v[0] && (rc = cfg_port(c, v[0], "output.cat062_udp_port",
					   &cfg->output.cat062_udp_port))) ||
	    (v[1] && (rc = cfg_ipv4(c, v[1], "output.destination",
				    &cfg->output.destination))))
		return rc;
	/* input comes before output in parse_root, so its driver is known */
	if (v[2] && cfg->input.driver != SKY_INPUT_DPDK)
		return cfg_fail(c, v[2], "output.device", "only with input.driver: dpdk");
	return v[2] ? cfg_strdup(c, v[2], "output.device", &cfg->output.device) : 0;
}

static int parse_lcores(struct cfg_ctx *c, const yaml_node_t *n,
			struct sky_config *cfg)
{
	int rc = cfg_sequence(c, n, "pipeline.lcores",
			      "a sequence of CPU ids, e.g. [0, 1]", CFG_LCORES_MAX);
	unsigned len;

	if (rc)
		return rc;
	len = cfg_seq_len(n);
	cfg->pipeline.lcores = calloc(len ? len : 1, sizeof(unsigned));
	if (!cfg->pipeline.lcores)
		return cfg_fail(c, n, "pipeline.lcores", "out of memory");
	for (unsigned i = 0; i < len; i++) {
		char p[CFG_PATH_MAX];
		unsigned long v;
		yaml_node_t *item = cfg_seq_item(c, n, i);

		cfg_index(p, "pipeline.lcores", i);
		if ((rc = cfg_uint(c, item, p, 0, 1023, &v)))
			return rc;
		cfg->pipeline.lcores[cfg->pipeline.n_lcores++] = (unsigned)v;
	}
	return 0;
}

static int parse_pipeline(struct cfg_ctx *c, const yaml_node_t *n,
			  struct sky_config *cfg)
{
	static const char *const keys[] = { "burst_size", "ring_size", "lcores", NULL };
	yaml_node_t *v[3];
	unsigned long b, r;
	int rc = cfg_mapping(c, n, "pipeline", "a mapping {burst_size, ring_size, lcores}",
			     keys, v);

	if (rc)
		return rc;
	if (v[0]) {
		if ((rc = cfg_uint(c, v[0], "pipeline.burst_size", 1, 1024, &b)))
			return rc;
		cfg->pipeline.burst_size = (unsigned)b;
	}
	if (v[1]) {
		if (cfg_uint(c, v[1], "pipeline.ring_size", 64, 1u << 20, &r) ||
		    (r & (r - 1)))
			return cfg_expected(c, v[1], "pipeline.ring_size",
					    "a power of 2 in [64, 1048576]");
		cfg->pipeline.ring_size = (unsigned)r;
	}
	return v[2] ? parse_lcores(c, v[2], cfg) : 0;
}

static int parse_confirm(struct cfg_ctx *c, const yaml_node_t *n,
			 struct sky_config *cfg)
{
	static const char *const keys[] = { "m", "n", NULL };
	const char *path = "tracker.confirm";
	yaml_node_t *v[2];
	unsigned long m, nn;
	int rc = cfg_mapping(c, n, path, "a mapping {m, n} (M of N)", keys, v);

	if (rc)
		return rc;
	if (!v[0] || !v[1])
		return cfg_missing(c, n, path, v[0] ? "n" : "m",
				   "an integer in [1, 64]");
	if ((rc = cfg_uint(c, v[0], "tracker.confirm.m", 1, 64, &m)) ||
	    (rc = cfg_uint(c, v[1], "tracker.confirm.n", 1, 64, &nn)))
		return rc;
	if (m > nn)
		return cfg_fail(c, n, path, "expected m <= n, got m %lu > n %lu", m, nn);
	cfg->tracker.confirm_m = (unsigned)m;
	cfg->tracker.confirm_n = (unsigned)nn;
	return 0;
}

static int parse_tracker(struct cfg_ctx *c, const yaml_node_t *n,
			 struct sky_config *cfg)
{
	static const char *const keys[] = { "mode", "gate", "confirm", "coast_s",
					    "window_s", NULL };
	yaml_node_t *v[5];
	unsigned mode;
	int rc = cfg_mapping(c, n, "tracker",
			     "a mapping {mode, gate, confirm, coast_s, window_s}", keys, v);

	if (rc)
		return rc;
	if (v[0]) {
		if ((rc = cfg_enum(c, v[0], "tracker.mode", mode_names,
				   SKY_TRACKER_N_MODES, &mode)))
			return rc;
		cfg->tracker.mode = (enum sky_tracker_mode)mode;
	}
	if ((v[1] && (rc = cfg_double(c, v[1], "tracker.gate", &R_POS,
				      &cfg->tracker.gate))) ||
	    (v[2] && (rc = parse_confirm(c, v[2], cfg))) ||
	    (v[3] && (rc = cfg_double(c, v[3], "tracker.coast_s", &R_POS,
				      &cfg->tracker.coast_s))) ||
	    (v[4] && (rc = cfg_double(c, v[4], "tracker.window_s", &R_NONNEG,
				      &cfg->tracker.window_s))))
		return rc;
	return 0;
}

static int parse_journal(struct cfg_ctx *c, const yaml_node_t *n,
			 struct sky_config *cfg)
{
	static const char *const keys[] = { "enabled", "path", NULL };
	yaml_node_t *v[2];
	int rc = cfg_mapping(c, n, "journal", "a mapping {enabled, path}", keys, v);

	if (rc ||
	    (v[0] && (rc = cfg_bool(c, v[0], "journal.enabled", &cfg->journal.enabled))) ||
	    (v[1] && (rc = cfg_strdup(c, v[1], "journal.path", &cfg->journal.path))))
		return rc;
	if (cfg->journal.enabled && !cfg->journal.path)
		return cfg_fail(c, n, "journal.path", "required key missing when "
				"journal.enabled is true (expected a file path)");
	return 0;
}

static int parse_eal(struct cfg_ctx *c, const yaml_node_t *n,
		     struct sky_config *cfg)
{
	int rc = cfg_sequence(c, n, "eal", "a sequence of EAL arguments (strings)",
			      CFG_EAL_MAX);
	unsigned len;

	if (rc)
		return rc;
	len = cfg_seq_len(n);
	cfg->eal.argv = calloc(len + 1, sizeof(char *));
	if (!cfg->eal.argv)
		return cfg_fail(c, n, "eal", "out of memory");
	for (unsigned i = 0; i < len; i++) {
		char p[CFG_PATH_MAX];
		cfg_index(p, "eal", i);
		if ((rc = cfg_strdup(c, cfg_seq_item(c, n, i), p,
				     &cfg->eal.argv[i])))
			return rc;
		cfg->eal.argc++;
	}
	return 0;
}

static int parse_root(struct cfg_ctx *c, const yaml_node_t *root,
		      struct sky_config *cfg)
{
	static const char *const keys[] = { "system", "sensors", "input", "output",
					    "pipeline", "tracker", "journal",
					    "eal", NULL };
	int (*const parse[])(struct cfg_ctx *, const yaml_node_t *,
			     struct sky_config *) = {
		parse_system, parse_sensors, parse_input, parse_output,
		parse_pipeline, parse_tracker, parse_journal, parse_eal
	};
	yaml_node_t *v[8];
	int rc = cfg_mapping(c, root, "", "a mapping {system, sensors, ...}", keys, v);

	if (rc)
		return rc;
	if (!v[0])
		return cfg_missing(c, root, "", "system", "a mapping {sac, sic, reference}");
	if (!v[1])
		return cfg_missing(c, root, "", "sensors", "a sequence of sensors");
	for (unsigned i = 0; i < 8; i++)
		if (v[i] && (rc = parse[i](c, v[i], cfg)))
			return rc;
	return 0;
}

/* --------------------------------------------------------------- loading */

static int cfg_syntax_error(struct cfg_ctx *c, const yaml_parser_t *p)
{
	if (p->error == YAML_READER_ERROR || p->error == YAML_MEMORY_ERROR) {
		snprintf(c->err, c->errlen, "%s: cannot read (byte %zu): %s",
			 c->file, p->problem_offset,
			 p->problem ? p->problem : "out of memory");
		return -EINVAL;
	}
	snprintf(c->err, c->errlen, "%s:%zu:%zu: YAML syntax error: %s%s%s",
		 c->file, p->problem_mark.line + 1, p->problem_mark.column + 1,
		 p->problem ? p->problem : "unknown problem",
		 p->context ? " " : "", p->context ? p->context : "");
	return -EINVAL;
}

static int cfg_load_doc(struct cfg_ctx *c, yaml_parser_t *parser,
			struct sky_config *cfg)
{
	yaml_document_t doc, extra;
	yaml_node_t *root;
	int rc;

	if (!yaml_parser_load(parser, &doc))
		return cfg_syntax_error(c, parser);
	c->doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		rc = cfg_fail(c, NULL, "", "the file is empty (expected a mapping "
			      "{system, sensors, ...})");
	} else if ((rc = parse_root(c, root, cfg)) == 0) {
		if (!yaml_parser_load(parser, &extra)) {
			rc = cfg_syntax_error(c, parser);
		} else {
			if (yaml_document_get_root_node(&extra))
				rc = cfg_fail(c, yaml_document_get_root_node(&extra),
					      "", "a second YAML document (expected one)");
			yaml_document_delete(&extra);
		}
	}
	yaml_document_delete(&doc);
	return rc;
}

int sky_config_load(const char *path, struct sky_config *cfg, char *err,
		    size_t errlen)
{
	struct cfg_ctx c = { .file = path, .err = err, .errlen = errlen };
	struct sky_config tmp;
	yaml_parser_t parser;
	struct stat st;
	FILE *f;
	int rc;

	sky_config_default(cfg);
	if (errlen)
		err[0] = '\0';
	f = fopen(path, "rb");
	if (!f || (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))) {
		rc = f ? -EISDIR : -errno;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(-rc));
		if (f)
			fclose(f);
		return rc;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		snprintf(err, errlen, "%s: cannot initialize the YAML parser", path);
		return -ENOMEM;
	}
	yaml_parser_set_input_file(&parser, f);
	sky_config_default(&tmp);
	rc = cfg_load_doc(&c, &parser, &tmp);
	yaml_parser_delete(&parser);
	fclose(f);
	if (rc)
		sky_config_free(&tmp);
	else
		*cfg = tmp;
	return rc;
}

/* --------------------------------------------------------------- writing */

/*
 * The shortest decimal that reads back as the same double, in fixed notation
 * for the magnitudes a config holds (always with a '.'), else "%.17g".
 */
static const char *fmt_num(double v, char buf[48])
{
	double m = fabs(v);

	if (m == 0.0 || (m >= 1e-6 && m < 1e15)) {
		for (int d = 0; d <= 24; d++) {
			snprintf(buf, 48, "%.*f", d, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, 48, "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
	if (!strpbrk(buf, ".eE"))
		strcat(buf, ".0");
	return buf;
}

static bool plain_safe(const char *s)
{
	static const char *const special[] = { "true", "false", "null", "yes", "no",
					       "on", "off", "y", "n", "~" };

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (unsigned i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcasecmp(s, special[i]) == 0)
			return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789_-./") == strlen(s);
}

static void put_str(FILE *f, const char *s, bool allow_plain)
{
	if (allow_plain && plain_safe(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void put_ipv4(FILE *f, uint32_t a)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr in = { .s_addr = a };

	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	put_str(f, buf, false);
}

static void put_geo(FILE *f, const struct sky_config_geo *g)
{
	char a[48], b[48], d[48];

	fprintf(f, "{lat: %s, lon: %s, alt: %s}", fmt_num(g->lat, a),
		fmt_num(g->lon, b), fmt_num(g->alt, d));
}

static void put_sensor_extras(FILE *f, const struct sky_config_sensor *s)
{
	if (s->n_editions) {
		fputs("    editions: {", f);
		for (unsigned i = 0; i < s->n_editions; i++) {
			fprintf(f, "%scat%03u: ", i ? ", " : "", s->editions[i].cat);
			put_str(f, s->editions[i].edition, false);
		}
		fputs("}\n", f);
	}
	if (s->n_sources) {
		fputs("    source_addresses: [", f);
		for (unsigned i = 0; i < s->n_sources; i++) {
			fputs(i ? ", " : "", f);
			put_ipv4(f, s->sources[i]);
		}
		fputs("]\n", f);
	}
}

static void put_sensor(FILE *f, const struct sky_config_sensor *s)
{
	char a[48], b[48], d[48];
	bool radar = s->kind == SKY_SENSOR_RADAR;

	fputs("  - name: ", f);
	put_str(f, s->name, true);
	fprintf(f, "\n    kind: %s\n    sac: %u\n    sic: %u\n",
		kind_names[s->kind], s->sac, s->sic);
	if (s->has_position) {
		fputs("    position: ", f);
		put_geo(f, &s->position);
		fputc('\n', f);
	}
	if (radar || s->scan_period_s != ADSB_SCAN_PERIOD_S)
		fprintf(f, "    scan_period_s: %s\n", fmt_num(s->scan_period_s, a));
	if (radar)
		fprintf(f, "    sigma: {range_m: %s, azimuth_deg: %s, height_m: %s}\n",
			fmt_num(s->sigma.range_m, a), fmt_num(s->sigma.azimuth_deg, b),
			fmt_num(s->sigma.height_m, d));
	else
		fprintf(f, "    sigma: {position_m: %s}\n",
			fmt_num(s->sigma.position_m, a));
	struct sky_config_sensor def;
	sensor_default(&def);
	if (radar || s->pd != def.pd)
		fprintf(f, "    pd: %s\n", fmt_num(s->pd, a));
	put_sensor_extras(f, s);
}

static void put_io(FILE *f, const struct sky_config *cfg,
		   const struct sky_config *def)
{
	fprintf(f, "input: {udp_port: %u", cfg->input.udp_port);
	if (cfg->input.driver != def->input.driver)
		fprintf(f, ", driver: %s", driver_names[cfg->input.driver]);
	if (cfg->input.pcap) {
		fputs(", pcap: ", f);
		put_str(f, cfg->input.pcap, false);
	}
	if (cfg->input.bind) {
		fputs(", bind: ", f);
		put_ipv4(f, cfg->input.bind);
	}
	if (cfg->input.multicast) {
		fputs(", multicast: ", f);
		put_ipv4(f, cfg->input.multicast);
	}
	if (cfg->input.device) {
		fputs(", device: ", f);
		put_str(f, cfg->input.device, false);
	}
	fprintf(f, "}\noutput: {cat062_udp_port: %u", cfg->output.cat062_udp_port);
	if (cfg->output.destination != def->output.destination) {
		fputs(", destination: ", f);
		put_ipv4(f, cfg->output.destination);
	}
	if (cfg->output.device) {
		fputs(", device: ", f);
		put_str(f, cfg->output.device, false);
	}
	fputs("}\n", f);
}

static void put_pipeline(FILE *f, const struct sky_config *cfg,
			 const struct sky_config *def)
{
	if (cfg->pipeline.burst_size == def->pipeline.burst_size &&
	    cfg->pipeline.ring_size == def->pipeline.ring_size &&
	    cfg->pipeline.n_lcores == 0)
		return;
	fprintf(f, "pipeline:\n  burst_size: %u\n  ring_size: %u\n  lcores: [",
		cfg->pipeline.burst_size, cfg->pipeline.ring_size);
	for (unsigned i = 0; i < cfg->pipeline.n_lcores; i++)
		fprintf(f, "%s%u", i ? ", " : "", cfg->pipeline.lcores[i]);
	fputs("]\n", f);
}

static void put_tracker(FILE *f, const struct sky_config *cfg,
			const struct sky_config *def)
{
	char a[48], b[48];

	if (cfg->tracker.mode == def->tracker.mode &&
	    cfg->tracker.gate == def->tracker.gate &&
	    cfg->tracker.confirm_m == def->tracker.confirm_m &&
	    cfg->tracker.confirm_n == def->tracker.confirm_n &&
	    cfg->tracker.coast_s == def->tracker.coast_s &&
	    cfg->tracker.window_s == def->tracker.window_s)
		return;
	fprintf(f, "tracker:\n  mode: %s\n  gate: %s\n  confirm: {m: %u, n: %u}\n"
		"  coast_s: %s\n", sky_tracker_mode_name(cfg->tracker.mode),
		fmt_num(cfg->tracker.gate, a), cfg->tracker.confirm_m,
		cfg->tracker.confirm_n, fmt_num(cfg->tracker.coast_s, b));
	fprintf(f, "  window_s: %s\n", fmt_num(cfg->tracker.window_s, a));
}

static void put_journal_eal(FILE *f, const struct sky_config *cfg)
{
	if (cfg->journal.enabled || cfg->journal.path) {
		fprintf(f, "journal:\n  enabled: %s\n",
			cfg->journal.enabled ? "true" : "false");
		if (cfg->journal.path) {
			fputs("  path: ", f);
			put_str(f, cfg->journal.path, false);
			fputc('\n', f);
		}
	}
	if (cfg->eal.argc) {
		fputs("eal: [", f);
		for (unsigned i = 0; i < cfg->eal.argc; i++) {
			fputs(i ? ", " : "", f);
			put_str(f, cfg->eal.argv[i], false);
		}
		fputs("]\n", f);
	}
}

int sky_config_write(FILE *f, const struct sky_config *cfg)
{
	struct sky_config def;

	sky_config_default(&def);
	fprintf(f, "system:\n  sac: %u\n  sic: %u\n  reference: ",
		cfg->system.sac, cfg->system.sic);
	put_geo(f, &cfg->system.reference);
	fputs(cfg->n_sensors ? "\nsensors:\n" : "\nsensors: []\n", f);
	for (unsigned i = 0; i < cfg->n_sensors; i++)
		put_sensor(f, &cfg->sensors[i]);
	put_io(f, cfg, &def);
	put_pipeline(f, cfg, &def);
	put_tracker(f, cfg, &def);
	put_journal_eal(f, cfg);
	return ferror(f) ? -EIO : 0;
}
