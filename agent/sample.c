/*
 * leakwatch - sample.c
 *
 * JEP 331 allocation samples of the watched classes: one slot per sampled
 * object still alive, its stack interned in a refcounted table, and the
 * grouping of a class's samples into allocation sites for a report.  Pure
 * module: it never calls the JVM (names come from the caller's resolver),
 * never logs and never decides policy (which classes, how many slots).
 *
 * DESIGN
 * The recording side runs in SampledObjectAlloc on application threads
 * and in ObjectFree, under the glue's lock, so it must be short and must
 * not allocate: lw_samples_new allocates every array once and the rest is
 * index arithmetic.  Indexes are uint32_t rather than pointers, which
 * halves the links and lets a slot index live in a tag.
 *  - Slots.  A slot holds one sample: class, stack, size, time and a
 *    generation.  Free slots are on a free list; live ones are on their
 *    class's circular doubly linked list in allocation order, so release
 *    is O(1) and a class can be walked without scanning the table.
 *  - Tags.  A tag is LW_SAMPLE_TAGBIT | generation << slotbits | slot,
 *    slotbits just wide enough for nslots.  The generation grows each time
 *    the slot is taken, so the ObjectFree of an object whose sample was
 *    evicted (the object keeps its tag) cannot release the slot's next
 *    owner.  XXX The generation has 62 - slotbits >= 31 bits and wraps: a
 *    stale tag would match again after 2^31 reuses of one slot.
 *  - Stacks.  Interned by content in a hash table with chaining through
 *    doubly linked indexes (unlink is O(1), no tombstones), refcounted by
 *    the slots, released at 0.  A stack table sized below the slot count
 *    shares the memory of common stacks; when it is full a new stack is
 *    dropped, never a live one.
 *  - Eviction.  When all slots are live, a new sample takes a slot from
 *    the class with the most live slots, so one leaking class cannot
 *    starve the others.  Within the class a cursor evicts one slot and
 *    skips the next, round and round: a plain FIFO would keep only the
 *    newest samples, and a leak is exactly the old ones that stay.  With
 *    the skip each pass halves the survivors evenly, so the kept set
 *    spans the whole history, denser for recent samples.
 * The report side (agent thread) copies one class's samples grouped by
 * stack under the lock (lw_samples_snapshot), then resolves names and
 * groups stacks into sites without it: the resolver makes JVMTI calls,
 * and an application thread taking a sample must not wait behind them.
 */
#include <stdint.h>

#include "compat.h"
#include "frame.h"
#include "lw.h"
#include "sample.h"

#define SAMPLE_NIL	UINT32_MAX	/* no slot / no stack */
#define SAMPLE_MAXN	((size_t)INT32_MAX)	/* slots or stacks, at most */

struct sample_slot {
	uint64_t	gen;		/* generation of the current owner */
	uint64_t	bytes;		/* object size */
	uint64_t	t_ms;		/* now_ms at lw_samples_add */
	uint32_t	stack;		/* SAMPLE_NIL when free */
	uint32_t	prev;		/* class list; unused when free */
	uint32_t	next;		/* class list, or free list */
	int		cls;
};

struct sample_stack {
	uint64_t	hash;
	uint32_t	refs;		/* slots using it; 0: free */
	uint32_t	prev;		/* hash chain */
	uint32_t	next;		/* hash chain, or free list */
	int		nfr;
};

struct sample_class {
	uint32_t	head;		/* oldest live slot, or SAMPLE_NIL */
	uint32_t	cursor;		/* next eviction candidate, or NIL */
	uint64_t	live;
};

struct lw_samples {
	struct sample_slot	*slot;
	struct sample_stack	*stack;
	struct lw_frame		*frames;	/* nstacks * depth */
	uint32_t		*bucket;	/* hash chain heads */
	uint32_t		*mark;		/* per stack, for snapshots */
	size_t			 nslots;
	size_t			 nstacks;
	size_t			 nbuckets;	/* power of two */
	int			 depth;
	int			 slotbits;
	uint32_t		 freeslot;	/* free list heads */
	uint32_t		 freestack;
	uint64_t		 seed;
	struct sample_class	 cls[LW_SAMPLE_MAXCLASS];
	struct lw_samples_stats	 st;
};

