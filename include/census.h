/*
 * leakwatch - census.h
 *
 * What grows, class by class: takes a class census (the JVM's class
 * histogram, or a heap walk), feeds the suspect tracker, ranks suspects,
 * samples the top suspects' allocations and searches what holds them, and
 * writes the SUSPECT records.  When each of these runs is the policy's
 * decision (policy.h); this module only does it.  One instance, owned by
 * the agent thread.  Context: agent thread (JNI allowed) for everything.
 */
#ifndef LW_CENSUS_H
#define LW_CENSUS_H

#include <stddef.h>
#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_jmx;
struct lw_opts;
struct lw_trend_fit;

/* What one census cost and found. */
struct lw_census_res {
	int		rc;		/* 0 or LW_ERR_* */
	double		pause_ms;	/* its stop-the-world time */
	uint64_t	end_ms;		/* when it ended */
	uint64_t	bytes;		/* objects counted, bytes; 0 on error */
	char		err[512];	/* why it failed, when it says */
};

/*
 * Set up: the suspect tracker, and the census, sampling and holder
 * options of `o` (which must outlive the module).  Returns 0 or
 * LW_ERR_NOMEM.
 */
int	lw_census_init(jvmtiEnv *jvmti, struct lw_jmx *jmx,
	    const struct lw_opts *o);

/*
 * Take one census of `kind` (enum lw_census_kind; a live histogram, one
 * full GC, when `live`) and keep it for lw_census_feed.
 */
void	lw_census_take(JNIEnv *env, int kind, int live,
	    struct lw_census_res *res);

/*
 * Feed the census just taken (at now_ms, a pause of pause_ms) to the
 * tracker, and write its CENSUS record.
 */
void	lw_census_feed(int kind, uint64_t now_ms, double pause_ms);

/* Drop the census just taken (it failed, or the policy ignores it). */
void	lw_census_drop(void);

/*
 * Rank suspects against the floor's fit: only while the floor is
 * confidently growing, a class cannot be leaking into a flat floor.
 * Returns 1 when the list is news (the first suspects, or a new #1).
 */
int	lw_census_rank(const struct lw_trend_fit *fit);

/* Sample the top suspects' allocations (only when that set moved). */
void	lw_census_watch(JNIEnv *env);

/* Let the sampler adapt its interval to the sample rate; every pass. */
void	lw_census_tick(uint64_t now_ms);

/*
 * Is there a holder to search: a top suspect without one, or the top
 * one's that an object-level walk could follow further?  0 also when
 * holder searches are off.
 */
int	lw_census_holders_wanted(void);

/*
 * Search the top suspects' holders (one heap walk, cut at maxpause).
 * Returns 0 with *pause_ms the walk's pause, or an LW_ERR_* when the
 * search failed, which turns holder searches off for good (logged).
 */
int	lw_census_holders(JNIEnv *env, double *pause_ms);

/* The SUSPECT records of the current ranking, with sites and holders. */
void	lw_census_report(JNIEnv *env);

/* Census kind name for records: "histogram", "heapwalk", "off". */
const char *lw_census_name(int kind);

#endif /* LW_CENSUS_H */
