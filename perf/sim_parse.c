/*
 * sim_parse.c - the scenario file of `skyfuse sim`, read with libyaml.
 *
 * The file is one YAML mapping. Units are in the key names; angles in
 * degrees; positions WGS84 {lat, lon, alt} (alt in metres above the
 * ellipsoid) or [lat, lon, alt]; times in seconds of scenario time (0 is
 * start_utc). Keys marked * are required; every other key has the default
 * shown. Unknown keys, duplicate keys and out-of-range values are errors
 * naming the file, the line, the key path and what was expected.
 *
 *   name: demo                     file name   label for messages
 *   start_utc: 2024-06-01T12:00:00Z            or UNIX seconds
 *   duration_s: 60               *  > 0
 *   seed: 1                         1; `--seed N` overrides
 *   system: {sac: 0, sic: 1, reference: {lat, lon, alt}}
 *                                   reference: the mean sensor position
 *   input: {udp_port: 8600}         output: {cat062_udp_port: 8601}
 *   sensors:                     *  radars and ADS-B stations (>= 1)
 *     - name: radar-1            *  unique
 *       kind: radar              *  radar | adsb
 *       sac: 0                      (sac, sic) unique
 *       sic: 11                  *
 *       position: {lat, lon, alt}*
 *       source_ip: 10.0.0.N         N = 10 + index of the sensor
 *       delay_ms: {mean: 10, jitter: 2}  network delay mean + jitter*|N(0,1)|
 *     radar only:
 *       scan_period_s: 4.0          sectors: 32 (per revolution, 1..256)
 *       start_azimuth_deg: random   antenna azimuth at time 0 (from the seed)
 *       min_range_km: 0.5           max_range_km: 250
 *       max_elevation_deg: 70       cone of silence above
 *       sigma: {range_m*, azimuth_deg*, height_m: 0}   height_m > 0: 3D radar
 *       psr: true                   primary radar present
 *       pd: 0.9                     PSR Pd of a pd_reference target ...
 *       pd_reference: {range_km: 0.8 * max_range_km, rcs_m2: 1}
 *       pfa: 1e-6                   ... on a Swerling 1 curve with this Pfa
 *       false_alarms_per_scan: 0    Poisson mean, uniform in the coverage
 *       ssr: none                   none | modeac | modes (cooperative only)
 *       ssr_pd: 0.98
 *       horizon: true               4/3-Earth radio horizon masks targets
 *     adsb only:
 *       period_s: 1.0               report period per target (>= 0.1)
 *       sigma: {position_m: 15}     pd: 0.98
 *       max_range_km: 250           horizon: true
 *   targets:                        given one by one
 *     - id: next free               truth.csv target_id, unique
 *       class: airliner          *  airliner ga fighter helicopter uav_small
 *                                   owa_drone cruise_missile unknown
 *       position: {lat, lon, alt}*  at start_s
 *       heading_deg: 0              speed_mps (or speed_kt): class speed
 *       start_s: 0                  end_s: the end of the scenario
 *       cooperative: class          transponder (airliner ga helicopter)
 *       adsb: false                 broadcasts ADS-B (cooperative only)
 *       rcs_m2: class               mode3a: "1234" (octal), address: 4840D6
 *       callsign: KLM1023           (cooperative: generated when absent)
 *       then: continue              continue | vanish after the segments
 *       segments:                   flown in order, then straight and level
 *         - straight: 60            seconds
 *         - turn: 90                degrees, + right, - left
 *           g: class                load factor (> 1) of the coordinated turn
 *         - climb: 3000             to altitude m (a descent when lower)
 *           rate: class             m/s
 *         - speed: 200              to m/s
 *           accel: class            m/s^2
 *         - waypoint: {lat, lon, alt}   fly to it (alt optional)
 *           g: class                speed: keep (m/s)   accel: class
 *   groups:                         generated traffic along a corridor
 *     - name: wave-a             *  class: owa_drone *  count: 200 *
 *       from: {lat, lon}         *  to: {lat, lon} *
 *       waves: 1                    wave_interval_s: 60   start_s: 0
 *       wave_depth_km: 0            along-track spread of a wave
 *       width_km: 1                 across-track spread
 *       speed_mps: class            speed_spread_mps: 0   (uniform +-)
 *       alt_m: 100                  alt_spread_m: 0
 *       heading_spread_deg: 0       rcs_m2: class   cooperative: class
 *       adsb_fraction: 0            of the cooperative targets
 *       then: vanish                vanish | continue after the corridor
 *
 * The parser is table driven: each mapping has a table of keys with their
 * type, place in the struct, range and whether it is required.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "sim_motion.h"
#include "sim_rand.h"
#include "sim_scenario.h"

#define KP_MAX 160
#define DEFAULT_START_UTC 1717243200 /* 2024-06-01T12:00:00Z */

struct yp {
	const char *path;
	yaml_document_t doc;
	char *err;
	size_t errlen;
	struct sim_scenario *sc;
};

enum fkind { F_NUM, F_INT, F_BOOL, F_STR, F_GEO, F_MAP, F_FN };

struct field {
	const char *key;
	enum fkind kind;
	size_t off;
	size_t size;                /* F_INT: field width; F_STR: buffer size */
	double min, max;
	double scale;               /* F_NUM: stored = value * scale (0: 1) */
	bool required;
	const struct field *sub;    /* F_MAP */
	unsigned n_sub;
	int (*fn)(struct yp *, yaml_node_t *, const char *kp, void *obj);
	const char *expect;         /* F_FN: what is expected, for messages */
};