/* Every allocation of the module goes through here (lw_test_failalloc). */
static void *
sample_alloc(size_t nmemb, size_t size)
{
	return (lw_reallocarray(NULL, nmemb, size));
}

/* Saturating: a sum of sizes is a report figure, never worth wrapping. */
static uint64_t
sample_addsat(uint64_t a, uint64_t b)
{
	return (a > UINT64_MAX - b ? UINT64_MAX : a + b);
}

/*
 * Allocate every array once; only this allocates on the recording side.
 * Context: any (OnLoad or VMInit in practice).
 */
struct lw_samples *
lw_samples_new(size_t nslots, size_t nstacks, int depth)
{
	struct lw_samples	*s;
	size_t			 i;

	if (nslots == 0 || nslots > SAMPLE_MAXN || nstacks == 0 ||
	    nstacks > SAMPLE_MAXN || depth < 1 || depth > LW_SAMPLE_MAXDEPTH)
		return (NULL);
	if ((s = sample_alloc(1, sizeof(*s))) == NULL)
		return (NULL);
	memset(s, 0, sizeof(*s));
	s->nslots = nslots;
	s->nstacks = nstacks;
	s->depth = depth;
	for (s->nbuckets = 1; s->nbuckets < nstacks; s->nbuckets *= 2)
		;
	for (s->slotbits = 1; ((size_t)1 << s->slotbits) < nslots;
	    s->slotbits++)
		;
	s->slot = sample_alloc(nslots, sizeof(*s->slot));
	s->stack = sample_alloc(nstacks, sizeof(*s->stack));
	s->frames = sample_alloc(nstacks, (size_t)depth * sizeof(*s->frames));
	s->bucket = sample_alloc(s->nbuckets, sizeof(*s->bucket));
	s->mark = sample_alloc(nstacks, sizeof(*s->mark));
	if (s->slot == NULL || s->stack == NULL || s->frames == NULL ||
	    s->bucket == NULL || s->mark == NULL) {
		lw_samples_free(s);
		return (NULL);
	}
	for (i = 0; i < nslots; i++) {
		s->slot[i].gen = 0;
		s->slot[i].stack = SAMPLE_NIL;
		s->slot[i].next = i + 1 < nslots ? (uint32_t)(i + 1) :
		    SAMPLE_NIL;
	}
	for (i = 0; i < nstacks; i++) {
		s->stack[i].refs = 0;
		s->stack[i].next = i + 1 < nstacks ? (uint32_t)(i + 1) :
		    SAMPLE_NIL;
		s->mark[i] = 0;
	}
	for (i = 0; i < s->nbuckets; i++)
		s->bucket[i] = SAMPLE_NIL;
	for (i = 0; i < LW_SAMPLE_MAXCLASS; i++) {
		s->cls[i].head = SAMPLE_NIL;
		s->cls[i].cursor = SAMPLE_NIL;
	}
	s->freeslot = 0;
	s->freestack = 0;
	/* jmethodIDs are not hostile, but a seed costs nothing (histo.c). */
	s->seed = (uint64_t)arc4random() << 32 | arc4random();
	return (s);
}

/* Free everything; NULL is allowed so error paths need no checks. */
void
lw_samples_free(struct lw_samples *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->stack);
	free(s->frames);
	free(s->bucket);
	free(s->mark);
	free(s);
}

/* What lw_samples_new allocated.  Context: any. */
size_t
lw_samples_memsize(const struct lw_samples *s)
{
	if (s == NULL)
		return (0);
	return (sizeof(*s) + s->nslots * sizeof(*s->slot) +
	    s->nstacks * (sizeof(*s->stack) + sizeof(*s->mark) +
	    (size_t)s->depth * sizeof(*s->frames)) +
	    s->nbuckets * sizeof(*s->bucket));
}

