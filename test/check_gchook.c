/*
 * leakwatch - check_gchook.c
 *
 * The GC-callback handshake (agent/gchook.c) against the fake JVMTI's raw
 * monitors, with real threads: a "VM thread" calling the callbacks, a
 * "worker" in lw_gchook_wait and a "VMDeath" thread in lw_gchook_stop.
 * `make tsan` runs these under ThreadSanitizer, which is what turns "it
 * did not hang" into "there is no race".
 *
 * Threads other than the test's own only record what they saw; every
 * ck_assert runs in the test's thread (Check's failure path exits or
 * longjmps, which must not happen in a helper thread).  Durations are
 * measured with lw_now_ms and bounded generously on the slow side: a
 * sanitizer or valgrind may stretch them, a lost wake-up cannot hide
 * inside the slack because the long timeouts are far larger still.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#define LW_NEED_JVMTI
#include "compat.h"
#include "gchook.h"
#include "fake_jvmti.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "lwtest.h"

/* A wait nobody should ever sit out: reaching it means a lost wake-up. */
#define GCHOOK_LONG_MS		20000
/* "Returned promptly": far below GCHOOK_LONG_MS, far above scheduling. */
#define GCHOOK_PROMPT_MS	5000
/* A timeout the tests do sit out, and must not return before. */
#define GCHOOK_SHORT_MS		300
/* GC pauses in the coalescing test. */
#define GCHOOK_BURST		100000

static jvmtiEnv	*jv;

static void
gchook_setup(void)
{
	(void)lw_fake_jvmti_reset();
	lw_gchook_reset();
	jv = lw_fake_jvmti();
	ck_assert_int_eq(lw_gchook_init(jv), 0);
}

static void
gchook_teardown(void)
{
	lw_gchook_reset();
	(void)lw_fake_jvmti_reset();
}

/* The error paths log WARN lines through lw_jvmti_check; keep them quiet. */
static void
gchook_quiet_setup(void)
{
	(void)lw_log_open(NULL, LW_LEVEL_ERROR);
	gchook_setup();
}

static void
gchook_quiet_teardown(void)
{
	gchook_teardown();
	(void)lw_log_open(NULL, LW_LEVEL_INFO);
}

/*
 * Give another thread time to block in RawMonitorWait: poll the fake's
 * waiter count, 1 ms at a time, for at most GCHOOK_LONG_MS.  Not needed
 * for correctness (the code re-tests its predicate under the monitor);
 * it makes sure the test exercises the "wake a sleeping thread" path
 * rather than the "predicate already true" one.
 */
static void
gchook_until_waiters(int n)
{
	struct timespec	ms = { 0, 1000000 };
	uint64_t	until;

	until = lw_now_ms() + GCHOOK_LONG_MS;
	while (lw_fake_jvmti_waiters() < n && lw_now_ms() < until)
		nanosleep(&ms, NULL);
	ck_assert_int_ge(lw_fake_jvmti_waiters(), n);
}

/* One GC pause as the VM thread reports it. */
static void
gchook_gc(void)
{
	lw_gchook_finish(jv);
}

/* A worker: one lw_gchook_wait, then maybe lw_gchook_worker_done. */
struct waiter {
	pthread_t		 tid;
	uint64_t		 seen;		/* argument to the wait */
	uint64_t		 timeout_ms;	/* argument to the wait */
	int			 done;		/* then call worker_done */
	int			 rc;		/* what the wait returned */
	uint64_t		 ms;		/* how long it took */
	struct lw_gcstats	 st;
	_Atomic int		 returned;	/* the wait has returned */
};

static void *
waiter_main(void *arg)
{
	struct waiter	*w = arg;
	uint64_t	 t0;

	t0 = lw_now_ms();
	w->rc = lw_gchook_wait(jv, w->seen, w->timeout_ms, &w->st);
	w->ms = lw_now_ms() - t0;
	atomic_store(&w->returned, 1);
	if (w->rc && w->done)
		lw_gchook_worker_done(jv);
	return (NULL);
}