#define NF(a) (sizeof(a) / sizeof((a)[0]))
#define NUM(k, T, m, lo, hi) {.key = k, .kind = F_NUM, .off = offsetof(T, m), .min = lo, .max = hi}
#define NUMS(k, T, m, lo, hi, s) {.key = k, .kind = F_NUM, .off = offsetof(T, m), .min = lo, .max = hi, .scale = s}
#define INT(k, T, m, lo, hi) {.key = k, .kind = F_INT, .off = offsetof(T, m), .size = sizeof(((T *)0)->m), .min = lo, .max = hi}
#define BOOL(k, T, m) {.key = k, .kind = F_BOOL, .off = offsetof(T, m), .size = sizeof(((T *)0)->m)}
#define STR(k, T, m) {.key = k, .kind = F_STR, .off = offsetof(T, m), .size = sizeof(((T *)0)->m)}
#define GEO(k, T, m) {.key = k, .kind = F_GEO, .off = offsetof(T, m)}
#define MAP(k, T, m, t) {.key = k, .kind = F_MAP, .off = offsetof(T, m), .sub = t, .n_sub = NF(t)}
#define MAP0(k, t) {.key = k, .kind = F_MAP, .off = 0, .sub = t, .n_sub = NF(t)}
#define FN(k, f, e) {.key = k, .kind = F_FN, .fn = f, .expect = e}

/* ---- messages and scalars ---------------------------------------------- */

static int failf(struct yp *p, const yaml_node_t *n, const char *kp, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%zu:%zu: %s: %s", p->path,
		 n ? n->start_mark.line + 1 : 0, n ? n->start_mark.column + 1 : 0,
		 kp && *kp ? kp : "(top)", msg);
	return -EINVAL;
}

static const char *text(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* What a node holds, for "got ..." in messages. */
static const char *got(const yaml_node_t *n)
{
	if (!n)
		return "nothing";
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a sequence";
	return (const char *)n->data.scalar.value;
}

static int expect(struct yp *p, const yaml_node_t *n, const char *kp, const char *what)
{
	return failf(p, n, kp, "expected %s, got '%.40s'", what, got(n));
}

static bool parse_double(const char *s, double *v)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

static int get_num(struct yp *p, yaml_node_t *n, const char *kp, double lo,
		   double hi, double *v)
{
	char what[96];
	if (!parse_double(text(n), v) || *v < lo || *v > hi) {
		snprintf(what, sizeof(what), "a number in [%g, %g]", lo, hi);
		return expect(p, n, kp, what);
	}
	return 0;
}

static int get_int(struct yp *p, yaml_node_t *n, const char *kp, double lo,
		   double hi, uint64_t *v)
{
	char what[96], *end;
	const char *s = text(n);
	snprintf(what, sizeof(what), "an integer in [%.0f, %.0f]", lo, hi);
	if (!s || !*s || *s == '-')
		return expect(p, n, kp, what);
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno || (double)x < lo || (double)x > hi)
		return expect(p, n, kp, what);
	*v = x;
	return 0;
}

static int get_bool(struct yp *p, yaml_node_t *n, const char *kp, bool *v)
{
	const char *s = text(n);
	if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")))
		*v = true;
	else if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")))
		*v = false;
	else
		return expect(p, n, kp, "true or false");
	return 0;
}

static void store_uint(void *at, size_t size, uint64_t v)
{
	if (size == 1)
		*(uint8_t *)at = (uint8_t)v;
	else if (size == 2)
		*(uint16_t *)at = (uint16_t)v;
	else if (size == 4)
		*(uint32_t *)at = (uint32_t)v;
	else
		*(uint64_t *)at = v;
}

static int get_geo(struct yp *p, yaml_node_t *n, const char *kp, struct sim_geo *g);

/* ---- mappings ------------------------------------------------------------ */

static int unknown_key(struct yp *p, yaml_node_t *k, const char *kp,
		       const struct field *f, unsigned nf)
{
	char keys[512];
	size_t len = 0;
	keys[0] = '\0';
	for (unsigned i = 0; i < nf && len < sizeof(keys) - 40; i++)
		len += (size_t)snprintf(keys + len, sizeof(keys) - len, "%s%s",
					i ? ", " : "", f[i].key);
	return failf(p, k, kp, "unknown key '%.40s' (expected one of: %s)", got(k), keys);
}

static int parse_field(struct yp *p, yaml_node_t *v, const char *kp,
		       const struct field *f, char *obj);

/*
 * Parse mapping n with table f into obj; *seen gets a bit per key found.
 * Missing required keys are errors.
 */
static int parse_map(struct yp *p, yaml_node_t *n, const char *kp,
		     const struct field *f, unsigned nf, void *obj, uint64_t *seen)
{
	char ckp[KP_MAX];
	uint64_t mask = 0;
	if (!n || n->type != YAML_MAPPING_NODE)
		return expect(p, n, kp, "a mapping");
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&p->doc, pr->value);
		const char *ks = text(k);
		unsigned i = 0;
		while (ks && i < nf && strcmp(f[i].key, ks) != 0)
			i++;
		if (!ks || i == nf)
			return unknown_key(p, k, kp, f, nf);
		snprintf(ckp, sizeof(ckp), "%s%s%s", kp, *kp ? "." : "", ks);
		if (mask & (1ull << i))
			return failf(p, k, ckp, "key given twice");
		mask |= 1ull << i;
		int rc = parse_field(p, v, ckp, &f[i], obj);
		if (rc)
			return rc;
	}
	for (unsigned i = 0; i < nf; i++)
		if (f[i].required && !(mask & (1ull << i)))
			return failf(p, n, kp, "missing key '%s'", f[i].key);
	if (seen)
		*seen = mask;
	return 0;
}

