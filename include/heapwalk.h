/*
 * leakwatch - heapwalk.h
 *
 * The second census mechanism: tag every loaded class, walk the heap with
 * JVMTI IterateThroughHeap and sum instances and shallow bytes per class
 * tag.  Needs the can_tag_objects capability.  Slower per object than the
 * JVM's own class histogram (see README), kept for JVMs where the
 * DiagnosticCommand MBean is unavailable and to measure the two.
 */
#ifndef LW_HEAPWALK_H
#define LW_HEAPWALK_H

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_histo;

/*
 * Add a census of the whole heap to h.  Objects of classes loaded after
 * the tagging pass are counted under "(untagged)".  Returns 0, LW_ERR_JVMTI,
 * LW_ERR_PHASE or LW_ERR_NOMEM.  Context: agent thread.
 */
int	lw_heapwalk_census(jvmtiEnv *jvmti, JNIEnv *env, struct lw_histo *h);

#endif /* LW_HEAPWALK_H */