static void
waiter_start(struct waiter *w, uint64_t seen, uint64_t timeout_ms, int done)
{
	memset(w, 0, sizeof(*w));
	w->seen = seen;
	w->timeout_ms = timeout_ms;
	w->done = done;
	ck_assert_int_eq(pthread_create(&w->tid, NULL, waiter_main, w), 0);
}

/* VMDeath: one lw_gchook_stop. */
struct stopper {
	pthread_t	tid;
	uint64_t	timeout_ms;
	int		rc;
	uint64_t	ms;
	_Atomic int	returned;	/* lw_gchook_stop has returned */
};

static void *
stopper_main(void *arg)
{
	struct stopper	*s = arg;
	uint64_t	 t0;

	t0 = lw_now_ms();
	s->rc = lw_gchook_stop(jv, s->timeout_ms);
	s->ms = lw_now_ms() - t0;
	atomic_store(&s->returned, 1);
	return (NULL);
}

/*
 * The fake's RawMonitorExit hook: hold thread `who` just after it gave the
 * monitor up, until the thread it notified has either returned or gone
 * back to sleep.  That is the widest possible window between a notifier's
 * Exit and its next instruction, which is where a flag set after the
 * notification (instead of before) would be missed for good.  The 1 ms
 * poll only lets the other thread run; the bound keeps a broken fake
 * from hanging the test.
 */
struct hold {
	pthread_t	 who;		/* whose Exit to hold */
	_Atomic int	*returned;	/* the notified thread's flag */
};

static void
gchook_hold_exit(void *arg)
{
	struct hold	*h = arg;
	struct timespec	 ms = { 0, 1000000 };
	uint64_t	 until;

	if (!pthread_equal(pthread_self(), h->who))
		return;
	until = lw_now_ms() + GCHOOK_PROMPT_MS;
	while (!atomic_load(h->returned) && lw_fake_jvmti_waiters() == 0 &&
	    lw_now_ms() < until)
		nanosleep(&ms, NULL);
}

/*
 * wait
 */

START_TEST(test_gchook__finished_since_seen__returns_at_once)
{
	struct lw_gcstats	st;
	uint64_t		t0;

	gchook_gc();
	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 0);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_PROMPT_MS);
	ck_assert_uint_eq(st.finishes, 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_WAIT), 0);
	/* The monitor was left as found. */
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER),
	    lw_fake_jvmti_calls(LW_FAKE_EXIT));
}
END_TEST

START_TEST(test_gchook__nothing_happens__times_out)
{
	struct lw_gcstats	st;
	uint64_t		t0, ms;

	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_SHORT_MS, &st), 0);
	ms = lw_now_ms() - t0;
	ck_assert_uint_ge(ms, GCHOOK_SHORT_MS);
	ck_assert_uint_lt(ms, GCHOOK_SHORT_MS + GCHOOK_PROMPT_MS);
	ck_assert_uint_eq(st.finishes, 0);
	ck_assert_int_eq(lw_gchook_stopping(), 0);
}
END_TEST

START_TEST(test_gchook__zero_timeout__returns_at_once)
{
	struct lw_gcstats	st;

	ck_assert_int_eq(lw_gchook_wait(jv, 0, 0, &st), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_WAIT), 0);
}
END_TEST

START_TEST(test_gchook__stop_already_requested__returns_stop)
{
	struct lw_gcstats	st;
	uint64_t		t0;

	/* No worker will answer: a zero timeout must not wait at all. */
	ck_assert_int_eq(lw_gchook_stop(jv, 0), -1);
	ck_assert_int_eq(lw_gchook_stopping(), 1);
	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 1);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_PROMPT_MS);
}
END_TEST

/* A worker blocked in the wait is woken by the next GC. */
START_TEST(test_gchook__gc_while_waiting__wakes_worker)
{
	struct waiter	w;

	waiter_start(&w, 0, GCHOOK_LONG_MS, 0);
	gchook_until_waiters(1);
	gchook_gc();
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_uint_eq(w.st.finishes, 1);
	ck_assert_uint_lt(w.ms, GCHOOK_PROMPT_MS);
}
END_TEST

