/*
 * fuzz_cat002.c - libFuzzer target for CAT002 service messages.
 *
 * Everything is in fuzz_common.h: the input goes through the datagram
 * decoder (every block, through the registry) and through the bare record
 * decoder for every edition; each accepted CAT002 record is re-encoded,
 * decoded again and compared with sky_cat002_equal, or the target traps.
 */
#include "cat002.h"
#include "fuzz_common.h"

SKY_FUZZ_ADAPTERS(002, sky_cat002_equal)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sky_fuzz_codec codec = {
		.category = &sky_cat002_category, .encode = fuzz_encode, .same = fuzz_same,
	};
	return sky_fuzz_run(&codec, data, size);
}
