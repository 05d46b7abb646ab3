/*
 * leakwatch - policy.h
 *
 * Every decision the agent thread makes, as functions of (readings, time):
 * which post-GC reading is a floor reading on this collector, which series
 * feeds the trend, whether a census is due and how it backs off, whether a
 * holder search may run, whether the HEAP/SUSPECT report is due and
 * whether a dump is due.  No JVMTI, no JNI, no clock and no log: the
 * worker (worker.c) reads the JVM, passes the time in and acts on the
 * answers; the unit tests replay recorded traces (trace.h) through the
 * same functions.  One policy belongs to one thread.
 *
 * The calls of one worker pass, in order:
 *	lw_policy_reading	(after GC events: the heap as read)
 *	lw_policy_fit
 *	lw_policy_census_due	-> census -> lw_policy_census_done
 *	lw_policy_report_due	-> lw_policy_holder_due -> search ->
 *				   lw_policy_holder_done; report ->
 *				   lw_policy_reported
 *	lw_policy_dump_due	-> dump -> lw_policy_dump_done
 */
#ifndef LW_POLICY_H
#define LW_POLICY_H

#include <stdint.h>

#include "budget.h"
#include "dump.h"
#include "heap.h"
#include "trend.h"

struct lw_opts;

#define LW_POLICY_SAMPLES	8192	/* floor samples kept per series */
#define LW_POLICY_MINSHARE	0.05	/* least share of the floor's growth
					   for a suspect */

struct lw_policy {
	const struct lw_opts	*o;		/* the worker's; not owned */
	int			 gckind;	/* enum lw_gckind */
	uint64_t		 max;		/* heap limit the floor runs
						   into, bytes; 0 unknown */
	struct lw_heap		 heap;		/* last reading */

	/* the floor */
	struct lw_trend		*trend;		/* every post-GC reading */
	struct lw_trend		*trend_old;	/* after old-gen collections */
	struct lw_trend_fit	 fit;		/* the one decisions use */
	uint64_t		 fit_ms;	/* when it was fitted; 0 never */
	int			 fit_old;	/* fit comes from trend_old */
	uint64_t		 old_gcs;	/* old-gen collector count */
	uint64_t		 old_after;	/* old pool used after its GC */
	uint64_t		 old_last;	/* last reading after one */
	uint64_t		 old_prev;	/* the one before */
	uint64_t		 over_since_ms;	/* floor over threshold since */
	int			 over_full;	/* ...confirmed by a full GC */

	/* censuses */
	int			 census;	/* enum lw_census_kind */
	uint64_t		 census_next_ms; /* none before */
	uint64_t		 census_last_ms; /* last good one; 0 none */
	uint64_t		 census_floor;	/* recent floor at it */
	double			 census_ms_per_byte;
	int			 census_fails;	/* failures in a row */
	int			 census_over;	/* censuses in a row that
						   took over maxpause */

	/* pauses, holder searches, reports, dumps */
	struct lw_budget	 budget;	/* censuses' and searches' */
	uint64_t		 holder_next_ms;
	uint64_t		 report_ms;	/* last HEAP record */
	struct lw_dump_state	 dump;
};

/*
 * Set up for a JVM whose heap reads `h` at now_ms, with collector kind
 * `gckind` (enum lw_gckind) and the census kind of `o`.  `o` must outlive
 * the policy.  Returns 0 or LW_ERR_NOMEM (nothing to free then).
 */
int	lw_policy_init(struct lw_policy *p, const struct lw_opts *o,
	    const struct lw_heap *h, int gckind, uint64_t now_ms);

/* Free what lw_policy_init allocated.  NULL trends are fine. */
void	lw_policy_free(struct lw_policy *p);

/*
 * The heap as read right after one or more GC events at now_ms.  Feeds
 * the series: on Serial, Parallel and G1 every reading goes into the
 * all-readings series, and one after a collection that included the old
 * generation (its collector count, or the old pool's collection usage,
 * moved) also into the old series; on ZGC and Shenandoah, where a GC
 * event is one pause of a concurrent cycle, only a finished cycle is a
 * reading, and it goes into both.  Returns 1 when the reading stands for
 * a collection (a census may follow it), 0 when it was only a pause
 * inside a cycle.
 */
int	lw_policy_reading(struct lw_policy *p, uint64_t now_ms,
	    const struct lw_heap *h);

