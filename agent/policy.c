/*
 * leakwatch - policy.c
 *
 * The agent thread's decisions, apart from the JVM: readings and times in,
 * answers out (see policy.h for the calls of one pass).  Owns the floor
 * series and their fit, census pacing, the pause budget, report and
 * holder pacing and the dump gate.  Must not call JVMTI, JNI, a clock or
 * the log: whatever it needs to say, it returns, and the worker says it.
 * That keeps every rule here testable by replaying a recorded run
 * (docs/DESIGN.md §4 the rules, §7 the replay).
 */
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "opts.h"
#include "policy.h"

#define POLICY_CENSUS_MIN_MS	2000	/* least time between censuses, and
					   between holder searches */
#define POLICY_FIT_MS		1000	/* least time between floor fits */
#define POLICY_CENSUS_MAX_MS	60000	/* a census at least this often */
#define POLICY_CENSUS_LEARN	(32u << 20) /* least census bytes to learn
					   the pause per byte from */
#define POLICY_CENSUS_RETRY_MS	15000	/* after a census skipped for its
					   expected pause */
#define POLICY_CENSUS_BACKOFF	6	/* most doublings of that wait */
#define POLICY_CENSUS_RISE	0.01	/* floor rise (share of max) that
					   calls for a census */
#define POLICY_CENSUS_FAILS	3	/* failures in a row that stop them */
#define POLICY_RECENT_MS	3000	/* recent = lowest sample this recent */
#define POLICY_DUMP_FACTOR	2.1	/* hprof size / heap bytes (1.76
					   measured, with room) */
#define POLICY_CONFIRM_MS	5000	/* floor over threshold this long */

/*
 * Serial and Parallel: live data can only live in the old generation, so
 * that is the limit the floor runs into, not the whole heap's.
 */
static void
policy_limit(struct lw_policy *p)
{
	if (p->gckind == LW_GC_FULLONLY && p->heap.old_max > 0 &&
	    p->heap.old_max < p->max)
		p->max = p->heap.old_max;
}

int
lw_policy_init(struct lw_policy *p, const struct lw_opts *o,
    const struct lw_heap *h, int gckind, uint64_t now_ms)
{
	memset(p, 0, sizeof(*p));
	p->o = o;
	p->gckind = gckind;
	p->census = o->census;
	p->heap = *h;
	p->max = h->max;
	policy_limit(p);
	p->old_gcs = h->old_gc_count;
	p->old_after = h->old_after_gc;
	p->report_ms = now_ms;
	/* A burst of two maxpauses, pausebudget in the long run. */
	lw_budget_init(&p->budget, o->pausebudget / 100.0,
	    2.0 * (double)o->maxpause_ms, now_ms);
	if ((p->trend = lw_trend_new(LW_POLICY_SAMPLES, o->window_ms)) ==
	    NULL ||
	    (p->trend_old = lw_trend_new(LW_POLICY_SAMPLES, o->window_ms)) ==
	    NULL) {
		lw_policy_free(p);
		return (LW_ERR_NOMEM);
	}
	return (0);
}

void
lw_policy_free(struct lw_policy *p)
{
	lw_trend_free(p->trend);
	lw_trend_free(p->trend_old);
	p->trend = p->trend_old = NULL;
}

/*
 * The floor after an old-generation collection: the old pool's own
 * collection usage where there is an old pool (on JDK 25, G1's Remark and
 * Cleanup pauses move it while eden is full, so the heap's "used" then is
 * no floor), else the whole heap's usage read right after the pause.
 */
static uint64_t
policy_old_reading(const struct lw_policy *p)
{
	if (p->heap.old_after_gc != 0)
		return (p->heap.old_after_gc);
	return (p->heap.used);
}

/*
 * Track how long the floor has been over the threshold.  On JDK 25 G1
 * pauses that fail to evacuate leave their regions in the old generation:
 * a warming cache with 36% live read 90% after such pauses, and G1 ran a
 * full GC back to 36% a moment later.  So a threshold dump needs the
 * floor to stay over for POLICY_CONFIRM_MS, or a full collection (which
 * leaves nothing dead behind) to read over.
 */
static void
policy_over(struct lw_policy *p, uint64_t now, int full)
{
	uint64_t	floor = lw_policy_floor(p);

	if (p->max == 0 || floor == 0 ||
	    100.0 * (double)floor / (double)p->max < p->o->threshold) {
		p->over_since_ms = 0;
		p->over_full = 0;
		return;
	}
	if (p->over_since_ms == 0)
		p->over_since_ms = now;
	if (full)
		p->over_full = 1;
}

