/*
 * leakwatch - lw.h
 *
 * Types and error codes shared by every module.  Functions that can fail
 * return 0 on success or a negative LW_ERR_* code (the OpenSSH ssherr.h
 * model); lw_strerror() turns a code into a static string.
 */
#ifndef LW_LW_H
#define LW_LW_H

#include <stddef.h>
#include <stdint.h>

#define LW_VERSION	"0.1.0"

/* Longest path (log=, dumpdir=) with its NUL; longer ones are refused. */
#define LW_PATH_MAX	1024

#define LW_OK		0
#define LW_ERR_NOMEM	(-1)	/* out of native memory */
#define LW_ERR_INVAL	(-2)	/* malformed input */
#define LW_ERR_RANGE	(-3)	/* value or buffer out of range */
#define LW_ERR_JVMTI	(-4)	/* a JVMTI call failed */
#define LW_ERR_JNI	(-5)	/* a JNI call failed or threw */
#define LW_ERR_IO	(-6)	/* a system call on a file failed */
#define LW_ERR_NOSPACE	(-7)	/* not enough free disk */
#define LW_ERR_PHASE	(-8)	/* the VM is shutting down */
#define LW_ERR_DISABLED	(-9)	/* the feature was turned off earlier */
#define LW_ERR_EXISTS	(-10)	/* refusing to overwrite */

/* Static description of an LW_ERR_* code.  Context: any. */
const char	*lw_strerror(int);

/*
 * The one clock: monotonic milliseconds and nanoseconds (CLOCK_MONOTONIC),
 * 0 if it cannot be read.  Context: any, GC pause too.
 */
uint64_t	 lw_now_ms(void);
uint64_t	 lw_now_ns(void);

/*
 * Allocation for the modules whose every out-of-memory path is unit-tested
 * (docs/STYLE.md, "C"): calloc(3) and reallocarray(3), except when the
 * test seam below makes one fail.  Free with free(3).
 * Context: not the GC pause.
 */
void	*lw_calloc(size_t nmemb, size_t size);
void	*lw_reallocarray(void *p, size_t nmemb, size_t size);

/*
 * Test seam: the nth lw_calloc or lw_reallocarray from now returns NULL,
 * once (1: the next one), whichever module makes it; 0 disarms.  Lets the
 * tests reach every out-of-memory path without interposing malloc for
 * the whole test binary.  For unit tests and fuzzers only.
 */
void	 lw_test_failalloc(int nth);

/*
 * LW_ASSERT: an internal invariant.  Test builds fail the running check;
 * the agent logs it and disables itself (see agent.c), never aborts.
 */
void	lw_assert_failed(const char *, int, const char *);
#define LW_ASSERT(c) do {						\
	if (!(c))							\
		lw_assert_failed(__FILE__, __LINE__, #c);		\
} while (0)

/* Install the LW_ASSERT handler (agent: disable; tests: fail).  Not MT-safe. */
void	lw_assert_set_hook(void (*)(const char *, int, const char *));

#endif /* LW_LW_H */
