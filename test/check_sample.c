/*
 * leakwatch - check_sample.c
 *
 * Tests of sample.c: the bounds of the sample table (slots full: eviction
 * from the biggest class by the cursor; stack table full: dropped; depth
 * truncation), ObjectFree with current, stale and foreign tags, stack
 * refcounts, forget_class, the counters, allocation sites over a fake
 * resolver (first application frame, one site per method and line, the
 * most common stack, unresolvable frames).  Method IDs are small made-up
 * numbers; nothing here needs a JVM.  The frame helpers: check_frame.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "frame.h"
#include "lw.h"
#include "sample.h"
#include "lwtest.h"

/* Made-up jmethodIDs; resolve() knows all but M_GONE*. */
#define M_RESIZE	0x100	/* java.util.HashMap.resize */
#define M_PUT		0x200	/* java.util.HashMap.putVal */
#define M_CLONE		0x300	/* java.lang.Object.clone, native */
#define M_CACHE		0x400	/* scn.app.Cache.add */
#define M_MAIN		0x500	/* scn.app.Main.main */
#define M_NOLINES	0x600	/* scn.app.Gen.run: no line table */
#define M_GONE		0x700	/* class unloaded */
#define M_GONE2		0x800

#define FR(m, l)	{ (uint64_t)(m), (l) }

static const struct lw_linent lines_resize[] = { { 0, 670 }, { 12, 672 } };
static const struct lw_linent lines_put[] = { { 0, 625 }, { 20, 628 } };
/* Out of order, as a class file may have it: loc 5..8 is line 11. */
static const struct lw_linent lines_cache[] = { { 9, 12 }, { 0, 10 },
    { 5, 11 } };
static const struct lw_linent lines_main[] = { { 0, 5 }, { 4, 6 } };

struct fake_method {
	uint64_t			 id;
	const char			*cls;
	const char			*name;
	const char			*file;
	int				 native;
	const struct lw_linent		*lines;
	int				 nlines;
};

static const struct fake_method fake_methods[] = {
	{ M_RESIZE, "java.util.HashMap", "resize", "HashMap.java", 0,
	  lines_resize, 2 },
	{ M_PUT, "java.util.HashMap", "putVal", "HashMap.java", 0, lines_put,
	  2 },
	{ M_CLONE, "java.lang.Object", "clone", NULL, 1, NULL, 0 },
	{ M_CACHE, "scn.app.Cache", "add", "Cache.java", 0, lines_cache, 3 },
	{ M_MAIN, "scn.app.Main", "main", "Main.java", 0, lines_main, 2 },
	{ M_NOLINES, "scn.app.Gen", "run", "Gen.java", 0, NULL, 0 },
};

struct fake_resolver {
	int	calls;
};

/* The glue's resolver, over fake_methods; counts its calls. */
static int
resolve(void *arg, const struct lw_frame *f, struct lw_frame_info *out)
{
	struct fake_resolver	*r = arg;
	size_t			 i;

	r->calls++;
	for (i = 0; i < LW_NELEM(fake_methods); i++) {
		if (fake_methods[i].id != f->method)
			continue;
		out->cls = fake_methods[i].cls;
		out->method = fake_methods[i].name;
		out->file = fake_methods[i].file;
		out->native = fake_methods[i].native;
		out->line = lw_line_for(fake_methods[i].lines,
		    fake_methods[i].nlines, f->loc);
		return (0);
	}
	return (1);
}

/* An LW_ASSERT in sample.c (a refcount gone wrong) fails the test. */
static void
sample_assert_hook(const char *file, int line, const char *cond)
{
	ck_abort_msg("LW_ASSERT(%s) at %s:%d", cond, file, line);
}

static void
sample_setup(void)
{
	lw_assert_set_hook(sample_assert_hook);
}

static void
sample_teardown(void)
{
	lw_test_failalloc(0);
	lw_assert_set_hook(NULL);
}

/* A one-frame stack unique to n: method M_MAIN, location n. */
static uint64_t
add1(struct lw_samples *s, int cls, int64_t n)
{
	struct lw_frame	fr[1] = { FR(M_MAIN, 0) };

	fr[0].loc = n;
	return (lw_samples_add(s, cls, fr, 1, 16, 1000));
}

static struct lw_samples_stats
stats(const struct lw_samples *s)
{
	struct lw_samples_stats	st;

	lw_samples_stats(s, &st);
	return (st);
}

/* Release by tag; 1 if the tag was current (the freed counter moved). */
static int
freed(struct lw_samples *s, uint64_t tag)
{
	uint64_t	before;

	before = stats(s).freed;
	lw_samples_freed(s, tag);
	return (stats(s).freed != before);
}

#define CK_STATS(s, a, f, e, d, l, k) do {				\
	struct lw_samples_stats	st_ = stats(s);				\
	ck_assert_uint_eq(st_.added, (a));				\
	ck_assert_uint_eq(st_.freed, (f));				\
	ck_assert_uint_eq(st_.evicted, (e));				\
	ck_assert_uint_eq(st_.dropped, (d));				\
	ck_assert_uint_eq(st_.live, (l));				\
	ck_assert_uint_eq(st_.stacks, (k));				\
} while (0)

/* -- bounds --------------------------------------------------------- */

