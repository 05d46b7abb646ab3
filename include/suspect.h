/*
 * leakwatch - suspect.h
 *
 * Leak suspects: classes whose live bytes grow consistently across several
 * censuses and account for a real share of the heap floor's growth.  Fed
 * one census at a time; keeps a short per-class series (bounded in classes
 * and points).  Pure module.
 */
#ifndef LW_SUSPECT_H
#define LW_SUSPECT_H

#include <stddef.h>
#include <stdint.h>

struct lw_histo;

/* Census points kept per class. */
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
 * A tracker following at most `maxclasses` classes.  Returns NULL when out
 * of memory.
 */
struct lw_suspects	*lw_suspects_new(size_t maxclasses);
void			 lw_suspects_free(struct lw_suspects *s);

/*
 * Feed one census taken at t_ms.  Classes already followed get a point
 * (0 bytes if absent from the census); new classes are followed, largest
 * first, while there is room; classes absent for LW_SUSPECT_POINTS
 * censuses are dropped.  Returns 0 or LW_ERR_NOMEM (the census is then
 * partly recorded; later censuses still work).
 */
int	lw_suspects_census(struct lw_suspects *s, uint64_t t_ms,
	    const struct lw_histo *h);

/*
 * Rank suspects as of the last census.  A class qualifies when its series
 * has >= 4 points spanning >= minspan_ms, it grew in >= 75% of intervals,
 * no single interval holds more than half of its net growth, and its
 * growth is >= `minshare` (0..1) of floor_bpm.  No class qualifies when
 * floor_bpm <= 0.  Writes at most `max` suspects to out, best first, and
 * returns how many.
 */
size_t	lw_suspects_rank(const struct lw_suspects *s, double floor_bpm,
	    uint64_t minspan_ms, double minshare, struct lw_suspect *out,
	    size_t max);

/* Classes followed now (for the tests and agent memory accounting). */
size_t	lw_suspects_tracked(const struct lw_suspects *s);

#endif /* LW_SUSPECT_H */
