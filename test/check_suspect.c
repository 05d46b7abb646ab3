/*
 * leakwatch - check_suspect.c
 *
 * Unit tests of suspect.c: which classes qualify as leak suspects, in
 * what order, and how the tracker bounds its memory.  Censuses come from a
 * small test double that fills struct lw_histo's fields directly (v, n and
 * the totals), so these tests depend on the layout of struct lw_histo but
 * not on histo.c, exactly like suspect.c itself.  Time is injected.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "histo.h"
#include "lw.h"
#include "suspect.h"
#include "lwtest.h"

#define MB		(1024ULL * 1024ULL)
#define CENSUS_MS	30000		/* a census every 30 s */

/* --- census double -------------------------------------------------------- */

static void
hd_init(struct lw_histo *h)
{
	memset(h, 0, sizeof(*h));
}

/* Append a row as is (no merging: the tests want duplicates too). */
static void
hd_add(struct lw_histo *h, const char *name, uint64_t count, uint64_t bytes)
{
	struct lw_histo_entry	*v;
	size_t			 cap;

	if (h->n == h->cap) {
		cap = h->cap == 0 ? 64 : h->cap * 2;
		v = reallocarray(h->v, cap, sizeof(*v));
		ck_assert_ptr_nonnull(v);
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n].name = strdup(name);
	ck_assert_ptr_nonnull(h->v[h->n].name);
	h->v[h->n].count = count;
	h->v[h->n].bytes = bytes;
	h->n++;
	h->total_count += count;
	h->total_bytes += bytes;
}

static void
hd_free(struct lw_histo *h)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	hd_init(h);
}

/* Feed a census of one class; 0 bytes means "absent" (no row). */
static void
feed1(struct lw_suspects *s, uint64_t t_ms, const char *name, uint64_t bytes)
{
	struct lw_histo	h;

	hd_init(&h);
	if (bytes > 0)
		hd_add(&h, name, bytes / 32, bytes);
	ck_assert_int_eq(lw_suspects_census(s, t_ms, &h), 0);
	hd_free(&h);
}

/* Deterministic noise: xorshift64. */
static uint64_t	rng_state;

static double
rng_unit(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return ((double)(rng_state >> 11) / 9007199254740992.0);
}

/* --- ranking -------------------------------------------------------------- */

/*
 * 300 flat classes with +-5% noise, one class that grows 1 MiB per census
 * (2 MiB/min) and makes up the floor's growth.  Looped over seeds.  With
 * 8 points a flat class rises in every interval by chance once in 5040,
 * and then passes every test: over these 16 x 300 noisy classes 3 do
 * (shares 4%, 8%, 13%).  They rank far below the leak; minshare is what
 * keeps most of them out of the log.
 */