START_TEST(test_sample__new_bad_args__null)
{
	struct lw_samples	*s;

	ck_assert_ptr_null(lw_samples_new(0, 8, 8));
	ck_assert_ptr_null(lw_samples_new(8, 0, 8));
	ck_assert_ptr_null(lw_samples_new(8, 8, 0));
	ck_assert_ptr_null(lw_samples_new(8, 8, -1));
	ck_assert_ptr_null(lw_samples_new(8, 8, LW_SAMPLE_MAXDEPTH + 1));
	ck_assert_ptr_null(lw_samples_new((size_t)INT32_MAX + 1, 8, 8));
	ck_assert_ptr_null(lw_samples_new(8, (size_t)INT32_MAX + 1, 8));
	ck_assert_ptr_null(lw_samples_new(SIZE_MAX, 8, 8));
	s = lw_samples_new(1, 1, LW_SAMPLE_MAXDEPTH);
	ck_assert_ptr_nonnull(s);
	CK_STATS(s, 0, 0, 0, 0, 0, 0);
	lw_samples_free(s);
	lw_samples_free(NULL);
}
END_TEST

/* memsize grows with each dimension by at least the data it holds. */
START_TEST(test_sample__memsize__counts_arrays)
{
	struct lw_samples	*a, *b, *c;
	size_t			 base;

	a = lw_samples_new(100, 100, 8);
	b = lw_samples_new(200, 100, 8);
	c = lw_samples_new(100, 100, 16);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	base = lw_samples_memsize(a);
	ck_assert_uint_gt(base, 100 * 8 * sizeof(struct lw_frame));
	ck_assert_uint_ge(lw_samples_memsize(b) - base, 100 * 3 *
	    sizeof(uint64_t));
	ck_assert_uint_eq(lw_samples_memsize(c) - base, 100 * 8 *
	    sizeof(struct lw_frame));
	ck_assert_uint_eq(lw_samples_memsize(NULL), 0);
	lw_samples_free(a);
	lw_samples_free(b);
	lw_samples_free(c);
}
END_TEST

/* Each of the allocations of lw_samples_new can fail; none leaks. */
START_TEST(test_sample__new_nomem__null)
{
	struct lw_samples	*s;
	int			 nth;

	for (nth = 1; nth <= 6; nth++) {
		lw_test_failalloc(nth);
		ck_assert_msg(lw_samples_new(4, 4, 4) == NULL,
		    "allocation %d failed, yet a table", nth);
	}
	lw_test_failalloc(7);
	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	lw_test_failalloc(0);
	lw_samples_free(s);
}
END_TEST

START_TEST(test_sample__add__tags_in_sample_space)
{
	struct lw_samples	*s;
	uint64_t		 t[3];
	int			 i;

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 3; i++) {
		t[i] = add1(s, i, i);
		ck_assert_uint_ne(t[i], 0);
		ck_assert(lw_samples_is_tag(t[i]));
		ck_assert_uint_ne(t[i] & LW_SAMPLE_TAGBIT, 0);
		ck_assert_uint_lt(t[i], 1ULL << 63);
	}
	ck_assert_uint_ne(t[0], t[1]);
	ck_assert_uint_ne(t[1], t[2]);
	ck_assert_uint_ne(t[0], t[2]);
	CK_STATS(s, 3, 0, 0, 0, 3, 3);
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 1);
	ck_assert_uint_eq(lw_samples_class_live(s, 2), 1);
	ck_assert_uint_eq(lw_samples_class_live(s, 3), 0);
	lw_samples_free(s);
}
END_TEST

/* The same frames intern once; a different location is another stack. */
START_TEST(test_sample__same_stack__interned_once)
{
	struct lw_samples	*s;
	struct lw_frame		 a[2] = { FR(M_PUT, 3), FR(M_CACHE, 5) };
	struct lw_frame		 b[2] = { FR(M_PUT, 3), FR(M_CACHE, 6) };
	int			 i;

	s = lw_samples_new(16, 16, 8);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 5; i++)
		ck_assert_uint_ne(lw_samples_add(s, i % 2, a, 2, 8, 1), 0);
	CK_STATS(s, 5, 0, 0, 0, 5, 1);
	ck_assert_uint_ne(lw_samples_add(s, 0, b, 2, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, a, 1, 8, 1), 0);
	CK_STATS(s, 7, 0, 0, 0, 7, 3);
	lw_samples_free(s);
}
END_TEST

/*
 * 8 slots, class 0 has 6 and class 1 has 2: each new sample evicts from
 * whichever class is biggest at the time.
 */
START_TEST(test_sample__slots_full__evicts_from_biggest_class)
{
	struct lw_samples	*s;
	int			 i;

	s = lw_samples_new(8, 16, 4);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 6; i++)
		ck_assert_uint_ne(add1(s, 0, i), 0);
	ck_assert_uint_ne(add1(s, 1, 6), 0);
	ck_assert_uint_ne(add1(s, 1, 7), 0);
	CK_STATS(s, 8, 0, 0, 0, 8, 8);

	ck_assert_uint_ne(add1(s, 1, 8), 0);		/* 5 3 0 */
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 5);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 3);
	ck_assert_uint_ne(add1(s, 2, 9), 0);		/* 4 3 1 */
	ck_assert_uint_ne(add1(s, 1, 10), 0);		/* 3 4 1 */
	ck_assert_uint_ne(add1(s, 0, 11), 0);		/* 4 3 1 */
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 4);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 3);
	ck_assert_uint_eq(lw_samples_class_live(s, 2), 1);
	/* Each eviction released a one-sample stack: 8 stacks still. */
	CK_STATS(s, 12, 0, 4, 0, 8, 8);
	lw_samples_free(s);
}
END_TEST

