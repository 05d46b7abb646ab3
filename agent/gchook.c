/*
 * leakwatch - gchook.c
 *
 * The only code that runs inside a garbage-collection pause, and the
 * handshake between those pauses, the agent thread and VM death
 * (docs/DESIGN.md §2).
 *
 * DESIGN
 * GarbageCollectionFinish is sent by the VM thread while every Java thread
 * is stopped.  The JVMTI spec allows only raw monitors, memory
 * management and environment-local storage there; JNI is impossible (the
 * VM thread is not a Java thread) and malloc or stdio could deadlock on a
 * lock some stopped thread holds.  So the callback does two things: count
 * the pause in an atomic and notify one raw monitor.  The agent
 * thread waits on that monitor in a predicate loop (the JDK gctest demo's
 * pattern), so a burst of collections wakes it once: coalescing is free.
 *
 * The agent thread holds the monitor only around plain C reads and writes
 * of the flags below, never across a JNI or JVMTI call; otherwise the VM
 * thread could block in a GC callback on a monitor held by a thread that
 * itself waits for the safepoint to end.
 *
 * For the same reason no Java thread ever *notifies* this monitor: in
 * HotSpot, RawMonitorEnter, Wait and Exit keep a Java thread safepoint-
 * safe, but RawMonitorNotify(All) moves it into the VM, where it blocks
 * for a safepoint in progress while owning the monitor - and the VM
 * thread, inside that safepoint, then blocks entering it in
 * GarbageCollectionFinish: the JVM hangs (seen on JDK 17 with Parallel,
 * VMDeath during a full-GC storm).  So only the VM thread notifies; the
 * agent thread waits in slices of GCHOOK_SLICE_MS and re-reads the stop
 * flag between them, and VMDeath polls the worker's done flag with
 * nanosleep, without the monitor.
 */
#include <stdatomic.h>
#include <time.h>

#include "gchook.h"
#include "jvmti_util.h"
#include "lw.h"

#define GCHOOK_SLICE_MS	50	/* the agent thread re-reads the stop flag */
#define GCHOOK_POLL_MS	5	/* VMDeath re-reads the done flag */

static jrawMonitorID	gc_lock;
static _Atomic uint64_t	gc_finishes;
static _Atomic int	gc_stopping;
static _Atomic int	gc_worker_done;

int
lw_gchook_init(jvmtiEnv *jvmti)
{
	jvmtiError	err;

	err = (*jvmti)->CreateRawMonitor(jvmti, "leakwatch gc", &gc_lock);
	return (lw_jvmti_check(jvmti, err, "CreateRawMonitor"));
}

/*
 * Count the pause and wake the agent thread.  Errors from the raw monitor
 * cannot be logged here; the agent thread's timed wait covers a lost
 * notification.
 * Context: GC pause (VM thread); atomics and the raw monitor only.
 */
void JNICALL
lw_gchook_finish(jvmtiEnv *jvmti)
{
	atomic_fetch_add_explicit(&gc_finishes, 1, memory_order_release);
	if (gc_lock == NULL ||
	    (*jvmti)->RawMonitorEnter(jvmti, gc_lock) != JVMTI_ERROR_NONE)
		return;
	(void)(*jvmti)->RawMonitorNotifyAll(jvmti, gc_lock);
	(void)(*jvmti)->RawMonitorExit(jvmti, gc_lock);
}

void
lw_gchook_stats(struct lw_gcstats *st)
{
	st->finishes = atomic_load_explicit(&gc_finishes,
	    memory_order_acquire);
}

int
lw_gchook_stopping(void)
{
	return (atomic_load(&gc_stopping));
}

/*
 * Context: agent thread.  The loop re-tests its predicate after every
 * wake-up; a single unconditional wait would lose a notification sent
 * between the test and the wait (the jvmquake bug).
 */
int
lw_gchook_wait(jvmtiEnv *jvmti, uint64_t seen, uint64_t timeout_ms,
    struct lw_gcstats *st)
{
	uint64_t	deadline = lw_now_ms() + timeout_ms, now;
	jvmtiError	err;

	if ((err = (*jvmti)->RawMonitorEnter(jvmti, gc_lock)) !=
	    JVMTI_ERROR_NONE) {
		lw_gchook_stats(st);
		return (lw_jvmti_check(jvmti, err, "RawMonitorEnter") ==
		    LW_ERR_PHASE || atomic_load(&gc_stopping));
	}
	while (!atomic_load(&gc_stopping) &&
	    atomic_load_explicit(&gc_finishes, memory_order_acquire) == seen &&
	    (now = lw_now_ms()) < deadline) {
		err = (*jvmti)->RawMonitorWait(jvmti, gc_lock,
		    (jlong)(deadline - now < GCHOOK_SLICE_MS ? deadline - now :
		    GCHOOK_SLICE_MS));
		if (err != JVMTI_ERROR_NONE)
			break;
	}
	(void)(*jvmti)->RawMonitorExit(jvmti, gc_lock);
	lw_gchook_stats(st);
	if (err == JVMTI_ERROR_WRONG_PHASE)
		atomic_store(&gc_stopping, 1);
	return (atomic_load(&gc_stopping));
}

int
lw_gchook_stop(jvmtiEnv *jvmti __unused, uint64_t timeout_ms)
{
	uint64_t	deadline = lw_now_ms() + timeout_ms;
	struct timespec	ts = { 0, GCHOOK_POLL_MS * 1000000L };

	atomic_store(&gc_stopping, 1);
	while (!atomic_load(&gc_worker_done) && lw_now_ms() < deadline)
		(void)nanosleep(&ts, NULL);
	return (atomic_load(&gc_worker_done) ? 0 : -1);
}

void
lw_gchook_worker_done(jvmtiEnv *jvmti __unused)
{
	atomic_store(&gc_worker_done, 1);
}

/*
 * Back to the state at load time.  Only the unit tests need this: the
 * agent loads once per JVM and never unloads its GC hooks.  No malloc, no
 * JVMTI call; the monitor is forgotten, not destroyed (see gchook.h).
 * Context: test fixture; no GC callback or worker may be running.
 */
void
lw_gchook_reset(void)
{
	gc_lock = NULL;
	atomic_store(&gc_finishes, 0);
	atomic_store(&gc_stopping, 0);
	atomic_store(&gc_worker_done, 0);
}
