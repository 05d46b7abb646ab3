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
 * It also has a small pretend heap for the class index and the census:
 * loaded classes (GetLoadedClasses, GetClassSignature), objects of them
 * (IterateThroughHeap), one tag per class or object (GetTag, SetTag; one
 * environment, so one tag space), and a JNIEnv whose references are
 * counted, so a test can tell a local reference that was never deleted
 * and a reference deleted twice.  The class references GetLoadedClasses
 * hands out are local references of that JNIEnv.
 *
 * Knobs let a test make calls fail and count them.  The raw monitors are
 * thread-safe (they are the point of it); the pretend heap, its tags and
 * the JNIEnv are for one test thread.
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
	LW_FAKE_LOADEDCLASSES,	/* GetLoadedClasses */
	LW_FAKE_CLASSSIG,	/* GetClassSignature */
	LW_FAKE_GETTAG,		/* GetTag */
	LW_FAKE_SETTAG,		/* SetTag */
	LW_FAKE_ITERATEHEAP,	/* IterateThroughHeap */
	LW_FAKE_NFN
};

/*
 * The one fake environment.  The table is built on first use; the same
 * pointer comes back every time.
 */
jvmtiEnv	*lw_fake_jvmti(void);

/*
 * Forget knobs and counters, the pretend heap (classes, objects, tags)
 * and every JNI reference, and destroy every raw monitor still alive (the
 * code under test may have no destroy path, as gchook has none).  Returns
 * how many monitors it destroyed.  No other thread may be using the fake.
 */
int		 lw_fake_jvmti_reset(void);

/*
 * Make the next n calls of fn, from any thread, fail with err before they
 * do anything (a failed Deallocate frees nothing, a failed Wait does not
 * give the monitor up).  The call is still counted.  n = 0 disarms.
 */
void		 lw_fake_jvmti_fail(enum lw_fake_fn fn, int n, jvmtiError err);

/*
 * Let the next nth - 1 calls of fn succeed and make the nth (1: the next
 * one) fail with err, once.  Replaces any failure armed for fn.
 */
void		 lw_fake_jvmti_fail_at(enum lw_fake_fn fn, int nth,
		    jvmtiError err);

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

/* -- The pretend heap ------------------------------------------------- */

#define LW_FAKE_MAXOBJ	4096	/* classes and objects, together */

/*
 * Load a class whose JVMTI signature is sig ("Ljava/lang/String;", "[B";
 * copied).  GetLoadedClasses lists loaded classes in the order they were
 * loaded.  Returns the class's number (>= 0), or -1 when the pretend heap
 * is full.
 */
int		 lw_fake_jvmti_class(const char *sig);

/* Unload class cls: GetLoadedClasses no longer lists it. */
void		 lw_fake_jvmti_unload(int cls);

/*
 * Put n objects of class cls, of size bytes each, on the heap that
 * IterateThroughHeap walks (in the order they were put).  Returns 0, or -1
 * when cls is no class or the pretend heap is full.
 */
int		 lw_fake_jvmti_objects(int cls, jlong size, int n);

/* The tag of class cls now (0 for none or a bad cls). */
jlong		 lw_fake_jvmti_class_tag(int cls);

/* Tag class cls, as SetTag would (for a test's own setup). */
void		 lw_fake_jvmti_set_class_tag(int cls, jlong tag);

/*
 * Blocks of JVMTI memory handed out (Allocate, GetLoadedClasses, each
 * signature and error name) and not yet given back with Deallocate.
 */
long		 lw_fake_jvmti_outstanding(void);

/* -- The JNIEnv ---------------------------------------------------------- */

/*
 * The one fake JNIEnv: DeleteLocalRef, NewLocalRef, NewGlobalRef,
 * DeleteGlobalRef, IsSameObject and ExceptionCheck (never an exception)
 * work on the pretend heap's references; every other slot returns 0 or
 * NULL and is counted as unexpected.
 */
JNIEnv		*lw_fake_jni(void);

/* Local and global references created and not yet deleted. */
int		 lw_fake_jni_locals(void);
int		 lw_fake_jni_globals(void);

/*
 * Misuse seen: a reference deleted twice, deleted as the wrong kind or
 * not made by the fake, a jclass argument that is no live reference to a
 * class, and calls of JNI functions the fake does not implement.
 */
int		 lw_fake_jni_misuse(void);

/* The class number a live reference points at, -1 for none. */
int		 lw_fake_jni_class_of(jobject ref);

#endif /* LW_FAKE_JVMTI_H */