/*
 * A 64-bit mix of the frames (the murmur3 finaliser per word): frames
 * differ in a few low bits of a method pointer or a small location.
 */
static uint64_t
sample_hash(uint64_t seed, const struct lw_frame *fr, int n)
{
	uint64_t	h = seed ^ (uint64_t)n;
	int		i;

	for (i = 0; i < n; i++) {
		h ^= fr[i].method;
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
		h ^= (uint64_t)fr[i].loc;
		h *= 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 33;
	}
	return (h);
}

static struct lw_frame *
sample_frames(const struct lw_samples *s, uint32_t k)
{
	return (&s->frames[(size_t)k * (size_t)s->depth]);
}

/* Field by field: struct lw_frame has no padding, but say so nowhere. */
static int
sample_same(const struct lw_frame *a, const struct lw_frame *b, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		if (a[i].method != b[i].method || a[i].loc != b[i].loc)
			return (0);
	return (1);
}

/*
 * The stack fr[0..n) with one more reference: found, or entered into a
 * free entry.  SAMPLE_NIL when it is new and the table is full.
 */
static uint32_t
sample_intern(struct lw_samples *s, const struct lw_frame *fr, int n)
{
	struct sample_stack	*st;
	uint64_t		 h;
	uint32_t		 k, b;

	h = sample_hash(s->seed, fr, n);
	b = (uint32_t)(h & (s->nbuckets - 1));
	for (k = s->bucket[b]; k != SAMPLE_NIL; k = s->stack[k].next) {
		st = &s->stack[k];
		if (st->hash == h && st->nfr == n &&
		    sample_same(sample_frames(s, k), fr, n)) {
			st->refs++;
			return (k);
		}
	}
	if ((k = s->freestack) == SAMPLE_NIL)
		return (SAMPLE_NIL);
	st = &s->stack[k];
	s->freestack = st->next;
	st->hash = h;
	st->refs = 1;
	st->nfr = n;
	memcpy(sample_frames(s, k), fr, (size_t)n * sizeof(*fr));
	st->prev = SAMPLE_NIL;
	st->next = s->bucket[b];
	if (st->next != SAMPLE_NIL)
		s->stack[st->next].prev = k;
	s->bucket[b] = k;
	s->st.stacks++;
	return (k);
}

/* Drop one reference to stack k; the last one frees the entry. */
static void
sample_unref(struct lw_samples *s, uint32_t k)
{
	struct sample_stack	*st = &s->stack[k];

	LW_ASSERT(st->refs > 0);
	if (st->refs == 0 || --st->refs > 0)
		return;
	if (st->prev != SAMPLE_NIL)
		s->stack[st->prev].next = st->next;
	else
		s->bucket[st->hash & (s->nbuckets - 1)] = st->next;
	if (st->next != SAMPLE_NIL)
		s->stack[st->next].prev = st->prev;
	st->next = s->freestack;
	s->freestack = k;
	s->st.stacks--;
}

/* Append live slot i to its class's list (the newest is head's prev). */
static void
sample_link(struct lw_samples *s, uint32_t i)
{
	struct sample_class	*c = &s->cls[s->slot[i].cls];
	struct sample_slot	*e = &s->slot[i];
	uint32_t		 tail;

	if (c->head == SAMPLE_NIL) {
		e->prev = e->next = i;
		c->head = i;
	} else {
		tail = s->slot[c->head].prev;
		e->prev = tail;
		e->next = c->head;
		s->slot[tail].next = i;
		s->slot[c->head].prev = i;
	}
	c->live++;
	s->st.live++;
}

/*
 * Release live slot i: off its class's list (a cursor on it moves on to
 * the next slot), its stack unreferenced, onto the free list.
 */
