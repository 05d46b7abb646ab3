/*
 * leakwatch - trend.c
 *
 * The heap floor over time: a ring of raw (time, used-after-GC) samples
 * and a robust fit over the samples of a sliding window.  This module owns
 * the growth rate, the fitted floor, the confidence and the time-to-limit
 * projection; it does not decide what to do with them (worker.c does) and
 * it never reads a clock (the caller passes times in).
 *
 * DESIGN
 * A heap that is fine looks like a sawtooth: young collections leave
 * garbage behind, the old generation fills and is emptied.  A leak is a
 * floor under that sawtooth that keeps rising.  So the fit sees only the
 * floor: the window is cut into at most LW_TREND_MAXPOINTS buckets of at
 * least a second, and only each bucket's lowest sample takes part.  Over
 * those points a Theil-Sen line (median of the pairwise slopes) gives the
 * growth rate; one odd batch or a few noisy buckets cannot move a median
 * far (it tolerates ~29% outliers, least squares tolerates none).  The
 * share of positive pairwise slopes is the confidence.  A sawtooth slower
 * than the buckets shows in the points themselves; its slope is then a
 * little above 0 (pairs within one tooth all rise), but only about half
 * of its pairs rise, so it is never confident.
 *
 * A cache that warms up and then plateaus still has a positive Theil-Sen
 * slope, and a high confidence, until the plateau covers well over half
 * the window: every early-late pair rises.  A leak is growth that goes
 * on, so `growing` also asks the newer half of the points (the newest
 * half of the window's evidence) to rise on its own with the same
 * confidence.  A warm-up stops looking like a leak as soon as the plateau
 * is longer than the warm-up.
 *
 * Nothing here allocates after lw_trend_new(): the ring is preallocated
 * and the fit works in fixed arrays on the stack (about 20 KiB).
 */
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"
#include "lw.h"
#include "trend.h"

/* The shortest bucket: collections closer than this are one event. */
#define TREND_MINBUCKET_MS	1000
/* Pairs of LW_TREND_MAXPOINTS points. */
#define TREND_MAXPAIRS	(LW_TREND_MAXPOINTS * (LW_TREND_MAXPOINTS - 1) / 2)
/* Confidence needed to call a floor growing (share of rising pairs). */
#define TREND_MINCONF	0.8
/* Slope needed to call a floor growing: this fraction of max per minute. */
#define TREND_MINRATE	0.001
/* Points the newer-half fit needs before it can veto. */
#define TREND_MINHALF	3

struct trend_sample {
	uint64_t	t_ms;
	uint64_t	used;		/* bytes */
};

struct lw_trend {
	struct trend_sample	*ring;
	size_t			 cap;
	size_t			 head;	/* index of the oldest sample */
	size_t			 n;
	uint64_t		 window_ms;
	uint64_t		 last_ms;	/* newest time, for clamping */
};

/*
 * Samples within one TREND_MINBUCKET_MS slot are merged into their lowest
 * (a bucket is never shorter than that, so the fit cannot tell), which
 * keeps the ring at one sample a second however often the JVM collects:
 * at 65 collections a second the window would otherwise shrink to what
 * `cap` samples cover, and every fit would walk thousands of samples.
 */

/* One robust line through the bucket minima. */
struct trend_line {
	double	slope;		/* bytes per ms */
	double	intercept;	/* bytes at x = 0 */
	double	conf;
};

static int	trend_cmp_double(const void *, const void *);
static double	trend_median(double *, size_t);
static void	trend_line_fit(const double *, const double *, size_t,
		    struct trend_line *);

/*
 * A trend with room for `cap` raw samples.  The ring is allocated here,
 * once, so that adding samples later can never fail.
 * Context: any.
 */
struct lw_trend *
lw_trend_new(size_t cap, uint64_t window_ms)
{
	struct lw_trend	*t;

	if (cap == 0)
		return (NULL);
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return (NULL);
	if ((t->ring = reallocarray(NULL, cap, sizeof(*t->ring))) == NULL) {
		free(t);
		return (NULL);
	}
	t->cap = cap;
	t->window_ms = window_ms;
	return (t);
}

