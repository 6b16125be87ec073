/*
 * cat021_gen.h - random valid CAT021 records and field-wise comparison,
 * shared by the CAT021 unit and tshark tests.
 *
 * The generator writes records in canonical form: the struct is zeroed
 * first, only fields of present items are set, within their widths, and
 * fields the item cannot carry (extensions left out, the other edition's
 * layout) stay zero - exactly what the decoder produces, so decoded and
 * generated records compare field by field.
 */
#ifndef SKY_TEST_CAT021_GEN_H
#define SKY_TEST_CAT021_GEN_H

#include <string.h>

#include "cat021.h"
#include "testlib.h"

#define GEN_B(b) SKY_CAT021_BIT(b)

/* Items the encoder writes, per edition. */
#define CAT021_GEN_ITEMS_2_6                                                    \
	(GEN_B(I008) | GEN_B(I010) | GEN_B(I015) | GEN_B(I016) | GEN_B(I020) |  \
	 GEN_B(I040) | GEN_B(I070) | GEN_B(I071) | GEN_B(I072) | GEN_B(I073) |  \
	 GEN_B(I074) | GEN_B(I075) | GEN_B(I076) | GEN_B(I077) | GEN_B(I080) |  \
	 GEN_B(I090) | GEN_B(I130) | GEN_B(I131) | GEN_B(I132) | GEN_B(I140) |  \
	 GEN_B(I145) | GEN_B(I146) | GEN_B(I148) | GEN_B(I150) | GEN_B(I151) |  \
	 GEN_B(I152) | GEN_B(I155) | GEN_B(I157) | GEN_B(I160) | GEN_B(I161) |  \
	 GEN_B(I165) | GEN_B(I170) | GEN_B(I200) | GEN_B(I210) | GEN_B(I220) |  \
	 GEN_B(I230) | GEN_B(I250) | GEN_B(I260) | GEN_B(I271) | GEN_B(I295) |  \
	 GEN_B(I400))
#define CAT021_GEN_ITEMS_0_26                                                   \
	(GEN_B(I010) | GEN_B(I020) | GEN_B(I030) | GEN_B(I032) | GEN_B(I040) |  \
	 GEN_B(I070) | GEN_B(I080) | GEN_B(I090) | GEN_B(I095) | GEN_B(I130) |  \
	 GEN_B(I131_SA) | GEN_B(I140) | GEN_B(I145) | GEN_B(I146) |             \
	 GEN_B(I148) | GEN_B(I150) | GEN_B(I151) | GEN_B(I152) | GEN_B(I155) |  \
	 GEN_B(I157) | GEN_B(I160) | GEN_B(I165) | GEN_B(I170) | GEN_B(I200) |  \
	 GEN_B(I210) | GEN_B(I220) | GEN_B(I230))

static inline uint32_t gen_u(uint64_t *s, unsigned bits)
{
	return (uint32_t)(sky_test_rand(s) & ((1ull << bits) - 1));
}

static inline int32_t gen_s(uint64_t *s, unsigned bits)
{
	return sky_sext(gen_u(s, bits), bits);
}

static inline int32_t gen_range(uint64_t *s, int32_t lo, int32_t hi)
{
	return lo + (int32_t)sky_test_rand_below(s, (uint32_t)(hi - lo + 1));
}

static inline void gen_callsign(uint64_t *s, char out[9])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
	unsigned n = 1 + sky_test_rand_below(s, 8);
	for (unsigned i = 0; i < n; i++)
		out[i] = set[sky_test_rand_below(s, sizeof(set) - 1)];
	out[0] = out[0] == ' ' ? 'X' : out[0];
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static inline void gen_040(struct sky_cat021 *r, uint64_t *s)
{
	r->atp = (uint8_t)gen_u(s, 3);
	r->arc = (uint8_t)gen_u(s, 2);
	r->rab = (uint8_t)gen_u(s, 1);
	r->dcr = (uint8_t)gen_u(s, 1);
	r->gbs = (uint8_t)gen_u(s, 1);
	r->sim = (uint8_t)gen_u(s, 1);
	r->tst = (uint8_t)gen_u(s, 1);
	r->saa = (uint8_t)gen_u(s, 1);
	if (r->edition == SKY_CAT021_ED_0_26) {
		r->spi = (uint8_t)gen_u(s, 1);
		return;
	}
	r->rc = (uint8_t)gen_u(s, 1);
	r->trd_ext = (uint8_t)sky_test_rand_below(s, 5);
	if (r->trd_ext < 1)
		r->dcr = r->gbs = r->sim = r->tst = r->saa = 0;
	else
		r->cl = (uint8_t)gen_u(s, 2);
	if (r->trd_ext >= 2) {
		r->llc = (uint8_t)gen_u(s, 1);
		r->ipc = (uint8_t)gen_u(s, 1);
		r->nogo = (uint8_t)gen_u(s, 1);
		r->cpr = (uint8_t)gen_u(s, 1);
		r->ldpj = (uint8_t)gen_u(s, 1);
		r->rcf = (uint8_t)gen_u(s, 1);
	}
	if (r->trd_ext >= 3)
		r->tbc = (uint8_t)gen_u(s, 7);
	if (r->trd_ext >= 4)
		r->mbc = (uint8_t)gen_u(s, 7);
}

