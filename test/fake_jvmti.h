/*
 * leakwatch - fake_jvmti.h
 *
 * A jvmtiEnv for unit tests, with no JVM behind it.  It implements what
 * the modules under test call outside a live VM: raw monitors (on pthread
 * mutexes and condition variables, with JVMTI's semantics: re-entrant
 * Enter, Wait that gives up every recursion level and takes it back,
 * millisecond timeouts with 0 meaning forever), Allocate/Deallocate and
 * GetErrorName.  Every other slot returns JVMTI_ERROR_NOT_AVAILABLE.
 *
 * Knobs let a test make calls fail and count them.  The fake is
 * thread-safe: the raw monitors are the point of it.
 */
#ifndef LW_FAKE_JVMTI_H
#define LW_FAKE_JVMTI_H

#define LW_NEED_JVMTI
#include "compat.h"

/* The calls the fake counts and can make fail. */
enum lw_fake_fn {
	LW_FAKE_CREATE,		/* CreateRawMonitor */
	LW_FAKE_DESTROY,	/* DestroyRawMonitor */
	LW_FAKE_ENTER,		/* RawMonitorEnter */
	LW_FAKE_EXIT,		/* RawMonitorExit */
	LW_FAKE_WAIT,		/* RawMonitorWait */
	LW_FAKE_NOTIFY,		/* RawMonitorNotify */
	LW_FAKE_NOTIFYALL,	/* RawMonitorNotifyAll */
	LW_FAKE_ALLOCATE,	/* Allocate */
	LW_FAKE_DEALLOCATE,	/* Deallocate */
	LW_FAKE_ERRORNAME,	/* GetErrorName */
	LW_FAKE_NFN
};

/*
 * The one fake environment.  The table is built on first use; the same
 * pointer comes back every time.
 */
jvmtiEnv	*lw_fake_jvmti(void);

/*
 * Forget knobs and counters, and destroy every raw monitor still alive
 * (the code under test may have no destroy path, as gchook has none).
 * Returns how many monitors it destroyed.  No other thread may be using
 * the fake.
 */
int		 lw_fake_jvmti_reset(void);

/*
 * Make the next n calls of fn, from any thread, fail with err before they
 * do anything (a failed Deallocate frees nothing, a failed Wait does not
 * give the monitor up).  The call is still counted.  n = 0 disarms.
 */
void		 lw_fake_jvmti_fail(enum lw_fake_fn fn, int n, jvmtiError err);

/* How often fn was called since the last reset. */
unsigned long	 lw_fake_jvmti_calls(enum lw_fake_fn fn);

/*
 * How many threads are inside RawMonitorWait right now, having given the
 * monitor up: a notification sent from now on reaches them.  Lets a test
 * know that another thread has blocked instead of guessing with a sleep.
 */
int		 lw_fake_jvmti_waiters(void);

/*
 * Call cb(arg) at the end of every successful RawMonitorExit, in the
 * exiting thread, with no lock of the fake held; cb = NULL removes it.
 * It lets a test hold a thread just after it has given a monitor up and
 * so force the interleaving a race needs.  Install it while no other
 * thread is inside the fake.
 */
void		 lw_fake_jvmti_on_exit(void (*cb)(void *), void *arg);

#endif /* LW_FAKE_JVMTI_H */
