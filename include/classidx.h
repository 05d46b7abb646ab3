/*
 * leakwatch - classidx.h
 *
 * The one index of the loaded classes: a snapshot of GetLoadedClasses,
 * each class numbered by its place in it (its id, 1..count), with the
 * class's name in source form ("java.util.HashMap$Node", "byte[]", as
 * jname.h makes it) on demand, a lookup by name, and tagging.  The census
 * (heapwalk.c), the holder search (holder.c) and the allocation sampler
 * (alloc.c) all see the classes through it; no other module calls
 * GetLoadedClasses.
 *
 * TAG SPACES.  A JVMTI tag is a jlong kept per object and per
 * environment.  The agent uses three kinds, and they never meet:
 *
 *  class tags	[1, count] (count < 2^31, a jint): a class's id, set by
 *		lw_classidx_tag on the class objects.  In the agent's main
 *		environment for the census, which leaves them in place (the
 *		next census rewrites every one, so a class loaded or
 *		unloaded in between never takes another's counters; objects
 *		of a class loaded after the tagging carry class tag 0).  In
 *		the holder's own environment for a holder search, which
 *		clears them afterwards (lw_classidx_untag); in the main one
 *		when the holder could not get its own, clearing there too.
 *  sample tags	[2^62, 2^63) (LW_SAMPLE_TAGBIT, sample.h): set by alloc.c
 *		on sampled objects, in the main environment, and released by
 *		ObjectFree.  ObjectFree also fires for a class object that
 *		carries a class tag when its class is unloaded;
 *		lw_samples_is_tag tells the two apart (a class tag is below
 *		2^31, far under bit 62).  Class tags go on class objects
 *		only, so the two meet on one object only if java.lang.Class
 *		itself is a watched suspect and a sampled allocation is a
 *		class mirror: the next census then overwrites that sample
 *		tag, and the sample stays counted live until it is evicted
 *		or its class unwatched.  Harmless, and left so.
 *  holder ids	[-(2^32 - 1), -1]: object ids of the holder's object-level
 *		search (holder.c, objchain.h), set inside FollowReferences
 *		on objects of followed classes, in the holder's own
 *		environment only (no own environment: no object ids), and
 *		cleared by a heap iteration right after the walk.  Negative,
 *		so they cannot be a class tag of that environment, and in
 *		another environment than the sample tags, so a sampled object
 *		keeps its sample tag while it carries a holder id.
 *
 * REFERENCES.  The index owns the JNI local references GetLoadedClasses
 * returns (one per class) and the JVMTI array holding them, and deletes
 * both in lw_classidx_free; it creates no other reference.  A jclass from
 * lw_classidx_class is borrowed: valid until lw_classidx_free, never to
 * be deleted by the caller, and a caller that keeps a class longer makes
 * its own global reference (NewGlobalRef) from it.  A snapshot holds
 * count local references, so the caller's local frame must have room for
 * them (the agent thread's cycle runs in a frame that does; the JVM does
 * not enforce the capacity).
 *
 * Names live in the index, in blocks that never move: a name pointer
 * stays valid until lw_classidx_free.
 *
 * Context: agent thread, every function (JVMTI and JNI calls, malloc).
 * Nothing here may run in a GC or heap-walk callback; those get the ids
 * as class tags and map them back after the walk.
 */
#ifndef LW_CLASSIDX_H
#define LW_CLASSIDX_H

#include <stdint.h>

#define LW_NEED_JVMTI
#include "compat.h"

struct lw_classidx;

/*
 * Snapshot the classes loaded now, through jvmti (the environment whose
 * tags lw_classidx_tag sets) and env (which gets the local references).
 * Returns 0 with *out set, or LW_ERR_JVMTI / LW_ERR_PHASE (GetLoadedClasses
 * failed; logged unless the VM is dying), LW_ERR_NOMEM, LW_ERR_INVAL
 * (an argument NULL), with *out NULL and nothing left behind.
 */
int		 lw_classidx_snapshot(jvmtiEnv *jvmti, JNIEnv *env,
		    struct lw_classidx **out);

/*
 * Delete the local references, give back the JVMTI array and free the
 * names.  Tags set stay set (see TAG SPACES).  NULL is a no-op.
 */
void		 lw_classidx_free(struct lw_classidx *ci);

/* Classes in the snapshot: ids are 1..count. */
uint32_t	 lw_classidx_count(const struct lw_classidx *ci);

/* The class with this id (borrowed, see REFERENCES), NULL for a bad id. */
jclass		 lw_classidx_class(const struct lw_classidx *ci, uint32_t id);

/*
 * Tag every class with its id.  Returns 0, or the first SetTag failure
 * (LW_ERR_JVMTI logged, or LW_ERR_PHASE), the classes before it tagged.
 */
int		 lw_classidx_tag(struct lw_classidx *ci);

/*
 * Clear the tags lw_classidx_tag set (to 0), all of them even when one
 * fails.  Returns 0 or the first failure (logged as lw_classidx_tag).
 */
int		 lw_classidx_untag(struct lw_classidx *ci);

/*
 * The name of class id in source form, in *name (NULL on failure).  The
 * first call for a class asks GetClassSignature and converts; the answer,
 * or the failure, is kept for later calls (but for LW_ERR_NOMEM, which
 * the next call tries again).  Returns 0, LW_ERR_INVAL (bad id, or a
 * signature jname rejects), LW_ERR_RANGE (a name past jname's own
 * bounds), LW_ERR_JVMTI / LW_ERR_PHASE
 * (GetClassSignature failed: only the first such failure of the snapshot
 * is logged, so a failing JVM gives one line, not one per class) or
 * LW_ERR_NOMEM.
 */
int		 lw_classidx_name(struct lw_classidx *ci, uint32_t id,
		    const char **name);

/*
 * The id of the first class in the snapshot (GetLoadedClasses order)
 * whose name is `name` (source form), or 0 when none is.  Classes of one
 * name from several loaders: the first wins.  Names the classes in order
 * until it finds one, so a lookup costs only the signatures not asked
 * before; classes that cannot be named match nothing.
 */
uint32_t	 lw_classidx_find(struct lw_classidx *ci, const char *name);

#endif /* LW_CLASSIDX_H */
