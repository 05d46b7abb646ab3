/*
 * leakwatch - refgraph.h
 *
 * A class-level reference graph, and the chain of holders above a leaking
 * class.  The JVMTI glue tags every loaded class with a small id (1..N; 0
 * means "no class", i.e. a root) and, during one FollowReferences pass,
 * counts each reference as an edge (from class, kind, index, to class).
 * Afterwards, on the agent thread, lw_refgraph_chain walks up from a
 * suspect class to the object that accumulates its instances (the
 * "holder").  Pure module: no JVMTI, no logging, no locks.
 *
 * The graph has no lock: it is written by one thread at a time (JVMTI
 * calls the heap callbacks of one FollowReferences one after the other)
 * and read only after the pass has returned.
 */
#ifndef LW_REFGRAPH_H
#define LW_REFGRAPH_H

#include <stddef.h>
#include <stdint.h>

/* What a reference goes through. */
enum lw_refkind {
	LW_REF_FIELD = 1,	/* instance field; index: JVMTI field index */
	LW_REF_STATIC,		/* static field; index: JVMTI field index */
	LW_REF_ARRAY,		/* array element; index not kept (0) */
	LW_REF_ROOT		/* GC root; index: enum lw_rootkind */
};

/*
 * Root sub-kinds, the `index` of an LW_REF_ROOT edge.  The order is that
 * of jvmtiHeapReferenceKind (JVMTI_HEAP_REFERENCE_JNI_GLOBAL = 21 ..
 * JVMTI_HEAP_REFERENCE_OTHER = 27), so the glue maps a JVMTI root kind k
 * to k - JVMTI_HEAP_REFERENCE_JNI_GLOBAL + LW_ROOT_JNI_GLOBAL.
 */
enum lw_rootkind {
	LW_ROOT_JNI_GLOBAL = 1,
	LW_ROOT_SYSTEM_CLASS,
	LW_ROOT_MONITOR,
	LW_ROOT_STACK_LOCAL,
	LW_ROOT_JNI_LOCAL,
	LW_ROOT_THREAD,
	LW_ROOT_OTHER
};

/*
 * An application class whose edge has at most this many references is
 * the accumulation point; see lw_refgraph_chain.
 */
#define LW_REFGRAPH_FEW		16

struct lw_refgraph;

struct lw_refgraph_stats {
	uint64_t	refs;		/* references counted on edges */
	uint64_t	dropped;	/* references refused: no room */
	uint64_t	invalid;	/* add calls with bad arguments */
	uint64_t	edges;		/* distinct edges held */
};

/* One step of a chain: the edge `from` -(kind, index)-> `to`. */
struct lw_ref_step {
	uint32_t	from;		/* class id; 0 for a root */
	int		kind;		/* enum lw_refkind */
	int32_t		index;		/* field index or enum lw_rootkind */
	uint32_t	to;		/* class id */
	uint64_t	count;		/* references on this edge */
	uint64_t	into;		/* references into `to`, all edges */
};

/*
 * Is class id `cls` an application class (not java.*, jdk.*, sun.*, ...)?
 * Non-zero for yes.  Supplied by the glue, which knows the class names.
 */
typedef int (*lw_refgraph_app_fn)(void *arg, uint32_t cls);

/*
 * A graph holding at most `maxedges` distinct (from, kind, index, to)
 * keys.  All memory is allocated here, once: an open-addressing table of
 * a power of two >= 2 * maxedges slots of 24 bytes (lw_refgraph_memsize),
 * so that adding never allocates.  Returns NULL when maxedges is 0 or too
 * large for size_t arithmetic, or when out of memory.  Context: agent
 * thread (allocates).
 */
struct lw_refgraph	*lw_refgraph_new(size_t maxedges);

/* Free the graph; NULL is a no-op.  Context: agent thread. */
void			 lw_refgraph_free(struct lw_refgraph *g);

/*
 * Empty the graph and its statistics, keeping the memory, before the
 * next pass.  O(table size).  Context: agent thread.
 */
void			 lw_refgraph_reset(struct lw_refgraph *g);

/* Bytes the graph holds, table included (0 for NULL).  Context: any. */
size_t			 lw_refgraph_memsize(const struct lw_refgraph *g);

