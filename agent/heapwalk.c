/*
 * leakwatch - heapwalk.c
 *
 * Census by IterateThroughHeap.  Owns nothing between calls.  The heap
 * iteration callback runs inside a VM operation with the world stopped:
 * like the GC callbacks it must not call JNI or allocate, so it only adds
 * into arrays sized before the walk.
 *
 * Class tags are the class ids of this census's class index (classidx.h,
 * which also lists every tag space); they are rewritten at every census,
 * so a class loaded or unloaded in between can never alias another
 * class's counters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classidx.h"
#include "heapwalk.h"
#include "histo.h"
#include "jvmti_util.h"
#include "lw.h"

struct heapwalk_ctx {
	uint64_t	*count;		/* [nclasses + 1], 0 = untagged */
	uint64_t	*bytes;
	jlong		 nclasses;
};

/* Context: heap iteration (world stopped); arithmetic only. */
static jint JNICALL
heapwalk_object(jlong class_tag, jlong size, jlong *tag_ptr __unused,
    jint length __unused, void *arg)
{
	struct heapwalk_ctx	*c = arg;
	jlong			 i = class_tag;

	if (i < 1 || i > c->nclasses)
		i = 0;
	c->count[i]++;
	c->bytes[i] += size > 0 ? (uint64_t)size : 0;
	return (JVMTI_VISIT_OBJECTS);
}

int
lw_heapwalk_census(jvmtiEnv *jvmti, JNIEnv *env, struct lw_histo *h)
{
	jvmtiHeapCallbacks	 cb;
	struct heapwalk_ctx	 c;
	struct lw_classidx	*ci;
	const char		*name;
	jlong			 i;
	int			 rc;

	memset(&c, 0, sizeof(c));
	if ((rc = lw_classidx_snapshot(jvmti, env, &ci)) != 0)
		return (rc);
	c.nclasses = lw_classidx_count(ci);
	c.count = calloc((size_t)c.nclasses + 1, sizeof(*c.count));
	c.bytes = calloc((size_t)c.nclasses + 1, sizeof(*c.bytes));
	if (c.count == NULL || c.bytes == NULL) {
		rc = LW_ERR_NOMEM;
		goto out;
	}
	if ((rc = lw_classidx_tag(ci)) != 0)
		goto out;
	memset(&cb, 0, sizeof(cb));
	cb.heap_iteration_callback = heapwalk_object;
	rc = lw_jvmti_check(jvmti, (*jvmti)->IterateThroughHeap(jvmti, 0, NULL,
	    &cb, &c), "IterateThroughHeap");
	if (rc != 0)
		goto out;
	for (i = 1; i <= c.nclasses && rc == 0; i++) {
		if (c.count[i] == 0)
			continue;
		rc = lw_classidx_name(ci, (uint32_t)i, &name);
		if (rc == 0)
			rc = lw_histo_add(h, name, c.count[i], c.bytes[i]);
	}
	if (rc == 0 && c.count[0] != 0)
		rc = lw_histo_add(h, "(untagged)", c.count[0], c.bytes[0]);
out:
	lw_classidx_free(ci);
	free(c.count);
	free(c.bytes);
	return (rc);
}