START_TEST(test_suspect__steady_grower_among_noise__ranked_first)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[8];
	struct lw_histo		 h;
	char			 name[64];
	uint64_t		 base;
	size_t			 n;
	int			 k, i;

	rng_state = 12345 + (uint64_t)_i * 7919;
	s = lw_suspects_new(1000);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_SUSPECT_POINTS; k++) {
		hd_init(&h);
		for (i = 0; i < 300; i++) {
			snprintf(name, sizeof(name), "com.example.Flat%d", i);
			base = (uint64_t)(i + 1) * 64 * 1024;
			hd_add(&h, name, base / 24, (uint64_t)((double)base *
			    (0.95 + 0.1 * rng_unit())));
		}
		hd_add(&h, "com.example.Leak", 1000 * (k + 1),
		    5 * MB + (uint64_t)k * MB);
		ck_assert_int_eq(lw_suspects_census(s, (uint64_t)k *
		    CENSUS_MS, &h), 0);
		hd_free(&h);
	}
	ck_assert_uint_eq(lw_suspects_tracked(s), 301);
	n = lw_suspects_rank(s, 2.0 * MB, 60000, 0, out, LW_NELEM(out));
	ck_assert_uint_ge(n, 1);
	ck_assert_str_eq(out[0].name, "com.example.Leak");
	ck_assert_double_eq_tol(out[0].growth_bpm, 2.0 * MB, 1.0);
	ck_assert_double_eq_tol(out[0].share, 1.0, 1e-9);
	ck_assert_double_eq_tol(out[0].consistency, 1.0, 1e-9);
	ck_assert_double_eq_tol(out[0].score, 2.0 * MB, 1.0);
	ck_assert_int_eq(out[0].censuses, LW_SUSPECT_POINTS);
	ck_assert_uint_eq(out[0].bytes, 12 * MB);
	ck_assert_uint_eq(out[0].count, 8000);
	/* Noise that passed every test by chance is far behind. */
	for (i = 1; i < (int)n; i++)
		ck_assert_double_lt(out[i].score, 0.2 * out[0].score);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__two_growers__ranked_by_rate)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	struct lw_histo		 h;
	size_t			 n;
	int			 k;

	s = lw_suspects_new(16);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 6; k++) {
		hd_init(&h);
		/* The slower one is larger: size must not decide the rank. */
		hd_add(&h, "a.Slow", 1, 100 * MB + (uint64_t)k * MB / 2);
		hd_add(&h, "b.Fast", 1, 1 * MB + (uint64_t)k * 2 * MB);
		hd_add(&h, "c.Flat", 1, 50 * MB);
		ck_assert_int_eq(lw_suspects_census(s, (uint64_t)k * CENSUS_MS,
		    &h), 0);
		hd_free(&h);
	}
	n = lw_suspects_rank(s, 5.0 * MB, 0, 0.05, out, LW_NELEM(out));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0].name, "b.Fast");
	ck_assert_str_eq(out[1].name, "a.Slow");
	ck_assert_double_eq_tol(out[0].growth_bpm, 4.0 * MB, 1.0);
	ck_assert_double_eq_tol(out[1].growth_bpm, 1.0 * MB, 1.0);
	ck_assert_double_eq_tol(out[0].share, 0.8, 1e-9);
	ck_assert_double_gt(out[0].score, out[1].score);
	/* Only the best when out holds one. */
	n = lw_suspects_rank(s, 5.0 * MB, 0, 0.05, out, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(out[0].name, "b.Fast");
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__top_of_many__best_first_bounded)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[3];
	struct lw_histo		 h;
	char			 name[32];
	size_t			 n;
	int			 k, i;

	s = lw_suspects_new(16);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 5; k++) {
		hd_init(&h);
		for (i = 1; i <= 6; i++) {
			snprintf(name, sizeof(name), "g.G%d", i);
			hd_add(&h, name, 1, MB + (uint64_t)(k * i) * 100000);
		}
		ck_assert_int_eq(lw_suspects_census(s, (uint64_t)k * CENSUS_MS,
		    &h), 0);
		hd_free(&h);
	}
	n = lw_suspects_rank(s, 1.0 * MB, 0, 0.01, out, LW_NELEM(out));
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(out[0].name, "g.G6");
	ck_assert_str_eq(out[1].name, "g.G5");
	ck_assert_str_eq(out[2].name, "g.G4");
	lw_suspects_free(s);
}
END_TEST

/* Flat, one jump, flat: a cache filled in one go, not a leak. */
START_TEST(test_suspect__one_jump__not_suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	static const uint64_t	 flatjump[] = { 10, 10, 10, 10, 30, 30, 30,
				     30 };
	static const uint64_t	 creepjump[] = { 100, 101, 102, 300, 301, 302,
				     303, 304 };
	size_t			 k;

	s = lw_suspects_new(16);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(flatjump); k++)
		feed1(s, k * CENSUS_MS, "x.Jump", flatjump[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 4), 0);
	lw_suspects_free(s);

	/* Rising in every interval does not help when one holds most. */
	s = lw_suspects_new(16);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(creepjump); k++)
		feed1(s, k * CENSUS_MS, "x.Creep", creepjump[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 4), 0);
	lw_suspects_free(s);
}
END_TEST