static inline void gen_090(struct sky_cat021 *r, uint64_t *s)
{
	if (r->edition == SKY_CAT021_ED_0_26) {
		r->fom_ac = (uint8_t)gen_u(s, 2);
		r->fom_mn = (uint8_t)gen_u(s, 2);
		r->fom_dc = (uint8_t)gen_u(s, 2);
		r->fom_pa = (uint8_t)gen_u(s, 4);
		return;
	}
	r->qi_ext = (uint8_t)sky_test_rand_below(s, 4);
	r->nucr_nacv = (uint8_t)gen_u(s, 3);
	r->nucp_nic = (uint8_t)gen_u(s, 4);
	if (r->qi_ext >= 1) {
		r->nic_baro = (uint8_t)gen_u(s, 1);
		r->sil = (uint8_t)gen_u(s, 2);
		r->nacp = (uint8_t)gen_u(s, 4);
	}
	if (r->qi_ext >= 2) {
		r->sils = (uint8_t)gen_u(s, 1);
		r->sda = (uint8_t)gen_u(s, 2);
		r->gva = (uint8_t)gen_u(s, 2);
	}
	if (r->qi_ext >= 3)
		r->pic = (uint8_t)gen_u(s, 4);
}

static inline void gen_times(struct sky_cat021 *r, uint64_t *s)
{
	r->tod = gen_u(s, 24);
	r->tod_acc = (uint8_t)gen_u(s, 8);
	r->toa_pos = gen_u(s, 24);
	r->toa_vel = gen_u(s, 24);
	r->tomr_pos = gen_u(s, 24);
	r->tomr_pos_fsi = (uint8_t)gen_range(s, 0, 2);
	r->tomr_pos_frac = gen_u(s, 30);
	r->tomr_vel = gen_u(s, 24);
	r->tomr_vel_fsi = (uint8_t)gen_range(s, 0, 2);
	r->tomr_vel_frac = gen_u(s, 30);
	r->tart = gen_u(s, 24);
}

static inline void gen_position(struct sky_cat021 *r, uint64_t *s)
{
	if (r->edition == SKY_CAT021_ED_0_26) {
		r->lat = gen_range(s, -(1 << 24), 1 << 24);
		r->lon = gen_range(s, -(1 << 25), (1 << 25) - 1);
	} else {
		r->lat = gen_range(s, -(1 << 22), 1 << 22);
		r->lon = gen_s(s, 24);
	}
	r->lat_hr = gen_range(s, -(1 << 29), 1 << 29);
	r->lon_hr = (int32_t)gen_u(s, 32);
	r->geo_height = (int16_t)gen_s(s, 16);
	r->fl = (int16_t)gen_s(s, 16);
	r->sel_alt_sas = (uint8_t)gen_u(s, 1);
	r->sel_alt_src = (uint8_t)gen_u(s, 2);
	r->sel_alt = (int16_t)gen_s(s, 13);
	r->fss_mv = (uint8_t)gen_u(s, 1);
	r->fss_ah = (uint8_t)gen_u(s, 1);
	r->fss_am = (uint8_t)gen_u(s, 1);
	r->fss_alt = (int16_t)gen_s(s, 13);
}

