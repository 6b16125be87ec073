/*
 * fuzz_plot_decode.c - libFuzzer target for the decode stage's library:
 * bytes -> sky_plot_decode (blocks, records, sensor lookup, the batched
 * SIMD radar conversion and the ADS-B conversion) with the sensors of the
 * bundled demo (configs/demo/config.yaml, source allow-lists cleared so
 * that every sensor's records get through). Every plot handed out must be
 * finite with a positive semi-definite horizontal covariance, and the
 * counters must reconcile for every input: records = plots + no-plot (by
 * reason) + service + unknown sensor + denied + no SAC/SIC.
 * Seeds: UDP payloads of the demo capture (tests/fuzz/corpus/plot_decode).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "plot_decode.h"

static struct sky_config cfg;
static struct sky_sensor_table table;
static struct sky_plot_decoder *dec;

static void setup(void)
{
	char err[512];
	if (sky_config_load(SKY_FUZZ_DEMO_CONFIG, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_plot_decode: %s\n", err);
		abort();
	}
	for (unsigned i = 0; i < cfg.n_sensors; i++)
		cfg.sensors[i].n_sources = 0;
	if (sky_sensor_table_build(&table, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_plot_decode: %s\n", err);
		abort();
	}
	dec = sky_plot_decoder_create(&table);
	if (!dec)
		abort();
}

static void check_plot(void *ctx, const struct sky_plot *p)
{
	unsigned *n = ctx;
	(*n)++;
	SKY_FUZZ_CHECK(isfinite(p->x) && isfinite(p->y) && isfinite(p->z) && isfinite(p->t));
	SKY_FUZZ_CHECK(isfinite(p->cxx) && isfinite(p->cxy) && isfinite(p->cyy) &&
		       isfinite(p->czz));
	SKY_FUZZ_CHECK(p->cxx >= 0 && p->cyy >= 0 && p->czz >= 0);
	SKY_FUZZ_CHECK(p->cxx * p->cyy - p->cxy * p->cxy >= -1e-9 * p->cxx * p->cyy);
	SKY_FUZZ_CHECK(p->sensor < cfg.n_sensors);
}

static uint64_t fates(const uint64_t *c)
{
	uint64_t n = c[SKY_PD_PLOTS] + c[SKY_PD_SERVICE] + c[SKY_PD_UNKNOWN_SENSOR] +
		     c[SKY_PD_SOURCE_DENIED] + c[SKY_PD_NO_SACSIC];
	for (unsigned i = 1; i < SKY_NOPLOT_COUNT; i++)
		n += c[SKY_PD_NOPLOT_BASE + i];
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dec)
		setup();
	const uint64_t *c = sky_plot_decoder_counters(dec);
	uint64_t records0 = c[SKY_PD_RECORDS], fates0 = fates(c), plots0 = c[SKY_PD_PLOTS];
	struct sky_dgram_info info = {.time_ns = 1717243200000000000ull, .rx_tsc = 1,
				      .src_ip = 0x0a00000a};
	unsigned seen = 0;
	unsigned n = sky_plot_decode(dec, data, size, &info, check_plot, &seen);
	SKY_FUZZ_CHECK(n == seen);
	SKY_FUZZ_CHECK(c[SKY_PD_PLOTS] - plots0 == seen);
	SKY_FUZZ_CHECK(c[SKY_PD_RECORDS] - records0 == fates(c) - fates0);
	return 0;
}
