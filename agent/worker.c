/*
 * leakwatch - worker.c
 *
 * The agent thread (RunAgentThread): the loop, the JVM reads and the
 * wiring between the modules that decide and the modules that act.  It
 * owns the JMX handles and the last heap reading; the policy (policy.c)
 * owns every decision's state, census.c the evidence about classes.  Only
 * this thread touches any of it, so none of it needs a lock.
 *
 * DESIGN
 * One loop: wait for the GC callbacks' counter to move (or a second to
 * pass), then, inside one JNI local frame:
 *   1. read    - the heap right after the collection(s) (JMX), handed to
 *                lw_policy_reading, which knows which readings are a
 *                floor on this collector
 *   2. fit     - lw_policy_fit: floor, growth, predicted time to OOM
 *   3. census  - when lw_policy_census_due says so: take it (census.c),
 *                pay for it (lw_policy_census_done), rank suspects
 *   4. report  - HEAP every `interval` and SUSPECT lines with it, at once
 *                when suspects are news; holder searches when the budget
 *                allows
 *   5. dump    - when lw_policy_dump_due says so (dump.c writes it)
 * With `trace=PATH` every reading and action also goes to a trace
 * (trace.c) that the policy tests replay.  Any failure disables the one
 * feature it belongs to and is logged once; only a failure to read the
 * heap at all disables the agent.  docs/DESIGN.md §2 (threads) and §4
 * (this loop, step by step).
 */
#include <sys/stat.h>

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "census.h"
#include "dump.h"
#include "gchook.h"
#include "jmx.h"
#include "jvmti_util.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "policy.h"
#include "report.h"
#include "state.h"
#include "trace.h"
#include "worker.h"

#define WORKER_TICK_MS		1000	/* longest sleep without a GC */

struct worker {
	struct lw_opts		 o;
	jvmtiEnv		*jvmti;
	struct lw_jmx		*jmx;
	struct lw_policy	 p;		/* every decision */
	struct lw_heap		 heap;		/* last reading */
	uint64_t		 gcs;		/* GC pauses seen */
	int			 heap_failed;	/* a read failed: near OOM
						   they all may, say it once */
};