static void
sample_release(struct lw_samples *s, uint32_t i)
{
	struct sample_slot	*e = &s->slot[i];
	struct sample_class	*c = &s->cls[e->cls];

	if (e->next == i) {
		c->head = c->cursor = SAMPLE_NIL;
	} else {
		s->slot[e->prev].next = e->next;
		s->slot[e->next].prev = e->prev;
		if (c->head == i)
			c->head = e->next;
		if (c->cursor == i)
			c->cursor = e->next;
	}
	c->live--;
	s->st.live--;
	sample_unref(s, e->stack);
	e->stack = SAMPLE_NIL;
	e->next = s->freeslot;
	s->freeslot = i;
}

/*
 * Evict one slot of the class with the most live slots (prefer to the
 * class `want` on a tie, so classes of equal share stay equal): the one
 * under the cursor, which then skips the slot after it (see DESIGN).
 * The caller knows every slot is live, so some class has one.
 */
static void
sample_evict(struct lw_samples *s, int want)
{
	struct sample_class	*c;
	uint32_t		 v, w;
	int			 i, best = want;

	for (i = 0; i < LW_SAMPLE_MAXCLASS; i++)
		if (s->cls[i].live > s->cls[best].live)
			best = i;
	c = &s->cls[best];
	if (c->live == 0)
		return;
	v = c->cursor != SAMPLE_NIL ? c->cursor : c->head;
	w = s->slot[v].next;
	sample_release(s, v);
	if (c->live > 0)
		c->cursor = s->slot[w].next;
	s->st.evicted++;
}

/*
 * Intern first, so that a stack table that stays full drops the sample
 * without evicting anyone; only when the slots are full too is the
 * eviction, due anyway, done first, as it may free a stack entry.
 * Context: SampledObjectAlloc (app thread), caller holds the lock.
 */
uint64_t
lw_samples_add(struct lw_samples *s, int cls, const struct lw_frame *fr,
    int nfr, uint64_t bytes, uint64_t now_ms)
{
	struct sample_slot	*e;
	uint64_t		 genmask;
	uint32_t		 i, k;

	if (s == NULL)
		return (0);
	if (cls < 0 || cls >= LW_SAMPLE_MAXCLASS || fr == NULL || nfr < 1) {
		s->st.dropped++;
		return (0);
	}
	if (nfr > s->depth)
		nfr = s->depth;
	k = sample_intern(s, fr, nfr);
	if (k == SAMPLE_NIL && s->freeslot == SAMPLE_NIL) {
		sample_evict(s, cls);
		k = sample_intern(s, fr, nfr);
	}
	if (k == SAMPLE_NIL) {
		s->st.dropped++;
		return (0);
	}
	if (s->freeslot == SAMPLE_NIL)
		sample_evict(s, cls);
	i = s->freeslot;
	e = &s->slot[i];
	s->freeslot = e->next;

	genmask = (LW_SAMPLE_TAGBIT >> s->slotbits) - 1;
	e->gen = (e->gen + 1) & genmask;
	e->cls = cls;
	e->stack = k;
	e->bytes = bytes;
	e->t_ms = now_ms;
	sample_link(s, i);
	s->st.added++;
	return (LW_SAMPLE_TAGBIT | e->gen << s->slotbits | i);
}

/* Context: any, GC pause and ObjectFree too (pure arithmetic). */
int
lw_samples_is_tag(uint64_t tag)
{
	return ((tag >> 62) == 1);
}

/*
 * The slot is named by the tag's low bits and must be live with the same
 * generation; anything else is an old tag (its sample was evicted or
 * forgotten, or this is a second ObjectFree) and changes nothing.
 * Context: ObjectFree callback, caller holds the lock.
 */
void
lw_samples_freed(struct lw_samples *s, uint64_t tag)
{
	struct sample_slot	*e;
	uint64_t		 i;

	if (s == NULL || !lw_samples_is_tag(tag))
		return;
	i = tag & (((uint64_t)1 << s->slotbits) - 1);
	if (i >= s->nslots)
		return;
	e = &s->slot[i];
	if (e->stack == SAMPLE_NIL ||
	    e->gen != ((tag & ~LW_SAMPLE_TAGBIT) >> s->slotbits))
		return;
	sample_release(s, (uint32_t)i);
	s->st.freed++;
}