/*
 * The count must be visible before the notification: were it published
 * after the Exit, the woken worker would re-test, see nothing, sleep
 * again, and the pause would sit unseen until the timeout.
 */
START_TEST(test_gchook__worker_rechecks_after_notify__sees_gc)
{
	struct waiter	w;
	struct hold	h;

	waiter_start(&w, 0, GCHOOK_LONG_MS, 0);
	gchook_until_waiters(1);
	h.who = pthread_self();
	h.returned = &w.returned;
	lw_fake_jvmti_on_exit(gchook_hold_exit, &h);
	gchook_gc();
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	lw_fake_jvmti_on_exit(NULL, NULL);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_uint_eq(w.st.finishes, 1);
	ck_assert_uint_lt(w.ms, GCHOOK_PROMPT_MS);
}
END_TEST

/*
 * concurrency: the coalescing proof
 */

struct burst {
	pthread_t	tid;
	uint64_t	seen;		/* last count the worker observed */
	unsigned long	wakeups;	/* returns from lw_gchook_wait */
	int		stopped;	/* the wait said stop (it must not) */
};

/* The VM thread: GCHOOK_BURST pauses back to back, no pause in between. */
static void *
burst_vm(void *arg __unused)
{
	int	i;

	for (i = 0; i < GCHOOK_BURST; i++)
		gchook_gc();
	return (NULL);
}

/* The worker's loop, as worker.c runs it, until it has seen every pause. */
static void *
burst_worker(void *arg)
{
	struct burst		*b = arg;
	struct lw_gcstats	 st;

	while (b->seen < GCHOOK_BURST) {
		if (lw_gchook_wait(jv, b->seen, GCHOOK_LONG_MS, &st)) {
			b->stopped = 1;
			break;
		}
		b->wakeups++;
		b->seen = st.finishes;
	}
	return (NULL);
}

/*
 * No lost wake-up: once the VM thread is done, the worker, which is either
 * in a wait with GCHOOK_LONG_MS to go or about to start one, must see the
 * final count promptly.  Coalescing: it must have woken fewer times than
 * there were pauses.
 */
START_TEST(test_gchook__burst_of_gcs__coalesced_none_lost)
{
	struct burst		b;
	struct lw_gcstats	st;
	pthread_t		vm;
	uint64_t		t0;

	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(pthread_create(&b.tid, NULL, burst_worker, &b), 0);
	ck_assert_int_eq(pthread_create(&vm, NULL, burst_vm, NULL), 0);
	ck_assert_int_eq(pthread_join(vm, NULL), 0);
	t0 = lw_now_ms();
	ck_assert_int_eq(pthread_join(b.tid, NULL), 0);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_PROMPT_MS);
	ck_assert_int_eq(b.stopped, 0);
	ck_assert_uint_eq(b.seen, GCHOOK_BURST);
	ck_assert_uint_ge(b.wakeups, 1);
	ck_assert_uint_lt(b.wakeups, GCHOOK_BURST);
	lw_gchook_stats(&st);
	ck_assert_uint_eq(st.finishes, GCHOOK_BURST);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_NOTIFYALL),
	    GCHOOK_BURST);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER),
	    lw_fake_jvmti_calls(LW_FAKE_EXIT));
}
END_TEST

/*
 * stats
 */

/* The callbacks before lw_gchook_init: count, touch no monitor. */
START_TEST(test_gchook__gc_before_init__counts_only)
{
	struct lw_gcstats	st;

	lw_gchook_reset();
	gchook_gc();
	lw_gchook_stats(&st);
	ck_assert_uint_eq(st.finishes, 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER), 0);
}
END_TEST

/*
 * stop
 */

