/*
 * leakwatch - lw.c
 *
 * Error strings, the monotonic clock, the assertion hook and the
 * allocation wrappers with their test seam, shared by all modules.  The
 * clock is used in the GC pause, so it may not allocate or lock; the
 * allocation wrappers are for the other contexts only.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "compat.h"
#include "lw.h"

static void (*assert_hook)(const char *, int, const char *);
static _Atomic int	seam_failnth;	/* the test seam; 0: off */

const char *
lw_strerror(int err)
{
	switch (err) {
	case LW_OK:
		return ("success");
	case LW_ERR_NOMEM:
		return ("out of memory");
	case LW_ERR_INVAL:
		return ("invalid input");
	case LW_ERR_RANGE:
		return ("out of range");
	case LW_ERR_JVMTI:
		return ("JVMTI call failed");
	case LW_ERR_JNI:
		return ("JNI call failed");
	case LW_ERR_IO:
		return ("I/O error");
	case LW_ERR_NOSPACE:
		return ("not enough disk space");
	case LW_ERR_PHASE:
		return ("VM is shutting down");
	case LW_ERR_DISABLED:
		return ("disabled");
	case LW_ERR_EXISTS:
		return ("file exists");
	default:
		return ("unknown error");
	}
}

/*
 * Nanoseconds of CLOCK_MONOTONIC.  clock_gettime is a vDSO call: no lock,
 * no allocation, so it is safe in the GC pause.
 * Context: any.
 */
uint64_t
lw_now_ns(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec);
}

/* The same clock in milliseconds.  Context: any. */
uint64_t
lw_now_ms(void)
{
	return (lw_now_ns() / 1000000);
}

/* Who handles a failed LW_ASSERT: the agent disables itself; tests fail. */
void
lw_assert_set_hook(void (*fn)(const char *, int, const char *))
{
	assert_hook = fn;
}

void
lw_assert_failed(const char *file, int line, const char *cond)
{
	if (assert_hook != NULL)
		assert_hook(file, line, cond);
}

void
lw_test_failalloc(int nth)
{
	atomic_store_explicit(&seam_failnth, nth > 0 ? nth : 0,
	    memory_order_relaxed);
}

/*
 * Is this the allocation the seam fails?  Counts down without a lock: the
 * agent allocates from more than one thread (an atomic costs nothing
 * beside malloc, and the seam is off outside tests).
 */
static int
seam_fails(void)
{
	int	n;

	n = atomic_load_explicit(&seam_failnth, memory_order_relaxed);
	while (n > 0)
		if (atomic_compare_exchange_weak_explicit(&seam_failnth, &n,
		    n - 1, memory_order_relaxed, memory_order_relaxed))
			return (n == 1);
	return (0);
}

void *
lw_calloc(size_t nmemb, size_t size)
{
	if (seam_fails())
		return (NULL);
	return (calloc(nmemb, size));
}

void *
lw_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (seam_fails())
		return (NULL);
	return (reallocarray(p, nmemb, size));
}
