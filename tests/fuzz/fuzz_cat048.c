/*
 * fuzz_cat048.c - libFuzzer target for CAT048.
 *
 * fuzz_common.h runs the input through the datagram decoder and the bare
 * record decoder for every edition and round-trips every accepted record
 * (compared with sky_cat048_same). On top of that, the bare decode must
 * delimit exactly what the generic walker delimits - the decoder has its own
 * fast paths - and fail with the walker's reason, FRN and offset.
 */
#include "cat048.h"
#include "fuzz_common.h"

SKY_FUZZ_ADAPTERS(048, sky_cat048_same)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sky_fuzz_codec codec = {
		.category = &sky_cat048_category, .encode = fuzz_encode, .same = fuzz_same,
		.bare_agrees_with_walker = true,
	};
	return sky_fuzz_run(&codec, data, size);
}