/* VMDeath while the worker sleeps: both sides of the handshake. */
START_TEST(test_gchook__stop_while_waiting__worker_done)
{
	struct waiter	w;
	struct stopper	s;

	waiter_start(&w, 0, GCHOOK_LONG_MS, 1);
	gchook_until_waiters(1);
	memset(&s, 0, sizeof(s));
	s.timeout_ms = GCHOOK_LONG_MS;
	ck_assert_int_eq(pthread_create(&s.tid, NULL, stopper_main, &s), 0);
	ck_assert_int_eq(pthread_join(s.tid, NULL), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 1);
	ck_assert_uint_lt(w.ms, GCHOOK_PROMPT_MS);
	ck_assert_int_eq(s.rc, 0);
	ck_assert_uint_lt(s.ms, GCHOOK_PROMPT_MS);
	ck_assert_int_eq(lw_gchook_stopping(), 1);
}
END_TEST

/* A worker that never answers (stuck in a dump) costs the timeout, no more. */
START_TEST(test_gchook__worker_never_done__stop_times_out)
{
	struct waiter	w;
	struct stopper	s;

	waiter_start(&w, 0, GCHOOK_LONG_MS, 0);
	gchook_until_waiters(1);
	memset(&s, 0, sizeof(s));
	s.timeout_ms = GCHOOK_SHORT_MS;
	ck_assert_int_eq(pthread_create(&s.tid, NULL, stopper_main, &s), 0);
	ck_assert_int_eq(pthread_join(s.tid, NULL), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 1);
	ck_assert_int_eq(s.rc, -1);
	ck_assert_uint_ge(s.ms, GCHOOK_SHORT_MS);
	ck_assert_uint_lt(s.ms, GCHOOK_SHORT_MS + GCHOOK_PROMPT_MS);
}
END_TEST

/*
 * The hang this design avoids: in HotSpot a Java thread that notifies a
 * raw monitor can block for a safepoint while owning it, and the VM
 * thread then blocks entering it in GarbageCollectionFinish.  So the
 * Java-thread side (wait, stop, worker_done) never notifies: over a whole
 * life cycle, every notification comes from a GC callback.
 */
START_TEST(test_gchook__java_threads__never_notify)
{
	struct waiter	w;
	struct stopper	s;

	gchook_gc();
	waiter_start(&w, 1, GCHOOK_LONG_MS, 1);
	gchook_until_waiters(1);
	gchook_gc();
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 0);
	waiter_start(&w, 2, GCHOOK_LONG_MS, 1);
	gchook_until_waiters(1);
	memset(&s, 0, sizeof(s));
	s.timeout_ms = GCHOOK_LONG_MS;
	ck_assert_int_eq(pthread_create(&s.tid, NULL, stopper_main, &s), 0);
	ck_assert_int_eq(pthread_join(s.tid, NULL), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 1);
	ck_assert_int_eq(s.rc, 0);
	ck_assert_uint_lt(s.ms, GCHOOK_PROMPT_MS);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_NOTIFY), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_NOTIFYALL), 2);
}
END_TEST

/* The worker left on its own (agent disabled) before VMDeath. */
START_TEST(test_gchook__worker_done_first__stop_at_once)
{
	lw_gchook_worker_done(jv);
	ck_assert_int_eq(lw_gchook_stop(jv, GCHOOK_LONG_MS), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_WAIT), 0);
}
END_TEST

/*
 * errors: what a failing raw monitor does to each side
 */

static const jvmtiError enter_errors[] = {
	JVMTI_ERROR_INTERNAL,
	JVMTI_ERROR_WRONG_PHASE,
	JVMTI_ERROR_INVALID_MONITOR,
};

/*
 * RawMonitorEnter fails in the GC callback: the VM thread neither crashes
 * nor blocks, the notification is lost, and the worker, which waits in
 * slices of 50 ms, picks the pause up at the end of its slice, long
 * before its own timeout.
 */