/* On a tie the incoming class pays; else the lowest biggest class. */
START_TEST(test_sample__evict_tie__incoming_class_first)
{
	struct lw_samples	*s;

	s = lw_samples_new(4, 16, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(add1(s, 0, 0), 0);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_ne(add1(s, 1, 2), 0);
	ck_assert_uint_ne(add1(s, 1, 3), 0);
	ck_assert_uint_ne(add1(s, 1, 4), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 2);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 2);
	ck_assert_uint_ne(add1(s, 2, 5), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 1);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 2);
	ck_assert_uint_eq(lw_samples_class_live(s, 2), 1);
	CK_STATS(s, 6, 0, 2, 0, 4, 4);
	lw_samples_free(s);
}
END_TEST

/*
 * The cursor evicts one and skips one: of 8 old samples the odd ones
 * survive 4 new ones, and after 8 new ones 3 old ones still do.  With
 * FIFO eviction none would.
 */
START_TEST(test_sample__evict_cursor__keeps_old_and_new)
{
	static const int	 keep4[8] = { 0, 1, 0, 1, 0, 1, 0, 1 };
	static const int	 keep8[8] = { 0, 0, 0, 1, 0, 1, 0, 1 };
	static const int	 keepn[8] = { 0, 1, 0, 1, 0, 1, 1, 1 };
	struct lw_samples	*s, *c;
	uint64_t		 t[16];
	int			 i;

	/* Two tables, the same samples: c is probed after 4 new ones. */
	s = lw_samples_new(8, 32, 4);
	c = lw_samples_new(8, 32, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(c);
	for (i = 0; i < 16; i++)
		t[i] = add1(s, 0, i);
	for (i = 0; i < 12; i++)
		ck_assert_uint_eq(add1(c, 0, i), t[i]);
	for (i = 0; i < 8; i++)
		ck_assert_msg(freed(c, t[i]) == keep4[i], "after 4: old %d", i);
	CK_STATS(s, 16, 0, 8, 0, 8, 8);
	for (i = 0; i < 8; i++)
		ck_assert_msg(freed(s, t[i]) == keep8[i], "after 8: old %d", i);
	for (i = 0; i < 8; i++)
		ck_assert_msg(freed(s, t[8 + i]) == keepn[i], "new %d", i);
	CK_STATS(s, 16, 8, 8, 0, 0, 0);
	lw_samples_free(s);
	lw_samples_free(c);
}
END_TEST

/*
 * ObjectFree of the slot under the cursor moves the cursor on to the next
 * slot rather than back to the oldest: the pass goes on where it was.
 */
START_TEST(test_sample__free_under_cursor__cursor_moves_on)
{
	struct lw_samples	*s;
	uint64_t		 t[7];
	int			 i;

	s = lw_samples_new(4, 16, 4);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 5; i++)		/* 4 evicts 0, cursor on 2 */
		t[i] = add1(s, 0, i);
	ck_assert_int_eq(freed(s, t[2]), 1);	/* cursor on 3 */
	t[5] = add1(s, 0, 5);		/* free slot: no eviction */
	t[6] = add1(s, 0, 6);		/* evicts 3 */
	CK_STATS(s, 7, 1, 2, 0, 4, 4);
	ck_assert_int_eq(freed(s, t[3]), 0);
	ck_assert_int_eq(freed(s, t[1]), 1);
	ck_assert_int_eq(freed(s, t[4]), 1);
	ck_assert_int_eq(freed(s, t[5]), 1);
	ck_assert_int_eq(freed(s, t[6]), 1);
	lw_samples_free(s);
}
END_TEST

/* A new stack with the stack table full is dropped; no one is evicted. */
START_TEST(test_sample__stack_table_full__dropped)
{
	struct lw_samples	*s;

	s = lw_samples_new(16, 2, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_ne(add1(s, 0, 2), 0);
	ck_assert_uint_eq(add1(s, 0, 3), 0);
	ck_assert_uint_eq(add1(s, 1, 4), 0);
	ck_assert_uint_ne(add1(s, 1, 1), 0);		/* known stack */
	CK_STATS(s, 3, 0, 0, 2, 3, 2);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 1);
	lw_samples_free(s);
}
END_TEST

/*
 * Both tables full: the eviction that is due anyway comes first and may
 * free a stack entry for the new stack.  When the evicted sample's stack
 * is shared it frees none, and the sample is dropped after all (the slot
 * stays free for the next one).
 */
START_TEST(test_sample__both_full__eviction_makes_room)
{
	struct lw_samples	*s;

	s = lw_samples_new(2, 2, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_ne(add1(s, 0, 2), 0);
	ck_assert_uint_ne(add1(s, 0, 3), 0);
	CK_STATS(s, 3, 0, 1, 0, 2, 2);
	lw_samples_free(s);

	s = lw_samples_new(2, 1, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_eq(add1(s, 0, 2), 0);
	CK_STATS(s, 2, 0, 1, 1, 1, 1);
	ck_assert_uint_ne(add1(s, 0, 1), 0);		/* no eviction */
	CK_STATS(s, 3, 0, 1, 1, 2, 1);
	lw_samples_free(s);
}
END_TEST

/* Only the first `depth` frames are kept: deeper differences merge. */
START_TEST(test_sample__deep_stack__truncated_to_depth)
{
	struct lw_samples	*s;
	struct lw_frame		 a[5] = { FR(M_RESIZE, 0), FR(M_PUT, 0),
	    FR(M_CACHE, 0), FR(M_MAIN, 0), FR(M_MAIN, 1) };
	struct lw_frame		 b[4] = { FR(M_RESIZE, 0), FR(M_PUT, 0),
	    FR(M_CACHE, 0), FR(M_GONE, 7) };
	struct lw_site		 site[2];
	struct fake_resolver	 r = { 0 };

	s = lw_samples_new(8, 8, 3);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(lw_samples_add(s, 0, a, 5, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, b, 4, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, b, 3, 8, 1), 0);
	CK_STATS(s, 3, 0, 0, 0, 3, 1);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 2), 1);
	ck_assert_int_eq(site[0].nstack, 3);
	ck_assert_uint_eq(site[0].count, 3);
	ck_assert_uint_eq(site[0].stack[2].method, M_CACHE);
	lw_samples_free(s);
}
END_TEST

