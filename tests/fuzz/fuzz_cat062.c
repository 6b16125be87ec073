/*
 * fuzz_cat062.c - libFuzzer target for the CAT062 codec.
 *
 * fuzz_common.h runs the input through the datagram decoder and the bare
 * record decoder for every edition and round-trips every accepted record
 * (compared with sky_cat062_equal). On top of that, every accepted record
 * is encoded into a buffer of exactly its size - the encoder's slow path,
 * where the roomy buffer took the fast path - which must give the same
 * bytes, and one byte less must be refused. (Callsigns round-trip exactly
 * too: undefined ICAO codes decode as '#', which encodes as code 0.)
 */
#include "cat062.h"
#include "fuzz_common.h"

SKY_FUZZ_ADAPTERS(062, sky_cat062_equal)

static void encodes_in_exact_room(const void *rec, const uint8_t *enc, size_t n)
{
	uint8_t exact[SKY_CAT062_MAX_RECORD];
	SKY_FUZZ_CHECK(n <= SKY_CAT062_MAX_RECORD);
	SKY_FUZZ_CHECK(sky_cat062_encode(rec, exact, n) == n && memcmp(enc, exact, n) == 0);
	SKY_FUZZ_CHECK(sky_cat062_encode(rec, exact, n - 1) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sky_fuzz_codec codec = {
		.category = &sky_cat062_category, .encode = fuzz_encode, .same = fuzz_same,
		.check_encoding = encodes_in_exact_room,
	};
	return sky_fuzz_run(&codec, data, size);
}