static inline void gen_velocity(struct sky_cat021 *r, uint64_t *s)
{
	bool old = r->edition == SKY_CAT021_ED_0_26;
	r->air_speed_im = (uint8_t)gen_u(s, 1);
	r->air_speed = (uint16_t)gen_u(s, 15);
	r->tas_re = old ? 0 : (uint8_t)gen_u(s, 1);
	r->tas = (uint16_t)gen_u(s, old ? 16 : 15);
	r->mag_heading = (uint16_t)gen_u(s, 16);
	r->bvr_re = old ? 0 : (uint8_t)gen_u(s, 1);
	r->bvr = (int16_t)gen_s(s, old ? 16 : 15);
	r->gvr_re = old ? 0 : (uint8_t)gen_u(s, 1);
	r->gvr = (int16_t)gen_s(s, old ? 16 : 15);
	r->gs_re = old ? 0 : (uint8_t)gen_u(s, 1);
	r->gs = (int16_t)(old ? gen_s(s, 16) : (int32_t)gen_u(s, 15));
	r->track_angle = (uint16_t)gen_u(s, 16);
	if (old) {
		r->rot_ti = (uint8_t)gen_u(s, 2);
		r->rot_ext = (uint8_t)gen_u(s, 1);
		r->rot = (int8_t)(r->rot_ext ? gen_s(s, 7) : 0);
	} else {
		r->tar = (int16_t)gen_s(s, 10);
	}
	r->roll = (int16_t)gen_s(s, 16);
}

static inline void gen_status(struct sky_cat021 *r, uint64_t *s)
{
	if (r->edition == SKY_CAT021_ED_0_26) {
		r->ps = (uint8_t)gen_u(s, 8);
		r->lti = (uint8_t)gen_u(s, 5);
		return;
	}
	r->icf = (uint8_t)gen_u(s, 1);
	r->lnav = (uint8_t)gen_u(s, 1);
	r->me = (uint8_t)gen_u(s, 1);
	r->ps = (uint8_t)gen_u(s, 3);
	r->ss = (uint8_t)gen_u(s, 2);
	r->vns = (uint8_t)gen_u(s, 1);
	r->vn = (uint8_t)gen_u(s, 3);
	r->ltt = (uint8_t)gen_u(s, 3);
	r->aos = (uint8_t)gen_u(s, 8);
	r->scc = (uint8_t)(gen_u(s, 8) & 0x3e);
	r->scc_ext = (uint8_t)gen_u(s, 1);
	r->scc_lw = (uint8_t)(r->scc_ext ? gen_u(s, 4) : 0);
}

static inline void gen_misc(struct sky_cat021 *r, uint64_t *s)
{
	r->velocity_acc = (uint8_t)gen_u(s, 8);
	r->sig_amp = (uint8_t)gen_u(s, 8);
	r->amplitude = (int8_t)gen_s(s, 8);
	r->met_present = (uint8_t)(1 + sky_test_rand_below(s, 15));
	r->wind_speed = (r->met_present & 1) ? (uint16_t)gen_u(s, 16) : 0;
	r->wind_dir = (r->met_present & 2) ? (uint16_t)gen_u(s, 16) : 0;
	r->temperature = (r->met_present & 4) ? (int16_t)gen_s(s, 16) : 0;
	r->turbulence = (r->met_present & 8) ? (uint8_t)gen_u(s, 8) : 0;
	r->mb_count = (uint8_t)sky_test_rand_below(s, SKY_CAT021_MB_MAX + 1);
	for (unsigned i = 0; i < r->mb_count; i++)
		r->mb[i] = sky_test_rand(s);
	r->acas_ra = sky_test_rand(s) >> 8;
	r->ages_present = 1 + sky_test_rand_below(s, (1u << SKY_CAT021_AGES) - 1);
	for (unsigned i = 0; i < SKY_CAT021_AGES; i++)
		if ((r->ages_present >> i) & 1)
			r->ages[i] = (uint8_t)gen_u(s, 8);
}

