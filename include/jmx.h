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
#include "heap.h"

struct lw_histo;

#define LW_JMX_MAXGC	8	/* collectors remembered */


struct lw_jmx;

/*
 * Look everything up.  Returns 0 or LW_ERR_JNI/LW_ERR_NOMEM; on failure
 * the caller disables the agent.  *out is owned by the caller.
 * Context: agent thread (JNI).
 */
int	lw_jmx_init(JNIEnv *env, struct lw_jmx **out);

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
