/*
 * leakwatch - worker.c
 *
 * The agent thread (RunAgentThread).  It owns every piece of run-time
 * state: the JMX handles, the floor trend, the class tracker and the dump
 * state.  Nothing else touches them, so none of it needs a lock.
 *
 * DESIGN
 * One loop: wait for the GC callbacks' counter to move (or a second to
 * pass), then
 *   1. sample  - read heap used right after the collection(s); a reading
 *                after a collection that included the old generation
 *                (full, or G1 mixed: the old pool's collection usage moved)
 *                also goes into a second, "old" series.  On ZGC and
 *                Shenandoah a GC event is one pause of a concurrent
 *                cycle: only a finished cycle (the cycle collector's count
 *                moved) gives a reading, the old pool's collection usage,
 *                so the floor means the same on every collector.  Epsilon
 *                never collects: no floor, said once at start
 *   2. fit     - floor, growth per minute, predicted time to OOM; from the
 *                old series once it has enough points, else from all
 *                readings (see worker_fit for why)
 *   3. census  - a class histogram when the floor has risen (or a minute has
 *                passed), never more often than the pause budget allows
 *   4. rank    - suspects, only while the floor is confidently growing
 *   5. report  - HEAP every `interval`, SUSPECT lines with it and at once
 *                when suspects first appear
 *   6. dump    - when the floor crosses `threshold` or OOM is nearer than
 *                `lead`, within `maxdumps` and `dumpinterval`
 * Each pass runs inside its own JNI local frame.  Any failure disables the
 * one feature it belongs to and is logged once; only a failure to read the
 * heap at all disables the agent.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "budget.h"
#include "dump.h"
#include "gchook.h"
#include "heapwalk.h"
#include "histo.h"
#include "holder.h"
#include "jmx.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "report.h"
#include "state.h"
#include "suspect.h"
#include "trend.h"
#include "worker.h"

#define WORKER_TICK_MS		1000	/* longest sleep without a GC */
#define WORKER_SAMPLES		8192	/* floor samples kept */
#define WORKER_CLASSES		1024	/* classes followed for suspects */
#define WORKER_CENSUS_MIN_MS	2000	/* least time between censuses */
#define WORKER_FIT_MS		1000	/* least time between floor fits */
#define WORKER_CENSUS_MAX_MS	60000	/* a census at least this often */
#define WORKER_CENSUS_LEARN	(32u << 20) /* least census bytes to learn
					   the pause per byte from */
#define WORKER_CENSUS_RETRY_MS	15000	/* after a census skipped for its
					   expected pause */
#define WORKER_CENSUS_BACKOFF	6	/* most doublings of that wait */
#define WORKER_CENSUS_RISE	0.01	/* floor rise (share of max) that
					   calls for a census */
#define WORKER_MINSHARE		0.05	/* least share of floor growth for a
					   suspect */
#define WORKER_RECENT_MS	3000	/* floor = lowest sample this recent */
#define WORKER_DUMP_FACTOR	2.1	/* hprof size / heap bytes (1.76
					   measured, with room) */
#define WORKER_CONFIRM_MS	5000	/* floor over threshold this long */
#define WORKER_WATCH		5	/* suspects whose allocations are
					   sampled */
#define WORKER_HOLDERS		3	/* suspects whose holder is searched */