static int parse_field(struct yp *p, yaml_node_t *v, const char *kp,
		       const struct field *f, char *obj)
{
	void *at = obj + f->off;
	double d;
	uint64_t u;
	int rc = 0;
	switch (f->kind) {
	case F_NUM:
		rc = get_num(p, v, kp, f->min, f->max, &d);
		*(double *)at = d * (f->scale != 0.0 ? f->scale : 1.0);
		break;
	case F_INT:
		rc = get_int(p, v, kp, f->min, f->max, &u);
		if (!rc)
			store_uint(at, f->size, u);
		break;
	case F_BOOL:
		rc = get_bool(p, v, kp, at);
		break;
	case F_STR: {
		const char *s = text(v);
		if (!s || !*s || strlen(s) >= f->size)
			return expect(p, v, kp, "a name of 1 to 31 characters");
		memcpy(at, s, strlen(s) + 1);
		break;
	}
	case F_GEO:
		rc = get_geo(p, v, kp, at);
		break;
	case F_MAP:
		rc = parse_map(p, v, kp, f->sub, f->n_sub, at, NULL);
		break;
	case F_FN:
		rc = f->fn(p, v, kp, obj);
		break;
	}
	return rc;
}

static const struct field geo_fields[] = {
	{.key = "lat", .kind = F_NUM, .off = offsetof(struct sim_geo, lat), .min = -90, .max = 90, .required = true},
	{.key = "lon", .kind = F_NUM, .off = offsetof(struct sim_geo, lon), .min = -180, .max = 180, .required = true},
	NUM("alt", struct sim_geo, alt_m, -1000, 100000),
};

/* {lat, lon, alt} or [lat, lon] / [lat, lon, alt]. */
static int get_geo(struct yp *p, yaml_node_t *n, const char *kp, struct sim_geo *g)
{
	static const char *const names[3] = {"lat", "lon", "alt"};
	g->alt_m = 0.0;
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return parse_map(p, n, kp, geo_fields, NF(geo_fields), g, NULL);
	long cnt = n->data.sequence.items.top - n->data.sequence.items.start;
	if (cnt < 2 || cnt > 3)
		return failf(p, n, kp, "expected [lat, lon] or [lat, lon, alt]");
	for (long i = 0; i < cnt; i++) {
		char ckp[KP_MAX];
		yaml_node_t *it = yaml_document_get_node(&p->doc, n->data.sequence.items.start[i]);
		snprintf(ckp, sizeof(ckp), "%s.%s", kp, names[i]);
		int rc = parse_field(p, it, ckp, &geo_fields[i], (char *)g);
		if (rc)
			return rc;
	}
	return 0;
}

