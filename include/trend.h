/*
 * leakwatch - trend.h
 *
 * The heap floor over time.  Samples are heap-used values read right after
 * collections.  Within a time bucket only the lowest sample counts (the
 * floor, not the sawtooth above it); a Theil-Sen slope (median of pairwise
 * slopes) over the bucket minima in the window gives growth per minute, the
 * fitted floor now, a confidence, and the predicted time until the floor
 * reaches the heap's max.  A sawtooth, a one-off batch spike or a cache that
 * warms up and then plateaus is not `growing` (see lw_trend_fit for why
 * the warm-up needs a second test).  Pure module; the clock is the
 * caller's (times are milliseconds of any monotonic clock).  Not
 * thread-safe: one trend belongs to one thread (the agent thread).
 */
#ifndef LW_TREND_H
#define LW_TREND_H

#include <stddef.h>
#include <stdint.h>

/* At most this many bucket minima take part in a fit (2016 pairs). */
#define LW_TREND_MAXPOINTS	64

struct lw_trend_fit {
	int		valid;		/* enough evidence to judge at all */
	int		npoints;	/* bucket minima used */
	uint64_t	span_ms;	/* time between first and last point */
	double		floor;		/* fitted floor at `now`, bytes */
	double		slope_bpm;	/* growth, bytes per minute */
	double		conf;		/* share of pairwise slopes > 0, 0..1 */
	double		tto_s;		/* seconds until floor reaches max;
					   0 if already there; < 0 when not
					   growing or max unknown */
	int		growing;	/* confident, sustained growth */
};

struct lw_trend;

/*
 * A trend over the last `window_ms`, keeping at most `cap` raw samples
 * (older ones are dropped first; size cap for one window of collections).
 * All memory is allocated here.  Returns NULL when out of memory or when
 * cap is 0.  lw_trend_free(NULL) is a no-op.
 */
struct lw_trend	*lw_trend_new(size_t cap, uint64_t window_ms);
void		 lw_trend_free(struct lw_trend *t);

/*
 * Record heap-used bytes observed at time t_ms after a collection.  Times
 * must not go backwards (a smaller t_ms is clamped to the newest one).
 * Samples in the same whole second (t_ms / 1000) as the newest one are
 * merged into it, keeping the lower value and its time, so the ring holds
 * at most one sample a second.
 * Samples at or before t_ms - window_ms are dropped; when the ring is
 * still full the oldest goes.  No allocation.
 */
void	lw_trend_add(struct lw_trend *t, uint64_t t_ms, uint64_t used);

/* The lowest sample still held, taken at or after since_ms; 0 when none. */
uint64_t lw_trend_min_since(const struct lw_trend *t, uint64_t since_ms);

/*
 * Fit the samples in (now_ms - window_ms, now_ms].  They are cut into
 * buckets of max(1 s, span / LW_TREND_MAXPOINTS); each bucket's lowest
 * sample is a point (its time, its value); the Theil-Sen line through the
 * points gives slope_bpm and, with the median intercept, the floor at
 * now_ms.  The fit is `valid` with at least 4 points spanning at least
 * minspan_ms.  It is `growing` when valid, conf >= 0.8, the slope is at
 * least 0.1% of max_bytes per minute, and the newer half of the points
 * (when it has 3 or more) passes the same two tests on its own: a cache
 * that rose and then stayed flat has rising pairs across the two parts
 * until the plateau covers well over half the window, but its newer half
 * is flat as soon as the plateau is longer than the warm-up.  The price
 * is a later verdict on a noisy leak (the newer half has half the span
 * against the same noise).  max_bytes 0 means unknown: any rising slope
 * may be growing and tto_s stays < 0.  tto_s = (max - floor) / slope,
 * computed only when growing.  No allocation (about 20 KiB of stack);
 * never fails (an invalid fit has valid == 0; t NULL gives that too).
 */
void	lw_trend_fit(const struct lw_trend *t, uint64_t now_ms,
	    uint64_t max_bytes, uint64_t minspan_ms, struct lw_trend_fit *out);

/*
 * Theil-Sen slope of (x[i], y[i]), i < n <= LW_TREND_MAXPOINTS (median of
 * the pairwise slopes, y units per x unit), and the share of pairwise
 * slopes that are positive.  Pairs with equal x are skipped.  Exported for
 * suspect.c and the tests.  Returns the number of pairs used; 0 with
 * *slope = 0, *conf = 0 when there is none (n < 2, or all x equal);
 * LW_ERR_RANGE (same outputs) when n > LW_TREND_MAXPOINTS.  No allocation
 * (16 KiB of stack).
 */
int	lw_trend_theilsen(const double *x, const double *y, size_t n,
	    double *slope, double *conf);

#endif /* LW_TREND_H */
