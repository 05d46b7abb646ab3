/*
 * leakwatch - jmx.h
 *
 * The JVM's management interface seen from C: heap and pool usage, the
 * collectors' counts, the class histogram (DiagnosticCommand MBean,
 * gcClassHistogram -all) and heap dumps (HotSpotDiagnosticMXBean).  All
 * method IDs and beans are looked up once, at start-up, because the first
 * use of ManagementFactory costs hundreds of milliseconds and Java heap -
 * exactly what is scarce when a dump is due.
 */
#ifndef LW_JMX_H
#define LW_JMX_H

#include <stddef.h>
#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_histo;

#define LW_JMX_MAXGC	8	/* collectors remembered */

struct lw_heap {
	uint64_t	used;		/* heap used now, bytes */
	uint64_t	committed;
	uint64_t	max;		/* heap limit, bytes */
	uint64_t	old_after_gc;	/* old pool used after its last GC */
	uint64_t	old_max;	/* the old pool's limit, 0 unknown */
	uint64_t	gc_count;	/* all collectors' counts summed */
	uint64_t	old_gc_count;	/* collections that include the old
					   generation (full, mixed...) */
};

struct lw_jmx;

/*
 * Look everything up.  Returns 0 or LW_ERR_JNI/LW_ERR_NOMEM; on failure
 * the caller disables the agent.  *out is owned by the caller.
 * Context: agent thread (JNI).
 */
int	lw_jmx_init(JNIEnv *env, struct lw_jmx **out);

/* How the collector works, for how the heap floor is read. */
enum lw_gckind {
	LW_GC_STW = 0,		/* Serial, Parallel, G1: the heap after a
				   GC event is a reading */
	LW_GC_CONCURRENT,	/* ZGC, Shenandoah: only a cycle's end is */
	LW_GC_FULLONLY,		/* Serial, Parallel: the old generation is
				   collected only by full GCs, which a leak
				   puts off until it is full */
	LW_GC_NONE,		/* Epsilon: nothing is ever collected */
};
int	lw_jmx_gckind(const struct lw_jmx *j);

/* Short description of the collectors ("G1 Young Generation,G1 Old
   Generation") and the old pool's name, for the START record. */
const char *lw_jmx_collectors(const struct lw_jmx *j);
const char *lw_jmx_oldpool(const struct lw_jmx *j);

/*
 * Read the heap now.  Returns 0 or LW_ERR_JNI; a failure is logged when
 * `warn` is set (near the limit every read can fail with OutOfMemoryError,
 * so callers warn once).  Context: agent thread.
 */
int	lw_jmx_heap(JNIEnv *env, struct lw_jmx *j, struct lw_heap *out,
	    int warn);

/*
 * Take a class histogram and add it to h: without forcing a collection
 * (-all), or with `live` of live objects only, after a full collection.
 * One stop-the-world pause whose length follows the object count.
 * Returns 0, LW_ERR_JNI (exception, e.g. OutOfMemoryError, text in err)
 * or LW_ERR_INVAL (output did not parse).  Context: agent thread.
 */
int	lw_jmx_histogram(JNIEnv *env, struct lw_jmx *j, struct lw_histo *h,
	    int live, char *err, size_t errlen);

/*
 * Dump the heap (live objects only, so a full GC runs first) to `path`,
 * which must end in ".hprof" and must not exist.  Returns 0 or LW_ERR_JNI
 * with the exception text in err.  Context: agent thread.
 */
int	lw_jmx_dump(JNIEnv *env, struct lw_jmx *j, const char *path,
	    char *err, size_t errlen);

/* The running JVM's java.version, e.g. "17.0.15". */
const char *lw_jmx_version(const struct lw_jmx *j);

#endif /* LW_JMX_H */