/* Iterate a sequence: cb(p, item, "kp[i]", i, ctx). */
static int each_item(struct yp *p, yaml_node_t *n, const char *kp,
		     int (*cb)(struct yp *, yaml_node_t *, const char *, unsigned, void *),
		     void *ctx, unsigned *count)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return expect(p, n, kp, "a sequence");
	unsigned cnt = (unsigned)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (count)
		*count = cnt;
	for (unsigned i = 0; i < cnt; i++) {
		char ckp[KP_MAX];
		yaml_node_t *it = yaml_document_get_node(&p->doc, n->data.sequence.items.start[i]);
		snprintf(ckp, sizeof(ckp), "%s[%u]", kp, i);
		int rc = cb(p, it, ckp, i, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- special values ------------------------------------------------------ */

static int fn_start_utc(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	struct sim_scenario *sc = obj;
	const char *s = text(n);
	struct tm tm;
	uint64_t u;
	memset(&tm, 0, sizeof(tm));
	if (s && strchr(s, '-')) {
		char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end && (!strcmp(end, "Z") || !*end)) {
			sc->start_utc = (int64_t)timegm(&tm);
			return 0;
		}
		return expect(p, n, kp, "a UTC time YYYY-MM-DDTHH:MM:SSZ or UNIX seconds");
	}
	int rc = get_int(p, n, kp, 0, 4102444800.0, &u);
	sc->start_utc = (int64_t)u;
	return rc;
}

static int fn_seed(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return get_int(p, n, kp, 0, 18446744073709551615.0, &((struct sim_scenario *)obj)->seed);
}

static int fn_ip(struct yp *p, yaml_node_t *n, const char *kp, uint32_t *ip)
{
	struct in_addr a;
	if (!text(n) || inet_pton(AF_INET, text(n), &a) != 1)
		return expect(p, n, kp, "an IPv4 address");
	*ip = ntohl(a.s_addr);
	return 0;
}

static int fn_class(struct yp *p, yaml_node_t *n, const char *kp, uint8_t *cls)
{
	const char *s = text(n);
	int c = s ? sky_target_class_parse(s, strlen(s)) : -1;
	if (c < 0)
		return expect(p, n, kp, "a class: airliner ga fighter helicopter "
					"uav_small owa_drone cruise_missile unknown");
	*cls = (uint8_t)c;
	return 0;
}

static int fn_then(struct yp *p, yaml_node_t *n, const char *kp, bool *vanish)
{
	const char *s = text(n);
	if (s && !strcmp(s, "vanish"))
		*vanish = true;
	else if (s && !strcmp(s, "continue"))
		*vanish = false;
	else
		return expect(p, n, kp, "vanish or continue");
	return 0;
}

/* ---- system, input, output ------------------------------------------------ */

static const struct field system_fields[] = {
	INT("sac", struct sim_scenario, sys_sac, 0, 255),
	INT("sic", struct sim_scenario, sys_sic, 0, 255),
	GEO("reference", struct sim_scenario, reference),
};
static const struct field input_fields[] = {
	INT("udp_port", struct sim_scenario, udp_port, 1, 65535),
};
static const struct field output_fields[] = {
	INT("cat062_udp_port", struct sim_scenario, cat062_port, 1, 65535),
};

/* ---- sensors --------------------------------------------------------------- */

static int fn_kind(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	(void)p, (void)n, (void)kp, (void)obj; /* dispatched on before the table */
	return 0;
}

static int fn_radar_ip(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_ip(p, n, kp, &((struct sim_radar *)obj)->c.src_ip);
}

static int fn_adsb_ip(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_ip(p, n, kp, &((struct sim_adsb_station *)obj)->c.src_ip);
}

static int fn_ssr(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	static const char *const names[] = {"none", "modeac", "modes"};
	const char *s = text(n);
	for (unsigned i = 0; s && i < 3; i++) {
		if (!strcmp(s, names[i])) {
			((struct sim_radar *)obj)->ssr = (enum sim_ssr_mode)i;
			return 0;
		}
	}
	return expect(p, n, kp, "none, modeac or modes");
}

struct delay { double mean, jitter; };
static const struct field delay_fields[] = {
	NUMS("mean", struct delay, mean, 0, 10000, 1e-3),
	NUMS("jitter", struct delay, jitter, 0, 10000, 1e-3),
};
static const struct field radar_sigma_fields[] = {
	{.key = "range_m", .kind = F_NUM, .off = offsetof(struct sim_radar, sigma_range_m) - offsetof(struct sim_radar, sigma_range_m), .min = 0, .max = 10000, .required = true},
	{.key = "azimuth_deg", .kind = F_NUM, .off = offsetof(struct sim_radar, sigma_az_deg) - offsetof(struct sim_radar, sigma_range_m), .min = 0, .max = 10, .required = true},
	{.key = "height_m", .kind = F_NUM, .off = offsetof(struct sim_radar, sigma_height_m) - offsetof(struct sim_radar, sigma_range_m), .min = 0, .max = 10000},
};
static const struct field pd_ref_fields[] = {
	{.key = "range_km", .kind = F_NUM, .off = offsetof(struct sim_radar, pd_ref_range_m) - offsetof(struct sim_radar, pd_ref_range_m), .min = 0.01, .max = 2000, .scale = 1000},
	{.key = "rcs_m2", .kind = F_NUM, .off = offsetof(struct sim_radar, pd_ref_rcs_m2) - offsetof(struct sim_radar, pd_ref_range_m), .min = 1e-6, .max = 1e6},
};
static const struct field adsb_sigma_fields[] = {
	{.key = "position_m", .kind = F_NUM, .off = 0, .min = 0, .max = 10000, .required = true},
};

#define COMMON_FIELDS(T, ipfn)                                                      \
	{.key = "name", .kind = F_STR, .off = offsetof(T, c.name), .size = SIM_NAME_MAX, .required = true}, \
	FN("kind", fn_kind, "radar or adsb"),                                         \
	INT("sac", T, c.sac, 0, 255),                                                 \
	{.key = "sic", .kind = F_INT, .off = offsetof(T, c.sic), .size = 1, .min = 0, .max = 255, .required = true}, \
	{.key = "position", .kind = F_GEO, .off = offsetof(T, c.pos), .required = true}, \
	FN("source_ip", ipfn, "an IPv4 address"),                                     \
	{.key = "delay_ms", .kind = F_MAP, .off = offsetof(T, c.delay_mean_s), .sub = delay_fields, .n_sub = NF(delay_fields)}

static const struct field radar_fields[] = {
	COMMON_FIELDS(struct sim_radar, fn_radar_ip),
	NUM("scan_period_s", struct sim_radar, scan_period_s, 0.1, 60),
	INT("sectors", struct sim_radar, sectors, 1, 256),
	NUM("start_azimuth_deg", struct sim_radar, start_az_deg, 0, 359.999999),
	NUMS("min_range_km", struct sim_radar, min_range_m, 0, 1000, 1000),
	NUMS("max_range_km", struct sim_radar, max_range_m, 0.1, 470, 1000),
	NUM("max_elevation_deg", struct sim_radar, max_el_deg, 0, 90),
	{.key = "sigma", .kind = F_MAP, .off = offsetof(struct sim_radar, sigma_range_m), .sub = radar_sigma_fields, .n_sub = NF(radar_sigma_fields), .required = true},
	BOOL("psr", struct sim_radar, psr),
	NUM("pd", struct sim_radar, pd, 0.0001, 0.99999),
	{.key = "pd_reference", .kind = F_MAP, .off = offsetof(struct sim_radar, pd_ref_range_m), .sub = pd_ref_fields, .n_sub = NF(pd_ref_fields)},
	NUM("pfa", struct sim_radar, pfa, 1e-12, 0.1),
	NUM("false_alarms_per_scan", struct sim_radar, false_alarms_per_scan, 0, 100000),
	FN("ssr", fn_ssr, "none, modeac or modes"),
	NUM("ssr_pd", struct sim_radar, ssr_pd, 0, 1),
	BOOL("horizon", struct sim_radar, horizon),
};

static const struct field adsb_fields[] = {
	COMMON_FIELDS(struct sim_adsb_station, fn_adsb_ip),
	NUM("period_s", struct sim_adsb_station, period_s, 0.1, 60),
	{.key = "sigma", .kind = F_MAP, .off = offsetof(struct sim_adsb_station, sigma_position_m), .sub = adsb_sigma_fields, .n_sub = NF(adsb_sigma_fields)},
	NUM("pd", struct sim_adsb_station, pd, 0, 1),
	NUMS("max_range_km", struct sim_adsb_station, max_range_m, 0.1, 1000, 1000),
	BOOL("horizon", struct sim_adsb_station, horizon),
};

static void common_defaults(struct sim_sensor_common *c, unsigned index, unsigned line)
{
	c->delay_mean_s = 0.010;
	c->delay_jitter_s = 0.002;
	c->src_ip = (10u << 24) | (10u + index);
	c->line = line;
}

static void radar_defaults(struct sim_radar *r)
{
	r->scan_period_s = 4.0;
	r->sectors = 32;
	r->start_az_deg = NAN;
	r->min_range_m = 500.0;
	r->max_range_m = 250000.0;
	r->max_el_deg = 70.0;
	r->psr = true;
	r->pd = 0.9;
	r->pd_ref_range_m = NAN;
	r->pd_ref_rcs_m2 = 1.0;
	r->pfa = 1e-6;
	r->ssr = SIM_SSR_NONE;
	r->ssr_pd = 0.98;
	r->horizon = true;
}

static void adsb_defaults(struct sim_adsb_station *a)
{
	a->period_s = 1.0;
	a->sigma_position_m = 15.0;
	a->pd = 0.98;
	a->max_range_m = 250000.0;
	a->horizon = true;
}

static yaml_node_t *map_get(struct yp *p, yaml_node_t *n, const char *key)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		const char *k = text(yaml_document_get_node(&p->doc, pr->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(&p->doc, pr->value);
	}
	return NULL;
}

static int radar_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned index)
{
	struct sim_scenario *sc = p->sc;
	struct sim_radar *r = &sc->radars[sc->n_radars];
	memset(r, 0, sizeof(*r));
	common_defaults(&r->c, index, (unsigned)n->start_mark.line + 1);
	radar_defaults(r);
	int rc = parse_map(p, n, kp, radar_fields, NF(radar_fields), r, NULL);
	if (rc)
		return rc;
	if (r->min_range_m >= r->max_range_m)
		return failf(p, n, kp, "min_range_km must be below max_range_km");
	if (isnan(r->pd_ref_range_m))
		r->pd_ref_range_m = 0.8 * r->max_range_m;
	if (!r->psr && r->ssr == SIM_SSR_NONE)
		return failf(p, n, kp, "a radar needs psr: true or an ssr mode");
	sc->n_radars++;
	return 0;
}