/*
 * A step may exceed its share in time of the net growth by half the net
 * growth, not more: 6 of 8 over a quarter of the span (share 2) is
 * allowed, 7 of 9 (share 2.25) is not.
 */
START_TEST(test_suspect__half_step__suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	static const uint64_t	 v[] = { 100, 101, 102, 102, 108 };
	static const uint64_t	 w[] = { 100, 101, 102, 102, 109 };
	size_t			 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(v); k++)
		feed1(s, k * CENSUS_MS, "x.Half", v[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	lw_suspects_free(s);

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(w); k++)
		feed1(s, k * CENSUS_MS, "x.More", w[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

/*
 * A steady leak (100 KiB/s) sampled unevenly, as the worker does (2 s to
 * 60 s apart): the 60 s interval holds most of the net growth, and that
 * is no jump, because it also holds most of the time.
 */
START_TEST(test_suspect__irregular_steady_leak__suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	static const uint64_t	 t[] = { 0, 2, 4, 6, 66, 68, 70, 72 };
	size_t			 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(t); k++)
		feed1(s, t[k] * 1000, "x.Steady",
		    10 * MB + t[k] * 100 * 1024);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 20000, 0, out, 2), 1);
	ck_assert_str_eq(out[0].name, "x.Steady");
	ck_assert_double_eq_tol(out[0].growth_bpm, 6000.0 * 1024, 1.0);
	ck_assert_double_eq_tol(out[0].consistency, 1.0, 1e-9);
	lw_suspects_free(s);
}
END_TEST

/*
 * The same uneven times with a one-off jump in a 2 s interval (a cache
 * filled once, then a slow creep): still no suspect.  And the jump in the
 * long interval does not pass either when the rest is flat.
 */
START_TEST(test_suspect__irregular_one_jump__not_suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	static const uint64_t	 t[] = { 0, 60, 62, 64, 66, 126, 128, 130 };
	static const uint64_t	 v[] = { 100, 101, 102, 130, 131, 132, 133,
				     134 };
	static const uint64_t	 f[] = { 100, 100, 100, 100, 100, 130, 130,
				     130 };
	size_t			 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(t); k++)
		feed1(s, t[k] * 1000, "x.Jump", v[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(t); k++)
		feed1(s, t[k] * 1000, "x.Flat", f[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

/* Up, down, up, down with a net rise: 4 of 7 intervals grew. */
START_TEST(test_suspect__fluctuating__not_suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	static const uint64_t	 v[] = { 10, 12, 11, 13, 12, 14, 13, 15 };
	size_t			 k;

	s = lw_suspects_new(16);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(v); k++)
		feed1(s, k * CENSUS_MS, "x.Wobble", v[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 4), 0);
	lw_suspects_free(s);
}
END_TEST

/* 6 of 7 intervals rising is >= 75%; 5 of 7 is not. */
START_TEST(test_suspect__consistency_threshold__75_percent)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	static const uint64_t	 six[] = { 10, 11, 12, 12, 13, 14, 15, 16 };
	static const uint64_t	 five[] = { 10, 11, 11, 12, 13, 13, 14, 15 };
	size_t			 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(six); k++)
		feed1(s, k * CENSUS_MS, "x.Six", six[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_double_eq_tol(out[0].consistency, 6.0 / 7.0, 1e-9);
	ck_assert_double_eq_tol(out[0].score,
	    out[0].growth_bpm * 6.0 / 7.0, 1e-6);
	lw_suspects_free(s);

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(five); k++)
		feed1(s, k * CENSUS_MS, "x.Five", five[k] * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__shrinking__not_suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 8; k++)
		feed1(s, k * CENSUS_MS, "x.Drain", (20 - k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

/* --- evidence ------------------------------------------------------------- */

START_TEST(test_suspect__three_points__none)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 3; k++)
		feed1(s, k * CENSUS_MS, "x.Young", (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	feed1(s, 3 * CENSUS_MS, "x.Young", 13 * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_int_eq(out[0].censuses, 4);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__span_below_minspan__none)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 8; k++)
		feed1(s, k * 1000, "x.Fast", (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 8000, 0, out, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 7000, 0, out, 2), 1);
	lw_suspects_free(s);
}
END_TEST

/* Censuses at one instant have no time axis: no slope, no suspect. */
START_TEST(test_suspect__zero_span__none)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 8; k++)
		feed1(s, 5000, "x.Now", (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

/*
 * 30 censuses 2 s apart: the newest 8 alone would span 14 s, short of a
 * 20 s minspan.  The series is thinned instead and keeps its first point
 * (58 s) and its newest ones (2 s apart), and the slope stays right.
 */
START_TEST(test_suspect__fast_censuses__reach_minspan)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 30; k++)
		feed1(s, k * 2000, "x.Fast", 10 * MB + k * MB / 8);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 20000, 0, out, 2), 1);
	ck_assert_int_eq(out[0].censuses, LW_SUSPECT_POINTS);
	ck_assert_double_eq_tol(out[0].growth_bpm, 3.75 * MB, 1.0);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 58000, 0, out, 2), 1);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 58001, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