/* Context: any, caller holds the lock. */
void
lw_samples_forget_class(struct lw_samples *s, int cls)
{
	if (s == NULL || cls < 0 || cls >= LW_SAMPLE_MAXCLASS)
		return;
	while (s->cls[cls].head != SAMPLE_NIL) {
		sample_release(s, s->cls[cls].head);
		s->st.evicted++;
	}
}

/* Context: any, caller holds the lock. */
void
lw_samples_stats(const struct lw_samples *s, struct lw_samples_stats *out)
{
	if (s == NULL)
		memset(out, 0, sizeof(*out));
	else
		*out = s->st;
}

/* Context: any, caller holds the lock. */
uint64_t
lw_samples_class_live(const struct lw_samples *s, int cls)
{
	if (s == NULL || cls < 0 || cls >= LW_SAMPLE_MAXCLASS)
		return (0);
	return (s->cls[cls].live);
}

/*
 * Two passes over the class's list: the first numbers its distinct
 * stacks in s->mark (preallocated, so grouping needs no hash table and
 * no sort), the second fills the groups; the marks are cleared after.
 * Groups come in the order of their oldest sample.  One allocation.
 * Context: agent thread, caller holds the lock.
 */
struct lw_samples_snap *
lw_samples_snapshot(struct lw_samples *s, int cls)
{
	struct lw_samples_snap	*sn;
	struct sample_group	*g;
	const struct sample_slot *e;
	size_t			 n = 0, k, size;
	uint32_t		 i, head;

	if (s == NULL || cls < 0 || cls >= LW_SAMPLE_MAXCLASS)
		return (NULL);
	head = s->cls[cls].head;
	if ((i = head) != SAMPLE_NIL) {
		do {
			e = &s->slot[i];
			if (s->mark[e->stack] == 0)
				s->mark[e->stack] = (uint32_t)++n;
			i = e->next;
		} while (i != head);
	}

	/* Groups, then their frames: both 8-byte aligned. */
	size = sizeof(*sn);
	if (n > (SIZE_MAX - size) / (sizeof(*g) + (size_t)s->depth *
	    sizeof(struct lw_frame)))
		sn = NULL;
	else
		sn = sample_alloc(1, size + n * (sizeof(*g) +
		    (size_t)s->depth * sizeof(struct lw_frame)));
	if (sn == NULL)
		goto out;
	sn->g = (struct sample_group *)(sn + 1);
	sn->frames = (struct lw_frame *)(sn->g + n);
	sn->n = n;
	sn->total = s->cls[cls].live;
	for (k = 0; k < n; k++) {
		sn->g[k].count = 0;
		sn->g[k].bytes = 0;
		sn->g[k].oldest_ms = UINT64_MAX;
		sn->g[k].fr = &sn->frames[k * (size_t)s->depth];
		sn->g[k].nfr = 0;
	}
	if ((i = head) != SAMPLE_NIL) {
		do {
			e = &s->slot[i];
			g = &sn->g[s->mark[e->stack] - 1];
			if (g->count++ == 0) {
				g->nfr = s->stack[e->stack].nfr;
				memcpy(g->fr, sample_frames(s, e->stack),
				    (size_t)g->nfr * sizeof(*g->fr));
			}
			g->bytes = sample_addsat(g->bytes, e->bytes);
			if (e->t_ms < g->oldest_ms)
				g->oldest_ms = e->t_ms;
			i = e->next;
		} while (i != head);
	}
out:
	if ((i = head) != SAMPLE_NIL) {
		do {
			s->mark[s->slot[i].stack] = 0;
			i = s->slot[i].next;
		} while (i != head);
	}
	return (sn);
}

void
lw_samples_snapshot_free(struct lw_samples_snap *sn)
{
	free(sn);
}
