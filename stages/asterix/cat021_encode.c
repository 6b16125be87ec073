/*
 * cat021_encode.c - CAT021 (ADS-B target reports) encoder, editions 2.6 and
 * 0.26 (r->edition chooses).
 *
 * Used by the scenario simulator and by the codec's own round-trip tests and
 * fuzzer, so it writes every item the decoder extracts, byte for byte the
 * layout the decoder reads: a table per edition lists, in FRN order, the
 * present bit, the FRN and a writer. Items the decoder only walks (I021/110
 * points, Mode S registers beyond SKY_CAT021_MB_MAX, RE, SP) are not
 * written. Field values are masked to their widths, never range-checked: the
 * caller owns the values.
 */
#include "ast_block.h"
#include "cat021.h"

typedef void (*put_fn)(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
		       unsigned frn);

static void put_u8(struct sky_ast_rec_builder *rb, unsigned frn, uint8_t v)
{
	*sky_ast_rb_item(rb, frn, 1) = v;
}

static void put_u16(struct sky_ast_rec_builder *rb, unsigned frn, uint32_t v)
{
	sky_wr16(sky_ast_rb_item(rb, frn, 2), v);
}

static void put_u24(struct sky_ast_rec_builder *rb, unsigned frn, uint32_t v)
{
	sky_wr24(sky_ast_rb_item(rb, frn, 3), v & 0xffffffu);
}

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/* Copy n octets of an extended item, FX set on all but the last. */
static void put_extended(struct sky_ast_rec_builder *rb, unsigned frn,
			 const uint8_t *oct, unsigned n)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, n);
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)((oct[i] & 0xfe) | (i + 1 < n));
}

static void put_008(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->aos);
}

static void put_010(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)r->sac << 8 | r->sic);
}

static void put_015(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->service_id);
}

static void put_016(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->report_period);
}

static void put_020(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->emitter_cat);
}

static void put_030(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->tod);
}

static void put_032(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->tod_acc);
}

static void put_040(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t o[5];
	o[0] = (uint8_t)((r->atp & 7) << 5 | (r->arc & 3) << 3 | (r->rc & 1) << 2 |
			 (r->rab & 1) << 1);
	o[1] = (uint8_t)((r->dcr & 1) << 7 | (r->gbs & 1) << 6 | (r->sim & 1) << 5 |
			 (r->tst & 1) << 4 | (r->saa & 1) << 3 | (r->cl & 3) << 1);
	o[2] = (uint8_t)((r->llc & 1) << 6 | (r->ipc & 1) << 5 | (r->nogo & 1) << 4 |
			 (r->cpr & 1) << 3 | (r->ldpj & 1) << 2 | (r->rcf & 1) << 1);
	o[3] = (uint8_t)(r->tbc << 1);
	o[4] = (uint8_t)(r->mbc << 1);
	put_extended(rb, frn, o, 1u + (r->trd_ext > 4 ? 4 : r->trd_ext));
}

static void put_040_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 2);
	p[0] = (uint8_t)((r->dcr & 1) << 7 | (r->gbs & 1) << 6 | (r->sim & 1) << 5 |
			 (r->tst & 1) << 4 | (r->rab & 1) << 3 | (r->saa & 1) << 2 |
			 (r->spi & 1) << 1);
	p[1] = (uint8_t)((r->atp & 7) << 5 | (r->arc & 3) << 3);
}

static void put_070(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, r->mode3a & 0xfffu);
}

static void put_070_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->m3a_v & 1) << 15 | (uint32_t)(r->m3a_g & 1) << 14 |
			 (uint32_t)(r->m3a_l & 1) << 13 | (r->mode3a & 0xfffu));
}

static void put_071(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->toa_pos);
}

static void put_072(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->toa_vel);
}

static void put_073(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->tomr_pos);
}

static void put_074(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	sky_wr32(sky_ast_rb_item(rb, frn, 4),
		 (uint32_t)(r->tomr_pos_fsi & 3) << 30 | (r->tomr_pos_frac & 0x3fffffffu));
}

static void put_075(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->tomr_vel);
}

static void put_076(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	sky_wr32(sky_ast_rb_item(rb, frn, 4),
		 (uint32_t)(r->tomr_vel_fsi & 3) << 30 | (r->tomr_vel_frac & 0x3fffffffu));
}

static void put_077(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->tart);
}

static void put_080(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u24(rb, frn, r->address);
}

static void put_090(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t o[4];
	o[0] = (uint8_t)((r->nucr_nacv & 7) << 5 | (r->nucp_nic & 15) << 1);
	o[1] = (uint8_t)((r->nic_baro & 1) << 7 | (r->sil & 3) << 5 | (r->nacp & 15) << 1);
	o[2] = (uint8_t)((r->sils & 1) << 5 | (r->sda & 3) << 3 | (r->gva & 3) << 1);
	o[3] = (uint8_t)((r->pic & 15) << 4);
	put_extended(rb, frn, o, 1u + (r->qi_ext > 3 ? 3 : r->qi_ext));
}

