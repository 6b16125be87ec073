/*
 * kf_cv.c - constant-velocity Kalman filter (see kf_cv.h).
 *
 * Written out element by element: the matrices are tiny and fixed, so
 * explicit algebra is both the fastest and the easiest to check against the
 * textbook (Bar-Shalom, Li, Kirubarajan, "Estimation with Applications to
 * Tracking and Navigation", ch. 6: discretised continuous white noise
 * acceleration model, Q = q [dt^3/3 dt^2/2; dt^2/2 dt] per axis).
 */
#include <string.h>

#include "kf_cv.h"

void sky_kf_cv_init(struct sky_kf_cv *f, double x, double y, double cxx,
		    double cxy, double cyy, double sigma_v)
{
	memset(f, 0, sizeof(*f));
	f->s[0] = x;
	f->s[1] = y;
	f->P[0][0] = cxx;
	f->P[0][1] = f->P[1][0] = cxy;
	f->P[1][1] = cyy;
	f->P[2][2] = f->P[3][3] = sigma_v * sigma_v;
}

void sky_kf_cv_init_z(struct sky_kf_cv *f, double z, double czz, double sigma_vz)
{
	f->zs[0] = z;
	f->zs[1] = 0;
	f->zP[0][0] = czz;
	f->zP[0][1] = f->zP[1][0] = 0;
	f->zP[1][1] = sigma_vz * sigma_vz;
	f->has_z = true;
}

/* P <- F P F' + Q for the horizontal state, F = [I dtI; 0 I]. */
static void predict_horizontal(struct sky_kf_cv *f, double dt, double q)
{
	double (*P)[4] = f->P;
	double A[4][4];
	/* A = F P */
	for (int j = 0; j < 4; j++) {
		A[0][j] = P[0][j] + dt * P[2][j];
		A[1][j] = P[1][j] + dt * P[3][j];
		A[2][j] = P[2][j];
		A[3][j] = P[3][j];
	}
	/* P = A F' */
	for (int i = 0; i < 4; i++) {
		P[i][0] = A[i][0] + dt * A[i][2];
		P[i][1] = A[i][1] + dt * A[i][3];
		P[i][2] = A[i][2];
		P[i][3] = A[i][3];
	}
	double q11 = q * dt * dt * dt / 3, q12 = q * dt * dt / 2, q22 = q * dt;
	P[0][0] += q11; P[1][1] += q11;
	P[0][2] += q12; P[2][0] += q12;
	P[1][3] += q12; P[3][1] += q12;
	P[2][2] += q22; P[3][3] += q22;
	f->s[0] += dt * f->s[2];
	f->s[1] += dt * f->s[3];
}

static void predict_vertical(struct sky_kf_cv *f, double dt, double qz)
{
	double (*P)[2] = f->zP;
	double p00 = P[0][0] + 2 * dt * P[0][1] + dt * dt * P[1][1] + qz * dt * dt * dt / 3;
	double p01 = P[0][1] + dt * P[1][1] + qz * dt * dt / 2;
	double p11 = P[1][1] + qz * dt;
	P[0][0] = p00;
	P[0][1] = P[1][0] = p01;
	P[1][1] = p11;
	f->zs[0] += dt * f->zs[1];
}

void sky_kf_cv_predict(struct sky_kf_cv *f, double dt, double q, double qz)
{
	if (dt <= 0)
		return;
	predict_horizontal(f, dt, q);
	if (f->has_z)
		predict_vertical(f, dt, qz);
}

double sky_kf_cv_d2(const struct sky_kf_cv *f, double x, double y, double cxx,
		    double cxy, double cyy)
{
	double s00 = f->P[0][0] + cxx, s01 = f->P[0][1] + cxy, s11 = f->P[1][1] + cyy;
	double det = s00 * s11 - s01 * s01;
	if (!(det > 0))
		return -1;
	double dx = x - f->s[0], dy = y - f->s[1];
	return (s11 * dx * dx - 2 * s01 * dx * dy + s00 * dy * dy) / det;
}

void sky_kf_cv_update(struct sky_kf_cv *f, double x, double y, double cxx,
		      double cxy, double cyy)
{
	double (*P)[4] = f->P;
	double s00 = P[0][0] + cxx, s01 = P[0][1] + cxy, s11 = P[1][1] + cyy;
	double det = s00 * s11 - s01 * s01;
	if (!(det > 0))
		return;
	double i00 = s11 / det, i01 = -s01 / det, i11 = s00 / det;
	double K[4][2];
	for (int i = 0; i < 4; i++) {
		K[i][0] = P[i][0] * i00 + P[i][1] * i01;
		K[i][1] = P[i][0] * i01 + P[i][1] * i11;
	}
	double dx = x - f->s[0], dy = y - f->s[1];
	for (int i = 0; i < 4; i++)
		f->s[i] += K[i][0] * dx + K[i][1] * dy;
	/* P <- P - K H P, H P = rows 0 and 1 of P */
	double HP[2][4];
	memcpy(HP[0], P[0], sizeof(HP[0]));
	memcpy(HP[1], P[1], sizeof(HP[1]));
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			P[i][j] -= K[i][0] * HP[0][j] + K[i][1] * HP[1][j];
	/* keep P exactly symmetric against rounding */
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]);
}

void sky_kf_cv_update_z(struct sky_kf_cv *f, double z, double czz)
{
	double (*P)[2] = f->zP;
	double s = P[0][0] + czz;
	if (!(s > 0))
		return;
	double k0 = P[0][0] / s, k1 = P[1][0] / s;
	double dz = z - f->zs[0];
	f->zs[0] += k0 * dz;
	f->zs[1] += k1 * dz;
	double p00 = P[0][0] - k0 * P[0][0];
	double p01 = P[0][1] - k0 * P[0][1];
	double p11 = P[1][1] - k1 * P[0][1];
	P[0][0] = p00;
	P[0][1] = P[1][0] = p01;
	P[1][1] = p11;
}
