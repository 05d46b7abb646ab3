/*
 * leakwatch - alloc.h
 *
 * Allocation sites of the watched (suspect) classes, from JEP 331 heap
 * sampling; only sampled objects that are still alive count.  See
 * alloc.c for how it stays cheap.
 */
#ifndef LW_ALLOC_H
#define LW_ALLOC_H

#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_alloc_site {
	int		found;
	uint64_t	count;		/* live samples at the site */
	uint64_t	total;		/* live samples of the class */
	char		site[768];	/* "pkg.C.m(C.java:12)" */
	char		trace[2048];	/* frames, top first, " < " apart */
};

/* The optional capabilities sampling needs (added apart from the core). */
void	lw_alloc_caps(jvmtiCapabilities *c);

/*
 * Allocate the sample table and lock, enable ObjectFree.  The event
 * callbacks below must be registered.  Returns 0 or an error; on error
 * sampling stays off.  Context: OnLoad/OnAttach.
 */
int	lw_alloc_init(jvmtiEnv *jvmti, uint64_t interval, int depth);

/* Event callbacks. */
void JNICALL	lw_alloc_sampled(jvmtiEnv *jvmti, JNIEnv *env, jthread thread,
		    jobject object, jclass klass, jlong size);
void JNICALL	lw_alloc_freed(jvmtiEnv *jvmti, jlong tag);

/*
 * Watch exactly these classes (source names): samples of classes no
 * longer named are dropped; the event is on only while some class is
 * watched.  Returns 0 or LW_ERR_DISABLED.  Context: agent thread.
 */
int	lw_alloc_watch(jvmtiEnv *jvmti, JNIEnv *env,
	    const char *const *names, int n);

/* Adapt the sampling interval to the sample rate.  Agent thread. */
void	lw_alloc_tick(jvmtiEnv *jvmti, uint64_t now_ms);

/*
 * The top allocation site of a watched class: out->found is 0 when there
 * are no live samples yet.  Returns 0 or LW_ERR_NOMEM.  Agent thread.
 */
int	lw_alloc_site(jvmtiEnv *jvmti, JNIEnv *env, const char *name,
	    struct lw_alloc_site *out);

#endif /* LW_ALLOC_H */
