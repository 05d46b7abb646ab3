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
	double		untag_ms;	/* of which clearing object ids (a
					   second, separate pause) */
	uint64_t	refs;		/* references counted */
	char		text[1024];	/* "a.B.f -> c.D.g -> e.F[] element
					   (x.Y)", holder first */
	int		exact;		/* text follows objects, not classes */
	int		refine;		/* another search would follow more
					   objects (top suspect only) */
	uint64_t	held;		/* exact: references into the suspect
					   below the chain's deepest object */
	uint64_t	hits;		/* exact: all references into it */
	uint32_t	objects;	/* objects followed in this walk */
};

/*
 * Give the holder a JVMTI environment of its own, for the object ids of
 * its later searches (tags that must not meet the allocation sampler's).
 * Without it (LW_ERR_DISABLED) holders are class-level only.  Context:
 * Agent_OnLoad or Agent_OnAttach.
 */
int	lw_holder_init(JavaVM *vm);

/*
 * Walk the heap once from the roots, within budget_ms (the walk is cut,
 * and out[].aborted set, when the budget runs out), and fill out[k] for
 * the class named names[k] (source form).  The first search for a new
 * names[0] is class-level; while out[0].refine says so, a later search for
 * the same names[0] also follows the objects of the classes met so far
 * and, when one structure holds most of the suspect, its object chain
 * replaces the class chain (out[0].exact).  Classes are tagged during the
 * call and untagged after.  Returns 0, LW_ERR_NOMEM or a JVMTI failure
 * (logged).  Needs can_tag_objects.  Context: agent thread.
 */
int	lw_holder_find(jvmtiEnv *jvmti, JNIEnv *env,
	    const char *const *names, int nnames, uint64_t budget_ms,
	    struct lw_holder *out);

#endif /* LW_HOLDER_H */
