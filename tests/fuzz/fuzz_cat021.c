/*
 * fuzz_cat021.c - libFuzzer target for the CAT021 codec.
 *
 * fuzz_common.h does the work for both editions (2.6 and 0.26): only the
 * input's CAT021 blocks go through the datagram decoder's block path (blocks
 * of other categories are skipped so findings stay ours), the input is also
 * decoded as one bare record, and every accepted record is re-encoded and
 * decoded again. What is CAT021's own is the comparison below: the encoder
 * leaves out some items it decodes, so only the rest must survive; and the
 * bare decode, which sizes well-formed records itself, must delimit exactly
 * what the generic walker delimits and fail with the walker's reason, FRN
 * and offset.
 */
#include "cat021.h"
#include "fuzz_common.h"

#define CHECK SKY_FUZZ_CHECK

/* Items the decoder reads but the encoder does not write back. */
#define NOT_ENCODED (SKY_CAT021_BIT(I110) | SKY_CAT021_BIT(RE) | SKY_CAT021_BIT(SP))

static bool same_fields(const struct sky_cat021 *a, const struct sky_cat021 *b)
{
	CHECK(b->present == (a->present & ~NOT_ENCODED));
	CHECK(b->edition == a->edition);
	CHECK(a->sac == b->sac && a->sic == b->sic);
	if (sky_cat021_has(a, SKY_CAT021_I080))
		CHECK(a->address == b->address);
	if (sky_cat021_has(a, SKY_CAT021_I130))
		CHECK(a->lat == b->lat && a->lon == b->lon);
	if (sky_cat021_has(a, SKY_CAT021_I131))
		CHECK(a->lat_hr == b->lat_hr && a->lon_hr == b->lon_hr);
	if (sky_cat021_has(a, SKY_CAT021_I145))
		CHECK(a->fl == b->fl);
	if (sky_cat021_has(a, SKY_CAT021_I071))
		CHECK(a->toa_pos == b->toa_pos);
	if (sky_cat021_has(a, SKY_CAT021_I160))
		CHECK(a->gs == b->gs && a->track_angle == b->track_angle);
	if (sky_cat021_has(a, SKY_CAT021_I040))
		CHECK(a->atp == b->atp && a->sim == b->sim && a->trd_ext == b->trd_ext);
	if (sky_cat021_has(a, SKY_CAT021_I090) && a->edition == SKY_CAT021_ED_2_6)
		CHECK(a->qi_ext == b->qi_ext && a->nacp == b->nacp && a->pic == b->pic);
	if (sky_cat021_has(a, SKY_CAT021_I090) && a->edition == SKY_CAT021_ED_0_26)
		CHECK(a->fom_pa == b->fom_pa && a->fom_ac == b->fom_ac);
	if (sky_cat021_has(a, SKY_CAT021_I170))
		CHECK(strcmp(a->callsign, b->callsign) == 0);
	if (sky_cat021_has(a, SKY_CAT021_I295))
		CHECK(a->ages_present == b->ages_present);
	return true; /* each CHECK traps where it fails */
}

SKY_FUZZ_ADAPTERS(021, same_fields)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sky_fuzz_codec codec = {
		.category = &sky_cat021_category, .encode = fuzz_encode, .same = fuzz_same,
		.own_blocks_only = true, .bare_agrees_with_walker = true,
	};
	return sky_fuzz_run(&codec, data, size);
}