/*
 * A long steady series keeps covering its whole life, and a one-off jump
 * after it (flat again) shows up as a jump, not a leak, once the jump is
 * old enough: thinning must not smear a jump into steady growth.
 */
START_TEST(test_suspect__thinned_jump__not_suspect)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 60; k++)
		feed1(s, k * 2000, "x.Fill", k < 30 ? 10 * MB : 40 * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__time_backwards__clamped)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	feed1(s, 0, "x.T", 10 * MB);
	feed1(s, 60000, "x.T", 11 * MB);
	feed1(s, 120000, "x.T", 12 * MB);
	feed1(s, 5, "x.T", 13 * MB);	/* taken as 120000 */
	/* The span is 120 s: with the raw 5 ms it would fail minspan. */
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 120000, 0, out, 2), 1);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__floor_not_growing__none)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 8; k++)
		feed1(s, k * CENSUS_MS, "x.Grow", (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 0.0, 0, 0, out, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, -1.0 * MB, 0, 0, out, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, NAN, 0, 0, out, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 0), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, NULL, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	lw_suspects_free(s);
}
END_TEST

/* 2 MiB/min of class growth against a floor of 5 MiB/min: share 0.4. */
START_TEST(test_suspect__minshare__filters)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 8; k++)
		feed1(s, k * CENSUS_MS, "x.Part", (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 5.0 * MB, 0, 0.41, out, 2), 0);
	ck_assert_uint_eq(lw_suspects_rank(s, 5.0 * MB, 0, 0.39, out, 2), 1);
	ck_assert_double_eq_tol(out[0].share, 0.4, 1e-9);
	lw_suspects_free(s);
}
END_TEST

/* --- the tracker ---------------------------------------------------------- */

/*
 * 10,000 distinct classes into a tracker of 100: never more than 100, and
 * the 100 followed are the largest (they all grow, so ranking lists
 * exactly the followed ones).
 */
START_TEST(test_suspect__maxclasses__bounded_largest_kept)
{
	struct lw_suspects	*s;
	struct lw_suspect	*out;
	struct lw_histo		 h;
	char			 name[32];
	size_t			 n, i;
	uint64_t		 k;
	int			 idx;

	s = lw_suspects_new(100);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 6; k++) {
		hd_init(&h);
		/* Smallest first, so the order of the rows does not help. */
		for (i = 0; i < 10000; i++) {
			snprintf(name, sizeof(name), "c.C%05zu", i);
			hd_add(&h, name, i + 1, (i + 1) * 1000 * (10 + k));
		}
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		ck_assert_uint_le(lw_suspects_tracked(s), 100);
		hd_free(&h);
	}
	ck_assert_uint_eq(lw_suspects_tracked(s), 100);
	out = calloc(200, sizeof(*out));
	ck_assert_ptr_nonnull(out);
	n = lw_suspects_rank(s, 1.0, 0, 0, out, 200);
	ck_assert_uint_eq(n, 100);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(sscanf(out[i].name, "c.C%d", &idx), 1);
		ck_assert_int_ge(idx, 9900);
	}
	ck_assert_str_eq(out[0].name, "c.C09999");
	free(out);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__maxclasses_zero__tracks_nothing)
{
	struct lw_suspects	*s;

	s = lw_suspects_new(0);
	ck_assert_ptr_nonnull(s);
	feed1(s, 0, "x.A", MB);
	ck_assert_uint_eq(lw_suspects_tracked(s), 0);
	lw_suspects_free(s);
}
END_TEST

