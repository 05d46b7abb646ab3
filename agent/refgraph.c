/*
 * leakwatch - refgraph.c
 *
 * The class-level reference graph of one FollowReferences pass, and the
 * walk from a leaking class up to what accumulates its instances.  Pure
 * module: it allocates only in lw_refgraph_new, never logs, never calls
 * the JVM, and decides nothing about what a chain means for the report.
 *
 * DESIGN
 * lw_refgraph_add runs in JVMTI's heap_reference_callback, inside a
 * safepoint, once per reference in the heap (tens of millions for a big
 * service), with every Java thread stopped: it must not allocate, lock or
 * take more than a few dozen instructions.  So the edges live in one
 * open-addressing table allocated up front by lw_refgraph_new:
 *  - a power of two of slots, at least twice the edge limit, so the load
 *    never passes 1/2 and linear probing stays short;
 *  - probing is also bounded (REFGRAPH_MAXPROBE): should keys cluster
 *    anyway, a reference is dropped rather than the safepoint stretched;
 *  - keys are never deleted, so a lookup may stop at the first free slot,
 *    and an edge, once in, is never evicted: when the table is full, new
 *    keys are dropped and counted, and the edges already there keep
 *    counting (they are the ones seen first, from the roots down).
 * A slot is free when its `to` is 0, which add refuses as a key, so the
 * table needs no separate occupancy map and reset is one memset.
 *
 * lw_refgraph_chain runs once per suspect, on the agent thread, after the
 * pass.  Rather than building a reverse index (memory, or an allocation
 * that can fail at report time), each step scans the whole table for the
 * edges into the current class: a few steps over a few MiB.
 */
#include <stdint.h>
#include <stdio.h>

#include "compat.h"
#include "lw.h"
#include "refgraph.h"

#define REFGRAPH_MAXPROBE	64	/* slots looked at per add, at most */

struct refgraph_edge {
	uint32_t	from;		/* class id; 0 for a root */
	uint32_t	to;		/* class id; 0: free slot */
	int32_t		index;
	int32_t		kind;		/* enum lw_refkind */
	uint64_t	count;		/* references */
};

struct lw_refgraph {
	struct refgraph_edge	*slot;
	size_t			 nslots;	/* power of two */
	size_t			 maxprobe;	/* min(nslots, MAXPROBE) */
	size_t			 maxedges;
	size_t			 edges;
	uint64_t		 refs;
	uint64_t		 dropped;
	uint64_t		 invalid;
};

static const char *const refgraph_roots[] = {
	[LW_ROOT_JNI_GLOBAL] = "JNI global",
	[LW_ROOT_SYSTEM_CLASS] = "system class",
	[LW_ROOT_MONITOR] = "monitor",
	[LW_ROOT_STACK_LOCAL] = "stack local",
	[LW_ROOT_JNI_LOCAL] = "JNI local",
	[LW_ROOT_THREAD] = "thread",
	[LW_ROOT_OTHER] = "other root"
};

/*
 * The splitmix64 finaliser: every input bit reaches every output bit, so
 * the small, dense class ids and field indices spread over the whole
 * table instead of piling up at its start.
 */
static uint64_t
refgraph_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (x);
}

/*
 * The home slot of a key.  Unseeded: ids come from the glue, not from
 * anything an attacker writes, and a fixed hash keeps runs reproducible.
 */
static size_t
refgraph_home(const struct lw_refgraph *g, uint32_t from, int32_t kind,
    int32_t index, uint32_t to)
{
	uint64_t	a, b;

	a = (uint64_t)from << 32 | to;
	b = (uint64_t)(uint32_t)kind << 32 | (uint32_t)index;
	return ((size_t)refgraph_mix(a ^ refgraph_mix(b)) & (g->nslots - 1));
}

/*
 * Enough for maxedges at load <= 1/2.  The bound on maxedges keeps
 * 4 * maxedges slots (the worst rounding up) within size_t bytes.
 * Context: agent thread.
 */