static int
policy_over_confirmed(const struct lw_policy *p, uint64_t now)
{
	return (p->over_full || (p->over_since_ms != 0 &&
	    now - p->over_since_ms >= POLICY_CONFIRM_MS));
}

int
lw_policy_reading(struct lw_policy *p, uint64_t now, const struct lw_heap *h)
{
	uint64_t	old;
	int		cycle, gc = 1;

	p->heap = *h;
	policy_limit(p);
	cycle = h->old_gc_count != p->old_gcs ||
	    (h->old_after_gc != p->old_after && h->old_after_gc != 0);
	/*
	 * ZGC and Shenandoah: a GC event is a pause inside a cycle and the
	 * heap then holds everything allocated since the cycle began.  Only
	 * a finished cycle gives a reading, and it goes into both series.
	 */
	if (p->gckind == LW_GC_CONCURRENT) {
		gc = cycle;
		if (cycle)
			lw_trend_add(p->trend, now, policy_old_reading(p));
	} else
		lw_trend_add(p->trend, now, h->used);
	if (cycle) {
		old = policy_old_reading(p);
		lw_trend_add(p->trend_old, now, old);
		p->old_prev = p->old_last;
		p->old_last = old;
		policy_over(p, now, h->old_gc_count != p->old_gcs);
	}
	p->old_gcs = h->old_gc_count;
	p->old_after = h->old_after_gc;
	return (gc);
}

void
lw_policy_quiet(struct lw_policy *p, const struct lw_heap *h)
{
	p->heap = *h;
}

/*
 * The old series is the real floor; it is used as soon as it has enough
 * evidence.  Until then the fit over every reading stands in - it sees a
 * fast leak early, but it also sees old-generation garbage pile up
 * between old collections, so it may name suspects (their classes must
 * grow steadily too) and fill HEAP lines, but never trigger a `lead` dump
 * (lw_policy_dump_due checks fit_old).
 */
void
lw_policy_fit(struct lw_policy *p, uint64_t now)
{
	struct lw_trend_fit	old;

	/* Buckets are a second or longer: a faster refit sees nothing new. */
	if (p->fit_ms != 0 && now - p->fit_ms < POLICY_FIT_MS)
		return;
	p->fit_ms = now;
	lw_trend_fit(p->trend_old, now, p->max, p->o->minspan_ms, &old);
	if (old.valid) {
		p->fit = old;
		p->fit_old = 1;
	} else {
		lw_trend_fit(p->trend, now, p->max, p->o->minspan_ms, &p->fit);
		p->fit_old = 0;
	}
}

/*
 * A young pause leaves the old generation's dead objects in place (G1 and
 * Serial/Parallel can show 80% "used" after young pauses with 40% live),
 * so young readings never make a floor; and one odd old reading (a G1
 * pause that failed to evacuate, followed by a full GC a moment later)
 * cannot stand alone.
 */
uint64_t
lw_policy_floor(const struct lw_policy *p)
{
	if (p->old_prev == 0 || p->old_last == 0)
		return (0);
	return (p->old_last < p->old_prev ? p->old_last : p->old_prev);
}

/*
 * Young pauses come far more often than every few seconds in a busy JVM,
 * so the lowest of the last few seconds is close to what a collection
 * leaves; good enough to notice that it rose and a census is worth taking.
 */
uint64_t
lw_policy_recent(const struct lw_policy *p, uint64_t now)
{
	uint64_t	f;

	f = lw_trend_min_since(p->trend, now > POLICY_RECENT_MS ?
	    now - POLICY_RECENT_MS : 0);
	return (f != 0 ? f : p->heap.used);
}

enum lw_census_due
lw_policy_census_due(struct lw_policy *p, uint64_t now, uint64_t recent,
    int gc, double *expect_ms)
{
	double	expect;

	*expect_ms = 0;
	if (p->census == LW_CENSUS_OFF || !gc || now < p->census_next_ms)
		return (LW_CENSUS_NOTDUE);
	if (p->census_last_ms != 0 &&
	    (double)recent < (double)p->census_floor +
	    POLICY_CENSUS_RISE * (double)p->max &&
	    now - p->census_last_ms < POLICY_CENSUS_MAX_MS)
		return (LW_CENSUS_NOTDUE);
	*expect_ms = expect = p->census_ms_per_byte * (double)p->heap.used;
	if (expect > (double)p->o->maxpause_ms) {
		/*
		 * The estimate comes from one census, perhaps one slowed by
		 * a safepoint that waited on the collector: halve it at each
		 * skip, so a wrong one cannot stop censuses for good (the
		 * next census that runs measures it again).  If that one
		 * overran maxpause too, the estimate was right: wait twice
		 * as long before the next try, so censuses over maxpause
		 * come at most 15 s, 30 s, ... 16 min apart.
		 */
		p->census_next_ms = now + ((uint64_t)POLICY_CENSUS_RETRY_MS <<
		    p->census_over);
		p->census_ms_per_byte /= 2;
		return (LW_CENSUS_TOOLONG);
	}
	return (lw_budget_allows(&p->budget, now, expect) ? LW_CENSUS_DUE :
	    LW_CENSUS_NOTDUE);
}