/*
 * A class gone from the census is kept (with 0-byte points) for
 * LW_SUSPECT_POINTS - 1 censuses and dropped at the LW_SUSPECT_POINTS-th;
 * one that comes back in time starts its count again.
 */
START_TEST(test_suspect__absent_class__dropped_after_points)
{
	struct lw_suspects	*s;
	struct lw_histo		 h;
	uint64_t		 k;

	s = lw_suspects_new(8);
	ck_assert_ptr_nonnull(s);
	hd_init(&h);
	hd_add(&h, "x.Stays", 1, MB);
	hd_add(&h, "x.Goes", 1, MB);
	hd_add(&h, "x.Returns", 1, MB);
	ck_assert_int_eq(lw_suspects_census(s, 0, &h), 0);
	hd_free(&h);
	ck_assert_uint_eq(lw_suspects_tracked(s), 3);

	for (k = 1; k <= LW_SUSPECT_POINTS; k++) {
		hd_init(&h);
		hd_add(&h, "x.Stays", 1, MB);
		/* x.Returns is back once, just before it would go. */
		if (k == LW_SUSPECT_POINTS - 1)
			hd_add(&h, "x.Returns", 1, MB);
		/* A zero-byte row counts as absent. */
		if (k == 2)
			hd_add(&h, "x.Goes", 0, 0);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
		if (k < LW_SUSPECT_POINTS)
			ck_assert_uint_eq(lw_suspects_tracked(s), 3);
	}
	ck_assert_uint_eq(lw_suspects_tracked(s), 2);
	lw_suspects_free(s);
}
END_TEST

/*
 * A class absent from the census gives its slot to a new class at once
 * (x.A leaves at census 1, x.C takes its place in that census).
 */
START_TEST(test_suspect__full_tracker__room_reused)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	struct lw_histo		 h;
	uint64_t		 k;
	size_t			 n;

	s = lw_suspects_new(2);
	ck_assert_ptr_nonnull(s);
	hd_init(&h);
	hd_add(&h, "x.A", 1, 2 * MB);
	hd_add(&h, "x.B", 1, 3 * MB);
	hd_add(&h, "x.C", 1, MB);
	ck_assert_int_eq(lw_suspects_census(s, 0, &h), 0);
	hd_free(&h);
	ck_assert_uint_eq(lw_suspects_tracked(s), 2);

	for (k = 1; k <= LW_SUSPECT_POINTS + 4; k++) {
		hd_init(&h);
		hd_add(&h, "x.B", 1, 3 * MB);
		hd_add(&h, "x.C", 1, MB * k);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
		ck_assert_uint_eq(lw_suspects_tracked(s), 2);
	}
	/* x.C followed from census 1 on: a full series. */
	n = lw_suspects_rank(s, 1.0, 0, 0, out, LW_NELEM(out));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(out[0].name, "x.C");
	ck_assert_int_eq(out[0].censuses, LW_SUSPECT_POINTS);
	lw_suspects_free(s);
}
END_TEST

/*
 * Flat for a while, then growing: the flat past is dropped (a first
 * interval that does not rise goes first), so only the growth counts.
 */