START_TEST(test_gchook__enter_fails_in_gc__worker_sees_it_next_slice)
{
	struct waiter	w;

	waiter_start(&w, 0, GCHOOK_LONG_MS, 0);
	gchook_until_waiters(1);
	lw_fake_jvmti_fail(LW_FAKE_ENTER, 1, enter_errors[_i]);
	gchook_gc();
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_NOTIFYALL), 0);
	ck_assert_int_eq(pthread_join(w.tid, NULL), 0);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_uint_eq(w.st.finishes, 1);
	ck_assert_uint_lt(w.ms, GCHOOK_PROMPT_MS);
	/* The next pause is delivered normally. */
	gchook_gc();
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_NOTIFYALL), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_EXIT), 2);
}
END_TEST

START_TEST(test_gchook__enter_fails_in_wait__returns_at_once)
{
	struct lw_gcstats	st;
	uint64_t		t0;

	gchook_gc();
	lw_fake_jvmti_fail(LW_FAKE_ENTER, 1, JVMTI_ERROR_INTERNAL);
	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 0);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_PROMPT_MS);
	ck_assert_uint_eq(st.finishes, 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_EXIT), 1);
	/* Logged with the JVM's name for the error, which was freed. */
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_DEALLOCATE), 1);
}
END_TEST

START_TEST(test_gchook__enter_wrong_phase_in_wait__stop)
{
	struct lw_gcstats	st;

	lw_fake_jvmti_fail(LW_FAKE_ENTER, 1, JVMTI_ERROR_WRONG_PHASE);
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 1);
	/* WRONG_PHASE is the normal way to learn of VM death: not logged. */
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ERRORNAME), 0);
}
END_TEST

START_TEST(test_gchook__wait_wrong_phase__stop)
{
	struct lw_gcstats	st;

	lw_fake_jvmti_fail(LW_FAKE_WAIT, 1, JVMTI_ERROR_WRONG_PHASE);
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 1);
	ck_assert_int_eq(lw_gchook_stopping(), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER),
	    lw_fake_jvmti_calls(LW_FAKE_EXIT));
}
END_TEST

START_TEST(test_gchook__wait_fails__returns_at_once)
{
	struct lw_gcstats	st;
	uint64_t		t0;

	lw_fake_jvmti_fail(LW_FAKE_WAIT, 1, JVMTI_ERROR_INTERNAL);
	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_wait(jv, 0, GCHOOK_LONG_MS, &st), 0);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_PROMPT_MS);
	ck_assert_int_eq(lw_gchook_stopping(), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER),
	    lw_fake_jvmti_calls(LW_FAKE_EXIT));
}
END_TEST

/* stop needs no monitor: a failing one changes nothing, no worker = timeout. */
START_TEST(test_gchook__enter_fails_in_stop__times_out_no_monitor)
{
	uint64_t	t0;

	lw_fake_jvmti_fail(LW_FAKE_ENTER, 1, JVMTI_ERROR_INTERNAL);
	t0 = lw_now_ms();
	ck_assert_int_eq(lw_gchook_stop(jv, GCHOOK_SHORT_MS), -1);
	ck_assert_uint_ge(lw_now_ms() - t0, GCHOOK_SHORT_MS);
	ck_assert_uint_lt(lw_now_ms() - t0, GCHOOK_SHORT_MS + GCHOOK_PROMPT_MS);
	ck_assert_int_eq(lw_gchook_stopping(), 1);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_ENTER), 0);
}
END_TEST

/* worker_done's flag is set before the monitor is tried, so it counts. */
START_TEST(test_gchook__enter_fails_in_worker_done__still_done)
{
	lw_fake_jvmti_fail(LW_FAKE_ENTER, 1, JVMTI_ERROR_INTERNAL);
	lw_gchook_worker_done(jv);
	ck_assert_int_eq(lw_gchook_stop(jv, GCHOOK_LONG_MS), 0);
	ck_assert_uint_eq(lw_fake_jvmti_calls(LW_FAKE_WAIT), 0);
}
END_TEST

