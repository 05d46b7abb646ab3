/*
 * leakwatch - check_trend.c
 *
 * Unit tests of trend.c: Theil-Sen on known lines, the sample ring
 * (window, overflow, clamping) and the floor fit on synthetic heaps that
 * must and must not look like leaks.  Time is injected: every series is
 * generated with explicit millisecond stamps, nothing sleeps.  Noise comes
 * from a seeded xorshift generator so every run sees the same heap.
 */
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"
#include "lw.h"
#include "trend.h"
#include "lwtest.h"

#define MB	(1024.0 * 1024.0)
#define MIN_MS	60000

/* Deterministic noise: xorshift64, seeded per test. */
static uint64_t	rng_state;

static void
rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
}

/* Uniform in [0, 1). */
static double
rng_unit(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) / 9007199254740992.0);
}

/* Young-collection noise: what a minor GC leaves above the floor. */
static uint64_t
young(double floor_bytes, double noise_bytes)
{
	return ((uint64_t)(floor_bytes + rng_unit() * noise_bytes));
}

static double
absd(double v)
{
	return (v < 0 ? -v : v);
}

/* --- Theil-Sen ------------------------------------------------------- */

START_TEST(test_trend__theilsen_exact_line__exact_slope)
{
	double	x[10], y[10], slope, conf;
	int	i, np;

	for (i = 0; i < 10; i++) {
		x[i] = i * 1000.0;
		y[i] = 3.5 * x[i] + 7;
	}
	np = lw_trend_theilsen(x, y, 10, &slope, &conf);
	ck_assert_int_eq(np, 45);
	ck_assert_double_eq_tol(slope, 3.5, 1e-12);
	ck_assert_double_eq_tol(conf, 1.0, 1e-12);
}
END_TEST

START_TEST(test_trend__theilsen_falling_line__negative_slope_zero_conf)
{
	double	x[5] = { 0, 1, 2, 3, 4 }, y[5] = { 10, 8, 6, 4, 2 };
	double	slope, conf;

	ck_assert_int_eq(lw_trend_theilsen(x, y, 5, &slope, &conf), 10);
	ck_assert_double_eq_tol(slope, -2.0, 1e-12);
	ck_assert_double_eq_tol(conf, 0.0, 1e-12);
}
END_TEST

START_TEST(test_trend__theilsen_constant__zero_slope_zero_conf)
{
	double	x[6] = { 0, 1, 2, 3, 4, 5 }, y[6] = { 7, 7, 7, 7, 7, 7 };
	double	slope, conf;

	ck_assert_int_eq(lw_trend_theilsen(x, y, 6, &slope, &conf), 15);
	ck_assert_double_eq(slope, 0.0);
	ck_assert_double_eq(conf, 0.0);
}
END_TEST

START_TEST(test_trend__theilsen_one_outlier__ignored)
{
	double	x[9], y[9], slope, conf;
	int	i;

	for (i = 0; i < 9; i++) {
		x[i] = i;
		y[i] = 2.0 * i;
	}
	y[4] = 1e9;
	lw_trend_theilsen(x, y, 9, &slope, &conf);
	ck_assert_double_eq_tol(slope, 2.0, 1e-12);
}
END_TEST

START_TEST(test_trend__theilsen_n_below_2__zero)
{
	double	x[1] = { 1 }, y[1] = { 5 }, slope = 9, conf = 9;

	ck_assert_int_eq(lw_trend_theilsen(x, y, 1, &slope, &conf), 0);
	ck_assert_double_eq(slope, 0.0);
	ck_assert_double_eq(conf, 0.0);
	slope = conf = 9;
	ck_assert_int_eq(lw_trend_theilsen(x, y, 0, &slope, &conf), 0);
	ck_assert_double_eq(slope, 0.0);
	ck_assert_double_eq(conf, 0.0);
}
END_TEST