START_TEST(test_sample__bad_args__dropped)
{
	struct lw_samples	*s;
	struct lw_frame		 a[1] = { FR(M_MAIN, 0) };

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(lw_samples_add(s, -1, a, 1, 8, 1), 0);
	ck_assert_uint_eq(lw_samples_add(s, LW_SAMPLE_MAXCLASS, a, 1, 8, 1),
	    0);
	ck_assert_uint_eq(lw_samples_add(s, 0, a, 0, 8, 1), 0);
	ck_assert_uint_eq(lw_samples_add(s, 0, a, -3, 8, 1), 0);
	ck_assert_uint_eq(lw_samples_add(s, 0, NULL, 1, 8, 1), 0);
	ck_assert_uint_eq(lw_samples_add(NULL, 0, a, 1, 8, 1), 0);
	CK_STATS(s, 0, 0, 0, 5, 0, 0);
	ck_assert_uint_ne(lw_samples_add(s, LW_SAMPLE_MAXCLASS - 1, a, 1, 8,
	    1), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, LW_SAMPLE_MAXCLASS - 1), 1);
	ck_assert_uint_eq(lw_samples_class_live(s, LW_SAMPLE_MAXCLASS), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, -1), 0);
	ck_assert_uint_eq(lw_samples_class_live(NULL, 0), 0);
	lw_samples_free(s);
}
END_TEST

/* -- free ----------------------------------------------------------- */

START_TEST(test_sample__free_current_tag__released_once)
{
	struct lw_samples	*s;
	uint64_t		 t1, t2;

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	t1 = add1(s, 3, 1);
	t2 = add1(s, 3, 2);
	ck_assert_int_eq(freed(s, t1), 1);
	ck_assert_uint_eq(lw_samples_class_live(s, 3), 1);
	CK_STATS(s, 2, 1, 0, 0, 1, 1);
	ck_assert_int_eq(freed(s, t1), 0);		/* double free */
	CK_STATS(s, 2, 1, 0, 0, 1, 1);
	ck_assert_int_eq(freed(s, t2), 1);
	CK_STATS(s, 2, 2, 0, 0, 0, 0);
	ck_assert_uint_eq(lw_samples_class_live(s, 3), 0);
	lw_samples_freed(NULL, t2);
	lw_samples_free(s);
}
END_TEST

/* One slot: the second sample evicts the first and reuses its slot. */
START_TEST(test_sample__stale_tag_after_eviction__ignored)
{
	struct lw_samples	*s;
	uint64_t		 t1, t2, t3;

	s = lw_samples_new(1, 4, 4);
	ck_assert_ptr_nonnull(s);
	t1 = add1(s, 0, 1);
	t2 = add1(s, 1, 2);
	ck_assert_uint_ne(t1, t2);
	CK_STATS(s, 2, 0, 1, 0, 1, 1);
	ck_assert_int_eq(freed(s, t1), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 1);
	ck_assert_int_eq(freed(s, t2), 1);
	/* Freed, then reused: the old tag is stale again. */
	t3 = add1(s, 0, 3);
	ck_assert_uint_ne(t3, t2);
	ck_assert_int_eq(freed(s, t2), 0);
	ck_assert_int_eq(freed(s, t1), 0);
	ck_assert_int_eq(freed(s, t3), 1);
	CK_STATS(s, 3, 2, 1, 0, 0, 0);
	lw_samples_free(s);
}
END_TEST

/* A slot reused many times never hands out a tag twice. */
START_TEST(test_sample__slot_reuse__fresh_tags)
{
	struct lw_samples	*s;
	uint64_t		 first, t;
	int			 i;

	s = lw_samples_new(1, 1, 1);
	ck_assert_ptr_nonnull(s);
	first = add1(s, 0, 1);
	lw_samples_freed(s, first);
	for (i = 0; i < 10000; i++) {
		t = add1(s, 0, 1);
		ck_assert_uint_ne(t, first);
		ck_assert(lw_samples_is_tag(t));
		lw_samples_freed(s, t);
	}
	CK_STATS(s, 10001, 10001, 0, 0, 0, 0);
	lw_samples_free(s);
}
END_TEST

/* Tags of other spaces, or naming slots past the table, change nothing. */
START_TEST(test_sample__foreign_tags__ignored)
{
	struct lw_samples	*s;
	uint64_t		 t;

	s = lw_samples_new(3, 4, 4);
	ck_assert_ptr_nonnull(s);
	t = add1(s, 0, 1);
	ck_assert_int_eq(freed(s, 0), 0);
	ck_assert_int_eq(freed(s, 1), 0);
	ck_assert_int_eq(freed(s, t & ~LW_SAMPLE_TAGBIT), 0);
	ck_assert_int_eq(freed(s, t | 1ULL << 63), 0);
	ck_assert_int_eq(freed(s, LW_SAMPLE_TAGBIT | 3), 0);	/* slot 3 */
	ck_assert_int_eq(freed(s, UINT64_MAX), 0);
	ck_assert_int_eq(freed(s, t + 1), 0);			/* free slot */
	CK_STATS(s, 1, 0, 0, 0, 1, 1);
	ck_assert_int_eq(freed(s, t), 1);

	ck_assert(!lw_samples_is_tag(0));
	ck_assert(!lw_samples_is_tag(42));
	ck_assert(!lw_samples_is_tag(1ULL << 63 | LW_SAMPLE_TAGBIT));
	ck_assert(!lw_samples_is_tag(1ULL << 63));
	ck_assert(lw_samples_is_tag(LW_SAMPLE_TAGBIT));
	ck_assert(lw_samples_is_tag((1ULL << 63) - 1));
	lw_samples_free(s);
}
END_TEST