/* No monitor: init fails, and nothing after it crashes or blocks. */
START_TEST(test_gchook__create_fails__ejvmti_and_no_hang)
{
	struct lw_gcstats	st;

	lw_gchook_reset();
	lw_fake_jvmti_fail(LW_FAKE_CREATE, 1, JVMTI_ERROR_OUT_OF_MEMORY);
	ck_assert_int_eq(lw_gchook_init(jv), LW_ERR_JVMTI);
	gchook_gc();
	ck_assert_int_eq(lw_gchook_wait(jv, 1, GCHOOK_LONG_MS, &st), 0);
	ck_assert_uint_eq(st.finishes, 1);
	ck_assert_int_eq(lw_gchook_stop(jv, GCHOOK_SHORT_MS), -1);
}
END_TEST

/*
 * fake: the proof above is only as good as the fake's raw monitor
 */

START_TEST(test_fake__recursive_enter__wait_restores_depth)
{
	jrawMonitorID	m;

	ck_assert_int_eq((*jv)->CreateRawMonitor(jv, "t", &m), 0);
	ck_assert_int_eq((*jv)->RawMonitorEnter(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorEnter(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorWait(jv, m, 1), 0);
	ck_assert_int_eq((*jv)->RawMonitorExit(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorNotify(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorExit(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorExit(jv, m),
	    JVMTI_ERROR_NOT_MONITOR_OWNER);
	ck_assert_int_eq((*jv)->RawMonitorWait(jv, m, 1),
	    JVMTI_ERROR_NOT_MONITOR_OWNER);
	ck_assert_int_eq((*jv)->RawMonitorNotifyAll(jv, m),
	    JVMTI_ERROR_NOT_MONITOR_OWNER);
	ck_assert_int_eq((*jv)->DestroyRawMonitor(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorEnter(jv, NULL),
	    JVMTI_ERROR_INVALID_MONITOR);
}
END_TEST

struct fake_sleeper {
	pthread_t	tid;
	jrawMonitorID	m;
	jlong		millis;
	int		rc;
};

static void *
fake_sleeper_main(void *arg)
{
	struct fake_sleeper	*s = arg;

	if ((s->rc = (*jv)->RawMonitorEnter(jv, s->m)) != 0)
		return (NULL);
	s->rc = (*jv)->RawMonitorWait(jv, s->m, s->millis);
	(void)(*jv)->RawMonitorExit(jv, s->m);
	return (NULL);
}

/* Notify wakes the oldest waiter only; 0 ms means no time limit. */
START_TEST(test_fake__notify__wakes_one)
{
	struct fake_sleeper	a, b;
	jrawMonitorID		m;

	ck_assert_int_eq((*jv)->CreateRawMonitor(jv, "t", &m), 0);
	a.m = b.m = m;
	a.millis = 0;
	b.millis = GCHOOK_LONG_MS;
	ck_assert_int_eq(pthread_create(&a.tid, NULL, fake_sleeper_main, &a),
	    0);
	gchook_until_waiters(1);
	ck_assert_int_eq(pthread_create(&b.tid, NULL, fake_sleeper_main, &b),
	    0);
	gchook_until_waiters(2);
	ck_assert_int_eq((*jv)->RawMonitorEnter(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorNotify(jv, m), 0);
	ck_assert_int_eq(lw_fake_jvmti_waiters(), 1);
	ck_assert_int_eq((*jv)->RawMonitorExit(jv, m), 0);
	ck_assert_int_eq(pthread_join(a.tid, NULL), 0);
	ck_assert_int_eq(a.rc, 0);
	ck_assert_int_eq(lw_fake_jvmti_waiters(), 1);
	ck_assert_int_eq((*jv)->RawMonitorEnter(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorNotifyAll(jv, m), 0);
	ck_assert_int_eq((*jv)->RawMonitorExit(jv, m), 0);
	ck_assert_int_eq(pthread_join(b.tid, NULL), 0);
	ck_assert_int_eq(b.rc, 0);
	ck_assert_int_eq(lw_fake_jvmti_waiters(), 0);
}
END_TEST

START_TEST(test_fake__other_slots__not_available)
{
	char	*name;
	jint	 v;

	ck_assert_int_eq((*jv)->GetVersionNumber(jv, &v),
	    JVMTI_ERROR_NOT_AVAILABLE);
	ck_assert_int_eq((*jv)->GetErrorName(jv, JVMTI_ERROR_WRONG_PHASE,
	    &name), 0);
	ck_assert_str_eq(name, "JVMTI_ERROR_WRONG_PHASE");
	ck_assert_int_eq((*jv)->Deallocate(jv, (unsigned char *)name), 0);
	ck_assert_int_eq((*jv)->GetErrorName(jv, (jvmtiError)-7, &name),
	    JVMTI_ERROR_ILLEGAL_ARGUMENT);
}
END_TEST

Suite *
lw_gchook_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("gchook");

	/* Each test sits out at most GCHOOK_SHORT_MS; 10 s is 30x that. */
	tc = tcase_create("wait");
	tcase_add_checked_fixture(tc, gchook_setup, gchook_teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_gchook__finished_since_seen__returns_at_once);
	tcase_add_test(tc, test_gchook__nothing_happens__times_out);
	tcase_add_test(tc, test_gchook__zero_timeout__returns_at_once);
	tcase_add_test(tc, test_gchook__stop_already_requested__returns_stop);
	tcase_add_test(tc, test_gchook__gc_while_waiting__wakes_worker);
	tcase_add_test(tc, test_gchook__worker_rechecks_after_notify__sees_gc);
	suite_add_tcase(s, tc);

	/*
	 * 100000 pauses, each an Enter/NotifyAll/Exit contended by the
	 * worker: well under a second natively, but ThreadSanitizer and
	 * valgrind slow monitor hand-offs down by 10-50x.
	 */
	tc = tcase_create("concurrency");
	tcase_add_checked_fixture(tc, gchook_setup, gchook_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_gchook__burst_of_gcs__coalesced_none_lost);
	suite_add_tcase(s, tc);

	tc = tcase_create("stats");
	tcase_add_checked_fixture(tc, gchook_setup, gchook_teardown);
	tcase_add_test(tc, test_gchook__gc_before_init__counts_only);
	suite_add_tcase(s, tc);

	/* As "wait": at most GCHOOK_SHORT_MS sat out per test. */
	tc = tcase_create("stop");
	tcase_add_checked_fixture(tc, gchook_setup, gchook_teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_gchook__stop_while_waiting__worker_done);
	tcase_add_test(tc, test_gchook__worker_never_done__stop_times_out);
	tcase_add_test(tc, test_gchook__java_threads__never_notify);
	tcase_add_test(tc, test_gchook__worker_done_first__stop_at_once);
	suite_add_tcase(s, tc);

	/* As "wait": at most GCHOOK_SHORT_MS sat out per test. */
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, gchook_quiet_setup,
	    gchook_quiet_teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_loop_test(tc,
	    test_gchook__enter_fails_in_gc__worker_sees_it_next_slice, 0,
	    (int)LW_NELEM(enter_errors));
	tcase_add_test(tc, test_gchook__enter_fails_in_wait__returns_at_once);
	tcase_add_test(tc, test_gchook__enter_wrong_phase_in_wait__stop);
	tcase_add_test(tc, test_gchook__wait_wrong_phase__stop);
	tcase_add_test(tc, test_gchook__wait_fails__returns_at_once);
	tcase_add_test(tc, test_gchook__enter_fails_in_stop__times_out_no_monitor);
	tcase_add_test(tc, test_gchook__enter_fails_in_worker_done__still_done);
	tcase_add_test(tc, test_gchook__create_fails__ejvmti_and_no_hang);
	suite_add_tcase(s, tc);

	tc = tcase_create("fake");
	tcase_add_checked_fixture(tc, gchook_setup, gchook_teardown);
	tcase_add_test(tc, test_fake__recursive_enter__wait_restores_depth);
	tcase_add_test(tc, test_fake__notify__wakes_one);
	tcase_add_test(tc, test_fake__other_slots__not_available);
	suite_add_tcase(s, tc);

	return (s);
}