/* Clear the fields of absent items so the record is canonical. */
static inline void gen_clear_absent(struct sky_cat021 *r)
{
	struct sky_cat021 z;
	memset(&z, 0, sizeof(z));
#define KEEP(item, field) if (r->present & GEN_B(item)) z.field = r->field
	KEEP(I010, sac); KEEP(I010, sic); KEEP(I015, service_id);
	KEEP(I016, report_period); KEEP(I020, emitter_cat); KEEP(I161, track_number);
	KEEP(I070, mode3a); KEEP(I070, m3a_v); KEEP(I070, m3a_g); KEEP(I070, m3a_l);
	KEEP(I080, address); KEEP(I400, receiver_id);
	KEEP(I040, trd_ext); KEEP(I040, atp); KEEP(I040, arc); KEEP(I040, rc);
	KEEP(I040, rab); KEEP(I040, dcr); KEEP(I040, gbs); KEEP(I040, sim);
	KEEP(I040, tst); KEEP(I040, saa); KEEP(I040, cl); KEEP(I040, llc);
	KEEP(I040, ipc); KEEP(I040, nogo); KEEP(I040, cpr); KEEP(I040, ldpj);
	KEEP(I040, rcf); KEEP(I040, tbc); KEEP(I040, mbc); KEEP(I040, spi);
	KEEP(I071, toa_pos); KEEP(I072, toa_vel); KEEP(I073, tomr_pos);
	KEEP(I074, tomr_pos_frac); KEEP(I074, tomr_pos_fsi); KEEP(I075, tomr_vel);
	KEEP(I076, tomr_vel_frac); KEEP(I076, tomr_vel_fsi); KEEP(I077, tart);
	KEEP(I030, tod); KEEP(I032, tod_acc);
	KEEP(I130, lat); KEEP(I130, lon); KEEP(I131, lat_hr); KEEP(I131, lon_hr);
	KEEP(I140, geo_height); KEEP(I145, fl);
	KEEP(I146, sel_alt); KEEP(I146, sel_alt_sas); KEEP(I146, sel_alt_src);
	KEEP(I148, fss_alt); KEEP(I148, fss_mv); KEEP(I148, fss_ah); KEEP(I148, fss_am);
	KEEP(I150, air_speed); KEEP(I150, air_speed_im); KEEP(I151, tas_re);
	KEEP(I151, tas); KEEP(I152, mag_heading); KEEP(I155, bvr); KEEP(I155, bvr_re);
	KEEP(I157, gvr); KEEP(I157, gvr_re); KEEP(I160, gs_re); KEEP(I160, gs);
	KEEP(I160, track_angle); KEEP(I165, tar); KEEP(I165, rot); KEEP(I165, rot_ti);
	KEEP(I165, rot_ext); KEEP(I230, roll);
	KEEP(I090, qi_ext); KEEP(I090, nucr_nacv); KEEP(I090, nucp_nic);
	KEEP(I090, nic_baro); KEEP(I090, sil); KEEP(I090, nacp); KEEP(I090, sils);
	KEEP(I090, sda); KEEP(I090, gva); KEEP(I090, pic); KEEP(I090, fom_ac);
	KEEP(I090, fom_mn); KEEP(I090, fom_dc); KEEP(I090, fom_pa);
	KEEP(I095, velocity_acc); KEEP(I131_SA, sig_amp); KEEP(I132, amplitude);
	KEEP(I008, aos); KEEP(I200, icf); KEEP(I200, lnav); KEEP(I200, me);
	KEEP(I200, ps); KEEP(I200, ss); KEEP(I210, vns); KEEP(I210, vn);
	KEEP(I210, ltt); KEEP(I210, lti); KEEP(I271, scc); KEEP(I271, scc_lw);
	KEEP(I271, scc_ext); KEEP(I220, met_present); KEEP(I220, turbulence);
	KEEP(I220, wind_speed); KEEP(I220, wind_dir); KEEP(I220, temperature);
	KEEP(I250, mb_count); KEEP(I260, acas_ra); KEEP(I295, ages_present);
#undef KEEP
	if (r->present & GEN_B(I170))
		memcpy(z.callsign, r->callsign, sizeof(z.callsign));
	if (r->present & GEN_B(I250))
		memcpy(z.mb, r->mb, sizeof(z.mb));
	if (r->present & GEN_B(I295))
		memcpy(z.ages, r->ages, sizeof(z.ages));
	z.present = r->present;
	z.edition = r->edition;
	*r = z;
}