START_TEST(test_trend__theilsen_same_x__zero)
{
	double	x[3] = { 4, 4, 4 }, y[3] = { 1, 2, 3 }, slope, conf;

	ck_assert_int_eq(lw_trend_theilsen(x, y, 3, &slope, &conf), 0);
	ck_assert_double_eq(slope, 0.0);
	ck_assert_double_eq(conf, 0.0);
}
END_TEST

START_TEST(test_trend__theilsen_too_many_points__erange)
{
	double	x[LW_TREND_MAXPOINTS + 1], y[LW_TREND_MAXPOINTS + 1];
	double	slope, conf;
	size_t	i;

	for (i = 0; i < LW_NELEM(x); i++) {
		x[i] = (double)i;
		y[i] = (double)i;
	}
	ck_assert_int_eq(lw_trend_theilsen(x, y, LW_NELEM(x), &slope, &conf),
	    LW_ERR_RANGE);
	ck_assert_double_eq(slope, 0.0);
	ck_assert_int_eq(lw_trend_theilsen(x, y, LW_TREND_MAXPOINTS, &slope,
	    &conf), LW_TREND_MAXPOINTS * (LW_TREND_MAXPOINTS - 1) / 2);
	ck_assert_double_eq_tol(slope, 1.0, 1e-12);
}
END_TEST

/* --- the ring -------------------------------------------------------- */

START_TEST(test_trend__new_zero_cap__null)
{
	ck_assert_ptr_null(lw_trend_new(0, 1000));
	lw_trend_free(NULL);
}
END_TEST

START_TEST(test_trend__min_since__lowest_at_or_after)
{
	struct lw_trend	*t;

	t = lw_trend_new(16, 10 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 0);
	lw_trend_add(t, 1000, 50);
	lw_trend_add(t, 2000, 70);
	lw_trend_add(t, 3000, 60);
	lw_trend_add(t, 4000, 80);
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 50);
	ck_assert_uint_eq(lw_trend_min_since(t, 1001), 60);
	ck_assert_uint_eq(lw_trend_min_since(t, 2000), 60);
	ck_assert_uint_eq(lw_trend_min_since(t, 4000), 80);
	ck_assert_uint_eq(lw_trend_min_since(t, 4001), 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__window_expiry__old_samples_dropped)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	t = lw_trend_new(1024, 10000);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms < 10000; ms += 500)
		lw_trend_add(t, ms, 10);
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 10);
	for (ms = 20000; ms < 30000; ms += 500)
		lw_trend_add(t, ms, 100 + ms / 500);
	/* Nothing of the first series is left, in the ring or in the fit. */
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 140);
	lw_trend_fit(t, 29500, 1000, 0, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.npoints, 10);
	ck_assert_double_eq_tol(f.slope_bpm, 120.0, 1e-9);
	ck_assert_double_eq_tol(f.floor, 159.0, 1e-9);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__fit_window__excludes_old_and_future)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	/* Window 60 s; samples from 61 s to 120 s (60 s itself expired). */
	t = lw_trend_new(1024, 60000);
	ck_assert_ptr_nonnull(t);
	for (ms = 60000; ms <= 120000; ms += 1000)
		lw_trend_add(t, ms, ms);
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 61000);
	/* At 90 s: the samples after 90 s are not in (30 s, 90 s]. */
	lw_trend_fit(t, 90000, 0, 0, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.npoints, 30);
	ck_assert_uint_eq(f.span_ms, 29000);
	ck_assert_double_eq_tol(f.floor, 90000.0, 1e-6);
	/* At 150 s: only (90 s, 150 s]; the floor is projected to now. */
	lw_trend_fit(t, 150000, 0, 0, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.npoints, 30);
	ck_assert_uint_eq(f.span_ms, 29000);
	ck_assert_double_eq_tol(f.floor, 150000.0, 1e-6);
	/* Far later than the newest sample: the window is empty. */
	lw_trend_fit(t, 1000000, 0, 0, &f);
	ck_assert_int_eq(f.valid, 0);
	ck_assert_int_eq(f.npoints, 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__ring_overflow__keeps_newest)
{
	struct lw_trend	*t;
	uint64_t	 i;

	t = lw_trend_new(4, 10 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (i = 1; i <= 10; i++)
		lw_trend_add(t, i * 1000, i * 10);
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 70);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__time_backwards__clamped)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;

	t = lw_trend_new(8, 10 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	lw_trend_add(t, 10000, 100);
	lw_trend_add(t, 5000, 40);
	/* Stored at 10 s, not 5 s. */
	ck_assert_uint_eq(lw_trend_min_since(t, 10000), 40);
	lw_trend_add(t, 11000, 90);
	ck_assert_uint_eq(lw_trend_min_since(t, 10001), 90);
	lw_trend_fit(t, 11000, 0, 0, &f);
	ck_assert_int_eq(f.npoints, 2);
	ck_assert_uint_eq(f.span_ms, 1000);
	lw_trend_free(t);
}
END_TEST

