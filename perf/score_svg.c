/*
 * score_svg.c - tracks over truth in the system plane, as SVG (see
 * score_svg.h).
 *
 * Written with plain stdio: one <polyline> per truth target and per piece of
 * track lifetime (a piece ends where the track changes between tentative and
 * confirmed, so tentative pieces can be dashed). Points closer than a pixel
 * to the last one drawn are dropped; that keeps the file proportional to
 * what can be seen, not to the length of the run. The view is the truth's
 * extent plus a margin, so a wild false track cannot shrink the picture to
 * a dot; what falls outside is clipped.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score_svg.h"

#define PLOT_W 1000.0
#define MARGIN_L 70.0
#define MARGIN_T 50.0
#define MARGIN_R 20.0
#define MARGIN_B 50.0

struct view {
	double x0, y1, s;       /* left edge, top edge (m), pixels per metre */
	double w, h;            /* plot area, px */
};

struct bounds {
	double x0, x1, y0, y1;
};

static void extend(struct bounds *b, double x, double y)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	b->x0 = fmin(b->x0, x);
	b->x1 = fmax(b->x1, x);
	b->y0 = fmin(b->y0, y);
	b->y1 = fmax(b->y1, y);
}

static void make_view(const struct sky_score_truth_set *ts,
		      const struct sky_score_track_update *u, size_t n, struct view *v)
{
	struct bounds b = { INFINITY, -INFINITY, INFINITY, -INFINITY };
	for (size_t i = 0; i < ts->n; i++)
		extend(&b, ts->pts[i].x, ts->pts[i].y);
	if (b.x0 > b.x1)
		for (size_t i = 0; i < n; i++)
			extend(&b, u[i].x, u[i].y);
	if (b.x0 > b.x1)
		b = (struct bounds){ -1000, 1000, -1000, 1000 };
	double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
	double wx = fmax((b.x1 - b.x0) * 1.1, 2000), wy = fmax((b.y1 - b.y0) * 1.1, 2000);
	/* Keep the aspect, within 1:3 .. 3:1 of the plot width. */
	wy = fmin(fmax(wy, wx / 3), wx * 1.4);
	v->s = PLOT_W / wx;
	v->w = PLOT_W;
	v->h = wy * v->s;
	v->x0 = cx - wx / 2;
	v->y1 = cy + wy / 2;
}

static inline double px(const struct view *v, double x)
{
	return MARGIN_L + (x - v->x0) * v->s;
}

static inline double py(const struct view *v, double y)
{
	return MARGIN_T + (v->y1 - y) * v->s;
}

/* A polyline being written, dropping points within a pixel of the last. */
struct line {
	FILE *f;
	const struct view *v;
	int open;
	double lx, ly;
};

static void line_begin(struct line *l, const char *style)
{
	fprintf(l->f, "<polyline style=\"%s\" points=\"", style);
	l->open = 1;
	l->lx = l->ly = NAN;
}

static void line_point(struct line *l, double x, double y, int force)
{
	if (!isfinite(x) || !isfinite(y))
		return;
	double X = px(l->v, x), Y = py(l->v, y);
	if (!force && fabs(X - l->lx) < 1 && fabs(Y - l->ly) < 1)
		return;
	fprintf(l->f, "%.1f,%.1f ", X, Y);
	l->lx = X;
	l->ly = Y;
}

static void line_end(struct line *l)
{
	if (l->open)
		fputs("\"/>\n", l->f);
	l->open = 0;
}

static void draw_grid(FILE *f, const struct view *v)
{
	/* A 1-2-5 step that gives at most 10 lines across. */
	double span = v->w / v->s, base = pow(10, floor(log10(span / 10))), step = base;
	static const double mult[] = { 1, 2, 5, 10 };
	for (unsigned i = 0; i < 4 && span / (step = base * mult[i]) > 10; i++)
		;
	fputs("<g stroke=\"#e4e4e4\" stroke-width=\"1\" font-size=\"11\" fill=\"#666\">\n", f);
	for (double x = ceil(v->x0 / step) * step; x <= v->x0 + span; x += step) {
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", px(v, x),
			MARGIN_T, px(v, x), MARGIN_T + v->h);
		fprintf(f, "<text stroke=\"none\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n",
			px(v, x), MARGIN_T + v->h + 16, x / 1000);
	}
	double y0 = v->y1 - v->h / v->s;
	for (double y = ceil(y0 / step) * step; y <= v->y1; y += step) {
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", MARGIN_L,
			py(v, y), MARGIN_L + v->w, py(v, y));
		fprintf(f, "<text stroke=\"none\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
			MARGIN_L - 6, py(v, y) + 4, y / 1000);
	}
	fputs("</g>\n", f);
}

/* Truth point indices grouped by target, in time order within a target. */
static size_t *truth_order(const struct sky_score_truth_set *ts)
{
	size_t *start = calloc((size_t)ts->n_targets + 1, sizeof(size_t));
	size_t *ord = malloc((ts->n ? ts->n : 1) * sizeof(size_t));
	if (!start || !ord) {
		free(start);
		free(ord);
		return NULL;
	}
	for (size_t i = 0; i < ts->n; i++)
		start[ts->pts[i].target + 1]++;
	for (uint32_t k = 0; k < ts->n_targets; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < ts->n; i++)
		ord[start[ts->pts[i].target]++] = i;
	free(start);
	return ord;
}