/* A random valid record of the edition with items drawn from `allowed`. */
static inline void cat021_gen(struct sky_cat021 *r, unsigned edition, uint64_t allowed,
			      uint64_t *s)
{
	memset(r, 0, sizeof(*r));
	r->edition = (uint8_t)edition;
	r->present = (sky_test_rand(s) & allowed) | GEN_B(I010);
	r->sac = (uint8_t)gen_u(s, 8);
	r->sic = (uint8_t)gen_u(s, 8);
	r->service_id = (uint8_t)gen_u(s, 8);
	r->report_period = (uint8_t)gen_u(s, 8);
	r->emitter_cat = (uint8_t)gen_range(s, 0, 24);
	r->track_number = (uint16_t)gen_u(s, 12);
	r->mode3a = (uint16_t)gen_u(s, 12);
	if (edition == SKY_CAT021_ED_0_26) {
		r->m3a_v = (uint8_t)gen_u(s, 1);
		r->m3a_g = (uint8_t)gen_u(s, 1);
		r->m3a_l = (uint8_t)gen_u(s, 1);
	}
	r->address = gen_u(s, 24);
	gen_callsign(s, r->callsign);
	r->receiver_id = (uint8_t)gen_u(s, 8);
	gen_040(r, s);
	gen_090(r, s);
	gen_times(r, s);
	gen_position(r, s);
	gen_velocity(r, s);
	gen_status(r, s);
	gen_misc(r, s);
	gen_clear_absent(r);
}

/* Name of the first field that differs, or NULL when equal. */
static inline const char *cat021_diff(const struct sky_cat021 *a, const struct sky_cat021 *b)
{
#define CMP(f) if (a->f != b->f) return #f
	CMP(present); CMP(edition); CMP(sac); CMP(sic); CMP(service_id);
	CMP(report_period); CMP(emitter_cat); CMP(track_number); CMP(mode3a);
	CMP(m3a_v); CMP(m3a_g); CMP(m3a_l); CMP(address); CMP(receiver_id);
	CMP(trd_ext); CMP(atp); CMP(arc); CMP(rc); CMP(rab); CMP(dcr); CMP(gbs);
	CMP(sim); CMP(tst); CMP(saa); CMP(cl); CMP(llc); CMP(ipc); CMP(nogo);
	CMP(cpr); CMP(ldpj); CMP(rcf); CMP(tbc); CMP(mbc); CMP(spi);
	CMP(toa_pos); CMP(toa_vel); CMP(tomr_pos); CMP(tomr_pos_frac);
	CMP(tomr_vel); CMP(tomr_vel_frac); CMP(tart); CMP(tod);
	CMP(tomr_pos_fsi); CMP(tomr_vel_fsi); CMP(tod_acc);
	CMP(lat); CMP(lon); CMP(lat_hr); CMP(lon_hr); CMP(geo_height); CMP(fl);
	CMP(sel_alt); CMP(fss_alt); CMP(sel_alt_sas); CMP(sel_alt_src);
	CMP(fss_mv); CMP(fss_ah); CMP(fss_am); CMP(air_speed); CMP(air_speed_im);
	CMP(tas_re); CMP(tas); CMP(mag_heading); CMP(bvr); CMP(gvr); CMP(bvr_re);
	CMP(gvr_re); CMP(gs_re); CMP(gs); CMP(track_angle); CMP(tar); CMP(rot);
	CMP(rot_ti); CMP(rot_ext); CMP(roll); CMP(qi_ext); CMP(nucr_nacv);
	CMP(nucp_nic); CMP(nic_baro); CMP(sil); CMP(nacp); CMP(sils); CMP(sda);
	CMP(gva); CMP(pic); CMP(fom_ac); CMP(fom_mn); CMP(fom_dc); CMP(fom_pa);
	CMP(velocity_acc); CMP(sig_amp); CMP(amplitude); CMP(aos); CMP(icf);
	CMP(lnav); CMP(me); CMP(ps); CMP(ss); CMP(vns); CMP(vn); CMP(ltt); CMP(lti);
	CMP(scc); CMP(scc_lw); CMP(scc_ext); CMP(met_present); CMP(turbulence);
	CMP(wind_speed); CMP(wind_dir); CMP(temperature); CMP(ti_present);
	CMP(ti_nav); CMP(ti_nvb); CMP(ti_points); CMP(mb_count); CMP(re_len);
	CMP(sp_len); CMP(acas_ra); CMP(ages_present);
	for (unsigned i = 0; i < SKY_CAT021_MB_MAX; i++)
		CMP(mb[i]);
	for (unsigned i = 0; i < SKY_CAT021_AGES; i++)
		CMP(ages[i]);
#undef CMP
	if (strcmp(a->callsign, b->callsign) != 0)
		return "callsign";
	return NULL;
}

#endif