enum lw_census_outcome
lw_policy_census_done(struct lw_policy *p, uint64_t now, uint64_t end_ms,
    double pause_ms, int rc, uint64_t total_bytes, uint64_t recent)
{
	/* The pause is paid from the budget; censuses also keep a gap. */
	lw_budget_spend(&p->budget, end_ms, pause_ms);
	p->census_next_ms = end_ms + POLICY_CENSUS_MIN_MS;
	if (rc == LW_ERR_PHASE)
		return (LW_CENSUS_IGNORED);
	if (rc != 0) {
		if (rc == LW_ERR_DISABLED ||
		    ++p->census_fails >= POLICY_CENSUS_FAILS) {
			p->census = LW_CENSUS_OFF;
			return (LW_CENSUS_STOPPED);
		}
		return (LW_CENSUS_FAILED);
	}
	p->census_fails = 0;
	p->census_last_ms = now;
	if (pause_ms > (double)p->o->maxpause_ms) {
		if (p->census_over < POLICY_CENSUS_BACKOFF)
			p->census_over++;
	} else
		p->census_over = 0;
	p->census_floor = recent;
	/*
	 * A small census is mostly fixed cost (the first one also pays for
	 * warming up, and on ZGC may wait ~170 ms for its safepoint): per
	 * byte it would overstate a big one's pause many times over and skip
	 * censuses that would have been short (seen: 2.5 s expected on JDK
	 * 17 ZGC, no census in a whole leak).
	 */
	if (total_bytes >= POLICY_CENSUS_LEARN)
		p->census_ms_per_byte = pause_ms / (double)total_bytes;
	return (LW_CENSUS_TAKEN);
}

int
lw_policy_report_due(const struct lw_policy *p, uint64_t now, int news)
{
	return (news || now - p->report_ms >= p->o->interval_ms);
}

void
lw_policy_reported(struct lw_policy *p, uint64_t now)
{
	p->report_ms = now;
}

/*
 * The bucket alone bounds the searches' share: each needs credit for a
 * whole maxpause and pays its real pause.  The gap only keeps two searches
 * from running back to back on a changing top list.
 */
int
lw_policy_holder_due(struct lw_policy *p, uint64_t now)
{
	return (now >= p->holder_next_ms &&
	    lw_budget_allows(&p->budget, now, (double)p->o->maxpause_ms));
}

void
lw_policy_holder_done(struct lw_policy *p, uint64_t end_ms, double pause_ms)
{
	lw_budget_spend(&p->budget, end_ms, pause_ms);
	p->holder_next_ms = end_ms + POLICY_CENSUS_MIN_MS;
}

enum lw_dump_reason
lw_policy_dump_due(struct lw_policy *p, uint64_t now, double *pct,
    int *capped)
{
	uint64_t	floor = lw_policy_floor(p);
	double		tto;

	*pct = 0;
	*capped = 0;
	if (p->max == 0 || p->o->maxdumps == 0 || floor == 0)
		return (LW_DUMP_NONE);	/* no limit, no dumps or no floor */
	*pct = 100.0 * (double)floor / (double)p->max;
	if (*pct >= p->o->threshold && !policy_over_confirmed(p, now))
		return (LW_DUMP_NONE);	/* wait: see policy_over */
	/* Only the old series' prediction is trusted with a dump. */
	tto = p->fit.growing && p->fit_old ? p->fit.tto_s : -1;
	return (lw_dump_due(p->o, &p->dump, now, *pct, tto, capped));
}

void
lw_policy_dump_done(struct lw_policy *p, uint64_t end_ms, int ok)
{
	p->dump.attempted = 1;
	p->dump.last_ms = end_ms;
	if (ok)
		p->dump.ndumps++;
}

uint64_t
lw_policy_dump_size(const struct lw_policy *p)
{
	return ((uint64_t)((double)p->heap.used * POLICY_DUMP_FACTOR));
}