/* Free a trend; NULL is allowed so error paths need no checks. */
void
lw_trend_free(struct lw_trend *t)
{
	if (t == NULL)
		return;
	free(t->ring);
	free(t);
}

/*
 * Append a sample, or merge it into the newest one when both fall in the
 * same TREND_MINBUCKET_MS slot.  Samples that have left the window are
 * dropped first,
 * so the ring only has to hold one window; when it is still full, the
 * oldest sample goes, because the newest say most about the floor now.
 * A time before the newest one is clamped to it: the caller's monotonic
 * clock should never go back, but a reordered reading must not break the
 * ring's time order, which the fit and the eviction rely on.
 * Context: agent thread (any; no allocation).
 */
void
lw_trend_add(struct lw_trend *t, uint64_t t_ms, uint64_t used)
{
	struct trend_sample	*s;

	/* lw_trend_new() refuses cap 0; the ring arithmetic divides by it. */
	if (t == NULL || t->cap == 0)
		return;
	if (t->n > 0 && t_ms < t->last_ms)
		t_ms = t->last_ms;
	if (t->n > 0 && t_ms / TREND_MINBUCKET_MS ==
	    t->last_ms / TREND_MINBUCKET_MS) {
		s = &t->ring[(t->head + t->n - 1) % t->cap];
		if (used < s->used) {
			s->used = used;
			s->t_ms = t_ms;
		}
		t->last_ms = t_ms;
		return;
	}
	t->last_ms = t_ms;

	while (t->n > 0 && t_ms - t->ring[t->head].t_ms >= t->window_ms) {
		t->head = (t->head + 1) % t->cap;
		t->n--;
	}
	if (t->n == t->cap) {
		t->head = (t->head + 1) % t->cap;
		t->n--;
	}
	s = &t->ring[(t->head + t->n) % t->cap];
	s->t_ms = t_ms;
	s->used = used;
	t->n++;
}

/*
 * The lowest sample since a moment, e.g. the floor since the last census;
 * a minimum, not a fit, because the caller wants what was observed.
 * Context: any.
 */
uint64_t
lw_trend_min_since(const struct lw_trend *t, uint64_t since_ms)
{
	const struct trend_sample	*s;
	uint64_t			 min = 0;
	size_t				 i;
	int				 found = 0;

	if (t == NULL)
		return (0);
	for (i = 0; i < t->n; i++) {
		s = &t->ring[(t->head + i) % t->cap];
		if (s->t_ms < since_ms)
			continue;
		if (!found || s->used < min)
			min = s->used;
		found = 1;
	}
	return (min);
}

/* qsort(3) order for doubles; the inputs are finite, never NaN. */
static int
trend_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* Median of v[0..n), n > 0; sorts v in place (callers pass scratch). */
static double
trend_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), trend_cmp_double);
	if (n % 2 == 1)
		return (v[n / 2]);
	return ((v[n / 2 - 1] + v[n / 2]) / 2);
}

/*
 * Theil-Sen slope and the share of rising pairs.  Pairs with the same x
 * say nothing about a slope and are left out, so a return of 0 means "no
 * evidence" whatever n was.  The pair array lives on the stack (16 KiB)
 * because the fit must not allocate.
 * Context: any.
 */
int
lw_trend_theilsen(const double *x, const double *y, size_t n, double *slope,
    double *conf)
{
	double	s[TREND_MAXPAIRS];
	size_t	i, j, np = 0, up = 0;

	*slope = 0;
	*conf = 0;
	if (n > LW_TREND_MAXPOINTS)
		return (LW_ERR_RANGE);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (x[j] == x[i])
				continue;
			s[np] = (y[j] - y[i]) / (x[j] - x[i]);
			if (s[np] > 0)
				up++;
			np++;
		}
	}
	if (np == 0)
		return (0);
	*conf = (double)up / (double)np;
	*slope = trend_median(s, np);
	return ((int)np);
}

/*
 * Theil-Sen slope plus the median intercept (Sen's estimator), so the
 * line goes through the middle of the floor, not through an outlier.
 */
