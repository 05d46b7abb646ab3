/*
 * leakwatch - sample.h
 *
 * Bookkeeping of JEP 331 allocation samples (SampledObjectAlloc): which
 * sampled objects of the watched classes are still alive, the stacks that
 * allocated them, and the allocation sites those stacks group into for a
 * report.  Pure module: no JVMTI call; frames are opaque numbers
 * (jmethodID, jlocation) and names come from a resolver the caller passes.
 *
 * Not thread-safe: the caller serialises every call on one struct
 * lw_samples (the glue's lock).  lw_samples_new allocates everything the
 * recording side will ever use, so lw_samples_add, lw_samples_freed and
 * lw_samples_forget_class never allocate, never block and never fail; only
 * the report side (snapshot, sites) allocates.
 */
#ifndef LW_SAMPLE_H
#define LW_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define LW_SAMPLE_MAXDEPTH	64	/* frames kept per stack, at most */
#define LW_SAMPLE_MAXCLASS	64	/* watched classes are 0..MAXCLASS-1 */
/*
 * Set in every tag lw_samples_add returns, with bit 63 clear: the tags are
 * [2^62, 2^63), positive as a jlong and apart from the small tags
 * classidx.c gives classes (every tag space: classidx.h).
 */
#define LW_SAMPLE_TAGBIT	(1ULL << 62)

struct lw_frame {
	uint64_t	method;		/* opaque jmethodID */
	int64_t		loc;		/* jlocation, -1 native/unknown */
};

struct lw_samples;

struct lw_samples_stats {
	uint64_t	added;		/* samples recorded (tag returned) */
	uint64_t	freed;		/* released by a current tag */
	uint64_t	evicted;	/* pushed out (slots full, forget) */
	uint64_t	dropped;	/* not recorded (stack table full, bad
					   arguments) */
	uint64_t	live;		/* slots in use now */
	uint64_t	stacks;		/* distinct stacks interned now */
};

/*
 * A sample table of `nslots` live samples, `nstacks` distinct interned
 * stacks and at most `depth` (1..LW_SAMPLE_MAXDEPTH) frames per stack.
 * All memory is allocated here, once.  Returns NULL when an argument is
 * out of range (no slots or stacks, more than INT32_MAX of either) or
 * when out of memory.
 * lw_samples_free(NULL) is a no-op.
 */
struct lw_samples	*lw_samples_new(size_t nslots, size_t nstacks,
			    int depth);
void			 lw_samples_free(struct lw_samples *s);

/* Bytes owned by s (the table and every array), for reporting. */
size_t	lw_samples_memsize(const struct lw_samples *s);

/*
 * Record a sample of watched class `cls` (0..LW_SAMPLE_MAXCLASS-1): one
 * object of `bytes` bytes allocated at `now_ms` by the stack fr[0..nfr),
 * top frame first, of which the first `depth` frames are kept.  Returns
 * the tag to set on the object: never 0, always with LW_SAMPLE_TAGBIT and
 * below 2^63.  The tag names the slot and its generation, so a later
 * lw_samples_freed of a tag whose slot was evicted or reused is ignored.
 *
 * When every slot is in use, one slot of the class with the most live
 * slots (the incoming class on a tie) is evicted and counted: a cursor
 * walks that class's slots in allocation order, evicting one and skipping
 * one, so the kept set thins evenly and stays a mix of old and new
 * samples.  Returns 0, counted as dropped, when the stack is new and the
 * stack table stays full (after that eviction, if one was due), or when
 * cls is out of range, nfr < 1 or fr is NULL.  No allocation.
 * Context: SampledObjectAlloc (app thread), caller holds the lock.
 */
uint64_t	lw_samples_add(struct lw_samples *s, int cls,
		    const struct lw_frame *fr, int nfr, uint64_t bytes,
		    uint64_t now_ms);

/*
 * The object tagged `tag` was freed: release its slot, and its stack when
 * no other slot uses it, if the tag is current.  Tags of other spaces,
 * stale tags (slot evicted, reused or already freed) are ignored.  No
 * allocation, O(1).  Context: ObjectFree callback, caller holds the lock.
 */
void	lw_samples_freed(struct lw_samples *s, uint64_t tag);