struct worker {
	struct lw_opts		 o;
	jvmtiEnv		*jvmti;
	struct lw_jmx		*jmx;
	struct lw_trend		*trend;		/* every post-GC reading */
	struct lw_trend		*trend_old;	/* after old-gen collections */
	struct lw_suspects	*suspects;
	struct lw_dump_state	 dump;
	struct lw_trend_fit	 fit;		/* the one decisions use */
	uint64_t		 fit_ms;	/* when it was fitted */
	struct lw_budget	 budget;	/* censuses' and searches' pauses */
	int			 fit_old;	/* fit comes from trend_old */
	int			 gckind;	/* enum lw_gckind */
	uint64_t		 old_gcs;	/* old-gen collector count */
	uint64_t		 old_after;	/* old pool used after its GC */
	uint64_t		 old_last;	/* last reading after one */
	uint64_t		 old_prev;	/* the one before */
	uint64_t		 over_since_ms;	/* floor over threshold since */
	int			 over_full;	/* ...confirmed by a full GC */
	struct lw_heap		 heap;		/* last reading */
	uint64_t		 max;		/* heap limit, bytes */
	uint64_t		 gcs;		/* GC pauses seen */
	int			 census;	/* enum lw_census_kind */
	uint64_t		 census_next_ms;
	uint64_t		 census_last_ms;
	uint64_t		 census_floor;	/* floor at the last census */
	double			 census_ms_per_byte;
	int			 census_fails;
	int			 census_skip_warned;
	int			 census_over;	/* censuses in a row that
						   took over maxpause */
	struct lw_suspect	 top[50];
	size_t			 ntop;
	char			 watched[WORKER_WATCH][256];
	int			 nwatched;
	struct lw_holder	 holder[WORKER_HOLDERS];
	char			 holder_name[WORKER_HOLDERS][256];
	int			 nholder;
	uint64_t		 holder_next_ms;
	int			 holder_off;
	struct lw_alloc_site	 site[WORKER_WATCH];
	uint64_t		 heap_report_ms;
	int			 suspects_reported;
	int			 dump_cap_warned;
	int			 heap_warned;
};

static struct worker	lw_worker;

static const char *
worker_census_name(int kind)
{
	switch (kind) {
	case LW_CENSUS_HISTOGRAM:
		return ("histogram");
	case LW_CENSUS_HEAPWALK:
		return ("heapwalk");
	default:
		return ("off");
	}
}

/*
 * Look up the management beans (the expensive first use of
 * ManagementFactory happens here, at start-up, while there is heap) and
 * allocate everything the loop needs.  Context: agent thread.
 */
static int
worker_setup(struct worker *w, JNIEnv *env)
{
	int	rc;

	if ((rc = lw_jmx_init(env, &w->jmx)) != 0)
		return (rc);
	if ((w->trend = lw_trend_new(WORKER_SAMPLES, w->o.window_ms)) == NULL ||
	    (w->trend_old = lw_trend_new(WORKER_SAMPLES, w->o.window_ms)) ==
	    NULL ||
	    (w->suspects = lw_suspects_new(WORKER_CLASSES)) == NULL)
		return (LW_ERR_NOMEM);
	if (lw_jmx_heap(env, w->jmx, &w->heap, 1) != 0)
		return (LW_ERR_JNI);
	/* A burst of two maxpauses, pausebudget in the long run. */
	lw_budget_init(&w->budget, w->o.pausebudget / 100.0,
	    2.0 * (double)w->o.maxpause_ms, lw_now_ms());
	w->max = w->heap.max;
	w->gckind = lw_jmx_gckind(w->jmx);
	/*
	 * Serial and Parallel: live data can only live in the old
	 * generation, so that is the limit the floor runs into.
	 */
	if (w->gckind == LW_GC_FULLONLY && w->heap.old_max > 0 &&
	    w->heap.old_max < w->max)
		w->max = w->heap.old_max;
	w->old_gcs = w->heap.old_gc_count;
	w->old_after = w->heap.old_after_gc;
	if (w->max == 0) {
		lw_log(LW_LEVEL_WARN, "the heap has no defined maximum; "
		    "threshold, lead and time to OOM are off");
	}
	return (0);
}