static int adsb_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned index)
{
	struct sim_scenario *sc = p->sc;
	struct sim_adsb_station *a = &sc->adsb[sc->n_adsb];
	memset(a, 0, sizeof(*a));
	common_defaults(&a->c, index, (unsigned)n->start_mark.line + 1);
	adsb_defaults(a);
	int rc = parse_map(p, n, kp, adsb_fields, NF(adsb_fields), a, NULL);
	if (rc)
		return rc;
	sc->n_adsb++;
	return 0;
}

static int sensor_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned i, void *ctx)
{
	(void)ctx;
	char ckp[KP_MAX];
	if (!n || n->type != YAML_MAPPING_NODE)
		return expect(p, n, kp, "a sensor mapping");
	yaml_node_t *k = map_get(p, n, "kind");
	const char *ks = text(k);
	snprintf(ckp, sizeof(ckp), "%s.kind", kp);
	if (!k)
		return failf(p, n, kp, "missing key 'kind'");
	if (ks && !strcmp(ks, "radar"))
		return radar_item(p, n, kp, i);
	if (ks && !strcmp(ks, "adsb"))
		return adsb_item(p, n, kp, i);
	return expect(p, k, ckp, "radar or adsb");
}

static int sensor_unique(struct yp *p, yaml_node_t *n, const char *kp)
{
	struct sim_scenario *sc = p->sc;
	unsigned total = sc->n_radars + sc->n_adsb;
	for (unsigned i = 0; i < total; i++) {
		const struct sim_sensor_common *a =
			i < sc->n_radars ? &sc->radars[i].c : &sc->adsb[i - sc->n_radars].c;
		for (unsigned j = 0; j < i; j++) {
			const struct sim_sensor_common *b =
				j < sc->n_radars ? &sc->radars[j].c : &sc->adsb[j - sc->n_radars].c;
			if (!strcmp(a->name, b->name))
				return failf(p, n, kp, "sensor name '%s' given twice (lines %u and %u)",
					     a->name, b->line, a->line);
			if (a->sac == b->sac && a->sic == b->sic)
				return failf(p, n, kp, "sac/sic %u/%u given twice (lines %u and %u)",
					     a->sac, a->sic, b->line, a->line);
		}
	}
	return 0;
}

static int fn_sensors(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	struct sim_scenario *sc = obj;
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return expect(p, n, kp, "a sequence of sensors");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt == 0 || cnt > 250)
		return failf(p, n, kp, "expected 1 to 250 sensors");
	sc->radars = calloc(cnt, sizeof(*sc->radars));
	sc->adsb = calloc(cnt, sizeof(*sc->adsb));
	if (!sc->radars || !sc->adsb)
		return -ENOMEM;
	int rc = each_item(p, n, kp, sensor_item, NULL, NULL);
	return rc ? rc : sensor_unique(p, n, kp);
}

/* ---- targets and their segments ------------------------------------------ */

struct seg_ctx {
	struct sim_segment *seg;
};

static const struct field seg_straight[] = {
	NUM("straight", struct sim_segment, duration_s, 0, 1e7),
};
static const struct field seg_turn[] = {
	NUM("turn", struct sim_segment, turn_deg, -36000, 36000),
	NUM("g", struct sim_segment, g, 1.0001, 15),
};
static const struct field seg_climb[] = {
	NUM("climb", struct sim_segment, to_alt_m, -500, 100000),
	NUM("rate", struct sim_segment, rate_mps, 0.01, 1000),
};
static const struct field seg_speed[] = {
	NUM("speed", struct sim_segment, to_speed_mps, 0, 3000),
	NUM("accel", struct sim_segment, accel_mps2, 0.001, 500),
};
static const struct field seg_waypoint[] = {
	GEO("waypoint", struct sim_segment, wp),
	NUM("g", struct sim_segment, g, 1.0001, 15),
	NUM("speed", struct sim_segment, to_speed_mps, 0.1, 3000),
	NUM("accel", struct sim_segment, accel_mps2, 0.001, 500),
};