/* A stack lives while a slot uses it; the last free makes room. */
START_TEST(test_sample__refcounts__release_stacks)
{
	struct lw_samples	*s;
	uint64_t		 a1, a2, b;
	int			 i;

	s = lw_samples_new(8, 1, 4);
	ck_assert_ptr_nonnull(s);
	a1 = add1(s, 0, 1);
	a2 = add1(s, 1, 1);
	ck_assert_int_eq(freed(s, a1), 1);
	CK_STATS(s, 2, 1, 0, 0, 1, 1);
	ck_assert_uint_eq(add1(s, 0, 2), 0);
	ck_assert_int_eq(freed(s, a2), 1);
	CK_STATS(s, 2, 2, 0, 1, 0, 0);
	b = add1(s, 0, 2);
	ck_assert_uint_ne(b, 0);
	CK_STATS(s, 3, 2, 0, 1, 1, 1);
	ck_assert_int_eq(freed(s, b), 1);
	/* Churn through the one entry: a leaked reference would fill it. */
	for (i = 0; i < 100; i++) {
		b = add1(s, i % 3, i);
		ck_assert_uint_ne(b, 0);
		ck_assert_int_eq(freed(s, b), 1);
	}
	CK_STATS(s, 103, 103, 0, 1, 0, 0);
	lw_samples_free(s);
}
END_TEST

/*
 * 64 stacks in 64 buckets: many chains of two or more, unlinked from
 * their heads, middles and ends, in two orders.
 */
START_TEST(test_sample__many_stacks__unlink_any_order)
{
	struct lw_samples	*s;
	uint64_t		 t[64];
	int			 i;

	s = lw_samples_new(64, 64, 2);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 64; i++)
		ck_assert_uint_ne(t[i] = add1(s, i % 5, i), 0);
	CK_STATS(s, 64, 0, 0, 0, 64, 64);
	for (i = 1; i < 64; i += 2)
		ck_assert_int_eq(freed(s, t[i]), 1);
	for (i = 0; i < 64; i += 2)
		ck_assert_uint_ne(add1(s, 0, i), 0);	/* found again */
	CK_STATS(s, 96, 32, 0, 0, 64, 32);
	for (i = 62; i >= 0; i -= 2)
		ck_assert_int_eq(freed(s, t[i]), 1);
	lw_samples_forget_class(s, 0);
	CK_STATS(s, 96, 64, 32, 0, 0, 0);
	for (i = 0; i < 64; i++)
		ck_assert_uint_ne(add1(s, 1, 1000 + i), 0);
	CK_STATS(s, 160, 64, 32, 0, 64, 64);
	lw_samples_free(s);
}
END_TEST

/* -- forget_class and counters -------------------------------------- */

START_TEST(test_sample__forget_class__evicts_its_slots)
{
	struct lw_samples	*s;
	uint64_t		 t[5];
	int			 i;

	s = lw_samples_new(8, 8, 4);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 5; i++)
		t[i] = add1(s, i < 3 ? 0 : 1, i);
	lw_samples_forget_class(s, 0);
	CK_STATS(s, 5, 0, 3, 0, 2, 2);
	ck_assert_uint_eq(lw_samples_class_live(s, 0), 0);
	ck_assert_uint_eq(lw_samples_class_live(s, 1), 2);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(freed(s, t[i]), 0);
	lw_samples_forget_class(s, 0);
	lw_samples_forget_class(s, -1);
	lw_samples_forget_class(s, LW_SAMPLE_MAXCLASS);
	lw_samples_forget_class(NULL, 0);
	CK_STATS(s, 5, 0, 3, 0, 2, 2);
	/* The slots are free again: 6 more fit without eviction. */
	for (i = 0; i < 6; i++)
		ck_assert_uint_ne(add1(s, 0, 10 + i), 0);
	CK_STATS(s, 11, 0, 3, 0, 8, 8);
	ck_assert_int_eq(freed(s, t[3]), 1);
	lw_samples_free(s);
}
END_TEST

START_TEST(test_sample__stats_null__zero)
{
	struct lw_samples_stats	st;

	memset(&st, 0xff, sizeof(st));
	lw_samples_stats(NULL, &st);
	ck_assert_uint_eq(st.added, 0);
	ck_assert_uint_eq(st.freed, 0);
	ck_assert_uint_eq(st.evicted, 0);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(st.live, 0);
	ck_assert_uint_eq(st.stacks, 0);
}
END_TEST

/* -- sites ---------------------------------------------------------- */

/*
 * Cache.add allocates through HashMap at two locations of line 11 (one
 * site, 5 samples, 3 of them by the first stack), and once directly at
 * line 12 (another site).
 */