static struct worker	lw_worker;

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
	if (lw_jmx_heap(env, w->jmx, &w->heap, 1) != 0)
		return (LW_ERR_JNI);
	if ((rc = lw_policy_init(&w->p, &w->o, &w->heap,
	    lw_jmx_gckind(w->jmx), lw_now_ms())) != 0 ||
	    (rc = lw_census_init(w->jvmti, w->jmx, &w->o)) != 0)
		return (rc);
	if (w->p.max == 0) {
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
 * Take one census, tell the policy what it cost, feed it to the suspect
 * tracker when it was taken, and rank.  Returns 1 when the ranking is
 * news.
 */
static int
worker_census(struct worker *w, JNIEnv *env, uint64_t now, uint64_t recent)
{
	struct lw_census_res	res;
	int			kind = w->p.census, news;

	lw_census_take(env, kind, w->p.gckind == LW_GC_FULLONLY, &res);
	switch (lw_policy_census_done(&w->p, now, res.end_ms, res.pause_ms,
	    res.rc, res.bytes, recent)) {
	case LW_CENSUS_TAKEN:
		lw_census_feed(kind, now, res.pause_ms);
		break;
	case LW_CENSUS_IGNORED:
		lw_census_drop();
		break;
	case LW_CENSUS_FAILED:
	case LW_CENSUS_STOPPED:
		lw_census_drop();
		lw_log(LW_LEVEL_WARN, "census (%s) failed: %s%s%s",
		    lw_census_name(kind), lw_strerror(res.rc),
		    res.err[0] != '\0' ? ": " : "", res.err);
		if (w->p.census == LW_CENSUS_OFF)
			lw_log(LW_LEVEL_WARN, "censuses turned off; the heap "
			    "floor is still watched and dumps still happen");
		break;
	}
	/* Ranked after every attempt: the fit may have moved since. */
	news = lw_census_rank(&w->p.fit);
	lw_trace_census(res.end_ms, res.pause_ms, res.rc, res.bytes, news);
	return (news);
}

/*
 * HEAP, then the current SUSPECT lines, each with what is known of its
 * allocations and holder (searched first, when the policy allows).
 */
static void
worker_report(struct worker *w, JNIEnv *env, uint64_t now, int news)
{
	double	pause;

	if (!news)
		(void)lw_census_rank(&w->p.fit);
	lw_census_watch(env);
	if (lw_census_holders_wanted() && lw_policy_holder_due(&w->p, now) &&
	    lw_census_holders(env, &pause) == 0) {
		lw_policy_holder_done(&w->p, lw_now_ms(), pause);
		lw_trace_holder(lw_now_ms(), pause);
	}
	lw_policy_reported(&w->p, now);
	lw_report_heap(&w->p.fit, w->p.fit_old, lw_policy_floor(&w->p),
	    w->p.max, w->heap.used, w->gcs);
	lw_census_report(env);
}

/* The JVM's dumper, as the writer lw_dump_write calls. */
static int
worker_dump_writer(void *arg, const char *path, char *err, size_t errlen)
{
	JNIEnv	*env = arg;

	return (lw_jmx_dump(env, lw_worker.jmx, path, err, errlen));
}

static void
worker_dump(struct worker *w, JNIEnv *env, uint64_t now)
{
	struct lw_dump_result	res;
	enum lw_dump_reason	r;
	char			err[1024];
	double			pct;
	int			capped, rc;

	r = lw_policy_dump_due(&w->p, now, &pct, &capped);
	if (r == LW_DUMP_NONE) {
		if (capped && w->p.dump.ndumps >= w->o.maxdumps)
			LW_LOG_LIMITED(LW_LOG_ONCE, LW_LEVEL_WARN, "dump "
			    "skipped: maxdumps=%lld already written (floor at "
			    "%.1f%% of max)", (long long)w->o.maxdumps, pct);
		return;
	}
	rc = lw_dump_write(w->o.dumpdir, getpid(), time(NULL),
	    lw_policy_dump_size(&w->p), w->o.reserve, worker_dump_writer, env,
	    &res, err, sizeof(err));
	lw_policy_dump_done(&w->p, lw_now_ms(), rc == 0);
	lw_trace_dump(lw_now_ms(), r, rc == 0);
	if (rc == 0) {
		lw_report_dump(&res, lw_dump_reason_name(r), pct,
		    w->p.fit.growing ? w->p.fit.tto_s : -1);
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
	uint64_t		now = lw_now_ms(), recent;
	enum lw_census_due	due;
	double			expect;
	int			news;

	if (gc) {
		if (lw_jmx_heap(env, w->jmx, &w->heap, !w->heap_failed) !=
		    0) {
			w->heap_failed = 1;	/* near OOM this is expected */
			lw_trace_pass(now, 1, 0, &w->heap);
			return;
		}
		lw_trace_pass(now, 1, 1, &w->heap);
		gc = lw_policy_reading(&w->p, now, &w->heap);
	} else
		lw_trace_pass(now, 0, 0, &w->heap);
	/* Epsilon has no GC events: read the heap for the HEAP line. */
	if (!gc && w->p.gckind == LW_GC_NONE &&
	    lw_policy_report_due(&w->p, now, 0)) {
		if (lw_jmx_heap(env, w->jmx, &w->heap, !w->heap_failed) == 0) {
			lw_policy_quiet(&w->p, &w->heap);
			lw_trace_quiet(now, &w->heap);
		} else
			w->heap_failed = 1;
	}
	lw_policy_fit(&w->p, now);
	recent = lw_policy_recent(&w->p, now);

	news = 0;
	due = lw_policy_census_due(&w->p, now, recent, gc, &expect);
	if (due == LW_CENSUS_TOOLONG)
		LW_LOG_LIMITED(LW_LOG_ONCE, LW_LEVEL_WARN, "census skipped: "
		    "expected pause %.0f ms exceeds maxpause=%llu ms", expect,
		    (unsigned long long)w->o.maxpause_ms);
	if (due == LW_CENSUS_DUE)
		news = worker_census(w, env, now, recent);
	if (lw_policy_report_due(&w->p, now, news))
		worker_report(w, env, now, news);
	lw_census_tick(now);
	worker_dump(w, env, now);
	if (lw_trace_failed())
		lw_log(LW_LEVEL_WARN, "trace %s: write failed or reached %u "
		    "MiB; the trace stops here", w->o.trace,
		    LW_TRACE_MAXBYTES >> 20);
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
	    lw_census_name(w->p.census),
	    w->o.dumpdir, w->o.threshold, w->o.lead_ms);
	worker_check_dumpdir(w);
	if (w->o.trace[0] != '\0' && lw_trace_open(w->o.trace, &w->o,
	    lw_jmx_version(w->jmx), lw_jmx_collectors(w->jmx), w->p.gckind,
	    lw_now_ms(), &w->heap) != 0)
		lw_log(LW_LEVEL_WARN, "trace %s: %s; no trace", w->o.trace,
		    strerror(errno));
	if (w->p.gckind == LW_GC_FULLONLY) {
		char	hm[32];

		lw_log(LW_LEVEL_INFO, "this collector collects the old "
		    "generation only in full GCs: the floor is measured "
		    "against the old generation's limit (%s), and each "
		    "census is a live histogram (one full GC, paced by "
		    "pausebudget)", lw_log_bytes(hm, sizeof(hm),
		    (double)w->p.max));
	}
	if (w->p.gckind == LW_GC_NONE)
		lw_log(LW_LEVEL_WARN, "the Epsilon collector never collects, "
		    "so there is no heap floor to track: no trend, suspects "
		    "or dumps; leakwatch keeps running and reports heap use");
	lw_policy_reported(&w->p, lw_now_ms());
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
	lw_trace_close();
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
