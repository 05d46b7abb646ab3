/*
 * leakwatch - objchain.h
 *
 * The holder of a suspect, object by object.  The class-level graph
 * (refgraph.h) cannot tell one java.util.ArrayList from another: where
 * 500 class loaders each own one and a static field owns the one holding
 * the leak, the count names a class loader.  This module follows objects.
 *
 * During one FollowReferences pass the glue tags every object of a few
 * candidate classes (those on the class-level chain of an earlier search)
 * with an id from lw_objchain_track, recording the reference through
 * which the walk first reached it: its parent, when that is a tracked
 * object too.  References into the suspect class's instances are counted
 * per tracked referrer (lw_objchain_hit), or as unattributed
 * (lw_objchain_miss).  After the pass, lw_objchain_chain adds each
 * object's count to its ancestors' and follows the one path of objects
 * that hold more than half of all counted references: that path, from the
 * deepest such object down to the suspect and up to the accumulation
 * point, is the holder.
 *
 * Ids grow in the order objects are first reached, and a parent is
 * tracked before its children, so parent < child always.  Pure module: no
 * JVMTI, no logging, no locks; written by one thread at a time (the heap
 * callbacks of one pass run one after the other) and read after the pass.
 */
#ifndef LW_OBJCHAIN_H
#define LW_OBJCHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "refgraph.h"

struct lw_objchain;

struct lw_objchain_result {
	uint64_t	hits;		/* references into the suspect counted,
					   attributed or not */
	uint64_t	held;		/* of which below the chain's deepest
					   majority object */
	uint32_t	tracked;	/* objects tracked */
	uint32_t	dropped;	/* objects not tracked: table full */
	uint32_t	open;		/* class id whose objects should be
					   tracked to climb higher, or 0 */
};

/*
 * A tracker for at most `max` objects (1 .. 1 << 24), allocated here,
 * once: lw_objchain_memsize bytes.  NULL for a bad max or out of memory.
 * Context: agent thread.
 */
struct lw_objchain	*lw_objchain_new(uint32_t max);

/* Free it; NULL is a no-op.  Context: agent thread. */
void			 lw_objchain_free(struct lw_objchain *oc);

/* Bytes it holds (0 for NULL).  Context: any. */
size_t			 lw_objchain_memsize(const struct lw_objchain *oc);

/*
 * Track an object of class `cls` (not 0), first reached through the
 * reference (kind, index) from `parent` (a tracked id, or 0 when the
 * referrer is not tracked) whose class is `pcls` (0 for a root; for
 * LW_REF_STATIC the class declaring the field).  Kinds as in refgraph.h;
 * LW_REF_ROOT needs parent 0.  Returns the new id (>= 1), or 0 when the
 * table is full (counted in `dropped`) or an argument is bad (a parent
 * not yet tracked, an unknown kind).  No allocation, no library call,
 * O(1).  Context: JVMTI heap_reference_callback, inside a safepoint.
 */
uint32_t	lw_objchain_track(struct lw_objchain *oc, uint32_t cls,
		    uint32_t parent, uint32_t pcls, int kind, int32_t index);

/*
 * Another reference into tracked object `id`.  A root (a stack local, a
 * JNI local) is where the walk starts, so it reaches first many objects
 * that a field holds for good: an object first reached from a root takes
 * the first other reference into it as its parent instead, when that
 * parent is untracked or tracked before it (parent < id).  Otherwise
 * nothing changes.  O(1), no call.  Context: as lw_objchain_track.
 */
void		lw_objchain_reref(struct lw_objchain *oc, uint32_t id,
		    uint32_t parent, uint32_t pcls, int kind, int32_t index);

/*
 * Count one reference from tracked object `id` into an instance of the
 * suspect class, through (kind, index): LW_REF_FIELD or LW_REF_ARRAY;
 * the first one counted names the object's step into the suspect.  An
 * unknown id is ignored.  O(1), no call.  Context: as lw_objchain_track.
 */
void		lw_objchain_hit(struct lw_objchain *oc, uint32_t id, int kind,
		    int32_t index);

/*
 * Count one reference into the suspect from a referrer that is not
 * tracked (not a candidate class, a root, or an object left out when the
 * table was full).  It counts in the whole against which "more than
 * half" is taken, so a full table cannot make the first objects reached
 * look like the holder.  O(1).
 */
void		lw_objchain_miss(struct lw_objchain *oc);

/*
 * The chain of holders above class id `target`, in lw_refgraph_chain's
 * form: out[0] is the step into target, out[i + 1] the step into
 * out[i].from.  `count` of a step is the number of suspect references
 * held below the object it points to; `into` is all counted hits.
 *  1. Each object's total is its own hits plus its children's totals.
 *  2. Start at the tracked object without a tracked parent that has the
 *     largest total; if that is not more than half of all hits (attributed
 *     or not), return 0: no single structure holds most of the suspect.
 *  3. Go down, from each object to its child with the largest total, while
 *     that child still holds more than half: the last one is B, the
 *     deepest object that does.  Go on down the same way to the first
 *     object D that holds at least half of its own total directly.
 *  4. out[0] is D's reference into target; then each object from D up
 *     through B and beyond gives the step from its parent, except where
 *     parent and object have the same class (a linked list's `next`s are
 *     one step).  From B up, stop after a step from an application class
 *     (app(arg, pcls) != 0), a STATIC or ROOT step, or a step whose
 *     parent is not tracked; in that last case, when the parent's class is
 *     not an application class, res->open names it: tracking it too in the
 *     next pass would climb further.
 * Returns the steps written (0: no majority, no hits, or max <= 0);
 * LW_ERR_INVAL for oc NULL, target 0, or out NULL with max > 0.  res may
 * be NULL.  Uses the table's own spare fields: no allocation.  O(objects
 * + max).  Context: agent thread, after the pass.
 */
int		lw_objchain_chain(struct lw_objchain *oc, uint32_t target,
		    lw_refgraph_app_fn app, void *arg, struct lw_ref_step *out,
		    int max, struct lw_objchain_result *res);

#endif /* LW_OBJCHAIN_H */