/*
 * 65 collections a second for 10 minutes into a 1024-sample ring: merged
 * to one sample a second, the ring still covers the whole 5-minute window
 * (without merging it would hold the last 16 s), each second keeps its
 * lowest reading, and the fit sees the whole window.
 */
START_TEST(test_trend__gc_storm__one_sample_a_second)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms, k;

	t = lw_trend_new(1024, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms < 10 * MIN_MS; ms += 1000)
		for (k = 0; k < 65; k++)
			lw_trend_add(t, ms + k * 15, 1000000 + ms + 100 * (k % 7));
	/* The oldest second still held is 5 minutes back, at its lowest. */
	ck_assert_uint_eq(lw_trend_min_since(t, 0), 1000000 + 5 * MIN_MS);
	lw_trend_fit(t, 10 * MIN_MS - 1, 0, MIN_MS, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_uint_ge(f.span_ms, 4 * MIN_MS);
	ck_assert_double_eq_tol(f.slope_bpm, 60000.0, 1.0);
	lw_trend_free(t);
}
END_TEST

/* --- the fit: leaks ------------------------------------------------------ */

/*
 * +2 MiB/min under 0..16 MiB of young-collection noise, a sample every
 * 200 ms, 128 MiB max, 5 min window.  Looped over seeds.
 */
START_TEST(test_trend__linear_leak__growing_slope_tto)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	double			 floor, want_tto;
	uint64_t		 ms, max = 128 * 1024 * 1024;

	rng_seed((uint64_t)_i + 1);
	t = lw_trend_new(2048, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 5 * MIN_MS; ms += 200) {
		floor = 40 * MB + 2 * MB * (double)ms / MIN_MS;
		lw_trend_add(t, ms, young(floor, 16 * MB));
	}
	lw_trend_fit(t, 5 * MIN_MS, max, MIN_MS, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.growing, 1);
	ck_assert_int_le(f.npoints, LW_TREND_MAXPOINTS);
	ck_assert_int_ge(f.npoints, 60);
	ck_assert_double_ge(f.conf, 0.8);
	ck_assert_double_le(absd(f.slope_bpm - 2 * MB), 0.10 * 2 * MB);
	/* Floor 50 MiB now, 78 MiB of room at 2 MiB/min: 39 min. */
	want_tto = 39.0 * 60.0;
	ck_assert_double_le(absd(f.tto_s - want_tto), 0.15 * want_tto);
	ck_assert_double_le(absd(f.floor - 50 * MB), 2 * MB);
	lw_trend_free(t);
}
END_TEST

/*
 * The same leak under 0..8 MiB of noise, judged at every second from 4 to
 * 10 min.  Earlier, with less of the window filled, the growth is still
 * small against the noise and the newer half alone does not reach 0.8
 * (see trend.c); with these seeds it does from about 2.5 min on.
 */
