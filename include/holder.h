/*
 * leakwatch - holder.h
 *
 * What keeps a suspect class's instances reachable: one bounded
 * FollowReferences pass, reduced to a class-level reference graph, and
 * the chain of fields from the accumulation point down to the class.
 */
#ifndef LW_HOLDER_H
#define LW_HOLDER_H

#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_holder {
	int		found;		/* text holds a chain */
	int		aborted;	/* the walk hit its time budget */
	double		pause_ms;	/* the walk's stop-the-world time */
	uint64_t	refs;		/* references counted */
	char		text[1024];	/* "a.B.f -> c.D.g -> e.F[] element
					   (x.Y)", holder first */
};

/*
 * Walk the heap once from the roots, within budget_ms (the walk is cut,
 * and out[].aborted set, when the budget runs out), and fill out[k] for
 * the class named names[k] (source form).  Classes are tagged during the
 * call and untagged after.  Returns 0, LW_ERR_NOMEM or a JVMTI failure
 * (logged).  Needs can_tag_objects.  Context: agent thread.
 */
int	lw_holder_find(jvmtiEnv *jvmti, JNIEnv *env,
	    const char *const *names, int nnames, uint64_t budget_ms,
	    struct lw_holder *out);

#endif /* LW_HOLDER_H */