/* Check the dump directory now so a bad one is reported at start-up. */
static void
worker_check_dumpdir(const struct worker *w)
{
	struct stat	sb;
	int		n, left = 0;

	if (w->o.maxdumps == 0)
		return;
	if (stat(w->o.dumpdir, &sb) != 0) {
		lw_log(LW_LEVEL_WARN, "dumpdir %s: %s; dumps will fail until "
		    "it exists", w->o.dumpdir, strerror(errno));
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		lw_log(LW_LEVEL_WARN, "dumpdir %s is not a directory; dumps "
		    "will fail", w->o.dumpdir);
		return;
	}
	if (access(w->o.dumpdir, W_OK | X_OK) != 0) {
		lw_log(LW_LEVEL_WARN, "dumpdir %s is not writable (%s); dumps "
		    "will fail until it is", w->o.dumpdir, strerror(errno));
		return;
	}
	/* Temporary directories of dumps cut short by SIGKILL or a crash. */
	if ((n = lw_dump_clean(w->o.dumpdir, getpid(), time(NULL), &left)) > 0)
		lw_log(LW_LEVEL_INFO, "dumpdir %s: removed %d temporary "
		    "director%s left by ended processes", w->o.dumpdir, n,
		    n == 1 ? "y" : "ies");
	if (left > 0)
		lw_log(LW_LEVEL_WARN, "dumpdir %s: %d stale temporary "
		    "director%s kept (not ours, or not only regular files)",
		    w->o.dumpdir, left, left == 1 ? "y" : "ies");
}

/*
 * The heap right after recent collections: the lowest post-GC reading of
 * the last few seconds (young pauses come far more often than that in a
 * busy JVM), or the last reading when the heap has been quiet.  An upper
 * bound of the live data; good enough to notice that it rose and a
 * census is worth taking.
 */
static uint64_t
worker_recent(const struct worker *w, uint64_t now)
{
	uint64_t	f;

	f = lw_trend_min_since(w->trend, now > WORKER_RECENT_MS ?
	    now - WORKER_RECENT_MS : 0);
	return (f != 0 ? f : w->heap.used);
}

/*
 * The floor a dump decision may rest on: the lower of the last two
 * readings after collections that included the old generation.  A young
 * pause leaves the old generation's dead objects in place (G1 and
 * Serial/Parallel can show 80% "used" after young pauses with 40% live),
 * so young readings never trigger a dump; and one odd old reading (a G1
 * pause that failed to evacuate, followed by a full GC a moment later)
 * cannot trigger one alone.  0 until two old collections were seen.
 */
static uint64_t
worker_floor(const struct worker *w)
{
	if (w->old_prev == 0 || w->old_last == 0)
		return (0);
	return (w->old_last < w->old_prev ? w->old_last : w->old_prev);
}

/*
 * The floor after an old-generation collection: the old pool's own
 * collection usage where there is an old pool (on JDK 25, G1's Remark and
 * Cleanup pauses move it while eden is full, so the heap's "used" then is
 * no floor), else the whole heap's usage read right after the pause.
 */
static uint64_t
worker_old_reading(const struct worker *w)
{
	if (w->heap.old_after_gc != 0)
		return (w->heap.old_after_gc);
	return (w->heap.used);
}

/*
 * Track how long the floor has been over the threshold.  On JDK 25 G1
 * pauses that fail to evacuate leave their regions in the old generation:
 * a warming cache with 36% live read 90% after such pauses, and G1 ran a
 * full GC back to 36% a moment later.  So a threshold dump needs the
 * floor to stay over for WORKER_CONFIRM_MS, or a full collection (which
 * leaves nothing dead behind) to read over.
 */
static void
worker_over(struct worker *w, uint64_t now, int full)
{
	uint64_t	floor = worker_floor(w);

	if (w->max == 0 || floor == 0 ||
	    100.0 * (double)floor / (double)w->max < w->o.threshold) {
		w->over_since_ms = 0;
		w->over_full = 0;
		return;
	}
	if (w->over_since_ms == 0)
		w->over_since_ms = now;
	if (full)
		w->over_full = 1;
}

static int
worker_over_confirmed(const struct worker *w, uint64_t now)
{
	return (w->over_full || (w->over_since_ms != 0 &&
	    now - w->over_since_ms >= WORKER_CONFIRM_MS));
}

/*
 * Fit the floor.  The old series is the real floor; it is used as soon as
 * it has enough evidence.  Until then the fit over every reading stands
 * in - it sees a fast leak early, but it also sees old-generation garbage
 * pile up between old collections, so it may name suspects (their classes
 * must grow steadily too) and fill HEAP lines, but never trigger a `lead`
 * dump (worker_dump checks fit_old).
 */