START_TEST(test_trend__linear_leak_every_fit__growing)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	double			 floor;
	uint64_t		 ms, max = 128 * 1024 * 1024;

	rng_seed((uint64_t)_i + 50);
	t = lw_trend_new(2048, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 10 * MIN_MS; ms += 200) {
		floor = 40 * MB + 2 * MB * (double)ms / MIN_MS;
		lw_trend_add(t, ms, young(floor, 8 * MB));
		if (ms < 4 * MIN_MS || ms % 1000 != 0)
			continue;
		lw_trend_fit(t, ms, max, MIN_MS, &f);
		ck_assert_msg(f.growing, "not growing at %ju ms (conf %.2f)",
		    (uintmax_t)ms, f.conf);
		ck_assert_double_le(absd(f.slope_bpm - 2 * MB), 0.25 * 2 * MB);
	}
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__unknown_max__growing_no_tto)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	t = lw_trend_new(256, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= MIN_MS; ms += 1000)
		lw_trend_add(t, ms, 1000 + ms);
	lw_trend_fit(t, MIN_MS, 0, 0, &f);
	ck_assert_int_eq(f.growing, 1);
	ck_assert_double_lt(f.tto_s, 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__floor_above_max__tto_zero)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	t = lw_trend_new(256, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= MIN_MS; ms += 1000)
		lw_trend_add(t, ms, 1000 + ms);
	lw_trend_fit(t, MIN_MS, 50000, 0, &f);
	ck_assert_int_eq(f.growing, 1);
	ck_assert_double_eq(f.tto_s, 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__slow_growth__below_rate_not_growing)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms, max = 1024ULL * 1024 * 1024;

	/* 100 KiB/min on a 1 GiB heap is under 0.1% of max per minute. */
	t = lw_trend_new(512, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 5 * MIN_MS; ms += 1000)
		lw_trend_add(t, ms, (uint64_t)(64 * MB + 102400.0 * ms /
		    MIN_MS));
	lw_trend_fit(t, 5 * MIN_MS, max, 0, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_double_gt(f.conf, 0.99);
	ck_assert_int_eq(f.growing, 0);
	ck_assert_double_lt(f.tto_s, 0);
	lw_trend_free(t);
}
END_TEST

/* --- the fit: heaps that are fine ----------------------------------------- */

/*
 * The old generation fills by 48 MiB and is emptied every `period` ms; a
 * young collection every 200 ms leaves up to 4 MiB above it.  Judged a
 * third of a period after the window filled, so the window does not hold
 * whole teeth.
 */
static void
sawtooth(uint64_t period, uint64_t window, struct lw_trend_fit *f)
{
	struct lw_trend	*t;
	double		 old;
	uint64_t	 ms, max = 128 * 1024 * 1024;

	t = lw_trend_new(4096, window);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= window + period / 3; ms += 200) {
		old = 48 * MB * (double)(ms % period) / (double)period;
		lw_trend_add(t, ms, young(40 * MB + old, 4 * MB));
	}
	lw_trend_fit(t, window + period / 3, max, MIN_MS, f);
	lw_trend_free(t);
}

/* Teeth of 5 s: each bucket of ~4.7 s holds (nearly) a trough. */
START_TEST(test_trend__fast_sawtooth__not_growing)
{
	struct lw_trend_fit	f;

	rng_seed((uint64_t)_i + 100);
	sawtooth(5000, 5 * MIN_MS, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.growing, 0);
	ck_assert_double_lt(f.conf, 0.8);
	ck_assert_double_lt(absd(f.slope_bpm), 0.5 * MB);
}
END_TEST

/*
 * Teeth of 40 s: the bucket minima follow the teeth, so the points are a
 * sawtooth themselves.  Pairs within one tooth all rise, which leaves the
 * Theil-Sen slope slightly positive (up to ~1.5 MiB/min here, 2% of the
 * 72 MiB/min at which a tooth rises), but only ~55% of the pairs rise:
 * the confidence is what keeps this from being a leak.
 */
START_TEST(test_trend__slow_sawtooth__not_growing)
{
	struct lw_trend_fit	f;

	rng_seed((uint64_t)_i + 200);
	sawtooth(40000, 5 * MIN_MS, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.growing, 0);
	ck_assert_double_lt(f.conf, 0.65);
	ck_assert_double_lt(absd(f.slope_bpm), 2 * MB);
}
END_TEST