/*
 * Count one reference from an object of class `from` to an object of
 * class `to`.  For LW_REF_ROOT `from` must be 0 and `index` an
 * lw_rootkind; for the other kinds `from` must not be 0.  For
 * LW_REF_STATIC `from` is the class declaring the field: in JVMTI that is
 * the referrer's own tag (*referrer_tag_ptr), not referrer_class_tag,
 * which is java.lang.Class's.  For LW_REF_ARRAY `index` (the element's
 * position) is ignored and stored as 0: all elements of arrays of one
 * class pointing to one class are one edge.
 *
 * Returns 1 when counted; 0 when the key is new and the graph already
 * holds maxedges keys, or when no free slot is found within a bounded
 * probe (pathological clustering; the reference is counted in `dropped`,
 * and no edge is ever evicted or overwritten); LW_ERR_INVAL for g NULL,
 * to 0, an unknown kind, or a `from` or root index breaking the rules
 * above (counted in `invalid` when g is not NULL).
 * No allocation, no lock, no library call; O(1) expected, bounded.
 * Context: JVMTI heap_reference_callback, inside a safepoint.
 */
int	lw_refgraph_add(struct lw_refgraph *g, uint32_t from, int kind,
	    int32_t index, uint32_t to);

/* Fill *st with the counters since new/reset.  Context: any. */
void	lw_refgraph_stats(const struct lw_refgraph *g,
	    struct lw_refgraph_stats *st);

/*
 * The chain of holders above `target`: out[0] is the edge into target,
 * out[1] the edge into out[0].from, and so on.  The rule:
 *  1. cur = target, visited = {target}.
 *  2. Among the edges into cur whose `from` is not visited (so self-edges
 *     such as LinkedList$Node.next -> Node are skipped, and the walk never
 *     goes back down a cycle), take the one with the most references.
 *     Ties, for a deterministic answer: FIELD before STATIC before ARRAY
 *     before ROOT, then the lower index, then the lower `from`.  If none
 *     is left, stop.
 *  3. Append it; its `into` is the sum of the references of every edge
 *     into cur (self-edges and visited ones included).
 *  4. Stop after it if it is a ROOT edge (nothing is above a root), a
 *     STATIC edge (a class's static field is the holder of last resort),
 *     or if its `from` is an application class (app(arg, from) != 0) and
 *     its count is at most LW_REFGRAPH_FEW: few objects of an application
 *     class hold all of these, so that object is the accumulation point
 *     (e.g. Sender.queue -> LinkedBlockingQueue, count 1).  An application
 *     class with a large count owns them one to one (Transaction.children
 *     -> ArrayList, 500 of each) and the walk climbs on through it.
 *  5. Otherwise add `from` to visited, cur = from, and go to 2, unless
 *     `max` steps are out.
 * app may be NULL: no class is an application class.
 * Returns the number of steps written (0 when nothing refers to target,
 * or max <= 0); LW_ERR_INVAL for g NULL, target 0, or out NULL with
 * max > 0.  No allocation; each step scans the whole table, so the cost
 * is O(steps * (table size + steps)).
 *
 * XXX The graph is per class, not per object: a step follows the class
 * edge with most references, which may come from objects other than the
 * ones holding the target's instances (all java.lang.Object[] look
 * alike).  The chain is a strong hint, not a proof; a heap dump is.
 * Context: agent thread (never during the pass that fills the graph).
 */
int	lw_refgraph_chain(const struct lw_refgraph *g, uint32_t target,
	    lw_refgraph_app_fn app, void *arg, struct lw_ref_step *out,
	    int max);

/*
 * The readable name of a root sub-kind: "JNI global", "system class",
 * "monitor", "stack local", "JNI local", "thread", "other root", and
 * "unknown root" for anything else.  Static string.  Context: any.
 */
const char	*lw_refgraph_root_name(int32_t root);

/*
 * Format one step, as the holder's side of it, with snprintf semantics
 * (buf may be NULL when len is 0; the result is always NUL-terminated
 * when len > 0; returns the length the full text has):
 *   FIELD, STATIC  "pkg.Holder.field", or "pkg.Holder.<field #3>" when
 *                  field_name is NULL
 *   ARRAY          "pkg.Type[] element"
 *   ROOT           the root name, e.g. "stack local"
 * from_name is the `from` class in source form; NULL prints
 * "<class #7>".  Returns LW_ERR_INVAL (buf emptied when len > 0) for
 * s NULL or an unknown kind, LW_ERR_RANGE if the length does not fit an
 * int.  No allocation.  Context: any but the GC pause.
 */
int	lw_refgraph_step_format(char *buf, size_t len,
	    const struct lw_ref_step *s, const char *from_name,
	    const char *field_name);

#endif /* LW_REFGRAPH_H */