START_TEST(test_suspect__long_series__newest_points)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 20; k++)
		feed1(s, k * CENSUS_MS, "x.Late",
		    (k < 12 ? 10 : k - 2) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_int_eq(out[0].censuses, LW_SUSPECT_POINTS);
	ck_assert_double_eq_tol(out[0].growth_bpm, 2.0 * MB, 1.0);
	ck_assert_double_eq_tol(out[0].consistency, 1.0, 1e-9);
	lw_suspects_free(s);
}
END_TEST

/*
 * Class churn: every census brings 20 new classes (bigger than the leak)
 * that are gone by the next one, into a tracker of 64.  Without eviction
 * the tracker stays full of dead classes and the leak, which appears at
 * census 5, never gets a slot; with it, the dead classes go first.
 */
START_TEST(test_suspect__full_of_absent__grower_admitted)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	struct lw_histo		 h;
	char			 name[32];
	uint64_t		 k, i;
	size_t			 n;

	s = lw_suspects_new(64);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 20; k++) {
		hd_init(&h);
		for (i = 0; i < 20; i++) {
			snprintf(name, sizeof(name), "gen.C%03llu",
			    (unsigned long long)(k * 20 + i));
			hd_add(&h, name, 1, 8 * MB);
		}
		hd_add(&h, "app.Flat", 1, 4 * MB);
		if (k >= 5)
			hd_add(&h, "app.Leak", 1, MB + (k - 5) * MB / 4);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
		ck_assert_uint_le(lw_suspects_tracked(s), 64);
	}
	ck_assert_uint_eq(lw_suspects_tracked(s), 64);
	n = lw_suspects_rank(s, 0.5 * MB, 0, 0.05, out, LW_NELEM(out));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(out[0].name, "app.Leak");
	ck_assert_double_eq_tol(out[0].growth_bpm, 0.5 * MB, 1.0);
	lw_suspects_free(s);
}
END_TEST

/*
 * A full tracker with no absent class: a larger newcomer evicts the
 * smallest class that is not growing, never a growing one, and a smaller
 * newcomer evicts nothing.
 */
START_TEST(test_suspect__full_tracker__growing_kept)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[4];
	struct lw_histo		 h;
	uint64_t		 k;

	s = lw_suspects_new(3);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 6; k++) {
		hd_init(&h);
		hd_add(&h, "x.Grow1", 1, MB + k * 1024);
		hd_add(&h, "x.Grow2", 1, 2 * MB + k * 1024);
		hd_add(&h, "x.Flat", 1, 3 * MB);
		if (k == 4)
			hd_add(&h, "x.Tiny", 1, 1024);
		if (k == 5)
			hd_add(&h, "x.Big", 1, 50 * MB);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
		ck_assert_uint_eq(lw_suspects_tracked(s), 3);
	}
	/* x.Big took x.Flat's slot; both growers have their 6 points. */
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 4), 2);
	ck_assert_str_eq(out[0].name, "x.Grow1");
	ck_assert_str_eq(out[1].name, "x.Grow2");
	ck_assert_int_eq(out[0].censuses, 6);
	ck_assert_int_eq(out[1].censuses, 6);
	/* x.Big is followed now: it grows from here on and is found. */
	for (k = 6; k < 10; k++) {
		hd_init(&h);
		hd_add(&h, "x.Grow1", 1, MB + k * 1024);
		hd_add(&h, "x.Grow2", 1, 2 * MB + k * 1024);
		hd_add(&h, "x.Big", 1, 50 * MB + (k - 5) * MB);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
	}
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 4), 3);
	ck_assert_str_eq(out[0].name, "x.Big");
	ck_assert_int_eq(out[0].censuses, 5);
	lw_suspects_free(s);
}
END_TEST

/*
 * A name reused by a new class (a new loader defines it after the old one
 * was unloaded): one series under that name, the gap reads as 0 bytes,
 * and the drop to 0 and the way back do not make a suspect on their own;
 * steady growth of the new class afterwards does.
 */