struct lw_refgraph *
lw_refgraph_new(size_t maxedges)
{
	struct lw_refgraph	*g;
	size_t			 nslots;

	if (maxedges == 0 ||
	    maxedges > SIZE_MAX / 4 / sizeof(struct refgraph_edge))
		return (NULL);
	nslots = 2;
	while (nslots < 2 * maxedges)
		nslots *= 2;
	if ((g = lw_calloc(1, sizeof(*g))) == NULL)
		return (NULL);
	if ((g->slot = lw_calloc(nslots, sizeof(g->slot[0]))) == NULL) {
		free(g);
		return (NULL);
	}
	g->nslots = nslots;
	g->maxprobe = nslots < REFGRAPH_MAXPROBE ? nslots : REFGRAPH_MAXPROBE;
	g->maxedges = maxedges;
	return (g);
}

/* Context: agent thread. */
void
lw_refgraph_free(struct lw_refgraph *g)
{
	if (g == NULL)
		return;
	free(g->slot);
	free(g);
}

/* Zero slots are free slots, so one memset empties the table. */
void
lw_refgraph_reset(struct lw_refgraph *g)
{
	if (g == NULL)
		return;
	memset(g->slot, 0, g->nslots * sizeof(g->slot[0]));
	g->edges = 0;
	g->refs = 0;
	g->dropped = 0;
	g->invalid = 0;
}

/* Context: any. */
size_t
lw_refgraph_memsize(const struct lw_refgraph *g)
{
	if (g == NULL)
		return (0);
	return (sizeof(*g) + g->nslots * sizeof(g->slot[0]));
}

/*
 * The argument rules of lw_refgraph_add; see refgraph.h.  A ROOT with a
 * referrer or a FIELD without one is a glue bug (JVMTI gives roots
 * referrer_class_tag 0, and every class is tagged before the pass), and
 * an edge from class 0 would read as a root in the chain.
 */
static int
refgraph_valid(uint32_t from, int kind, int32_t index, uint32_t to)
{
	if (to == 0)
		return (0);
	switch (kind) {
	case LW_REF_FIELD:
	case LW_REF_STATIC:
	case LW_REF_ARRAY:
		return (from != 0);
	case LW_REF_ROOT:
		return (from == 0 && index >= LW_ROOT_JNI_GLOBAL &&
		    index <= LW_ROOT_OTHER);
	default:
		return (0);
	}
}

/*
 * Linear probing from the key's home slot: the key's slot, else the first
 * free one, within maxprobe slots.  Nothing is ever deleted, so a free
 * slot ends the search.  Context: JVMTI heap_reference_callback, inside a
 * safepoint: no allocation, no lock, no library call.
 */
int
lw_refgraph_add(struct lw_refgraph *g, uint32_t from, int kind,
    int32_t index, uint32_t to)
{
	struct refgraph_edge	*e;
	size_t			 i, n, mask;

	if (g == NULL)
		return (LW_ERR_INVAL);
	if (!refgraph_valid(from, kind, index, to)) {
		g->invalid++;
		return (LW_ERR_INVAL);
	}
	if (kind == LW_REF_ARRAY)
		index = 0;

	mask = g->nslots - 1;
	i = refgraph_home(g, from, kind, index, to);
	for (n = 0; n < g->maxprobe; n++, i = (i + 1) & mask) {
		e = &g->slot[i];
		if (e->to == 0) {
			if (g->edges == g->maxedges)
				break;
			e->from = from;
			e->to = to;
			e->index = index;
			e->kind = kind;
			e->count = 1;
			g->edges++;
			g->refs++;
			return (1);
		}
		if (e->to == to && e->from == from && e->index == index &&
		    e->kind == kind) {
			e->count++;
			g->refs++;
			return (1);
		}
	}
	g->dropped++;
	return (0);
}

/* Context: any. */
void
lw_refgraph_stats(const struct lw_refgraph *g, struct lw_refgraph_stats *st)
{
	if (st == NULL)
		return;
	memset(st, 0, sizeof(*st));
	if (g == NULL)
		return;
	st->refs = g->refs;
	st->dropped = g->dropped;
	st->invalid = g->invalid;
	st->edges = g->edges;
}