static const struct {
	const char *key;
	enum sim_seg_kind kind;
	const struct field *f;
	unsigned nf;
} seg_kinds[] = {
	{"straight", SIM_SEG_STRAIGHT, seg_straight, NF(seg_straight)},
	{"turn", SIM_SEG_TURN, seg_turn, NF(seg_turn)},
	{"climb", SIM_SEG_CLIMB, seg_climb, NF(seg_climb)},
	{"speed", SIM_SEG_SPEED, seg_speed, NF(seg_speed)},
	{"waypoint", SIM_SEG_WAYPOINT, seg_waypoint, NF(seg_waypoint)},
};

/* The waypoint's alt is optional: tell "given" from the default 0. */
static bool wp_alt_given(struct yp *p, yaml_node_t *seg)
{
	yaml_node_t *w = map_get(p, seg, "waypoint");
	if (w && w->type == YAML_SEQUENCE_NODE)
		return w->data.sequence.items.top - w->data.sequence.items.start == 3;
	return map_get(p, w, "alt") != NULL;
}

static int seg_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned i, void *vctx)
{
	struct seg_ctx *ctx = vctx;
	struct sim_segment *s = &ctx->seg[i];
	int found = -1;
	if (!n || n->type != YAML_MAPPING_NODE)
		return expect(p, n, kp, "a segment mapping (straight, turn, climb, speed "
					"or waypoint)");
	for (unsigned k = 0; k < NF(seg_kinds); k++) {
		if (!map_get(p, n, seg_kinds[k].key))
			continue;
		if (found >= 0)
			return failf(p, n, kp, "one segment has both '%s' and '%s'",
				     seg_kinds[found].key, seg_kinds[k].key);
		found = (int)k;
	}
	if (found < 0)
		return failf(p, n, kp, "expected one of the keys straight, turn, climb, "
				       "speed, waypoint");
	memset(s, 0, sizeof(*s));
	s->kind = seg_kinds[found].kind;
	s->line = (unsigned)n->start_mark.line + 1;
	int rc = parse_map(p, n, kp, seg_kinds[found].f, seg_kinds[found].nf, s, NULL);
	if (!rc && s->kind == SIM_SEG_WAYPOINT)
		s->wp_has_alt = wp_alt_given(p, n);
	return rc;
}

static int fn_segments(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	struct sim_target *t = obj;
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return expect(p, n, kp, "a sequence of segments");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	free(t->seg);
	t->seg = calloc(cnt ? cnt : 1, sizeof(*t->seg));
	if (!t->seg)
		return -ENOMEM;
	struct seg_ctx ctx = {t->seg};
	t->n_seg = (unsigned)cnt;
	return each_item(p, n, kp, seg_item, &ctx, NULL);
}

static int fn_tclass(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_class(p, n, kp, &((struct sim_target *)obj)->cls);
}

static int fn_tthen(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_then(p, n, kp, &((struct sim_target *)obj)->vanish_after);
}

static int fn_speed_kt(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	double v;
	int rc = get_num(p, n, kp, 0, 6000, &v);
	((struct sim_target *)obj)->speed_mps = v * 1852.0 / 3600.0;
	return rc;
}

static int fn_mode3a(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	const char *s = text(n);
	unsigned v = 0;
	if (!s || strlen(s) != 4 || strspn(s, "01234567") != 4)
		return expect(p, n, kp, "four octal digits, e.g. \"1234\"");
	for (int i = 0; i < 4; i++)
		v = v * 8 + (unsigned)(s[i] - '0');
	((struct sim_target *)obj)->mode3a = (uint16_t)v;
	return 0;
}

static int fn_address(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	const char *s = text(n);
	char *end;
	if (s && (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)))
		s += 2;
	unsigned long v = s && *s ? strtoul(s, &end, 16) : 0;
	if (!s || !*s || *end || strlen(s) > 6 || v == 0)
		return expect(p, n, kp, "a 24-bit address in hex, e.g. 4840D6");
	((struct sim_target *)obj)->address = (uint32_t)v;
	return 0;
}

