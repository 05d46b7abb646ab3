/*
 * leakwatch - lw.c
 *
 * Error strings, the monotonic clock and the assertion hook shared by all
 * modules.  Must stay callable from the GC pause: lw_now_ms() is used
 * there, so nothing here may allocate or lock.
 */
#include <time.h>

#include "compat.h"
#include "lw.h"

static void (*assert_hook)(const char *, int, const char *);

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