static void put_090_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->fom_ac & 3) << 14 | (uint32_t)(r->fom_mn & 3) << 12 |
			 (uint32_t)(r->fom_dc & 3) << 10 | (r->fom_pa & 15u));
}

static void put_095(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->velocity_acc);
}

static void put_130(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 6);
	sky_wr24(p, (uint32_t)r->lat & 0xffffffu);
	sky_wr24(p + 3, (uint32_t)r->lon & 0xffffffu);
}

static void put_130_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 8);
	sky_wr32(p, (uint32_t)r->lat);
	sky_wr32(p + 4, (uint32_t)r->lon);
}

static void put_131(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 8);
	sky_wr32(p, (uint32_t)r->lat_hr);
	sky_wr32(p + 4, (uint32_t)r->lon_hr);
}

static void put_131_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u8(rb, frn, r->sig_amp);
}

static void put_132(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, (uint8_t)r->amplitude);
}

static void put_140(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint16_t)r->geo_height);
}

static void put_145(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint16_t)r->fl);
}

static void put_146(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->sel_alt_sas & 1) << 15 |
			 (uint32_t)(r->sel_alt_src & 3) << 13 | ((uint32_t)r->sel_alt & 0x1fffu));
}

static void put_148(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->fss_mv & 1) << 15 | (uint32_t)(r->fss_ah & 1) << 14 |
			 (uint32_t)(r->fss_am & 1) << 13 | ((uint32_t)r->fss_alt & 0x1fffu));
}

static void put_150(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->air_speed_im & 1) << 15 | (r->air_speed & 0x7fffu));
}

static void put_151(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->tas_re & 1) << 15 | (r->tas & 0x7fffu));
}

static void put_151_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u16(rb, frn, r->tas);
}

static void put_152(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, r->mag_heading);
}

static void put_155(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->bvr_re & 1) << 15 | ((uint32_t)r->bvr & 0x7fffu));
}

static void put_155_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u16(rb, frn, (uint16_t)r->bvr);
}

static void put_157(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)(r->gvr_re & 1) << 15 | ((uint32_t)r->gvr & 0x7fffu));
}

static void put_157_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u16(rb, frn, (uint16_t)r->gvr);
}

static void put_160(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 4);
	sky_wr16(p, (uint32_t)(r->gs_re & 1) << 15 | ((uint32_t)r->gs & 0x7fffu));
	sky_wr16(p + 2, r->track_angle);
}

static void put_160_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	uint8_t *p = sky_ast_rb_item(rb, frn, 4);
	sky_wr16(p, (uint16_t)r->gs);
	sky_wr16(p + 2, r->track_angle);
}

static void put_161(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, r->track_number & 0xfffu);
}

static void put_165(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint32_t)r->tar & 0x3ffu);
}

static void put_165_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	uint8_t o[2] = {(uint8_t)((r->rot_ti & 3) << 6), (uint8_t)((uint8_t)r->rot << 1)};
	put_extended(rb, frn, o, r->rot_ext ? 2 : 1);
}

static void put_170(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	sky_ast_icao6_encode(r->callsign, sky_ast_rb_item(rb, frn, 6));
}

static void put_200(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, (uint8_t)((r->icf & 1) << 7 | (r->lnav & 1) << 6 | (r->me & 1) << 5 |
				  (r->ps & 7) << 2 | (r->ss & 3)));
}

static void put_200_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u8(rb, frn, r->ps);
}

static void put_210(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, (uint8_t)((r->vns & 1) << 6 | (r->vn & 7) << 3 | (r->ltt & 7)));
}

static void put_210_026(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
			unsigned frn)
{
	put_u8(rb, frn, r->lti & 0x1f);
}

static void put_220(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	static const uint8_t size[4] = {2, 2, 2, 1};
	unsigned m = r->met_present & 15u, n = 1;
	for (unsigned i = 0; i < 4; i++)
		n += (m >> i & 1) ? size[i] : 0;
	uint8_t *p = sky_ast_rb_item(rb, frn, n), *q = p + 1;
	p[0] = (uint8_t)((m & 1) << 7 | (m & 2) << 5 | (m & 4) << 3 | (m & 8) << 1);
	if (m & 1) {
		sky_wr16(q, r->wind_speed);
		q += 2;
	}
	if (m & 2) {
		sky_wr16(q, r->wind_dir);
		q += 2;
	}
	if (m & 4) {
		sky_wr16(q, (uint16_t)r->temperature);
		q += 2;
	}
	if (m & 8)
		q[0] = r->turbulence;
}

static void put_230(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u16(rb, frn, (uint16_t)r->roll);
}

static void put_250(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	unsigned n = r->mb_count < SKY_CAT021_MB_MAX ? r->mb_count : SKY_CAT021_MB_MAX;
	uint8_t *p = sky_ast_rb_item(rb, frn, 1 + 8 * n);
	p[0] = (uint8_t)n;
	for (unsigned i = 0; i < n; i++)
		put_be(p + 1 + 8 * i, r->mb[i], 8);
}

