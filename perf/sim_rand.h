/*
 * sim_rand.h - the simulator's own seeded random numbers.
 *
 * A scenario must produce byte-identical files for a seed on every machine
 * and libc, so the simulator never calls rand() or drand48(): it uses
 * xoshiro256** seeded through splitmix64, uniform doubles from the top 53
 * bits, and Box-Muller for normal deviates (both values of a pair are used).
 * Every sensor and every group draws from its own stream, derived from the
 * scenario seed and a stream number, so adding a sensor does not change the
 * noise of the others.
 */
#ifndef SKY_SIM_RAND_H
#define SKY_SIM_RAND_H

#include <math.h>
#include <stdint.h>

struct sim_rng {
	uint64_t s[4];
	double spare;        /* second Box-Muller deviate */
	int has_spare;
};

static inline uint64_t sim_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Stream `stream` of the scenario seed. */
static inline void sim_rng_init(struct sim_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ull);
	for (int i = 0; i < 4; i++)
		r->s[i] = sim_splitmix64(&x);
	r->has_spare = 0;
	r->spare = 0.0;
}

static inline uint64_t sim_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t sim_rand_u64(struct sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = sim_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = sim_rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static inline double sim_rand_unit(struct sim_rng *r)
{
	return (double)(sim_rand_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static inline double sim_rand_uniform(struct sim_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * sim_rand_unit(r);
}

/* Standard normal deviate (Box-Muller, polar-free form). */
static inline double sim_rand_normal(struct sim_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u1 = 1.0 - sim_rand_unit(r); /* (0, 1]: log is finite */
	double u2 = sim_rand_unit(r);
	double m = sqrt(-2.0 * log(u1));
	r->spare = m * sin(2.0 * M_PI * u2);
	r->has_spare = 1;
	return m * cos(2.0 * M_PI * u2);
}

/* Bernoulli trial with probability p. */
static inline int sim_rand_chance(struct sim_rng *r, double p)
{
	return sim_rand_unit(r) < p;
}

/*
 * Poisson deviate: Knuth's product method for small means, a rounded
 * normal approximation above 30 (false alarms per scan).
 */
static inline unsigned sim_rand_poisson(struct sim_rng *r, double mean)
{
	if (mean <= 0.0)
		return 0;
	if (mean > 30.0) {
		double x = mean + sqrt(mean) * sim_rand_normal(r) + 0.5;
		return x < 0.0 ? 0u : (unsigned)x;
	}
	double limit = exp(-mean), p = 1.0;
	unsigned k = 0;
	for (;;) {
		p *= sim_rand_unit(r);
		if (p <= limit)
			return k;
		k++;
	}
}

#endif
