/*
 * score_tracks.c - the epoch sweep over track updates (see score_tracks.h).
 *
 * Updates are sorted by time once; the sweep then walks them forward as the
 * epochs advance, so a whole run costs O(updates + epochs x live tracks).
 * Each track lifetime remembers the index of its last update; a small open
 * addressing map takes a track number to its current lifetime. The list of
 * live lifetimes is compacted at every epoch: a lifetime leaves it after its
 * TSE (or when it is older than max_age), and comes back on its next update.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "score_tracks.h"

#define NO_UID UINT32_MAX

struct life {
	size_t last;            /* index of its last update so far */
	uint8_t terminated;     /* its TSE was seen */
	uint8_t listed;         /* in the live list */
};

struct sky_track_sweep {
	struct sky_score_track_update *u;
	size_t n, pos;
	double max_age;
	/* track number -> current lifetime */
	uint32_t *map_key, *map_uid;
	size_t map_cap, map_used;
	struct life *lives;
	size_t n_lives, cap_lives;
	uint32_t *live;
	size_t n_live, cap_live;
	struct sky_score_est *est;
	size_t cap_est;
};

struct sort_ent {
	double t;
	size_t i;
};

static int sort_cmp(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int sky_score_updates_sort(struct sky_score_track_update *u, size_t n)
{
	int sorted = 1;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = u[i - 1].t <= u[i].t;
	if (sorted)
		return 0;
	struct sort_ent *e = malloc(n * sizeof(*e));
	struct sky_score_track_update *tmp = malloc(n * sizeof(*tmp));
	if (!e || !tmp) {
		free(e);
		free(tmp);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		e[i] = (struct sort_ent){ u[i].t, i };
	qsort(e, n, sizeof(*e), sort_cmp);
	for (size_t i = 0; i < n; i++)
		tmp[i] = u[e[i].i];
	memcpy(u, tmp, n * sizeof(*u));
	free(e);
	free(tmp);
	return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = c;
	return 0;
}

static inline size_t map_slot(const struct sky_track_sweep *s, uint32_t key)
{
	size_t mask = s->map_cap - 1, h = (key * 0x9e3779b1u) & mask;
	while (s->map_uid[h] != NO_UID && s->map_key[h] != key)
		h = (h + 1) & mask;
	return h;
}

static int map_rehash(struct sky_track_sweep *s, size_t cap)
{
	uint32_t *ok = s->map_key, *ou = s->map_uid;
	size_t ocap = s->map_cap;
	s->map_key = malloc(cap * sizeof(uint32_t));
	s->map_uid = malloc(cap * sizeof(uint32_t));
	if (!s->map_key || !s->map_uid) {
		free(s->map_key);
		free(s->map_uid);
		s->map_key = ok;
		s->map_uid = ou;
		return -ENOMEM;
	}
	s->map_cap = cap;
	memset(s->map_uid, 0xff, cap * sizeof(uint32_t));
	for (size_t i = 0; i < ocap; i++)
		if (ou[i] != NO_UID) {
			size_t h = map_slot(s, ok[i]);
			s->map_key[h] = ok[i];
			s->map_uid[h] = ou[i];
		}
	free(ok);
	free(ou);
	return 0;
}

struct sky_track_sweep *sky_track_sweep_create(struct sky_score_track_update *u,
					       size_t n, double max_age_s)
{
	struct sky_track_sweep *s = calloc(1, sizeof(*s));
	if (!s || sky_score_updates_sort(u, n) || map_rehash(s, 1024)) {
		sky_track_sweep_free(s);
		errno = ENOMEM;
		return NULL;
	}
	s->u = u;
	s->n = n;
	s->max_age = max_age_s;
	return s;
}

void sky_track_sweep_free(struct sky_track_sweep *s)
{
	if (!s)
		return;
	free(s->map_key);
	free(s->map_uid);
	free(s->lives);
	free(s->live);
	free(s->est);
	free(s);
}

uint32_t sky_track_sweep_lifetimes(const struct sky_track_sweep *s)
{
	return (uint32_t)s->n_lives;
}

/* The lifetime an update belongs to: the number's current one, or a new one. */
static int lifetime_of(struct sky_track_sweep *s, uint32_t track, uint32_t *uid)
{
	if (s->map_used * 2 >= s->map_cap && map_rehash(s, s->map_cap * 2))
		return -ENOMEM;
	size_t h = map_slot(s, track);
	if (s->map_uid[h] != NO_UID && !s->lives[s->map_uid[h]].terminated) {
		*uid = s->map_uid[h];
		return 0;
	}
	if (grow((void **)&s->lives, &s->cap_lives, s->n_lives + 1, sizeof(*s->lives)))
		return -ENOMEM;
	if (s->map_uid[h] == NO_UID)
		s->map_used++;
	s->map_key[h] = track;
	s->map_uid[h] = *uid = (uint32_t)s->n_lives;
	s->lives[s->n_lives++] = (struct life){ 0 };
	return 0;
}

static int apply_update(struct sky_track_sweep *s, size_t i)
{
	uint32_t uid;
	if (lifetime_of(s, s->u[i].track, &uid))
		return -ENOMEM;
	struct life *l = &s->lives[uid];
	l->last = i;
	l->terminated = s->u[i].terminated;
	if (!l->listed) {
		if (grow((void **)&s->live, &s->cap_live, s->n_live + 1, sizeof(*s->live)))
			return -ENOMEM;
		s->live[s->n_live++] = uid;
		l->listed = 1;
	}
	return 0;
}

static void extrapolate(const struct sky_score_track_update *u, double t, uint32_t uid,
			struct sky_score_est *e)
{
	double dt = t - u->t;
	e->x = u->x + u->vx * dt;
	e->y = u->y + u->vy * dt;
	e->vx = u->vx;
	e->vy = u->vy;
	e->alt = u->alt;
	e->has_alt = u->has_alt;
	e->age = dt;
	e->uid = uid;
	e->track = u->track;
	e->confirmed = u->confirmed;
}

long sky_track_sweep_at(struct sky_track_sweep *s, double t, const struct sky_score_est **out)
{
	while (s->pos < s->n && s->u[s->pos].t <= t)
		if (apply_update(s, s->pos++))
			return -ENOMEM;
	if (grow((void **)&s->est, &s->cap_est, s->n_live + 1, sizeof(*s->est)))
		return -ENOMEM;
	size_t kept = 0, n_est = 0;
	for (size_t k = 0; k < s->n_live; k++) {
		uint32_t uid = s->live[k];
		struct life *l = &s->lives[uid];
		const struct sky_score_track_update *u = &s->u[l->last];
		/* After its TSE, or silent for too long: off the list. */
		if ((l->terminated && u->t < t) || (s->max_age > 0 && t - u->t > s->max_age)) {
			l->listed = 0;
			continue;
		}
		s->live[kept++] = uid;
		extrapolate(u, t, uid, &s->est[n_est++]);
	}
	s->n_live = kept;
	*out = s->est;
	return (long)n_est;
}