/* 1 when tag is in the sample space (LW_SAMPLE_TAGBIT set, bit 63 clear). */
int	lw_samples_is_tag(uint64_t tag);

/*
 * Release every live slot of cls (the class is no longer watched), each
 * counted as evicted.  Tags already set on objects become stale.  No
 * allocation.  Context: any, caller holds the lock.
 */
void	lw_samples_forget_class(struct lw_samples *s, int cls);

/* Counters and current sizes; all zero for s NULL. */
void		lw_samples_stats(const struct lw_samples *s,
		    struct lw_samples_stats *out);

/* Live slots of cls; 0 when cls is out of range. */
uint64_t	lw_samples_class_live(const struct lw_samples *s, int cls);

/* -- Reports: allocation sites ---------------------------------------- */

struct lw_frame_info;		/* frame.h */

/*
 * Turn a frame into names.  Returns 0, or non-zero when the frame cannot
 * be resolved (e.g. its class was unloaded): it then counts as "?", not
 * as an application frame.  The strings in *out need only stay valid
 * until the next call.
 */
typedef int (*lw_frame_resolve_fn)(void *arg, const struct lw_frame *f,
    struct lw_frame_info *out);

struct lw_site {
	struct lw_frame	frame;		/* the site frame (method+loc) */
	int		depth_index;	/* index of that frame in stack[] */
	uint64_t	count;		/* live samples at this site */
	uint64_t	bytes;		/* their sizes, summed */
	uint64_t	total;		/* live samples of the class */
	uint64_t	oldest_ms;	/* now_ms of the oldest of them */
	struct lw_frame	stack[LW_SAMPLE_MAXDEPTH]; /* most common stack */
	int		nstack;		/* frames in stack[] */
};

/*
 * A copy of one class's live samples, grouped by stack, that needs no
 * lock: take it under the lock, resolve names after releasing it, so that
 * allocating threads never wait behind the resolver's JVMTI calls.
 */
/*
 * One distinct stack of a snapshot and the samples that share it (sites.c
 * turns groups into sites).
 */
struct sample_group {
	uint64_t	count;
	uint64_t	bytes;
	uint64_t	oldest_ms;
	struct lw_frame	*fr;		/* into the snapshot's frames */
	int		nfr;
};

struct lw_samples_snap {
	struct sample_group	*g;
	struct lw_frame		*frames;
	size_t			 n;
	uint64_t		 total;		/* live samples of the class */
};


/*
 * Copy the live samples of cls.  Returns NULL when out of memory or cls
 * is out of range; a class with no live samples gives an empty snapshot.
 * Allocates.  Context: agent thread, caller holds the lock.
 */
struct lw_samples_snap	*lw_samples_snapshot(struct lw_samples *s, int cls);
void			 lw_samples_snapshot_free(struct lw_samples_snap *sn);

/*
 * Group the snapshot's samples by allocation site and fill out[0..max)
 * with the sites, most samples first (ties: more bytes, then method and
 * location).  A stack's site is its first application frame (lw_frame_is_app
 * of the resolved class; unresolvable frames are not), or its top frame
 * when it has none.  Samples whose site frames have the same method and
 * the same resolved line are one site, whatever their locations or the
 * rest of their stacks; `frame`, `depth_index` and `stack` are those of
 * the site's most common stack.  Returns the number of sites written (0
 * if none), LW_ERR_INVAL (sn, fn or out NULL, max < 0) or LW_ERR_NOMEM.
 * Calls fn, allocates.  Context: agent thread, no lock needed.
 */
int	lw_samples_snapshot_sites(const struct lw_samples_snap *sn,
	    lw_frame_resolve_fn fn, void *arg, struct lw_site *out, int max);

/*
 * lw_samples_snapshot + lw_samples_snapshot_sites + free in one call, for
 * callers that may hold the lock while the resolver runs.  Returns as
 * lw_samples_snapshot_sites, LW_ERR_INVAL for cls out of range too.
 * Context: agent thread, caller holds the lock.
 */
int	lw_samples_sites(struct lw_samples *s, int cls, lw_frame_resolve_fn fn,
	    void *arg, struct lw_site *out, int max);

#endif /* LW_SAMPLE_H */
