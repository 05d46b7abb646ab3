/*
 * leakwatch - gchook.h
 *
 * The GarbageCollectionFinish callback and the handshake with the agent
 * thread.  The callback runs in the VM thread with the world stopped
 * (JVMTI spec, GarbageCollectionFinish): it may only touch atomics and the
 * one raw monitor.  Everything else reads its counter later, from the
 * agent thread.
 */
#ifndef LW_GCHOOK_H
#define LW_GCHOOK_H

#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

/* What the GC callback has counted so far. */
struct lw_gcstats {
	uint64_t	finishes;	/* GC pauses finished */
};

/*
 * Create the raw monitor.  Must be called before GC events are enabled.
 * Context: OnLoad / OnAttach.
 */
int	lw_gchook_init(jvmtiEnv *jvmti);

/* The callback, for jvmtiEventCallbacks.  Context: GC pause. */
void JNICALL lw_gchook_finish(jvmtiEnv *jvmti);

/*
 * Wait until more than `seen` pauses have finished, a stop is requested,
 * or timeout_ms passes (a predicate loop: spurious and coalesced wake-ups
 * are fine).  Fills *st and returns 1 when the agent should stop, else 0.
 * Context: agent thread.
 */
int	lw_gchook_wait(jvmtiEnv *jvmti, uint64_t seen, uint64_t timeout_ms,
	    struct lw_gcstats *st);

/* Snapshot the counters without waiting.  Context: any but GC pause. */
void	lw_gchook_stats(struct lw_gcstats *st);

/*
 * Ask the agent thread to stop and wait up to timeout_ms for it to say it
 * has (lw_gchook_worker_done).  Returns 0 when it stopped in time.
 * Context: VMDeath / OnUnload.
 */
int	lw_gchook_stop(jvmtiEnv *jvmti, uint64_t timeout_ms);

/* Is a stop requested?  Long operations poll this.  Context: any. */
int	lw_gchook_stopping(void);

/* The agent thread's last act.  Context: agent thread. */
void	lw_gchook_worker_done(jvmtiEnv *jvmti);

/*
 * For tests: forget all counters and flags and the raw monitor (which is
 * not destroyed: it belongs to the jvmtiEnv it came from), so the next
 * lw_gchook_init starts from a fresh state.  Never call while a GC
 * callback or the worker may run: it is plain stores, no handshake.
 * Context: test fixture, single-threaded.
 */
void	lw_gchook_reset(void);

#endif /* LW_GCHOOK_H */
