/*
 * leakwatch - heapwalk.c
 *
 * Census by IterateThroughHeap.  Owns nothing between calls.  The heap
 * iteration callback runs inside a VM operation with the world stopped:
 * like the GC callbacks it must not call JNI or allocate, so it only adds
 * into arrays sized before the walk.
 *
 * Class tags are the 1-based index into this census's GetLoadedClasses
 * array; they are rewritten at every census, so a class loaded or unloaded
 * in between can never alias another class's counters.
 */
#include <stdint.h>
#include <string.h>

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
	jclass			*classes = NULL;
	jint			 n = 0, i;
	char			*sig;
	int			 rc;

	memset(&c, 0, sizeof(c));
	rc = lw_jvmti_check(jvmti, (*jvmti)->GetLoadedClasses(jvmti, &n,
	    &classes), "GetLoadedClasses");
	if (rc != 0)
		return (rc);
	c.nclasses = n;
	c.count = calloc((size_t)n + 1, sizeof(*c.count));
	c.bytes = calloc((size_t)n + 1, sizeof(*c.bytes));
	if (c.count == NULL || c.bytes == NULL) {
		rc = LW_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = lw_jvmti_check(jvmti, (*jvmti)->SetTag(jvmti, classes[i],
		    (jlong)i + 1), "SetTag");
		if (rc != 0)
			goto out;
	}
	memset(&cb, 0, sizeof(cb));
	cb.heap_iteration_callback = heapwalk_object;
	rc = lw_jvmti_check(jvmti, (*jvmti)->IterateThroughHeap(jvmti, 0, NULL,
	    &cb, &c), "IterateThroughHeap");
	if (rc != 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		if (c.count[i + 1] == 0)
			continue;
		sig = NULL;
		rc = lw_jvmti_check(jvmti, (*jvmti)->GetClassSignature(jvmti,
		    classes[i], &sig, NULL), "GetClassSignature");
		if (rc == 0)
			rc = lw_histo_add(h, sig, c.count[i + 1],
			    c.bytes[i + 1]);
		lw_jvmti_free(jvmti, sig);
	}
	if (rc == 0 && c.count[0] != 0)
		rc = lw_histo_add(h, "(untagged)", c.count[0], c.bytes[0]);
out:
	for (i = 0; i < n; i++)
		(*env)->DeleteLocalRef(env, classes[i]);
	lw_jvmti_free(jvmti, classes);
	free(c.count);
	free(c.bytes);
	return (rc);
}
