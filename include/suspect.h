/*
 * leakwatch - suspect.h
 *
 * Leak suspects: classes whose live bytes grow consistently across several
 * censuses and account for a real share of the heap floor's growth.  Fed
 * one census at a time; keeps a short per-class series (bounded in classes
 * and points).  Pure module; not thread-safe (one tracker, one thread).
 */
#ifndef LW_SUSPECT_H
#define LW_SUSPECT_H

#include <stddef.h>
#include <stdint.h>

struct lw_histo;

/*
 * Census points kept per class.  A full series is thinned, not cut: it
 * keeps its first and newest points (see suspect_thin in suspect.c).
 */
#define LW_SUSPECT_POINTS	8

struct lw_suspect {
	char		name[256];	/* Java source name, truncated */
	uint64_t	count;		/* instances at the last census */
	uint64_t	bytes;		/* bytes at the last census */
	double		growth_bpm;	/* bytes per minute over its series */
	double		share;		/* growth_bpm / floor growth, 0..1+ */
	double		consistency;	/* share of intervals that grew */
	int		censuses;	/* points in its series */
	double		score;		/* ranking key, larger first */
};

struct lw_suspects;

/*
 * A tracker following at most `maxclasses` classes (0 follows none).  Each
 * class costs one allocation of ~270 bytes plus its name.  Returns NULL
 * when out of memory.  lw_suspects_free(NULL) is a no-op.
 */
struct lw_suspects	*lw_suspects_new(size_t maxclasses);
void			 lw_suspects_free(struct lw_suspects *s);

/*
 * Feed one census taken at t_ms (a t_ms before the previous census's is
 * clamped to it).  The census is only read (h->v, h->n; no histo.c call)
 * and may be freed afterwards.  In order: classes already followed get a
 * point (0 bytes if absent from the census; rows with one name are
 * summed); classes at 0 bytes for LW_SUSPECT_POINTS censuses in a row are
 * dropped; then new classes with bytes > 0 are followed, largest first.
 * When the tracker is full a new class takes the slot of a class absent
 * from this census (the longest absent first) or else of the smallest
 * class whose bytes did not rise over its series, if that one is smaller;
 * a class that grew is never evicted.  Returns 0, LW_ERR_INVAL (s or h
 * NULL, or rows without an array) or LW_ERR_NOMEM (the census is then
 * partly recorded; later censuses still work).
 *
 * XXX A class name is one series: classes of one name in several loaders,
 * or a name defined again after its class was unloaded, are summed.
 */
int	lw_suspects_census(struct lw_suspects *s, uint64_t t_ms,
	    const struct lw_histo *h);

/*
 * Rank suspects as of the last census.  A class qualifies when its series
 * has >= 4 points spanning >= minspan_ms (and > 0), its bytes rose from
 * first to last point, it grew in >= 75% of intervals, no interval rose
 * by more than half of the net growth beyond its share in time (net *
 * interval / span: uneven censuses are fine, a one-off jump is not), and
 * its growth is >= `minshare`
 * (0..1) of floor_bpm.  growth_bpm is the Theil-Sen slope of its bytes
 * (lw_trend_theilsen), consistency the share of intervals that grew,
 * score = growth_bpm * consistency (ties: by name).  No class qualifies
 * when floor_bpm <= 0 or is NaN.  Writes at most `max` suspects to out,
 * best first, and returns how many.  No allocation.
 */
size_t	lw_suspects_rank(const struct lw_suspects *s, double floor_bpm,
	    uint64_t minspan_ms, double minshare, struct lw_suspect *out,
	    size_t max);

/* Classes followed now (for the tests and agent memory accounting). */
size_t	lw_suspects_tracked(const struct lw_suspects *s);

#endif /* LW_SUSPECT_H */