/* A heap read without a GC event (Epsilon's HEAP line): no series. */
void	lw_policy_quiet(struct lw_policy *p, const struct lw_heap *h);

/*
 * Fit the floor at now_ms (at most once a second): from the old series
 * once it has enough evidence, else from every reading.  The result is
 * p->fit; p->fit_old says which series it came from.
 */
void	lw_policy_fit(struct lw_policy *p, uint64_t now_ms);

/*
 * The floor a dump decision may rest on: the lower of the last two
 * readings after old-generation collections; 0 until two were seen.
 */
uint64_t lw_policy_floor(const struct lw_policy *p);

/*
 * The heap right after recent collections: the lowest reading of the
 * last few seconds, or the last reading when the heap has been quiet.
 * An upper bound of the live data, for census pacing.
 */
uint64_t lw_policy_recent(const struct lw_policy *p, uint64_t now_ms);

enum lw_census_due {
	LW_CENSUS_NOTDUE = 0,
	LW_CENSUS_DUE,
	LW_CENSUS_TOOLONG	/* due, but its expected pause is over
				   maxpause: skipped, retried later */
};

/*
 * Is a census due at now_ms, with `recent` the recent floor and `gc` the
 * return of this pass's lw_policy_reading (0 without one)?  Only after a
 * collection, when the floor rose 1% of max since the last census or a
 * minute passed, when the expected pause is under maxpause and the budget
 * has credit for it.  *expect_ms gets the expected pause.
 */
enum lw_census_due lw_policy_census_due(struct lw_policy *p,
	    uint64_t now_ms, uint64_t recent, int gc, double *expect_ms);

enum lw_census_outcome {
	LW_CENSUS_TAKEN = 0,	/* feed it to the suspect tracker */
	LW_CENSUS_IGNORED,	/* the VM is going away: nothing to say */
	LW_CENSUS_FAILED,	/* tried again at the next due time */
	LW_CENSUS_STOPPED	/* failed for good: censuses are now off */
};

/*
 * A census decided at now_ms ended at end_ms after a pause of pause_ms,
 * with the agent's return code rc (0 or LW_ERR_*) and total_bytes of
 * objects counted.  `recent` is the floor passed to census_due.  Pays
 * the pause from the budget and keeps the next census 2 s away.
 */
enum lw_census_outcome lw_policy_census_done(struct lw_policy *p,
	    uint64_t now_ms, uint64_t end_ms, double pause_ms, int rc,
	    uint64_t total_bytes, uint64_t recent);

/*
 * Is the HEAP report (and the SUSPECT lines, holder searches and
 * sampler set-up with it) due at now_ms?  `news` is 1 when this pass's
 * ranking brought new suspects: they are reported at once.
 */
int	lw_policy_report_due(const struct lw_policy *p, uint64_t now_ms,
	    int news);

/* The report was written at now_ms. */
void	lw_policy_reported(struct lw_policy *p, uint64_t now_ms);

/*
 * May a holder search start at now_ms?  Only with budget credit for a
 * whole maxpause (the search is cut there) and 2 s after the last one.
 * The worker still decides whether there is anything new to search.
 */
int	lw_policy_holder_due(struct lw_policy *p, uint64_t now_ms);

/* A holder search ended at end_ms after a pause of pause_ms. */
void	lw_policy_holder_done(struct lw_policy *p, uint64_t end_ms,
	    double pause_ms);

/*
 * Is a dump due at now_ms?  The floor must have stayed over `threshold`
 * for 5 s or a full collection must have read it there, or a confident
 * prediction from the old series must put the OOM nearer than `lead`
 * (lw_dump_due).  *pct gets the floor's share of max, *capped 1 when a
 * dump was due but maxdumps or dumpinterval held it back.
 */
enum lw_dump_reason lw_policy_dump_due(struct lw_policy *p, uint64_t now_ms,
	    double *pct, int *capped);

/*
 * A dump attempt ended at end_ms, written (ok) or not.  Either way the
 * next one waits dumpinterval.
 */
void	lw_policy_dump_done(struct lw_policy *p, uint64_t end_ms, int ok);

/* The expected size of a dump of the heap as last read, bytes. */
uint64_t lw_policy_dump_size(const struct lw_policy *p);

#endif /* LW_POLICY_H */