START_TEST(test_sample__sites__first_app_frame_per_line)
{
	struct lw_frame		 a[4] = { FR(M_RESIZE, 12), FR(M_PUT, 20),
	    FR(M_CACHE, 5), FR(M_MAIN, 0) };
	struct lw_frame		 b[3] = { FR(M_PUT, 20), FR(M_CACHE, 8),
	    FR(M_MAIN, 4) };
	struct lw_frame		 c[2] = { FR(M_CACHE, 9), FR(M_MAIN, 4) };
	struct lw_samples	*s;
	struct lw_site		 site[4];
	struct fake_resolver	 r = { 0 };
	int			 i;

	s = lw_samples_new(16, 16, 8);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(lw_samples_add(s, 2, b, 3, 100, 50), 0);
	for (i = 0; i < 3; i++)
		ck_assert_uint_ne(lw_samples_add(s, 2, a, 4, 10, 60 + i), 0);
	ck_assert_uint_ne(lw_samples_add(s, 2, b, 3, 100, 40), 0);
	ck_assert_uint_ne(lw_samples_add(s, 2, c, 2, 1, 10), 0);
	ck_assert_uint_ne(lw_samples_add(s, 1, c, 2, 1, 10), 0);

	ck_assert_int_eq(lw_samples_sites(s, 2, resolve, &r, site, 4), 2);
	ck_assert_uint_eq(site[0].frame.method, M_CACHE);
	ck_assert_int_eq(site[0].frame.loc, 5);
	ck_assert_int_eq(site[0].depth_index, 2);
	ck_assert_uint_eq(site[0].count, 5);
	ck_assert_uint_eq(site[0].bytes, 230);
	ck_assert_uint_eq(site[0].total, 6);
	ck_assert_uint_eq(site[0].oldest_ms, 40);
	ck_assert_int_eq(site[0].nstack, 4);
	ck_assert(memcmp(site[0].stack, a, sizeof(a)) == 0);

	ck_assert_uint_eq(site[1].frame.method, M_CACHE);
	ck_assert_int_eq(site[1].frame.loc, 9);
	ck_assert_int_eq(site[1].depth_index, 0);
	ck_assert_uint_eq(site[1].count, 1);
	ck_assert_uint_eq(site[1].bytes, 1);
	ck_assert_uint_eq(site[1].total, 6);
	ck_assert_int_eq(site[1].nstack, 2);
	/* Walks stop at the site: 3 frames of a, 2 of b, 1 of c. */
	ck_assert_int_eq(r.calls, 6);
	lw_samples_free(s);
}
END_TEST

/* Of a site's stacks the one with most samples is shown. */
START_TEST(test_sample__sites__most_common_stack)
{
	struct lw_frame		 a[3] = { FR(M_PUT, 0), FR(M_CACHE, 0),
	    FR(M_MAIN, 0) };
	struct lw_frame		 b[3] = { FR(M_RESIZE, 0), FR(M_PUT, 0),
	    FR(M_CACHE, 1) };
	struct lw_samples	*s;
	struct lw_site		 site[1];
	struct fake_resolver	 r = { 0 };
	int			 i;

	s = lw_samples_new(16, 16, 8);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(lw_samples_add(s, 0, a, 3, 1000, 1), 0);
	for (i = 0; i < 3; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, b, 3, 8, 2), 0);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 1), 1);
	ck_assert_uint_eq(site[0].count, 4);
	ck_assert_uint_eq(site[0].bytes, 1024);
	ck_assert_int_eq(site[0].depth_index, 2);
	ck_assert_int_eq(site[0].frame.loc, 1);
	ck_assert(memcmp(site[0].stack, b, sizeof(b)) == 0);
	lw_samples_free(s);
}
END_TEST

/*
 * No application frame: the top frame is the site, a native top too, one
 * site per line of the top method.
 * Unresolvable frames are skipped on the way to an application frame;
 * all-unresolvable stacks group by method (their line is unknown).
 */
START_TEST(test_sample__sites__jdk_only_and_unresolvable)
{
	struct lw_frame		 jdk[2] = { FR(M_RESIZE, 0), FR(M_PUT, 20) };
	struct lw_frame		 jdk2[2] = { FR(M_RESIZE, 12), FR(M_PUT, 20) };
	struct lw_frame		 nat[2] = { FR(M_CLONE, -1), FR(M_PUT, 0) };
	struct lw_frame		 gone1[2] = { FR(M_GONE, 1), FR(M_CACHE, 9) };
	struct lw_frame		 gone2[2] = { FR(M_GONE, 3), FR(M_GONE2, 1) };
	struct lw_frame		 gone3[1] = { FR(M_GONE, 7) };
	struct lw_samples	*s;
	struct lw_site		 site[8];
	struct fake_resolver	 r = { 0 };
	int			 i;

	s = lw_samples_new(32, 16, 8);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 5; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, jdk, 2, 8, 1), 0);
	for (i = 0; i < 4; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, gone1, 2, 8, 1), 0);
	for (i = 0; i < 2; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, gone2, 2, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, gone3, 1, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, nat, 2, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, jdk2, 2, 8, 1), 0);

	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 8), 5);
	ck_assert_uint_eq(site[0].frame.method, M_RESIZE);
	ck_assert_int_eq(site[0].depth_index, 0);
	ck_assert_uint_eq(site[0].count, 5);
	ck_assert_uint_eq(site[1].frame.method, M_CACHE);
	ck_assert_int_eq(site[1].depth_index, 1);
	ck_assert_uint_eq(site[1].count, 4);
	ck_assert_uint_eq(site[2].frame.method, M_GONE);
	ck_assert_int_eq(site[2].frame.loc, 3);
	ck_assert_int_eq(site[2].depth_index, 0);
	ck_assert_uint_eq(site[2].count, 3);
	/* Resize's line 672, a site apart from its line 670; 1 sample. */
	ck_assert_uint_eq(site[3].frame.method, M_RESIZE);
	ck_assert_int_eq(site[3].frame.loc, 12);
	ck_assert_uint_eq(site[3].count, 1);
	ck_assert_uint_eq(site[4].frame.method, M_CLONE);
	ck_assert_uint_eq(site[4].count, 1);
	/* Every frame of every stack. */
	ck_assert_int_eq(r.calls, 2 + 2 + 2 + 1 + 2 + 2);
	lw_samples_free(s);
}
END_TEST