static int fn_callsign(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	const char *s = text(n);
	if (!s || !*s || strlen(s) > 8 ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") != strlen(s))
		return expect(p, n, kp, "1 to 8 characters A-Z, 0-9 or space");
	snprintf(((struct sim_target *)obj)->callsign, 9, "%s", s);
	return 0;
}

static const struct field target_fields[] = {
	INT("id", struct sim_target, id, 1, 4294967295.0),
	{.key = "class", .kind = F_FN, .fn = fn_tclass, .required = true},
	{.key = "position", .kind = F_GEO, .off = offsetof(struct sim_target, pos), .required = true},
	NUM("heading_deg", struct sim_target, heading_deg, -360, 360),
	NUM("speed_mps", struct sim_target, speed_mps, 0, 3000),
	FN("speed_kt", fn_speed_kt, "a number"),
	NUM("start_s", struct sim_target, start_s, 0, 1e7),
	NUM("end_s", struct sim_target, end_s, 0, 1e7),
	BOOL("cooperative", struct sim_target, cooperative),
	BOOL("adsb", struct sim_target, adsb),
	NUM("rcs_m2", struct sim_target, rcs_m2, 1e-6, 1e6),
	FN("mode3a", fn_mode3a, "four octal digits"),
	FN("address", fn_address, "a 24-bit hex address"),
	FN("callsign", fn_callsign, "a callsign"),
	FN("then", fn_tthen, "vanish or continue"),
	FN("segments", fn_segments, "a sequence of segments"),
};

static uint64_t key_bit(const struct field *f, unsigned nf, const char *key)
{
	for (unsigned i = 0; i < nf; i++)
		if (!strcmp(f[i].key, key))
			return 1ull << i;
	return 0;
}

/* Class defaults for what the target and its segments left open. */
static void target_defaults(struct sim_target *t, uint64_t seen)
{
	const struct sim_class_info *ci = sim_class_info(t->cls);
	if (isnan(t->speed_mps))
		t->speed_mps = ci->speed_mps;
	if (isnan(t->rcs_m2))
		t->rcs_m2 = ci->rcs_m2;
	if (!(seen & key_bit(target_fields, NF(target_fields), "cooperative")))
		t->cooperative = ci->cooperative;
	for (unsigned k = 0; k < t->n_seg; k++) {
		struct sim_segment *s = &t->seg[k];
		if (s->kind == SIM_SEG_CLIMB && s->rate_mps <= 0.0)
			s->rate_mps = ci->climb_mps;
		if ((s->kind == SIM_SEG_SPEED || s->kind == SIM_SEG_WAYPOINT) &&
		    s->accel_mps2 <= 0.0)
			s->accel_mps2 = ci->accel_mps2;
	}
}

static int target_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned i, void *ctx)
{
	(void)ctx;
	struct sim_scenario *sc = p->sc;
	struct sim_target *t = &sc->targets[i];
	uint64_t seen = 0;
	memset(t, 0, sizeof(*t));
	t->speed_mps = NAN;
	t->rcs_m2 = NAN;
	t->end_s = -1.0;
	t->group = -1;
	sc->n_targets = i + 1; /* owns t->seg from here: freed on failure */
	int rc = parse_map(p, n, kp, target_fields, NF(target_fields), t, &seen);
	if (rc)
		return rc;
	if (t->end_s >= 0.0 && t->end_s <= t->start_s)
		return failf(p, n, kp, "end_s must be after start_s");
	target_defaults(t, seen);
	if (t->adsb && !t->cooperative)
		return failf(p, n, kp, "adsb: true needs a cooperative target");
	return 0;
}

static int target_ids(struct yp *p, yaml_node_t *n, const char *kp)
{
	struct sim_scenario *sc = p->sc;
	uint32_t next = 1;
	for (unsigned i = 0; i < sc->n_targets; i++)
		if (sc->targets[i].id >= next)
			next = sc->targets[i].id + 1;
	for (unsigned i = 0; i < sc->n_targets; i++) {
		struct sim_target *t = &sc->targets[i];
		if (!t->id)
			t->id = next++;
		for (unsigned j = 0; j < i; j++)
			if (sc->targets[j].id == t->id)
				return failf(p, n, kp, "target id %u given twice", t->id);
		if (t->cooperative)
			sim_target_default_identity(t);
	}
	return 0;
}

static int fn_targets(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	struct sim_scenario *sc = obj;
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return expect(p, n, kp, "a sequence of targets");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	sc->targets = calloc(cnt ? cnt : 1, sizeof(*sc->targets));
	if (!sc->targets)
		return -ENOMEM;
	int rc = each_item(p, n, kp, target_item, NULL, NULL);
	return rc ? rc : target_ids(p, n, kp);
}

/* ---- groups ----------------------------------------------------------------- */

static int fn_gclass(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_class(p, n, kp, &((struct sim_group *)obj)->cls);
}

static int fn_gthen(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	return fn_then(p, n, kp, &((struct sim_group *)obj)->vanish_at_end);
}

static int fn_gcoop(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	bool b;
	int rc = get_bool(p, n, kp, &b);
	((struct sim_group *)obj)->cooperative = b;
	return rc;
}

static const struct field group_fields[] = {
	{.key = "name", .kind = F_STR, .off = offsetof(struct sim_group, name), .size = SIM_NAME_MAX, .required = true},
	{.key = "class", .kind = F_FN, .fn = fn_gclass, .required = true},
	{.key = "count", .kind = F_INT, .off = offsetof(struct sim_group, count), .size = sizeof(unsigned), .min = 1, .max = 100000, .required = true},
	INT("waves", struct sim_group, waves, 1, 10000),
	NUM("start_s", struct sim_group, start_s, 0, 1e7),
	NUM("wave_interval_s", struct sim_group, wave_interval_s, 0, 1e6),
	NUMS("wave_depth_km", struct sim_group, wave_depth_m, 0, 1000, 1000),
	{.key = "from", .kind = F_GEO, .off = offsetof(struct sim_group, from), .required = true},
	{.key = "to", .kind = F_GEO, .off = offsetof(struct sim_group, to), .required = true},
	NUMS("width_km", struct sim_group, width_m, 0, 1000, 1000),
	NUM("speed_mps", struct sim_group, speed_mps, 1, 3000),
	NUM("speed_spread_mps", struct sim_group, speed_spread_mps, 0, 1000),
	NUM("alt_m", struct sim_group, alt_m, 1, 100000),
	NUM("alt_spread_m", struct sim_group, alt_spread_m, 0, 50000),
	NUM("heading_spread_deg", struct sim_group, heading_spread_deg, 0, 180),
	NUM("rcs_m2", struct sim_group, rcs_m2, 1e-6, 1e6),
	FN("cooperative", fn_gcoop, "true or false"),
	NUM("adsb_fraction", struct sim_group, adsb_fraction, 0, 1),
	FN("then", fn_gthen, "vanish or continue"),
};