static void
trend_line_fit(const double *x, const double *y, size_t n,
    struct trend_line *l)
{
	double	r[LW_TREND_MAXPOINTS];
	size_t	i;

	l->intercept = 0;
	if (lw_trend_theilsen(x, y, n, &l->slope, &l->conf) <= 0)
		return;
	for (i = 0; i < n; i++)
		r[i] = y[i] - l->slope * x[i];
	l->intercept = trend_median(r, n);
}

/*
 * Fit the window ending at now_ms.  Points are bucket minima (see the
 * DESIGN note); x is in ms since the window's first sample so that the
 * doubles keep full precision whatever the clock's epoch.
 * Context: agent thread (any; no allocation).
 */
void
lw_trend_fit(const struct lw_trend *t, uint64_t now_ms, uint64_t max_bytes,
    uint64_t minspan_ms, struct lw_trend_fit *out)
{
	const struct trend_sample	*s;
	struct trend_line		 all, recent;
	uint64_t			 bmin[LW_TREND_MAXPOINTS];
	uint64_t			 bt[LW_TREND_MAXPOINTS];
	double				 x[LW_TREND_MAXPOINTS];
	double				 y[LW_TREND_MAXPOINTS];
	uint64_t			 t0 = 0, tn = 0, width, b;
	size_t				 i, n, first = 0, nin = 0, h;
	unsigned char			 has[LW_TREND_MAXPOINTS];
	double				 minrate;

	memset(out, 0, sizeof(*out));
	out->tto_s = -1;
	if (t == NULL)
		return;

	/* The window is (now - window, now], as in lw_trend_add. */
	for (i = 0; i < t->n; i++) {
		s = &t->ring[(t->head + i) % t->cap];
		if (s->t_ms > now_ms || now_ms - s->t_ms >= t->window_ms)
			continue;
		if (nin == 0) {
			first = i;
			t0 = s->t_ms;
		}
		tn = s->t_ms;
		nin++;
	}
	if (nin == 0)
		return;

	/* Bucket width so that the span fits in LW_TREND_MAXPOINTS buckets. */
	width = (tn - t0) / LW_TREND_MAXPOINTS + 1;
	if (width < TREND_MINBUCKET_MS)
		width = TREND_MINBUCKET_MS;
	memset(has, 0, sizeof(has));
	for (i = first; i < t->n; i++) {
		s = &t->ring[(t->head + i) % t->cap];
		if (s->t_ms > now_ms)
			break;
		b = (s->t_ms - t0) / width;
		if (!has[b] || s->used < bmin[b]) {
			bmin[b] = s->used;
			bt[b] = s->t_ms;
			has[b] = 1;
		}
	}
	for (b = 0, n = 0; b < LW_TREND_MAXPOINTS; b++) {
		if (!has[b])
			continue;
		x[n] = (double)(bt[b] - t0);
		y[n] = (double)bmin[b];
		n++;
	}

	out->npoints = (int)n;
	out->span_ms = n > 0 ? (uint64_t)(x[n - 1] - x[0]) : 0;
	trend_line_fit(x, y, n, &all);
	out->slope_bpm = all.slope * 60000.0;
	out->conf = all.conf;
	out->floor = all.intercept + all.slope * (double)(now_ms - t0);
	if (out->floor < 0)
		out->floor = 0;
	out->valid = n >= 4 && out->span_ms >= minspan_ms;
	if (!out->valid)
		return;

	/* Growth must be sustained: the newer half must rise by itself. */
	h = n / 2;
	trend_line_fit(x + h, y + h, n - h, &recent);
	minrate = TREND_MINRATE * (double)max_bytes;
	out->growing = all.conf >= TREND_MINCONF && out->slope_bpm > 0 &&
	    out->slope_bpm >= minrate && (n - h < TREND_MINHALF ||
	    (recent.conf >= TREND_MINCONF &&
	    recent.slope * 60000.0 >= minrate && recent.slope > 0));
	if (!out->growing || max_bytes == 0)
		return;
	if (out->floor >= (double)max_bytes)
		out->tto_s = 0;
	else
		out->tto_s = ((double)max_bytes - out->floor) /
		    out->slope_bpm * 60.0;
}