/* Two locations without line information are one site per method. */
START_TEST(test_sample__sites__no_line_table__one_site)
{
	struct lw_frame		 a[1] = { FR(M_NOLINES, 3) };
	struct lw_frame		 b[1] = { FR(M_NOLINES, 9) };
	struct lw_samples	*s;
	struct lw_site		 site[2];
	struct fake_resolver	 r = { 0 };

	s = lw_samples_new(8, 8, 8);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(lw_samples_add(s, 0, a, 1, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, b, 1, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, b, 1, 8, 1), 0);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 2), 1);
	ck_assert_uint_eq(site[0].count, 3);
	ck_assert_int_eq(site[0].frame.loc, 9);
	lw_samples_free(s);
}
END_TEST

/* Most samples first, then most bytes; max cuts the list. */
START_TEST(test_sample__sites__order_and_max)
{
	struct lw_samples	*s;
	struct lw_site		 site[3];
	struct fake_resolver	 r = { 0 };
	struct lw_frame		 fr[1];
	int			 i;

	s = lw_samples_new(16, 16, 8);
	ck_assert_ptr_nonnull(s);
	/*
	 * Main.main lines 5 and 6, Cache.add line 10: 2, 3, 2 samples; of
	 * the two with 2, Main's line 5 has more bytes, so it comes before
	 * Cache, although Cache's method ID is smaller.
	 */
	fr[0] = (struct lw_frame)FR(M_MAIN, 0);
	for (i = 0; i < 2; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, fr, 1, 10, 1), 0);
	fr[0] = (struct lw_frame)FR(M_MAIN, 4);
	for (i = 0; i < 3; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, fr, 1, 8, 1), 0);
	fr[0] = (struct lw_frame)FR(M_CACHE, 0);
	for (i = 0; i < 2; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, fr, 1, 9, 1), 0);

	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 3), 3);
	ck_assert_int_eq(site[0].frame.loc, 4);
	ck_assert_uint_eq(site[1].frame.method, M_MAIN);
	ck_assert_int_eq(site[1].frame.loc, 0);
	ck_assert_uint_eq(site[1].bytes, 20);
	ck_assert_uint_eq(site[2].frame.method, M_CACHE);
	ck_assert_uint_eq(site[2].bytes, 18);
	memset(site, 0, sizeof(site));
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 1), 1);
	ck_assert_int_eq(site[0].frame.loc, 4);
	ck_assert_uint_eq(site[1].count, 0);		/* not written */
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 0), 0);
	lw_samples_free(s);
}
END_TEST

/*
 * One method, two lines, stacks of counts 3 (line 5), 2 (line 6) and 1
 * (line 5 again, below a JDK frame): the line-5 stacks are one site even
 * though a line-6 stack has a count between theirs.
 */
START_TEST(test_sample__sites__lines_interleaved__one_site_per_line)
{
	struct lw_frame		 a[1] = { FR(M_MAIN, 0) };
	struct lw_frame		 b[1] = { FR(M_MAIN, 4) };
	struct lw_frame		 c[2] = { FR(M_PUT, 0), FR(M_MAIN, 1) };
	struct lw_samples	*s;
	struct lw_site		 site[3];
	struct fake_resolver	 r = { 0 };
	int			 i;

	s = lw_samples_new(16, 16, 8);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 3; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, a, 1, 8, 1), 0);
	for (i = 0; i < 2; i++)
		ck_assert_uint_ne(lw_samples_add(s, 0, b, 1, 8, 1), 0);
	ck_assert_uint_ne(lw_samples_add(s, 0, c, 2, 8, 1), 0);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 3), 2);
	ck_assert_uint_eq(site[0].count, 4);
	ck_assert_int_eq(site[0].frame.loc, 0);
	ck_assert_int_eq(site[0].depth_index, 0);
	ck_assert_uint_eq(site[1].count, 2);
	ck_assert_int_eq(site[1].frame.loc, 4);
	lw_samples_free(s);
}
END_TEST

START_TEST(test_sample__sites_bad_args__einval)
{
	struct lw_samples	*s;
	struct lw_site		 site[1];
	struct fake_resolver	 r = { 0 };

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 1), 0);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_int_eq(lw_samples_sites(s, 1, resolve, &r, site, 1), 0);
	ck_assert_int_eq(lw_samples_sites(s, -1, resolve, &r, site, 1),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_samples_sites(s, LW_SAMPLE_MAXCLASS, resolve, &r,
	    site, 1), LW_ERR_INVAL);
	ck_assert_int_eq(lw_samples_sites(s, 0, NULL, &r, site, 1),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, NULL, 1),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, -1),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_samples_sites(NULL, 0, resolve, &r, site, 1),
	    LW_ERR_INVAL);
	ck_assert_ptr_null(lw_samples_snapshot(s, -1));
	ck_assert_ptr_null(lw_samples_snapshot(NULL, 0));
	ck_assert_int_eq(lw_samples_snapshot_sites(NULL, resolve, &r, site, 1),
	    LW_ERR_INVAL);
	ck_assert_int_eq(r.calls, 0);
	lw_samples_snapshot_free(NULL);
	lw_samples_free(s);
}
END_TEST