/*
 * Is edge a a better step than b?  More references first; then, on a tie,
 * the kind that says most about who holds (a field names its holder, a
 * root names nobody; enum lw_refkind is declared in that order), then the
 * lower index and the lower `from`, so the answer never depends on where
 * the hash put the edges.
 */
static int
refgraph_better(const struct refgraph_edge *a, const struct refgraph_edge *b)
{
	if (a->count != b->count)
		return (a->count > b->count);
	if (a->kind != b->kind)
		return (a->kind < b->kind);
	if (a->index != b->index)
		return (a->index < b->index);
	return (a->from < b->from);
}

/* Is class id cls the target or the `from` of one of the n steps? */
static int
refgraph_visited(uint32_t target, const struct lw_ref_step *out, int n,
    uint32_t cls)
{
	int	i;

	if (cls == target)
		return (1);
	for (i = 0; i < n; i++)
		if (out[i].from == cls)
			return (1);
	return (0);
}

/*
 * The rule is documented in refgraph.h.  Roots have `from` 0, which is
 * never visited (target is not 0), and end the chain.  Context: agent
 * thread.
 */
int
lw_refgraph_chain(const struct lw_refgraph *g, uint32_t target,
    lw_refgraph_app_fn app, void *arg, struct lw_ref_step *out, int max)
{
	const struct refgraph_edge	*e, *best;
	struct lw_ref_step		*s;
	uint64_t			 into;
	uint32_t			 cur;
	size_t				 i;
	int				 n;

	if (g == NULL || target == 0 || (out == NULL && max > 0))
		return (LW_ERR_INVAL);
	cur = target;
	for (n = 0; n < max; n++) {
		best = NULL;
		into = 0;
		for (i = 0; i < g->nslots; i++) {
			e = &g->slot[i];
			if (e->to != cur)
				continue;
			into += e->count;
			if (refgraph_visited(target, out, n, e->from))
				continue;
			if (best == NULL || refgraph_better(e, best))
				best = e;
		}
		if (best == NULL)
			break;
		s = &out[n];
		s->from = best->from;
		s->kind = best->kind;
		s->index = best->index;
		s->to = best->to;
		s->count = best->count;
		s->into = into;
		if (s->kind == LW_REF_ROOT || s->kind == LW_REF_STATIC ||
		    (s->count <= LW_REFGRAPH_FEW && app != NULL &&
		    app(arg, s->from) != 0))
			return (n + 1);
		cur = s->from;
	}
	return (n);
}

/* Context: any. */
const char *
lw_refgraph_root_name(int32_t root)
{
	if (root < LW_ROOT_JNI_GLOBAL || root > LW_ROOT_OTHER)
		return ("unknown root");
	return (refgraph_roots[root]);
}

/*
 * The holder's side of the step: that is what a reader acts on (the field
 * to bound or clear).  The target's name is already in the report line.
 * Context: any but the GC pause.
 */
int
lw_refgraph_step_format(char *buf, size_t len, const struct lw_ref_step *s,
    const char *from_name, const char *field_name)
{
	char	cls[32];
	int	r;

	if (s == NULL || s->kind < LW_REF_FIELD || s->kind > LW_REF_ROOT) {
		if (buf != NULL && len > 0)
			buf[0] = '\0';
		return (LW_ERR_INVAL);
	}
	if (buf == NULL)
		len = 0;
	if (from_name == NULL) {
		(void)snprintf(cls, sizeof(cls), "<class #%u>",
		    (unsigned int)s->from);
		from_name = cls;
	}
	switch (s->kind) {
	case LW_REF_FIELD:
	case LW_REF_STATIC:
		if (field_name != NULL)
			r = snprintf(buf, len, "%s.%s", from_name, field_name);
		else
			r = snprintf(buf, len, "%s.<field #%d>", from_name,
			    (int)s->index);
		break;
	case LW_REF_ARRAY:
		r = snprintf(buf, len, "%s element", from_name);
		break;
	default:
		r = snprintf(buf, len, "%s", lw_refgraph_root_name(s->index));
		break;
	}
	if (r < 0) {
		if (len > 0)
			buf[0] = '\0';
		return (LW_ERR_RANGE);
	}
	return (r);
}