static void
worker_fit(struct worker *w, uint64_t now)
{
	struct lw_trend_fit	old;

	/* Buckets are a second or longer: a faster refit sees nothing new. */
	if (w->fit_ms != 0 && now - w->fit_ms < WORKER_FIT_MS)
		return;
	w->fit_ms = now;
	lw_trend_fit(w->trend_old, now, w->max, w->o.minspan_ms, &old);
	if (old.valid) {
		w->fit = old;
		w->fit_old = 1;
	} else {
		lw_trend_fit(w->trend, now, w->max, w->o.minspan_ms, &w->fit);
		w->fit_old = 0;
	}
}

/*
 * Should a census run now?  Only after a collection (the heap is then
 * closest to live), when the floor rose since the last one or a minute
 * passed, when the pause budget has credit for the expected pause, and
 * when that is under maxpause.
 */
static int
worker_census_due(struct worker *w, uint64_t now, uint64_t floor, int gc)
{
	double	expect;

	if (w->census == LW_CENSUS_OFF || !gc || now < w->census_next_ms)
		return (0);
	if (w->census_last_ms != 0 &&
	    (double)floor < (double)w->census_floor +
	    WORKER_CENSUS_RISE * (double)w->max &&
	    now - w->census_last_ms < WORKER_CENSUS_MAX_MS)
		return (0);
	expect = w->census_ms_per_byte * (double)w->heap.used;
	if (expect > (double)w->o.maxpause_ms) {
		if (!w->census_skip_warned)
			lw_log(LW_LEVEL_WARN, "census skipped: expected pause "
			    "%.0f ms exceeds maxpause=%llu ms", expect,
			    (unsigned long long)w->o.maxpause_ms);
		w->census_skip_warned = 1;
		/*
		 * The estimate comes from one census, perhaps one slowed
		 * by a safepoint that waited on the collector: halve it at
		 * each skip, so a wrong one cannot stop censuses for good
		 * (the next census that runs measures it again).  If that
		 * one overran maxpause too, the estimate was right: wait
		 * twice as long before the next try, so censuses over
		 * maxpause come at most 15 s, 30 s, ... 16 min apart.
		 */
		w->census_next_ms = now + ((uint64_t)WORKER_CENSUS_RETRY_MS <<
		    w->census_over);
		w->census_ms_per_byte /= 2;
		return (0);
	}
	return (lw_budget_allows(&w->budget, now, expect));
}