START_TEST(test_suspect__name_reused__one_series)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	static const uint64_t	 v[] = { 5, 5, 5, 0, 0, 0, 1, 1, 1, 1 };
	size_t			 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < LW_NELEM(v); k++) {
		feed1(s, k * CENSUS_MS, "x.Again", v[k] * MB);
		ck_assert_uint_eq(lw_suspects_tracked(s), 1);
		ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 0);
	}
	for (k = LW_NELEM(v); k < LW_NELEM(v) + 8; k++)
		feed1(s, k * CENSUS_MS, "x.Again",
		    MB + (k - LW_NELEM(v) + 1) * MB / 2);
	ck_assert_uint_eq(lw_suspects_tracked(s), 1);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_str_eq(out[0].name, "x.Again");
	ck_assert_uint_eq(out[0].bytes, 5 * MB);
	ck_assert_double_eq_tol(out[0].growth_bpm, 1.0 * MB, 1.0);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__long_name__truncated)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	char			*name;
	size_t			 len = 5000;
	uint64_t		 k;

	name = malloc(len + 1);
	ck_assert_ptr_nonnull(name);
	memset(name, 'q', len);
	name[len] = '\0';
	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 5; k++)
		feed1(s, k * CENSUS_MS, name, (10 + k) * MB);
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_uint_eq(strlen(out[0].name), sizeof(out[0].name) - 1);
	ck_assert_int_eq(strncmp(out[0].name, name, sizeof(out[0].name) - 1),
	    0);
	lw_suspects_free(s);
	free(name);
}
END_TEST

/* Two rows with one name (say, two loaders) are one class. */
START_TEST(test_suspect__duplicate_rows__merged)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[2];
	struct lw_histo		 h;
	uint64_t		 k;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	for (k = 0; k < 5; k++) {
		hd_init(&h);
		hd_add(&h, "x.Twice", 10, 10 * MB + k * MB);
		hd_add(&h, "x.Twice", 5, 10 * MB + k * MB);
		ck_assert_int_eq(lw_suspects_census(s, k * CENSUS_MS, &h), 0);
		hd_free(&h);
		ck_assert_uint_eq(lw_suspects_tracked(s), 1);
	}
	ck_assert_uint_eq(lw_suspects_rank(s, 1.0, 0, 0, out, 2), 1);
	ck_assert_uint_eq(out[0].bytes, 28 * MB);
	ck_assert_uint_eq(out[0].count, 15);
	ck_assert_int_eq(out[0].censuses, 5);
	ck_assert_double_eq_tol(out[0].growth_bpm, 4.0 * MB, 1.0);
	lw_suspects_free(s);
}
END_TEST

/* The census is read, never reordered or written. */
START_TEST(test_suspect__census__histo_unchanged)
{
	struct lw_suspects	*s;
	struct lw_histo		 h, copy;
	struct lw_histo_entry	 v[4];

	s = lw_suspects_new(2);
	ck_assert_ptr_nonnull(s);
	hd_init(&h);
	hd_add(&h, "x.Small", 1, 1);
	hd_add(&h, "x.Big", 2, 300);
	hd_add(&h, "x.Mid", 3, 20);
	hd_add(&h, "x.Zero", 0, 0);
	memcpy(&copy, &h, sizeof(h));
	memcpy(v, h.v, sizeof(v));
	ck_assert_int_eq(lw_suspects_census(s, 0, &h), 0);
	ck_assert_mem_eq(&copy, &h, sizeof(h));
	ck_assert_mem_eq(v, h.v, sizeof(v));
	ck_assert_str_eq(h.v[0].name, "x.Small");
	hd_free(&h);
	lw_suspects_free(s);
}
END_TEST

/* New classes with no bytes are not worth a slot; NULL names are skipped. */
START_TEST(test_suspect__empty_rows__not_tracked)
{
	struct lw_suspects	*s;
	struct lw_histo		 h;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	hd_init(&h);
	hd_add(&h, "x.Zero", 0, 0);
	hd_add(&h, "x.Null", 1, 100);
	free(h.v[1].name);
	h.v[1].name = NULL;
	ck_assert_int_eq(lw_suspects_census(s, 0, &h), 0);
	ck_assert_uint_eq(lw_suspects_tracked(s), 0);
	hd_free(&h);
	/* An empty census is fine too. */
	hd_init(&h);
	ck_assert_int_eq(lw_suspects_census(s, 1, &h), 0);
	lw_suspects_free(s);
}
END_TEST