/*
 * A cache warms: the floor rises 40 MiB in 10 s, then stays for 2 min.
 * While it rises it is (rightly) growing; from the moment the plateau is
 * longer than the warm-up it is not, at every fit.  Without the newer-half
 * test in lw_trend_fit this fails while the plateau is 11 to ~20 s long:
 * the whole window's confidence stays >= 0.8 until the plateau holds
 * about two thirds of the points.
 */
START_TEST(test_trend__cache_warmup_plateau__not_growing)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	double			 floor;
	uint64_t		 ms, max = 128 * 1024 * 1024;

	rng_seed((uint64_t)_i + 300);
	t = lw_trend_new(2048, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 130000; ms += 200) {
		if (ms < 10000)
			floor = 30 * MB + 40 * MB * (double)ms / 10000;
		else
			floor = 70 * MB;
		lw_trend_add(t, ms, young(floor, 4 * MB));
		if (ms == 9800) {
			lw_trend_fit(t, ms, max, 0, &f);
			ck_assert_int_eq(f.growing, 1);
		}
		if (ms <= 20000)
			continue;
		lw_trend_fit(t, ms, max, 0, &f);
		ck_assert_msg(!f.growing, "growing at %ju ms (conf %.2f)",
		    (uintmax_t)ms, f.conf);
	}
	ck_assert_int_eq(f.valid, 1);
	ck_assert_double_lt(f.conf, 0.8);
	lw_trend_free(t);
}
END_TEST

/*
 * One batch holds 50 MiB for 3 s in the middle of a flat floor; judged at
 * every second from the spike on.
 */
START_TEST(test_trend__batch_spike__not_growing)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	double			 floor;
	uint64_t		 ms, max = 128 * 1024 * 1024;

	rng_seed((uint64_t)_i + 400);
	t = lw_trend_new(2048, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 5 * MIN_MS; ms += 200) {
		floor = 50 * MB;
		if (ms >= 150000 && ms < 153000)
			floor += 50 * MB;
		lw_trend_add(t, ms, young(floor, 4 * MB));
		if (ms < 150000 || ms % 1000 != 0)
			continue;
		lw_trend_fit(t, ms, max, MIN_MS, &f);
		ck_assert_int_eq(f.valid, 1);
		ck_assert_msg(!f.growing, "growing at %ju ms", (uintmax_t)ms);
	}
	ck_assert_double_lt(absd(f.slope_bpm), 0.5 * MB);
	ck_assert_double_le(absd(f.floor - 50 * MB), 4 * MB);
	lw_trend_free(t);
}
END_TEST

/* --- the fit: not enough evidence --------------------------------------- */

START_TEST(test_trend__empty__invalid)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;

	t = lw_trend_new(8, MIN_MS);
	ck_assert_ptr_nonnull(t);
	lw_trend_fit(t, 5000, 1000, 0, &f);
	ck_assert_int_eq(f.valid, 0);
	ck_assert_int_eq(f.growing, 0);
	ck_assert_int_eq(f.npoints, 0);
	ck_assert_double_lt(f.tto_s, 0);
	lw_trend_fit(NULL, 5000, 1000, 0, &f);
	ck_assert_int_eq(f.valid, 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__three_points__invalid)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;

	t = lw_trend_new(8, MIN_MS);
	ck_assert_ptr_nonnull(t);
	lw_trend_add(t, 1000, 10);
	lw_trend_add(t, 2000, 20);
	lw_trend_add(t, 3000, 30);
	lw_trend_fit(t, 3000, 1000, 0, &f);
	ck_assert_int_eq(f.npoints, 3);
	ck_assert_int_eq(f.valid, 0);
	ck_assert_int_eq(f.growing, 0);
	lw_trend_add(t, 4000, 40);
	lw_trend_fit(t, 4000, 1000, 0, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.growing, 1);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__many_samples_one_bucket__invalid)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	/* Ten collections within a second are one point, not ten. */
	t = lw_trend_new(16, MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms < 1000; ms += 100)
		lw_trend_add(t, ms, 1000 + ms);
	lw_trend_fit(t, 900, 0, 0, &f);
	ck_assert_int_eq(f.npoints, 1);
	ck_assert_int_eq(f.valid, 0);
	lw_trend_free(t);
}
END_TEST