static void put_260(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_be(sky_ast_rb_item(rb, frn, 7), r->acas_ra, 7);
}

static void put_271(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint8_t o[2] = {(uint8_t)(r->scc & 0x3e), (uint8_t)((r->scc_lw & 15) << 4)};
	put_extended(rb, frn, o, r->scc_ext ? 2 : 1);
}

/* Compound of up to 23 one-octet ages: bitmap of 1..4 octets, then the ages. */
static void put_295(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	uint32_t m = r->ages_present & ((1u << SKY_CAT021_AGES) - 1);
	unsigned nb = m ? (31u - (unsigned)__builtin_clz(m)) / 7 + 1 : 1;
	uint8_t *p = sky_ast_rb_item(rb, frn, nb + (unsigned)__builtin_popcount(m));
	uint8_t *q = p + nb;
	for (unsigned b = 0; b < nb; b++)
		p[b] = (uint8_t)(b + 1 < nb);
	for (unsigned i = 0; i < SKY_CAT021_AGES; i++) {
		if (!((m >> i) & 1))
			continue;
		p[i / 7] |= (uint8_t)(0x80u >> (i % 7));
		*q++ = r->ages[i];
	}
}

static void put_400(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb, unsigned frn)
{
	put_u8(rb, frn, r->receiver_id);
}

struct frn_put {
	uint8_t bit;
	uint8_t frn;
	put_fn put;
};

#define P(b, n, f) {.bit = SKY_CAT021_##b, .frn = n, .put = f}

/* FRN order; 110 (34), RE (48), SP (49) are not written. */
static const struct frn_put puts_2_6[] = {
	P(I010, 1, put_010), P(I040, 2, put_040), P(I161, 3, put_161),
	P(I015, 4, put_015), P(I071, 5, put_071), P(I130, 6, put_130),
	P(I131, 7, put_131), P(I072, 8, put_072), P(I150, 9, put_150),
	P(I151, 10, put_151), P(I080, 11, put_080), P(I073, 12, put_073),
	P(I074, 13, put_074), P(I075, 14, put_075), P(I076, 15, put_076),
	P(I140, 16, put_140), P(I090, 17, put_090), P(I210, 18, put_210),
	P(I070, 19, put_070), P(I230, 20, put_230), P(I145, 21, put_145),
	P(I152, 22, put_152), P(I200, 23, put_200), P(I155, 24, put_155),
	P(I157, 25, put_157), P(I160, 26, put_160), P(I165, 27, put_165),
	P(I077, 28, put_077), P(I170, 29, put_170), P(I020, 30, put_020),
	P(I220, 31, put_220), P(I146, 32, put_146), P(I148, 33, put_148),
	P(I016, 35, put_016), P(I008, 36, put_008), P(I271, 37, put_271),
	P(I132, 38, put_132), P(I250, 39, put_250), P(I260, 40, put_260),
	P(I400, 41, put_400), P(I295, 42, put_295),
};

/* FRN order; 110 (26), RE (34), SP (35) are not written. */
static const struct frn_put puts_0_26[] = {
	P(I010, 1, put_010), P(I040, 2, put_040_026), P(I030, 3, put_030),
	P(I130, 4, put_130_026), P(I080, 5, put_080), P(I140, 6, put_140),
	P(I090, 7, put_090_026), P(I210, 8, put_210_026), P(I230, 9, put_230),
	P(I145, 10, put_145), P(I150, 11, put_150), P(I151, 12, put_151_026),
	P(I152, 13, put_152), P(I155, 14, put_155_026), P(I157, 15, put_157_026),
	P(I160, 16, put_160_026), P(I165, 17, put_165_026), P(I170, 18, put_170),
	P(I095, 19, put_095), P(I032, 20, put_032), P(I200, 21, put_200_026),
	P(I020, 22, put_020), P(I220, 23, put_220), P(I146, 24, put_146),
	P(I148, 25, put_148), P(I070, 27, put_070_026), P(I131_SA, 28, put_131_026),
};

static void put_all(const struct sky_cat021 *r, struct sky_ast_rec_builder *rb,
		    const struct frn_put *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((r->present >> t[i].bit) & 1)
			t[i].put(r, rb, t[i].frn);
}

size_t sky_cat021_encode(const struct sky_cat021 *r, uint8_t *buf, size_t cap)
{
	struct sky_ast_rec_builder rb;
	sky_ast_rb_init(&rb, buf, cap);
	if (r->edition == SKY_CAT021_ED_0_26)
		put_all(r, &rb, puts_0_26, sizeof(puts_0_26) / sizeof(puts_0_26[0]));
	else
		put_all(r, &rb, puts_2_6, sizeof(puts_2_6) / sizeof(puts_2_6[0]));
	return sky_ast_rb_finish(&rb);
}