START_TEST(test_suspect__null_args__einval)
{
	struct lw_suspects	*s;
	struct lw_suspect	 out[1];
	struct lw_histo		 h;

	s = lw_suspects_new(4);
	ck_assert_ptr_nonnull(s);
	hd_init(&h);
	ck_assert_int_eq(lw_suspects_census(NULL, 0, &h), LW_ERR_INVAL);
	ck_assert_int_eq(lw_suspects_census(s, 0, NULL), LW_ERR_INVAL);
	h.n = 3;	/* rows without an array */
	ck_assert_int_eq(lw_suspects_census(s, 0, &h), LW_ERR_INVAL);
	ck_assert_uint_eq(lw_suspects_rank(NULL, 1.0, 0, 0, out, 1), 0);
	ck_assert_uint_eq(lw_suspects_tracked(NULL), 0);
	lw_suspects_free(NULL);
	lw_suspects_free(s);
}
END_TEST

Suite *
lw_suspect_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("suspect");

	tc = tcase_create("rank");
	tcase_add_loop_test(tc,
	    test_suspect__steady_grower_among_noise__ranked_first, 0, 16);
	tcase_add_test(tc, test_suspect__two_growers__ranked_by_rate);
	tcase_add_test(tc, test_suspect__top_of_many__best_first_bounded);
	tcase_add_test(tc, test_suspect__one_jump__not_suspect);
	tcase_add_test(tc, test_suspect__half_step__suspect);
	tcase_add_test(tc, test_suspect__irregular_steady_leak__suspect);
	tcase_add_test(tc, test_suspect__irregular_one_jump__not_suspect);
	tcase_add_test(tc, test_suspect__fluctuating__not_suspect);
	tcase_add_test(tc, test_suspect__consistency_threshold__75_percent);
	tcase_add_test(tc, test_suspect__shrinking__not_suspect);
	suite_add_tcase(s, tc);

	tc = tcase_create("evidence");
	tcase_add_test(tc, test_suspect__three_points__none);
	tcase_add_test(tc, test_suspect__span_below_minspan__none);
	tcase_add_test(tc, test_suspect__zero_span__none);
	tcase_add_test(tc, test_suspect__fast_censuses__reach_minspan);
	tcase_add_test(tc, test_suspect__thinned_jump__not_suspect);
	tcase_add_test(tc, test_suspect__time_backwards__clamped);
	tcase_add_test(tc, test_suspect__floor_not_growing__none);
	tcase_add_test(tc, test_suspect__minshare__filters);
	suite_add_tcase(s, tc);

	tc = tcase_create("tracker");
	tcase_add_test(tc, test_suspect__maxclasses__bounded_largest_kept);
	tcase_add_test(tc, test_suspect__maxclasses_zero__tracks_nothing);
	tcase_add_test(tc, test_suspect__absent_class__dropped_after_points);
	tcase_add_test(tc, test_suspect__full_tracker__room_reused);
	tcase_add_test(tc, test_suspect__long_series__newest_points);
	tcase_add_test(tc, test_suspect__full_of_absent__grower_admitted);
	tcase_add_test(tc, test_suspect__full_tracker__growing_kept);
	tcase_add_test(tc, test_suspect__name_reused__one_series);
	tcase_add_test(tc, test_suspect__long_name__truncated);
	tcase_add_test(tc, test_suspect__duplicate_rows__merged);
	tcase_add_test(tc, test_suspect__census__histo_unchanged);
	tcase_add_test(tc, test_suspect__empty_rows__not_tracked);
	tcase_add_test(tc, test_suspect__null_args__einval);
	suite_add_tcase(s, tc);

	return (s);
}