/* Each of the three allocations of a report can fail, and none leaks. */
START_TEST(test_sample__sites_nomem__enomem)
{
	struct lw_samples	*s;
	struct lw_site		 site[1];
	struct fake_resolver	 r = { 0 };
	int			 nth;

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	for (nth = 1; nth <= 3; nth++) {
		lw_test_failalloc(nth);
		ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 1),
		    LW_ERR_NOMEM);
	}
	lw_test_failalloc(0);
	ck_assert_int_eq(lw_samples_sites(s, 0, resolve, &r, site, 1), 1);
	/* The snapshot's scratch marks were cleared on the failure paths. */
	ck_assert_uint_eq(site[0].count, 1);
	lw_samples_free(s);
}
END_TEST

/* A snapshot is a copy: the table may change before it is resolved. */
START_TEST(test_sample__snapshot__independent_of_table)
{
	struct lw_frame		 a[2] = { FR(M_PUT, 0), FR(M_CACHE, 0) };
	struct lw_samples	*s;
	struct lw_samples_snap	*sn, *empty;
	struct lw_site		 site[2];
	struct fake_resolver	 r = { 0 };
	uint64_t		 t1, t2;

	s = lw_samples_new(4, 4, 4);
	ck_assert_ptr_nonnull(s);
	t1 = lw_samples_add(s, 0, a, 2, 24, 5);
	t2 = lw_samples_add(s, 0, a, 2, 24, 6);
	sn = lw_samples_snapshot(s, 0);
	empty = lw_samples_snapshot(s, 1);
	ck_assert_ptr_nonnull(sn);
	ck_assert_ptr_nonnull(empty);
	lw_samples_freed(s, t1);
	lw_samples_freed(s, t2);
	ck_assert_uint_ne(add1(s, 0, 1), 0);
	ck_assert_uint_ne(add1(s, 0, 2), 0);
	ck_assert_int_eq(lw_samples_snapshot_sites(sn, resolve, &r, site, 2),
	    1);
	ck_assert_uint_eq(site[0].frame.method, M_CACHE);
	ck_assert_uint_eq(site[0].count, 2);
	ck_assert_uint_eq(site[0].bytes, 48);
	ck_assert_uint_eq(site[0].total, 2);
	ck_assert_uint_eq(site[0].oldest_ms, 5);
	ck_assert_int_eq(lw_samples_snapshot_sites(empty, resolve, &r, site,
	    2), 0);
	lw_samples_snapshot_free(sn);
	lw_samples_snapshot_free(empty);
	lw_samples_free(s);
}
END_TEST

Suite *
lw_sample_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("sample");

	tc = tcase_create("bounds");
	tcase_add_checked_fixture(tc, sample_setup, sample_teardown);
	tcase_add_test(tc, test_sample__new_bad_args__null);
	tcase_add_test(tc, test_sample__memsize__counts_arrays);
	tcase_add_test(tc, test_sample__new_nomem__null);
	tcase_add_test(tc, test_sample__add__tags_in_sample_space);
	tcase_add_test(tc, test_sample__same_stack__interned_once);
	tcase_add_test(tc, test_sample__slots_full__evicts_from_biggest_class);
	tcase_add_test(tc, test_sample__evict_tie__incoming_class_first);
	tcase_add_test(tc, test_sample__evict_cursor__keeps_old_and_new);
	tcase_add_test(tc, test_sample__free_under_cursor__cursor_moves_on);
	tcase_add_test(tc, test_sample__stack_table_full__dropped);
	tcase_add_test(tc, test_sample__both_full__eviction_makes_room);
	tcase_add_test(tc, test_sample__deep_stack__truncated_to_depth);
	tcase_add_test(tc, test_sample__bad_args__dropped);
	suite_add_tcase(s, tc);

	tc = tcase_create("free");
	tcase_add_checked_fixture(tc, sample_setup, sample_teardown);
	tcase_add_test(tc, test_sample__free_current_tag__released_once);
	tcase_add_test(tc, test_sample__stale_tag_after_eviction__ignored);
	tcase_add_test(tc, test_sample__slot_reuse__fresh_tags);
	tcase_add_test(tc, test_sample__foreign_tags__ignored);
	tcase_add_test(tc, test_sample__refcounts__release_stacks);
	tcase_add_test(tc, test_sample__many_stacks__unlink_any_order);
	tcase_add_test(tc, test_sample__forget_class__evicts_its_slots);
	tcase_add_test(tc, test_sample__stats_null__zero);
	suite_add_tcase(s, tc);

	tc = tcase_create("sites");
	tcase_add_checked_fixture(tc, sample_setup, sample_teardown);
	tcase_add_test(tc, test_sample__sites__first_app_frame_per_line);
	tcase_add_test(tc, test_sample__sites__most_common_stack);
	tcase_add_test(tc, test_sample__sites__jdk_only_and_unresolvable);
	tcase_add_test(tc, test_sample__sites__no_line_table__one_site);
	tcase_add_test(tc, test_sample__sites__order_and_max);
	tcase_add_test(tc,
	    test_sample__sites__lines_interleaved__one_site_per_line);
	tcase_add_test(tc, test_sample__sites_bad_args__einval);
	tcase_add_test(tc, test_sample__sites_nomem__enomem);
	tcase_add_test(tc, test_sample__snapshot__independent_of_table);
	suite_add_tcase(s, tc);

	return (s);
}
