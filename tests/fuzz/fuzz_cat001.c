/*
 * fuzz_cat001.c - libFuzzer target for CAT001 plots and tracks (each
 * re-encoded with the UAP its TYP bit selects).
 *
 * Everything is in fuzz_common.h: the input goes through the datagram
 * decoder (every block, through the registry) and through the bare record
 * decoder for every edition; each accepted CAT001 record is re-encoded,
 * decoded again and compared with sky_cat001_equal, or the target traps.
 */
#include "cat001.h"
#include "fuzz_common.h"

SKY_FUZZ_ADAPTERS(001, sky_cat001_equal)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sky_fuzz_codec codec = {
		.category = &sky_cat001_category, .encode = fuzz_encode, .same = fuzz_same,
	};
	return sky_fuzz_run(&codec, data, size);
}