START_TEST(test_trend__span_below_minspan__invalid)
{
	struct lw_trend		*t;
	struct lw_trend_fit	 f;
	uint64_t		 ms;

	t = lw_trend_new(256, 5 * MIN_MS);
	ck_assert_ptr_nonnull(t);
	for (ms = 0; ms <= 30000; ms += 200)
		lw_trend_add(t, ms, 1000 + ms);
	lw_trend_fit(t, 30000, 1000000, MIN_MS, &f);
	ck_assert_int_ge(f.npoints, 30);
	ck_assert_int_eq(f.valid, 0);
	ck_assert_int_eq(f.growing, 0);
	ck_assert_double_lt(f.tto_s, 0);
	lw_trend_fit(t, 30000, 1000000, 30000, &f);
	ck_assert_int_eq(f.valid, 1);
	ck_assert_int_eq(f.growing, 1);
	lw_trend_free(t);
}
END_TEST

Suite *
lw_trend_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("trend");

	tc = tcase_create("theilsen");
	tcase_add_test(tc, test_trend__theilsen_exact_line__exact_slope);
	tcase_add_test(tc,
	    test_trend__theilsen_falling_line__negative_slope_zero_conf);
	tcase_add_test(tc, test_trend__theilsen_constant__zero_slope_zero_conf);
	tcase_add_test(tc, test_trend__theilsen_one_outlier__ignored);
	tcase_add_test(tc, test_trend__theilsen_n_below_2__zero);
	tcase_add_test(tc, test_trend__theilsen_same_x__zero);
	tcase_add_test(tc, test_trend__theilsen_too_many_points__erange);
	suite_add_tcase(s, tc);

	tc = tcase_create("ring");
	tcase_add_test(tc, test_trend__new_zero_cap__null);
	tcase_add_test(tc, test_trend__min_since__lowest_at_or_after);
	tcase_add_test(tc, test_trend__window_expiry__old_samples_dropped);
	tcase_add_test(tc, test_trend__fit_window__excludes_old_and_future);
	tcase_add_test(tc, test_trend__ring_overflow__keeps_newest);
	tcase_add_test(tc, test_trend__time_backwards__clamped);
	tcase_add_test(tc, test_trend__gc_storm__one_sample_a_second);
	suite_add_tcase(s, tc);

	tc = tcase_create("leak");
	tcase_add_loop_test(tc, test_trend__linear_leak__growing_slope_tto,
	    0, 8);
	tcase_add_loop_test(tc, test_trend__linear_leak_every_fit__growing,
	    0, 4);
	tcase_add_test(tc, test_trend__unknown_max__growing_no_tto);
	tcase_add_test(tc, test_trend__floor_above_max__tto_zero);
	tcase_add_test(tc, test_trend__slow_growth__below_rate_not_growing);
	suite_add_tcase(s, tc);

	tc = tcase_create("noleak");
	tcase_add_loop_test(tc, test_trend__fast_sawtooth__not_growing, 0, 8);
	tcase_add_loop_test(tc, test_trend__slow_sawtooth__not_growing, 0, 8);
	tcase_add_loop_test(tc, test_trend__cache_warmup_plateau__not_growing,
	    0, 8);
	tcase_add_loop_test(tc, test_trend__batch_spike__not_growing, 0, 8);
	suite_add_tcase(s, tc);

	tc = tcase_create("evidence");
	tcase_add_test(tc, test_trend__empty__invalid);
	tcase_add_test(tc, test_trend__three_points__invalid);
	tcase_add_test(tc, test_trend__many_samples_one_bucket__invalid);
	tcase_add_test(tc, test_trend__span_below_minspan__invalid);
	suite_add_tcase(s, tc);

	return (s);
}