static void draw_truth(FILE *f, const struct view *v, const struct sky_score_truth_set *ts,
		       const size_t *ord)
{
	struct line l = { .f = f, .v = v };
	fputs("<g fill=\"none\">\n", f);
	for (size_t a = 0, b; a < ts->n; a = b) {
		uint32_t tg = ts->pts[ord[a]].target;
		for (b = a; b < ts->n && ts->pts[ord[b]].target == tg; b++)
			;
		line_begin(&l, "stroke:#a8a8a8;stroke-width:4;stroke-opacity:0.7");
		for (size_t k = a; k < b; k++)
			line_point(&l, ts->pts[ord[k]].x, ts->pts[ord[k]].y, k + 1 == b);
		line_end(&l);
	}
	fputs("</g>\n", f);
}

struct upd_key {
	uint32_t track;
	double t;
	size_t i;
};

static int upd_cmp(const void *a, const void *b)
{
	const struct upd_key *x = a, *y = b;
	if (x->track != y->track)
		return x->track < y->track ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void track_style(char *buf, size_t n, uint32_t track, unsigned gen, int confirmed)
{
	/* Golden-angle hues: neighbouring numbers get distant colours. */
	unsigned h = (unsigned)fmod((double)(track & 0xffff) * 137.508 + gen * 61.0, 360.0);
	snprintf(buf, n, "stroke:hsl(%u,75%%,42%%);stroke-width:1.2%s", h,
		 confirmed ? "" : ";stroke-dasharray:4,3");
}

/* One track number's updates, split into lifetimes (at TSE) and pieces. */
static void draw_track(struct line *l, const struct sky_score_track_update *u,
		       const struct upd_key *k, size_t n)
{
	char style[96];
	unsigned gen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sky_score_track_update *p = &u[k[i].i];
		int start = i == 0 || u[k[i - 1].i].terminated;
		if (start) {
			line_end(l);
			gen += i > 0;
		} else if (p->confirmed != u[k[i - 1].i].confirmed) {
			const struct sky_score_track_update *q = &u[k[i - 1].i];
			line_end(l);
			track_style(style, sizeof(style), p->track, gen, p->confirmed);
			line_begin(l, style);
			line_point(l, q->x, q->y, 1);
		}
		if (!l->open) {
			track_style(style, sizeof(style), p->track, gen, p->confirmed);
			line_begin(l, style);
		}
		line_point(l, p->x, p->y, i + 1 == n || p->terminated);
	}
	line_end(l);
}

static int draw_tracks(FILE *f, const struct view *v, const struct sky_score_track_update *u,
		       size_t n)
{
	struct upd_key *k = malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct upd_key){ u[i].track, u[i].t, i };
	qsort(k, n, sizeof(*k), upd_cmp);
	struct line l = { .f = f, .v = v };
	fputs("<g fill=\"none\">\n", f);
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a; b < n && k[b].track == k[a].track; b++)
			;
		draw_track(&l, u, k + a, b - a);
	}
	fputs("</g>\n", f);
	free(k);
	return 0;
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
}

static void draw_frame(FILE *f, const struct view *v, const char *title)
{
	double W = MARGIN_L + v->w + MARGIN_R, H = MARGIN_T + v->h + MARGIN_B;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		   "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n", W, H, W, H);
	fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<clipPath id=\"plot\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		   "height=\"%.1f\"/></clipPath>\n", MARGIN_L, MARGIN_T, v->w, v->h);
	fputs("<text x=\"70\" y=\"22\" font-size=\"15\">", f);
	xml_text(f, title);
	fputs("</text>\n<text x=\"70\" y=\"40\" font-size=\"11\" fill=\"#555\">"
	      "system plane, km east / north of the reference - truth grey, tracks in colour "
	      "(dashed while tentative)</text>\n", f);
	draw_grid(f, v);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		   "stroke=\"#888\"/>\n", MARGIN_L, MARGIN_T, v->w, v->h);
}

int sky_score_svg_write(const char *path, const char *title,
			const struct sky_score_truth_set *ts,
			const struct sky_score_track_update *u, size_t n_updates,
			char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		int rc = -errno;
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return rc;
	}
	struct view v;
	make_view(ts, u, n_updates, &v);
	size_t *ord = truth_order(ts);
	int rc = ord ? 0 : -ENOMEM;
	draw_frame(f, &v, title);
	fputs("<g clip-path=\"url(#plot)\" stroke-linejoin=\"round\">\n", f);
	if (ord)
		draw_truth(f, &v, ts, ord);
	if (!rc)
		rc = draw_tracks(f, &v, u, n_updates);
	fputs("</g>\n</svg>\n", f);
	free(ord);
	if (rc)
		snprintf(err, errlen, "%s: out of memory", path);
	if (fclose(f) != 0 && !rc) {
		rc = -EIO;
		snprintf(err, errlen, "%s: write error: %s", path, strerror(errno));
	}
	return rc;
}