/* Take one census and feed it to the suspect tracker. */
static void
worker_census(struct worker *w, JNIEnv *env, uint64_t now, uint64_t floor)
{
	struct lw_histo	h;
	struct timespec	t0, t1;
	char		err[512] = "";
	double		ms;
	int		rc;

	lw_histo_init(&h);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (w->census == LW_CENSUS_HEAPWALK)
		rc = lw_heapwalk_census(w->jvmti, env, &h);
	else
		rc = lw_jmx_histogram(env, w->jmx, &h,
		    w->gckind == LW_GC_FULLONLY, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;

	/* The pause is paid from the budget; censuses also keep a gap. */
	lw_budget_spend(&w->budget, lw_now_ms(), ms);
	w->census_next_ms = lw_now_ms() + WORKER_CENSUS_MIN_MS;

	if (rc != 0) {
		if (rc == LW_ERR_PHASE)
			goto out;
		w->census_fails++;
		lw_log(LW_LEVEL_WARN, "census (%s) failed: %s%s%s",
		    worker_census_name(w->census), lw_strerror(rc),
		    err[0] != '\0' ? ": " : "", err);
		if (rc == LW_ERR_DISABLED || w->census_fails >= 3) {
			lw_log(LW_LEVEL_WARN, "censuses turned off; the heap "
			    "floor is still watched and dumps still happen");
			w->census = LW_CENSUS_OFF;
		}
		goto out;
	}
	w->census_fails = 0;
	w->census_last_ms = now;
	if (ms > (double)w->o.maxpause_ms) {
		if (w->census_over < WORKER_CENSUS_BACKOFF)
			w->census_over++;
	} else
		w->census_over = 0;
	w->census_floor = floor;
	/*
	 * A small census is mostly fixed cost (the first one also pays for
	 * warming up, and on ZGC may wait ~170 ms for its safepoint): per
	 * byte it would overstate a big one's pause many times over and skip
	 * censuses that would have been short (seen: 2.5 s expected on JDK
	 * 17 ZGC, no census in a whole leak).
	 */
	if (h.total_bytes >= WORKER_CENSUS_LEARN)
		w->census_ms_per_byte = ms / (double)h.total_bytes;
	lw_report_census(worker_census_name(w->census), h.n, h.total_count,
	    h.total_bytes, ms);
	if (lw_suspects_census(w->suspects, now, &h) != 0)
		lw_log(LW_LEVEL_WARN, "suspect tracker out of memory; this "
		    "census is partly recorded");
out:
	lw_histo_free(&h);
}

/*
 * Rank suspects (only while the floor is confidently growing: a class
 * cannot be leaking into a floor that is flat).  Returns 1 when the list
 * is news: the first suspects, or a new #1.
 */
static int
worker_rank(struct worker *w)
{
	char	prev[sizeof(w->top[0].name)];
	size_t	top = (size_t)w->o.top;

	if (top > LW_NELEM(w->top))
		top = LW_NELEM(w->top);
	strlcpy(prev, w->ntop > 0 ? w->top[0].name : "", sizeof(prev));
	w->ntop = 0;
	if (w->fit.growing)
		w->ntop = lw_suspects_rank(w->suspects, w->fit.slope_bpm,
		    w->o.minspan_ms, WORKER_MINSHARE, w->top, top);
	return (w->ntop > 0 && (!w->suspects_reported ||
	    strcmp(prev, w->top[0].name) != 0));
}

/* Sample the allocations of the top suspects (only when the set moved). */
static void
worker_watch(struct worker *w, JNIEnv *env)
{
	const char	*names[WORKER_WATCH];
	int		 n, i, same;

	if (w->o.sampling == 0)
		return;
	n = w->ntop < WORKER_WATCH ? (int)w->ntop : WORKER_WATCH;
	same = n == w->nwatched;
	for (i = 0; i < n && same; i++)
		same = strcmp(w->watched[i], w->top[i].name) == 0;
	if (same)
		return;
	for (i = 0; i < n; i++) {
		strlcpy(w->watched[i], w->top[i].name, sizeof(w->watched[i]));
		names[i] = w->watched[i];
	}
	w->nwatched = n;
	if (lw_alloc_watch(w->jvmti, env, names, n) != 0)
		w->o.sampling = 0;
}

static const struct lw_holder *
worker_holder_of(const struct worker *w, const char *name)
{
	int	i;

	for (i = 0; i < w->nholder; i++)
		if (strcmp(w->holder_name[i], name) == 0 &&
		    w->holder[i].found)
			return (&w->holder[i]);
	return (NULL);
}

/*
 * Search what holds the top suspects: one heap walk, when a top suspect
 * has no holder yet, cut at maxpause, run only when the pause budget has
 * credit for a whole maxpause (so even a changing top list cannot make
 * searches take more than the budget), at least 2 s apart.
 */
static void
worker_holders(struct worker *w, JNIEnv *env, uint64_t now)
{
	const char	*names[WORKER_HOLDERS];
	int		 n, i, k, fresh = 0, rc;

	if (!w->o.holder || w->holder_off || now < w->holder_next_ms ||
	    !lw_budget_allows(&w->budget, now, (double)w->o.maxpause_ms))
		return;
	n = w->ntop < WORKER_HOLDERS ? (int)w->ntop : WORKER_HOLDERS;
	for (i = 0; i < n; i++) {
		for (k = 0; k < w->nholder; k++)
			if (strcmp(w->holder_name[k], w->top[i].name) == 0)
				break;
		if (k == w->nholder)
			fresh = 1;
	}
	/* the top suspect's holder can be followed further, object-wise */
	if (n > 0 && w->nholder > 0 && w->holder[0].refine &&
	    strcmp(w->holder_name[0], w->top[0].name) == 0)
		fresh = 1;
	if (!fresh)
		return;
	for (i = 0; i < n; i++) {
		strlcpy(w->holder_name[i], w->top[i].name,
		    sizeof(w->holder_name[i]));
		names[i] = w->holder_name[i];
	}
	w->nholder = n;
	rc = lw_holder_find(w->jvmti, env, names, n, w->o.maxpause_ms,
	    w->holder);
	if (rc != 0) {
		lw_log(LW_LEVEL_WARN, "holder search failed (%s); holders "
		    "are off", lw_strerror(rc));
		w->holder_off = 1;
		w->nholder = 0;
		return;
	}
	/*
	 * The bucket alone bounds the searches' share: each needs credit for
	 * a whole maxpause and pays its real pause.  The gap only keeps two
	 * searches from running back to back on a changing top list.
	 */
	lw_budget_spend(&w->budget, lw_now_ms(), w->holder[0].pause_ms);
	w->holder_next_ms = lw_now_ms() + WORKER_CENSUS_MIN_MS;
	lw_log(LW_LEVEL_DEBUG, "holder search: %.1f ms pause, %llu "
	    "references, %u objects followed (%.1f ms to clear their ids)%s",
	    w->holder[0].pause_ms,
	    (unsigned long long)w->holder[0].refs, w->holder[0].objects,
	    w->holder[0].untag_ms,
	    w->holder[0].aborted ? ", cut at maxpause" : "");
	if (w->holder[0].exact && w->holder[0].objects > 0)
		lw_log(LW_LEVEL_INFO, "holder of %s, object by object: %s "
		    "(%llu of %llu references)", w->holder_name[0],
		    w->holder[0].text,
		    (unsigned long long)w->holder[0].held,
		    (unsigned long long)w->holder[0].hits);
}

/* HEAP, then the current SUSPECT lines. */
static void
worker_report(struct worker *w, JNIEnv *env, uint64_t now)
{
	w->heap_report_ms = now;
	struct lw_suspect_info	 x[LW_NELEM(w->top)];
	const struct lw_holder	*h;
	size_t			 i;

	lw_report_heap(&w->fit, w->fit_old, worker_floor(w), w->max,
	    w->heap.used, w->gcs);
	if (w->ntop == 0)
		return;
	memset(x, 0, sizeof(x));
	for (i = 0; i < w->ntop; i++) {
		if (i < WORKER_WATCH && w->o.sampling > 0 &&
		    lw_alloc_site(w->jvmti, env, w->top[i].name,
		    &w->site[i]) == 0 && w->site[i].found) {
			x[i].site = w->site[i].site;
			x[i].site_share = w->site[i].total > 0 ?
			    (double)w->site[i].count /
			    (double)w->site[i].total : 0;
			x[i].samples = w->site[i].total;
			x[i].trace = w->site[i].trace;
		}
		if ((h = worker_holder_of(w, w->top[i].name)) != NULL) {
			x[i].holder = h->text;
			x[i].holder_ms = h->pause_ms;
		}
	}
	lw_report_suspects(w->top, x, w->ntop);
	w->suspects_reported = 1;
}

/* The JVM's dumper, as the writer lw_dump_write calls. */
static int
worker_dump_writer(void *arg, const char *path, char *err, size_t errlen)
{
	JNIEnv	*env = arg;

	return (lw_jmx_dump(env, lw_worker.jmx, path, err, errlen));
}

static void
worker_dump(struct worker *w, JNIEnv *env, uint64_t now, uint64_t floor)
{
	struct lw_dump_result	res;
	enum lw_dump_reason	r;
	char			err[1024];
	double			pct, tto;
	int			capped, rc;

	if (w->max == 0 || w->o.maxdumps == 0)
		return;
	if (floor == 0)
		return;		/* no old collection yet: no floor */
	pct = 100.0 * (double)floor / (double)w->max;
	if (pct >= w->o.threshold && !worker_over_confirmed(w, now))
		return;		/* wait: see worker_over */
	tto = w->fit.growing && w->fit_old ? w->fit.tto_s : -1;
	r = lw_dump_due(&w->o, &w->dump, now, pct, tto, &capped);
	if (r == LW_DUMP_NONE) {
		if (capped && !w->dump_cap_warned &&
		    w->dump.ndumps >= w->o.maxdumps) {
			lw_log(LW_LEVEL_WARN, "dump skipped: maxdumps=%lld "
			    "already written (floor at %.1f%% of max)",
			    (long long)w->o.maxdumps, pct);
			w->dump_cap_warned = 1;
		}
		return;
	}
	rc = lw_dump_write(w->o.dumpdir, getpid(), time(NULL),
	    (uint64_t)((double)w->heap.used * WORKER_DUMP_FACTOR), w->o.reserve,
	    worker_dump_writer, env, &res, err, sizeof(err));
	w->dump.attempted = 1;
	w->dump.last_ms = lw_now_ms();
	if (rc == 0) {
		w->dump.ndumps++;
		lw_report_dump(&res, lw_dump_reason_name(r), pct,
		    w->fit.growing ? w->fit.tto_s : -1);
		return;
	}
	lw_log(LW_LEVEL_WARN, "dump skipped (%s at %.1f%% of max): %s; next "
	    "try in %llus", lw_dump_reason_name(r), pct, err,
	    (unsigned long long)(w->o.dumpinterval_ms / 1000));
}

/* One pass of the loop.  Context: agent thread, inside a local frame. */
static void
worker_pass(struct worker *w, JNIEnv *env, int gc)
{
	uint64_t	now = lw_now_ms(), recent, old;
	int		news, cycle;

	if (gc) {
		if (lw_jmx_heap(env, w->jmx, &w->heap, !w->heap_warned) !=
		    0) {
			w->heap_warned = 1;	/* near OOM this is expected */
			return;
		}
		if (w->gckind == LW_GC_FULLONLY && w->heap.old_max > 0 &&
		    w->heap.old_max < w->max)
			w->max = w->heap.old_max;
		cycle = w->heap.old_gc_count != w->old_gcs ||
		    (w->heap.old_after_gc != w->old_after &&
		    w->heap.old_after_gc != 0);
		/*
		 * ZGC and Shenandoah: a GC event is a pause inside a cycle
		 * and the heap then holds everything allocated since the
		 * cycle began.  Only a finished cycle gives a reading, and
		 * it goes into both series.
		 */
		if (w->gckind == LW_GC_CONCURRENT) {
			gc = cycle;
			if (cycle)
				lw_trend_add(w->trend, now,
				    worker_old_reading(w));
		} else
			lw_trend_add(w->trend, now, w->heap.used);
		if (cycle) {
			old = worker_old_reading(w);
			lw_trend_add(w->trend_old, now, old);
			w->old_prev = w->old_last;
			w->old_last = old;
			worker_over(w, now, w->heap.old_gc_count !=
			    w->old_gcs);
		}
		w->old_gcs = w->heap.old_gc_count;
		w->old_after = w->heap.old_after_gc;
	}
	/* Epsilon has no GC events: read the heap for the HEAP line. */
	if (!gc && w->gckind == LW_GC_NONE &&
	    now - w->heap_report_ms >= w->o.interval_ms &&
	    lw_jmx_heap(env, w->jmx, &w->heap, !w->heap_warned) != 0)
		w->heap_warned = 1;
	worker_fit(w, now);
	recent = worker_recent(w, now);

	news = 0;
	if (worker_census_due(w, now, recent, gc)) {
		worker_census(w, env, now, recent);
		news = worker_rank(w);
	}
	if (news || now - w->heap_report_ms >= w->o.interval_ms) {
		if (!news)
			(void)worker_rank(w);
		worker_watch(w, env);
		worker_holders(w, env, now);
		worker_report(w, env, now);
	}
	lw_alloc_tick(w->jvmti, now);
	worker_dump(w, env, now, worker_floor(w));
}

/*
 * The thread body.  Context: agent thread (a daemon Java thread, JNI
 * allowed).
 */
static void JNICALL
worker_main(jvmtiEnv *jvmti, JNIEnv *env, void *arg)
{
	struct worker		*w = arg;
	struct lw_gcstats	 st;
	uint64_t		 seen = 0, t0;
	int			 gc, spins = 0;

	if (worker_setup(w, env) != 0) {
		lw_state_disable("cannot read the heap through JMX");
		goto done;
	}
	lw_report_start(lw_jmx_version(w->jmx), lw_jmx_collectors(w->jmx),
	    lw_jmx_oldpool(w->jmx), w->heap.max,
	    worker_census_name(w->census),
	    w->o.dumpdir, w->o.threshold, w->o.lead_ms);
	worker_check_dumpdir(w);
	if (w->gckind == LW_GC_FULLONLY) {
		char	hm[32];

		lw_log(LW_LEVEL_INFO, "this collector collects the old "
		    "generation only in full GCs: the floor is measured "
		    "against the old generation's limit (%s), and each "
		    "census is a live histogram (one full GC, paced by "
		    "pausebudget)", lw_log_bytes(hm, sizeof(hm),
		    (double)w->max));
	}
	if (w->gckind == LW_GC_NONE)
		lw_log(LW_LEVEL_WARN, "the Epsilon collector never collects, "
		    "so there is no heap floor to track: no trend, suspects "
		    "or dumps; leakwatch keeps running and reports heap use");
	w->heap_report_ms = lw_now_ms();
	lw_gchook_stats(&st);
	seen = st.finishes;
	while (!lw_state_disabled()) {
		t0 = lw_now_ms();
		if (lw_gchook_wait(jvmti, seen, WORKER_TICK_MS, &st))
			break;
		gc = st.finishes != seen;
		/*
		 * A wait that returns at once with nothing new means the raw
		 * monitor failed (logged by gchook); do not spin on it.
		 */
		if (!gc && lw_now_ms() - t0 < WORKER_TICK_MS / 2) {
			if (++spins >= 100) {
				lw_state_disable("the agent's raw monitor keeps "
				    "failing");
				break;
			}
		} else
			spins = 0;
		seen = st.finishes;
		w->gcs = seen;
		if ((*env)->PushLocalFrame(env, 64) != 0) {
			(void)lw_jni_check(env, "PushLocalFrame");
			continue;
		}
		worker_pass(w, env, gc);
		(void)(*env)->PopLocalFrame(env, NULL);
	}
done:
	lw_gchook_worker_done(jvmti);
}

int
lw_worker_start(jvmtiEnv *jvmti, JNIEnv *env, const struct lw_opts *o)
{
	struct worker	*w = &lw_worker;
	jclass		 cls;
	jmethodID	 ctor;
	jstring		 name;
	jobject		 thr;
	int		 rc;

	w->o = *o;
	w->jvmti = jvmti;
	w->census = o->census;
	if ((cls = (*env)->FindClass(env, "java/lang/Thread")) == NULL ||
	    (ctor = (*env)->GetMethodID(env, cls, "<init>",
	    "(Ljava/lang/String;)V")) == NULL ||
	    (name = (*env)->NewStringUTF(env, "leakwatch")) == NULL ||
	    (thr = (*env)->NewObject(env, cls, ctor, name)) == NULL) {
		(void)lw_jni_check(env, "creating the leakwatch thread");
		return (LW_ERR_JNI);
	}
	rc = lw_jvmti_check(jvmti, (*jvmti)->RunAgentThread(jvmti, thr,
	    worker_main, w, JVMTI_THREAD_NORM_PRIORITY), "RunAgentThread");
	(*env)->DeleteLocalRef(env, thr);
	(*env)->DeleteLocalRef(env, name);
	(*env)->DeleteLocalRef(env, cls);
	return (rc);
}