static int group_item(struct yp *p, yaml_node_t *n, const char *kp, unsigned i, void *ctx)
{
	(void)ctx;
	struct sim_group *g = &p->sc->groups[i];
	memset(g, 0, sizeof(*g));
	g->waves = 1;
	g->wave_interval_s = 60.0;
	g->width_m = 1000.0;
	g->speed_mps = NAN;
	g->alt_m = 100.0;
	g->cooperative = -1;
	g->vanish_at_end = true;
	g->line = (unsigned)n->start_mark.line + 1;
	int rc = parse_map(p, n, kp, group_fields, NF(group_fields), g, NULL);
	if (rc)
		return rc;
	if (isnan(g->speed_mps))
		g->speed_mps = sim_class_info(g->cls)->speed_mps;
	if (g->waves > g->count)
		return failf(p, n, kp, "more waves (%u) than targets (%u)", g->waves, g->count);
	if (fabs(g->from.lat - g->to.lat) + fabs(g->from.lon - g->to.lon) < 1e-6)
		return failf(p, n, kp, "'from' and 'to' are the same point");
	p->sc->n_groups = i + 1;
	return 0;
}

static int fn_groups(struct yp *p, yaml_node_t *n, const char *kp, void *obj)
{
	struct sim_scenario *sc = obj;
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return expect(p, n, kp, "a sequence of groups");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	sc->groups = calloc(cnt ? cnt : 1, sizeof(*sc->groups));
	if (!sc->groups)
		return -ENOMEM;
	return each_item(p, n, kp, group_item, NULL, NULL);
}

/* ---- the file ------------------------------------------------------------------ */

static const struct field top_fields[] = {
	STR("name", struct sim_scenario, name),
	FN("start_utc", fn_start_utc, "a UTC time"),
	{.key = "duration_s", .kind = F_NUM, .off = offsetof(struct sim_scenario, duration_s), .min = 0.25, .max = 1e6, .required = true},
	FN("seed", fn_seed, "an integer"),
	MAP0("system", system_fields),
	MAP0("input", input_fields),
	MAP0("output", output_fields),
	{.key = "sensors", .kind = F_FN, .fn = fn_sensors, .required = true},
	FN("targets", fn_targets, "a sequence of targets"),
	FN("groups", fn_groups, "a sequence of groups"),
};

static void scenario_defaults(struct sim_scenario *sc, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(sc->name, sizeof(sc->name), "%.*s", (int)strcspn(base, "."), base);
	sc->path = path;
	sc->start_utc = DEFAULT_START_UTC;
	sc->seed = 1;
	sc->sys_sic = 1;
	sc->reference.lat = NAN;
	sc->udp_port = 8600;
	sc->cat062_port = 8601;
	sc->dst_ip = (10u << 24) | 1u; /* 10.0.0.1 */
}

/* What the file left open and needs the whole scenario: the reference,
 * antenna start azimuths. */
static void scenario_finish(struct sim_scenario *sc)
{
	struct sim_rng r;
	sim_rng_init(&r, sc->seed, 7);
	if (isnan(sc->reference.lat)) {
		double lat = 0, lon = 0;
		unsigned n = sc->n_radars + sc->n_adsb;
		for (unsigned i = 0; i < sc->n_radars; i++) {
			lat += sc->radars[i].c.pos.lat;
			lon += sc->radars[i].c.pos.lon;
		}
		for (unsigned i = 0; i < sc->n_adsb; i++) {
			lat += sc->adsb[i].c.pos.lat;
			lon += sc->adsb[i].c.pos.lon;
		}
		sc->reference = (struct sim_geo){lat / n, lon / n, 0.0};
	}
	for (unsigned i = 0; i < sc->n_radars; i++) {
		double az = sim_rand_uniform(&r, 0.0, 360.0);
		if (isnan(sc->radars[i].start_az_deg))
			sc->radars[i].start_az_deg = az;
	}
}

static int load_doc(struct yp *p, FILE *f)
{
	yaml_parser_t parser;
	int rc = 0;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &p->doc)) {
		snprintf(p->err, p->errlen, "%s:%zu:%zu: invalid YAML: %s%s%s", p->path,
			 parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			 parser.problem ? parser.problem : "?",
			 parser.context ? " " : "", parser.context ? parser.context : "");
		rc = -EINVAL;
	}
	yaml_parser_delete(&parser);
	return rc;
}

int sim_scenario_load(const char *path, struct sim_scenario *sc, char *err,
		      size_t errlen)
{
	struct yp p = {.path = path, .err = err, .errlen = errlen, .sc = sc};
	memset(sc, 0, sizeof(*sc));
	scenario_defaults(sc, path);
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		return -e;
	}
	int rc = load_doc(&p, f);
	fclose(f);
	if (rc)
		return rc;
	yaml_node_t *root = yaml_document_get_root_node(&p.doc);
	if (!root)
		rc = failf(&p, NULL, "", "the file is empty");
	else
		rc = parse_map(&p, root, "", top_fields, NF(top_fields), sc, NULL);
	yaml_document_delete(&p.doc);
	if (rc == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	return rc;
}

int sim_scenario_prepare(struct sim_scenario *sc)
{
	scenario_finish(sc);
	return sim_groups_expand(sc);
}

void sim_scenario_free(struct sim_scenario *sc)
{
	for (unsigned i = 0; i < sc->n_targets; i++)
		if (sc->targets[i].group < 0)
			free(sc->targets[i].seg);
	for (unsigned i = 0; i < sc->n_groups; i++)
		free(sc->groups[i].segs);
	free(sc->targets);
	free(sc->groups);
	free(sc->radars);
	free(sc->adsb);
	memset(sc, 0, sizeof(*sc));
}
