/*
 * kf_cv.h - a constant-velocity Kalman filter in the system frame: a 4-state
 * horizontal filter (x, y, vx, vy) with white-acceleration process noise and
 * a decoupled 2-state vertical filter (z, vz). The baseline tracker's filter.
 */
#ifndef SKY_KF_CV_H
#define SKY_KF_CV_H

#include <stdbool.h>

struct sky_kf_cv {
	double s[4];      /* x, y, vx, vy */
	double P[4][4];   /* symmetric */
	double zs[2];     /* z, vz */
	double zP[2][2];
	bool has_z;
};

/* Start from one position measurement; velocity unknown (sigma_v). */
void sky_kf_cv_init(struct sky_kf_cv *f, double x, double y, double cxx,
		    double cxy, double cyy, double sigma_v);
void sky_kf_cv_init_z(struct sky_kf_cv *f, double z, double czz, double sigma_vz);

/* Predict dt seconds ahead with acceleration spectral density q (m^2/s^3). */
void sky_kf_cv_predict(struct sky_kf_cv *f, double dt, double q, double qz);

/*
 * Squared Mahalanobis distance of a horizontal measurement from the
 * (predicted) state; returns a negative value when S is not positive.
 */
double sky_kf_cv_d2(const struct sky_kf_cv *f, double x, double y, double cxx,
		    double cxy, double cyy);

/* Measurement updates. */
void sky_kf_cv_update(struct sky_kf_cv *f, double x, double y, double cxx,
		      double cxy, double cyy);
void sky_kf_cv_update_z(struct sky_kf_cv *f, double z, double czz);

#endif
