/*
 * leakwatch - check_refgraph.c
 *
 * Tests of refgraph.c: the edge table (merging, argument rules, a full
 * table that drops and never overwrites, reset, statistics, out of
 * memory), the holder chain on the heap shapes it exists for (a queue of
 * messages, an ArrayList inside a tree inside a queue, a static cache),
 * its tie rules, cycles and bounds, and the step formatter.  Class ids are
 * small enums per test, as the glue hands them out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "refgraph.h"
#include "lwtest.h"

#define SLOTSIZE	24	/* bytes per table slot, as refgraph.h says */

/* Count n references on one edge; each must be counted. */
static void
addn(struct lw_refgraph *g, uint32_t from, int kind, int32_t index,
    uint32_t to, uint64_t n)
{
	uint64_t	i;
	int		r;

	for (i = 0; i < n; i++) {
		r = lw_refgraph_add(g, from, kind, index, to);
		if (r != 1)
			ck_abort_msg("add %u -%d/%d-> %u: %d", from, kind,
			    (int)index, to, r);
	}
}

/* The app predicate: arg is a 0-terminated list of application ids. */
static int
isapp(void *arg, uint32_t cls)
{
	const uint32_t	*p;

	for (p = arg; *p != 0; p++)
		if (*p == cls)
			return (1);
	return (0);
}

static void
expect_step(const struct lw_ref_step *s, uint32_t from, int kind,
    int32_t index, uint32_t to, uint64_t count, uint64_t into)
{
	ck_assert_msg(s->from == from && s->kind == kind &&
	    s->index == index && s->to == to && s->count == count &&
	    s->into == into,
	    "step %u -%d/%d-> %u count %ju into %ju, want "
	    "%u -%d/%d-> %u count %ju into %ju", s->from, s->kind,
	    (int)s->index, s->to, (uintmax_t)s->count, (uintmax_t)s->into,
	    from, kind, (int)index, to, (uintmax_t)count, (uintmax_t)into);
}

/* The count of the edge (from, kind, index, to), read through a chain. */
static uint64_t
edge_count(const struct lw_refgraph *g, uint32_t from, int kind,
    int32_t index, uint32_t to)
{
	struct lw_ref_step	out[1];

	if (lw_refgraph_chain(g, to, NULL, NULL, out, 1) != 1)
		return (0);
	if (out[0].from != from || out[0].kind != kind ||
	    out[0].index != index)
		return (0);
	return (out[0].count);
}

/* -- table --------------------------------------------------------------- */

START_TEST(test_refgraph__new_bad_size__null)
{
	ck_assert_ptr_null(lw_refgraph_new(0));
	ck_assert_ptr_null(lw_refgraph_new(SIZE_MAX));
	ck_assert_ptr_null(lw_refgraph_new(SIZE_MAX / 4 / SLOTSIZE + 1));
}
END_TEST

START_TEST(test_refgraph__new_nomem__null_no_leak)
{
	struct lw_refgraph	*g;

	lw_test_failalloc(1);
	ck_assert_ptr_null(lw_refgraph_new(100));
	lw_test_failalloc(2);
	ck_assert_ptr_null(lw_refgraph_new(100));
	lw_test_failalloc(0);
	g = lw_refgraph_new(100);
	ck_assert_ptr_nonnull(g);
	lw_refgraph_free(g);
}
END_TEST

START_TEST(test_refgraph__null_graph__harmless)
{
	struct lw_refgraph_stats	st;

	memset(&st, 0xa5, sizeof(st));
	lw_refgraph_free(NULL);
	lw_refgraph_reset(NULL);
	ck_assert_uint_eq(lw_refgraph_memsize(NULL), 0);
	lw_refgraph_stats(NULL, &st);
	ck_assert_uint_eq(st.refs, 0);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(st.invalid, 0);
	ck_assert_uint_eq(st.edges, 0);
	ck_assert_int_eq(lw_refgraph_add(NULL, 1, LW_REF_FIELD, 0, 2),
	    LW_ERR_INVAL);
}
END_TEST

/* A power of two of 24-byte slots, at least twice maxedges. */
START_TEST(test_refgraph__memsize__pow2_slots_at_least_twice)
{
	struct lw_refgraph	*a, *b, *c;
	size_t			 ma, mb, mc;

	a = lw_refgraph_new(1000);
	b = lw_refgraph_new(1024);
	c = lw_refgraph_new(1025);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ma = lw_refgraph_memsize(a);
	mb = lw_refgraph_memsize(b);
	mc = lw_refgraph_memsize(c);
	ck_assert_uint_eq(ma, mb);
	ck_assert_uint_gt(ma, 2048 * SLOTSIZE);
	ck_assert_uint_lt(ma, 2048 * SLOTSIZE + 1024);
	ck_assert_uint_eq(mc - mb, 2048 * SLOTSIZE);
	lw_refgraph_free(a);
	lw_refgraph_free(b);
	lw_refgraph_free(c);
}
END_TEST

START_TEST(test_refgraph__add_same_key__one_edge_counted)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;

	g = lw_refgraph_new(16);
	ck_assert_ptr_nonnull(g);
	addn(g, 1, LW_REF_FIELD, 2, 3, 3);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.refs, 3);
	ck_assert_uint_eq(st.edges, 1);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(st.invalid, 0);
	/* Every part of the key tells edges apart. */
	addn(g, 1, LW_REF_FIELD, 4, 3, 1);
	addn(g, 1, LW_REF_STATIC, 2, 3, 1);
	addn(g, 5, LW_REF_FIELD, 2, 3, 1);
	addn(g, 1, LW_REF_FIELD, 2, 6, 1);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.refs, 7);
	ck_assert_uint_eq(st.edges, 5);
	ck_assert_uint_eq(edge_count(g, 1, LW_REF_FIELD, 2, 3), 3);
	lw_refgraph_free(g);
}
END_TEST

/* All elements of one array class to one class are one edge. */
START_TEST(test_refgraph__add_array_elements__one_edge_index_0)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;
	int32_t				 i;

	g = lw_refgraph_new(4);
	ck_assert_ptr_nonnull(g);
	for (i = 0; i < 100; i++)
		addn(g, 7, LW_REF_ARRAY, i, 8, 1);
	addn(g, 7, LW_REF_ARRAY, -1, 8, 1);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.edges, 1);
	ck_assert_uint_eq(st.refs, 101);
	ck_assert_uint_eq(edge_count(g, 7, LW_REF_ARRAY, 0, 8), 101);
	lw_refgraph_free(g);
}
END_TEST

static const struct {
	uint32_t	from;
	int		kind;
	int32_t		index;
	uint32_t	to;
} refgraph_bad[] = {
	{ 1, LW_REF_FIELD, 0, 0 },		/* to 0 */
	{ 0, LW_REF_ROOT, LW_ROOT_THREAD, 0 },	/* to 0 */
	{ 1, 0, 0, 2 },				/* no such kind */
	{ 1, LW_REF_ROOT + 1, 0, 2 },		/* no such kind */
	{ 1, -1, 0, 2 },			/* no such kind */
	{ 0, LW_REF_FIELD, 0, 2 },		/* field of no class */
	{ 0, LW_REF_STATIC, 0, 2 },		/* static of no class */
	{ 0, LW_REF_ARRAY, 0, 2 },		/* array of no class */
	{ 1, LW_REF_ROOT, LW_ROOT_JNI_GLOBAL, 2 },/* root with referrer */
	{ 0, LW_REF_ROOT, 0, 2 },		/* no such root */
	{ 0, LW_REF_ROOT, LW_ROOT_OTHER + 1, 2 },	/* no such root */
	{ 0, LW_REF_ROOT, -1, 2 },		/* no such root */
};

START_TEST(test_refgraph__add_bad_args__einval_counted)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;
	size_t				 i;

	g = lw_refgraph_new(16);
	ck_assert_ptr_nonnull(g);
	for (i = 0; i < LW_NELEM(refgraph_bad); i++)
		ck_assert_msg(lw_refgraph_add(g, refgraph_bad[i].from,
		    refgraph_bad[i].kind, refgraph_bad[i].index,
		    refgraph_bad[i].to) == LW_ERR_INVAL, "case %zu", i);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.invalid, LW_NELEM(refgraph_bad));
	ck_assert_uint_eq(st.refs, 0);
	ck_assert_uint_eq(st.edges, 0);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_int_eq(lw_refgraph_chain(g, 2, NULL, NULL,
	    (struct lw_ref_step[1]){ { 0 } }, 1), 0);
	/* The good forms of the same. */
	ck_assert_int_eq(lw_refgraph_add(g, 0, LW_REF_ROOT, LW_ROOT_JNI_GLOBAL,
	    2), 1);
	ck_assert_int_eq(lw_refgraph_add(g, 0, LW_REF_ROOT, LW_ROOT_OTHER, 2),
	    1);
	ck_assert_int_eq(lw_refgraph_add(g, 1, LW_REF_FIELD, -1, 2), 1);
	ck_assert_int_eq(lw_refgraph_add(g, UINT32_MAX, LW_REF_STATIC,
	    INT32_MAX, UINT32_MAX), 1);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.edges, 4);
	lw_refgraph_free(g);
}
END_TEST

/*
 * A full table refuses new keys (counted, 0 returned) and keeps counting
 * the keys it holds: nothing already there is lost or overwritten.
 */
START_TEST(test_refgraph__full__new_keys_dropped_old_kept)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;
	uint32_t			 c;

	g = lw_refgraph_new(4);
	ck_assert_ptr_nonnull(g);
	for (c = 1; c <= 4; c++)
		addn(g, 100 + c, LW_REF_FIELD, 0, c, c);
	ck_assert_int_eq(lw_refgraph_add(g, 105, LW_REF_FIELD, 0, 5), 0);
	ck_assert_int_eq(lw_refgraph_add(g, 101, LW_REF_FIELD, 1, 1), 0);
	ck_assert_int_eq(lw_refgraph_add(g, 0, LW_REF_ROOT, LW_ROOT_THREAD, 1),
	    0);
	addn(g, 101, LW_REF_FIELD, 0, 1, 10);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.edges, 4);
	ck_assert_uint_eq(st.dropped, 3);
	ck_assert_uint_eq(st.refs, 1 + 2 + 3 + 4 + 10);
	ck_assert_uint_eq(edge_count(g, 101, LW_REF_FIELD, 0, 1), 11);
	for (c = 2; c <= 4; c++)
		ck_assert_uint_eq(edge_count(g, 100 + c, LW_REF_FIELD, 0, c),
		    c);
	ck_assert_uint_eq(edge_count(g, 105, LW_REF_FIELD, 0, 5), 0);
	lw_refgraph_free(g);
}
END_TEST

/*
 * Many more distinct keys than room, each offered twice: every reference
 * is either counted or dropped, the table fills to exactly maxedges, and
 * a key is accepted the second time exactly when it was the first.
 */
START_TEST(test_refgraph__many_keys__exact_accounting)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;
	unsigned char			*took;
	uint64_t			 ok = 0;
	uint32_t			 k;
	int				 pass, r;

	g = lw_refgraph_new(1000);
	ck_assert_ptr_nonnull(g);
	took = calloc(20000, 1);
	ck_assert_ptr_nonnull(took);
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < 20000; k++) {
			r = lw_refgraph_add(g, 1 + k % 97, LW_REF_FIELD,
			    (int32_t)(k % 5), 1 + k / 5);
			ck_assert_int_ge(r, 0);
			if (pass == 0)
				took[k] = (unsigned char)r;
			else if (r != took[k])
				ck_abort_msg("key %u: %d then %d", k, took[k],
				    r);
			ok += (uint64_t)r;
		}
	}
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.edges, 1000);
	ck_assert_uint_eq(st.refs, ok);
	ck_assert_uint_eq(st.refs, 2000);
	ck_assert_uint_eq(st.refs + st.dropped, 40000);
	free(took);
	lw_refgraph_free(g);
}
END_TEST

START_TEST(test_refgraph__reset__empty_same_memory)
{
	struct lw_refgraph		*g;
	struct lw_refgraph_stats	 st;
	struct lw_ref_step		 out[4];
	size_t				 mem;
	uint32_t			 c;

	g = lw_refgraph_new(2);
	ck_assert_ptr_nonnull(g);
	mem = lw_refgraph_memsize(g);
	addn(g, 1, LW_REF_FIELD, 0, 2, 5);
	addn(g, 3, LW_REF_FIELD, 0, 2, 1);
	ck_assert_int_eq(lw_refgraph_add(g, 4, LW_REF_FIELD, 0, 2), 0);
	ck_assert_int_eq(lw_refgraph_add(g, 0, LW_REF_FIELD, 0, 2),
	    LW_ERR_INVAL);
	lw_refgraph_reset(g);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.refs, 0);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(st.invalid, 0);
	ck_assert_uint_eq(st.edges, 0);
	ck_assert_uint_eq(lw_refgraph_memsize(g), mem);
	ck_assert_int_eq(lw_refgraph_chain(g, 2, NULL, NULL, out, 4), 0);
	/* Full room again, for keys not seen before the reset. */
	for (c = 10; c < 12; c++)
		addn(g, c, LW_REF_FIELD, 0, 2, 1);
	ck_assert_int_eq(lw_refgraph_add(g, 1, LW_REF_FIELD, 0, 2), 0);
	lw_refgraph_stats(g, &st);
	ck_assert_uint_eq(st.edges, 2);
	ck_assert_uint_eq(st.refs, 2);
	ck_assert_uint_eq(st.dropped, 1);
	lw_refgraph_free(g);
}
END_TEST

/* -- chain --------------------------------------------------------------- */

/*
 * A sender's queue of messages nobody drains:
 *   stack local -> Service.sender -> Sender.queue -> LinkedBlockingQueue
 *   .head/.last -> Node (.next -> Node ...) .item -> Msg
 */
enum { Q_MSG = 1, Q_NODE, Q_LBQ, Q_SENDER, Q_SERVICE };
enum { F_ITEM = 0, F_NEXT = 1, F_HEAD = 2, F_LAST = 3, F_QUEUE = 1,
    F_SENDER = 4 };

static struct lw_refgraph *
queue_graph(void)
{
	struct lw_refgraph	*g;

	g = lw_refgraph_new(64);
	ck_assert_ptr_nonnull(g);
	/* Insertion order should not matter: the holder goes in first. */
	addn(g, 0, LW_REF_ROOT, LW_ROOT_STACK_LOCAL, Q_SERVICE, 1);
	addn(g, Q_SERVICE, LW_REF_FIELD, F_SENDER, Q_SENDER, 1);
	addn(g, Q_SENDER, LW_REF_FIELD, F_QUEUE, Q_LBQ, 1);
	addn(g, Q_LBQ, LW_REF_FIELD, F_LAST, Q_NODE, 1);
	addn(g, Q_LBQ, LW_REF_FIELD, F_HEAD, Q_NODE, 1);
	addn(g, Q_NODE, LW_REF_FIELD, F_NEXT, Q_NODE, 999);
	addn(g, Q_NODE, LW_REF_FIELD, F_ITEM, Q_MSG, 1000);
	return (g);
}

START_TEST(test_refgraph__chain_queue__stops_at_sender_queue)
{
	static uint32_t		 app[] = { Q_MSG, Q_SENDER, Q_SERVICE, 0 };
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[8];

	g = queue_graph();
	ck_assert_int_eq(lw_refgraph_chain(g, Q_MSG, isapp, app, out, 8), 3);
	expect_step(&out[0], Q_NODE, LW_REF_FIELD, F_ITEM, Q_MSG, 1000, 1000);
	expect_step(&out[1], Q_LBQ, LW_REF_FIELD, F_HEAD, Q_NODE, 1, 1001);
	expect_step(&out[2], Q_SENDER, LW_REF_FIELD, F_QUEUE, Q_LBQ, 1, 1);
	lw_refgraph_free(g);
}
END_TEST

/* With no application class the walk climbs to the root. */
START_TEST(test_refgraph__chain_queue_no_app__climbs_to_root)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[8];

	g = queue_graph();
	ck_assert_int_eq(lw_refgraph_chain(g, Q_MSG, NULL, NULL, out, 8), 5);
	expect_step(&out[2], Q_SENDER, LW_REF_FIELD, F_QUEUE, Q_LBQ, 1, 1);
	expect_step(&out[3], Q_SERVICE, LW_REF_FIELD, F_SENDER, Q_SENDER, 1,
	    1);
	expect_step(&out[4], 0, LW_REF_ROOT, LW_ROOT_STACK_LOCAL, Q_SERVICE,
	    1, 1);
	lw_refgraph_free(g);
}
END_TEST

/*
 * Events in an ArrayList owned one to one by Transactions, owned one to
 * one by Trees, queued in a LinkedBlockingQueue of a Sender.  Transaction
 * and Tree are application classes with large counts: owners, not the
 * holder; the walk climbs through them to Sender.queue.  Some unrelated
 * ArrayLists hold Object[]s too (fewer references: not followed).
 */
enum { A_EVENT = 1, A_OBJARR, A_ALIST, A_TXN, A_TREE, A_NODE, A_LBQ,
    A_SENDER, A_CONFIG };

START_TEST(test_refgraph__chain_arraylist_tree__climbs_to_sender)
{
	static uint32_t		 app[] = { A_EVENT, A_TXN, A_TREE, A_SENDER,
				    A_CONFIG, 0 };
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[16];

	g = lw_refgraph_new(64);
	ck_assert_ptr_nonnull(g);
	addn(g, A_OBJARR, LW_REF_ARRAY, 0, A_EVENT, 5000);
	addn(g, A_ALIST, LW_REF_FIELD, 1, A_OBJARR, 500);
	addn(g, A_TXN, LW_REF_FIELD, 3, A_ALIST, 500);
	addn(g, A_CONFIG, LW_REF_FIELD, 0, A_ALIST, 2);
	addn(g, A_TREE, LW_REF_FIELD, 0, A_TXN, 500);
	addn(g, A_NODE, LW_REF_FIELD, 0, A_TREE, 500);
	addn(g, A_NODE, LW_REF_FIELD, 1, A_NODE, 499);
	addn(g, A_LBQ, LW_REF_FIELD, 2, A_NODE, 1);
	addn(g, A_LBQ, LW_REF_FIELD, 3, A_NODE, 1);
	addn(g, A_SENDER, LW_REF_FIELD, 5, A_LBQ, 1);
	addn(g, 0, LW_REF_ROOT, LW_ROOT_THREAD, A_SENDER, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, A_EVENT, isapp, app, out, 16),
	    7);
	expect_step(&out[0], A_OBJARR, LW_REF_ARRAY, 0, A_EVENT, 5000, 5000);
	expect_step(&out[1], A_ALIST, LW_REF_FIELD, 1, A_OBJARR, 500, 500);
	expect_step(&out[2], A_TXN, LW_REF_FIELD, 3, A_ALIST, 500, 502);
	expect_step(&out[3], A_TREE, LW_REF_FIELD, 0, A_TXN, 500, 500);
	expect_step(&out[4], A_NODE, LW_REF_FIELD, 0, A_TREE, 500, 500);
	expect_step(&out[5], A_LBQ, LW_REF_FIELD, 2, A_NODE, 1, 501);
	expect_step(&out[6], A_SENDER, LW_REF_FIELD, 5, A_LBQ, 1, 1);
	lw_refgraph_free(g);
}
END_TEST

/*
 * A static HashMap used as a cache: the static field is the holder, even
 * though Cache is not known as an application class and something refers
 * to Cache instances too.
 */
enum { H_X = 1, H_NODE, H_TABLE, H_MAP, H_CACHE };

START_TEST(test_refgraph__chain_static_cache__stops_at_static)
{
	static uint32_t		 app[] = { H_X, H_CACHE, 0 };
	static uint32_t		 noapp[] = { 0 };
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[8];

	g = lw_refgraph_new(64);
	ck_assert_ptr_nonnull(g);
	addn(g, H_NODE, LW_REF_FIELD, 2, H_X, 100);
	addn(g, H_NODE, LW_REF_FIELD, 3, H_NODE, 7);
	addn(g, H_TABLE, LW_REF_ARRAY, 0, H_NODE, 100);
	addn(g, H_MAP, LW_REF_FIELD, 5, H_TABLE, 1);
	addn(g, H_CACHE, LW_REF_STATIC, 0, H_MAP, 1);
	addn(g, 0, LW_REF_ROOT, LW_ROOT_SYSTEM_CLASS, H_CACHE, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, H_X, isapp, app, out, 8), 4);
	expect_step(&out[0], H_NODE, LW_REF_FIELD, 2, H_X, 100, 100);
	expect_step(&out[1], H_TABLE, LW_REF_ARRAY, 0, H_NODE, 100, 107);
	expect_step(&out[2], H_MAP, LW_REF_FIELD, 5, H_TABLE, 1, 1);
	expect_step(&out[3], H_CACHE, LW_REF_STATIC, 0, H_MAP, 1, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, H_X, isapp, noapp, out, 8), 4);
	expect_step(&out[3], H_CACHE, LW_REF_STATIC, 0, H_MAP, 1, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, H_X, NULL, NULL, out, 8), 4);
	lw_refgraph_free(g);
}
END_TEST

/*
 * The accumulation threshold is inclusive: an application class on an
 * edge of LW_REFGRAPH_FEW references is the holder, one more is an owner.
 */
START_TEST(test_refgraph__chain_few_boundary__inclusive)
{
	static uint32_t		 app[] = { 2, 0 };
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[4];

	g = lw_refgraph_new(8);
	ck_assert_ptr_nonnull(g);
	addn(g, 2, LW_REF_FIELD, 0, 1, LW_REFGRAPH_FEW);
	addn(g, 3, LW_REF_FIELD, 0, 2, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, isapp, app, out, 4), 1);
	addn(g, 2, LW_REF_FIELD, 0, 1, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, isapp, app, out, 4), 2);
	expect_step(&out[1], 3, LW_REF_FIELD, 0, 2, 1, 1);
	lw_refgraph_free(g);
}
END_TEST

/*
 * Cycles end the walk: it never returns to a class it came through.  In
 * A <- B <- C <- A the walk from A stops at C; a class with only a
 * self-edge has no chain; and B's heaviest referrer, A, is skipped for C.
 */
START_TEST(test_refgraph__chain_cycles__terminate_never_go_down)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[8];

	g = lw_refgraph_new(16);
	ck_assert_ptr_nonnull(g);
	addn(g, 2, LW_REF_FIELD, 0, 1, 10);
	addn(g, 3, LW_REF_FIELD, 0, 2, 10);
	addn(g, 1, LW_REF_FIELD, 0, 3, 10);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 8), 2);
	expect_step(&out[0], 2, LW_REF_FIELD, 0, 1, 10, 10);
	expect_step(&out[1], 3, LW_REF_FIELD, 0, 2, 10, 10);

	addn(g, 4, LW_REF_FIELD, 0, 4, 50);
	ck_assert_int_eq(lw_refgraph_chain(g, 4, NULL, NULL, out, 8), 0);

	addn(g, 5, LW_REF_FIELD, 0, 6, 5);
	addn(g, 6, LW_REF_FIELD, 0, 5, 20);
	addn(g, 7, LW_REF_FIELD, 0, 6, 3);
	ck_assert_int_eq(lw_refgraph_chain(g, 5, NULL, NULL, out, 8), 2);
	expect_step(&out[0], 6, LW_REF_FIELD, 0, 5, 20, 20);
	expect_step(&out[1], 7, LW_REF_FIELD, 0, 6, 3, 8);
	lw_refgraph_free(g);
}
END_TEST

START_TEST(test_refgraph__chain_empty_or_unknown__zero)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[4];

	g = lw_refgraph_new(8);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 4), 0);
	addn(g, 1, LW_REF_FIELD, 0, 2, 3);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 4), 0);
	ck_assert_int_eq(lw_refgraph_chain(g, 99, NULL, NULL, out, 4), 0);
	ck_assert_int_eq(lw_refgraph_chain(g, UINT32_MAX, NULL, NULL, out, 4),
	    0);
	lw_refgraph_free(g);
}
END_TEST

/* A chain of 50 owners: max bounds the walk, and out[max] is untouched. */
START_TEST(test_refgraph__chain_long__bounded_by_max)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[6];
	uint32_t		 c;

	g = lw_refgraph_new(64);
	ck_assert_ptr_nonnull(g);
	for (c = 1; c < 50; c++)
		addn(g, c + 1, LW_REF_FIELD, 0, c, 100);
	memset(out, 0xa5, sizeof(out));
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 5), 5);
	expect_step(&out[4], 6, LW_REF_FIELD, 0, 5, 100, 100);
	ck_assert_uint_eq(out[5].from, 0xa5a5a5a5);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 0), 0);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, -3), 0);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, NULL, 0), 0);
	ck_assert_uint_eq(out[0].from, 2);
	lw_refgraph_free(g);
}
END_TEST

START_TEST(test_refgraph__chain_bad_args__einval)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[2];

	g = lw_refgraph_new(8);
	ck_assert_ptr_nonnull(g);
	addn(g, 2, LW_REF_FIELD, 0, 1, 1);
	ck_assert_int_eq(lw_refgraph_chain(NULL, 1, NULL, NULL, out, 2),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_refgraph_chain(g, 0, NULL, NULL, out, 2),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, NULL, 2),
	    LW_ERR_INVAL);
	lw_refgraph_free(g);
}
END_TEST

/*
 * Tie rules, one candidate pair per row, added in both orders: the
 * winner never depends on insertion order (or where the hash put it).
 */
static const struct refgraph_tie {
	const char	*what;
	uint32_t	 from[2];
	int		 kind[2];
	int32_t		 index[2];
	uint64_t	 count[2];
} refgraph_ties[] = {	/* the first one wins */
	{ "count beats kind", { 0, 5 }, { LW_REF_ROOT, LW_REF_FIELD },
	    { LW_ROOT_OTHER, 0 }, { 4, 3 } },
	{ "field beats static", { 9, 5 }, { LW_REF_FIELD, LW_REF_STATIC },
	    { 9, 0 }, { 3, 3 } },
	{ "static beats array", { 9, 5 }, { LW_REF_STATIC, LW_REF_ARRAY },
	    { 9, 0 }, { 3, 3 } },
	{ "array beats root", { 9, 0 }, { LW_REF_ARRAY, LW_REF_ROOT },
	    { 0, LW_ROOT_JNI_GLOBAL }, { 3, 3 } },
	{ "field beats root", { 9, 0 }, { LW_REF_FIELD, LW_REF_ROOT },
	    { 7, LW_ROOT_JNI_GLOBAL }, { 1, 1 } },
	{ "lower index", { 9, 5 }, { LW_REF_FIELD, LW_REF_FIELD },
	    { 1, 2 }, { 3, 3 } },
	{ "negative index lower", { 9, 5 }, { LW_REF_FIELD, LW_REF_FIELD },
	    { -1, 0 }, { 3, 3 } },
	{ "lower root kind", { 0, 0 }, { LW_REF_ROOT, LW_REF_ROOT },
	    { LW_ROOT_SYSTEM_CLASS, LW_ROOT_STACK_LOCAL }, { 2, 2 } },
	{ "lower from", { 5, 9 }, { LW_REF_FIELD, LW_REF_FIELD },
	    { 1, 1 }, { 3, 3 } },
	{ "lower from, array", { 5, 9 }, { LW_REF_ARRAY, LW_REF_ARRAY },
	    { 0, 0 }, { 3, 3 } },
};

START_TEST(test_refgraph__chain_ties__deterministic)
{
	const struct refgraph_tie	*t = &refgraph_ties[_i / 2];
	struct lw_refgraph		*g;
	struct lw_ref_step		 out[1];
	int				 j, k;

	g = lw_refgraph_new(8);
	ck_assert_ptr_nonnull(g);
	for (k = 0; k < 2; k++) {
		j = _i % 2 == 0 ? k : 1 - k;
		addn(g, t->from[j], t->kind[j], t->index[j], 1, t->count[j]);
	}
	ck_assert_int_eq(lw_refgraph_chain(g, 1, NULL, NULL, out, 1), 1);
	ck_assert_msg(out[0].from == t->from[0] && out[0].kind == t->kind[0] &&
	    out[0].index == t->index[0], "%s (order %d): got %u/%d/%d",
	    t->what, _i % 2, out[0].from, out[0].kind, (int)out[0].index);
	ck_assert_uint_eq(out[0].into, t->count[0] + t->count[1]);
	lw_refgraph_free(g);
}
END_TEST

/* The app predicate gets its arg and is never asked about roots. */
static int
countapp(void *arg, uint32_t cls)
{
	int	*calls = arg;

	ck_assert_uint_ne(cls, 0);
	(*calls)++;
	return (0);
}

START_TEST(test_refgraph__chain_app__called_with_arg_never_root)
{
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[4];
	int			 calls = 0;

	g = lw_refgraph_new(8);
	ck_assert_ptr_nonnull(g);
	addn(g, 2, LW_REF_FIELD, 0, 1, 1);
	addn(g, 0, LW_REF_ROOT, LW_ROOT_JNI_LOCAL, 2, 1);
	ck_assert_int_eq(lw_refgraph_chain(g, 1, countapp, &calls, out, 4),
	    2);
	ck_assert_int_eq(calls, 1);
	lw_refgraph_free(g);
}
END_TEST

/* -- format -------------------------------------------------------------- */

static const struct refgraph_fmt {
	struct lw_ref_step	 s;
	const char		*from_name;
	const char		*field_name;
	const char		*want;
} refgraph_fmts[] = {
	{ { 4, LW_REF_FIELD, 1, 3, 1, 1 }, "demo.Sender", "queue",
	    "demo.Sender.queue" },
	{ { 4, LW_REF_FIELD, 3, 3, 1, 1 }, "demo.Sender", NULL,
	    "demo.Sender.<field #3>" },
	{ { 5, LW_REF_STATIC, 0, 3, 1, 1 }, "demo.Cache", "MAP",
	    "demo.Cache.MAP" },
	{ { 5, LW_REF_STATIC, 2, 3, 1, 1 }, "demo.Cache", NULL,
	    "demo.Cache.<field #2>" },
	{ { 7, LW_REF_FIELD, 0, 3, 1, 1 }, NULL, "queue",
	    "<class #7>.queue" },
	{ { 4294967295U, LW_REF_FIELD, -1, 3, 1, 1 }, NULL, NULL,
	    "<class #4294967295>.<field #-1>" },
	{ { 2, LW_REF_ARRAY, 0, 3, 5000, 5000 }, "java.lang.Object[]", NULL,
	    "java.lang.Object[] element" },
	{ { 2, LW_REF_ARRAY, 0, 3, 5000, 5000 }, "java.lang.Object[]", "x",
	    "java.lang.Object[] element" },
	{ { 2, LW_REF_ARRAY, 0, 3, 1, 1 }, NULL, NULL, "<class #2> element" },
	{ { 0, LW_REF_ROOT, LW_ROOT_STACK_LOCAL, 3, 1, 1 }, NULL, NULL,
	    "stack local" },
	{ { 0, LW_REF_ROOT, LW_ROOT_JNI_GLOBAL, 3, 1, 1 }, "ignored", "x",
	    "JNI global" },
	{ { 0, LW_REF_ROOT, 99, 3, 1, 1 }, NULL, NULL, "unknown root" },
};

START_TEST(test_refgraph__format_table__expected_text)
{
	const struct refgraph_fmt	*f = &refgraph_fmts[_i];
	char				 buf[128];
	int				 r;

	memset(buf, 'z', sizeof(buf));
	r = lw_refgraph_step_format(buf, sizeof(buf), &f->s, f->from_name,
	    f->field_name);
	ck_assert_str_eq(buf, f->want);
	ck_assert_int_eq(r, (int)strlen(f->want));
	ck_assert_int_eq(lw_refgraph_step_format(NULL, 0, &f->s, f->from_name,
	    f->field_name), r);
}
END_TEST

/* snprintf semantics: truncated, always terminated, full length back. */
START_TEST(test_refgraph__format_small_buffer__truncated_terminated)
{
	struct lw_ref_step	s = { 4, LW_REF_FIELD, 1, 3, 1, 1 };
	char			buf[8];
	size_t			len;

	for (len = 1; len <= sizeof(buf); len++) {
		memset(buf, 'z', sizeof(buf));
		ck_assert_int_eq(lw_refgraph_step_format(buf, len, &s,
		    "demo.Sender", "queue"), 17);
		ck_assert_uint_eq(strlen(buf), len - 1);
		ck_assert_int_eq(strncmp(buf, "demo.Sender.queue", len - 1),
		    0);
		if (len < sizeof(buf))
			ck_assert_int_eq(buf[len], 'z');
	}
	buf[0] = 'z';
	ck_assert_int_eq(lw_refgraph_step_format(buf, 0, &s, "demo.Sender",
	    "queue"), 17);
	ck_assert_int_eq(buf[0], 'z');
}
END_TEST

START_TEST(test_refgraph__format_bad__einval_emptied)
{
	struct lw_ref_step	s = { 4, 0, 1, 3, 1, 1 };
	char			buf[16];

	strlcpy(buf, "junk", sizeof(buf));
	ck_assert_int_eq(lw_refgraph_step_format(buf, sizeof(buf), &s, "a",
	    "b"), LW_ERR_INVAL);
	ck_assert_str_eq(buf, "");
	s.kind = LW_REF_ROOT + 1;
	strlcpy(buf, "junk", sizeof(buf));
	ck_assert_int_eq(lw_refgraph_step_format(buf, sizeof(buf), &s, "a",
	    "b"), LW_ERR_INVAL);
	ck_assert_str_eq(buf, "");
	strlcpy(buf, "junk", sizeof(buf));
	ck_assert_int_eq(lw_refgraph_step_format(buf, sizeof(buf), NULL, "a",
	    "b"), LW_ERR_INVAL);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(lw_refgraph_step_format(NULL, 0, NULL, "a", "b"),
	    LW_ERR_INVAL);
}
END_TEST

START_TEST(test_refgraph__root_name__every_kind)
{
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_JNI_GLOBAL),
	    "JNI global");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_SYSTEM_CLASS),
	    "system class");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_MONITOR), "monitor");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_STACK_LOCAL),
	    "stack local");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_JNI_LOCAL),
	    "JNI local");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_THREAD), "thread");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_OTHER), "other root");
	ck_assert_str_eq(lw_refgraph_root_name(0), "unknown root");
	ck_assert_str_eq(lw_refgraph_root_name(LW_ROOT_OTHER + 1),
	    "unknown root");
	ck_assert_str_eq(lw_refgraph_root_name(INT32_MIN), "unknown root");
}
END_TEST

/* What the report will print for the queue: the holder's field. */
START_TEST(test_refgraph__chain_then_format__names_holder)
{
	static const char *const names[] = { NULL, "demo.Msg",
	    "java.util.concurrent.LinkedBlockingQueue$Node",
	    "java.util.concurrent.LinkedBlockingQueue", "demo.Sender",
	    "demo.Service" };
	static const char *const fields[] = { "item", "head", "queue" };
	static uint32_t		 app[] = { Q_MSG, Q_SENDER, Q_SERVICE, 0 };
	static const char	*want[] = {
	    "java.util.concurrent.LinkedBlockingQueue$Node.item",
	    "java.util.concurrent.LinkedBlockingQueue.head",
	    "demo.Sender.queue" };
	struct lw_refgraph	*g;
	struct lw_ref_step	 out[8];
	char			 buf[128];
	int			 i, n;

	g = queue_graph();
	n = lw_refgraph_chain(g, Q_MSG, isapp, app, out, 8);
	ck_assert_int_eq(n, 3);
	for (i = 0; i < n; i++) {
		ck_assert_int_gt(lw_refgraph_step_format(buf, sizeof(buf),
		    &out[i], names[out[i].from], fields[i]), 0);
		ck_assert_str_eq(buf, want[i]);
	}
	lw_refgraph_free(g);
}
END_TEST

Suite *
lw_refgraph_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("refgraph");

	tc = tcase_create("table");
	tcase_add_test(tc, test_refgraph__new_bad_size__null);
	tcase_add_test(tc, test_refgraph__new_nomem__null_no_leak);
	tcase_add_test(tc, test_refgraph__null_graph__harmless);
	tcase_add_test(tc, test_refgraph__memsize__pow2_slots_at_least_twice);
	tcase_add_test(tc, test_refgraph__add_same_key__one_edge_counted);
	tcase_add_test(tc, test_refgraph__add_array_elements__one_edge_index_0);
	tcase_add_test(tc, test_refgraph__add_bad_args__einval_counted);
	tcase_add_test(tc, test_refgraph__full__new_keys_dropped_old_kept);
	tcase_add_test(tc, test_refgraph__many_keys__exact_accounting);
	tcase_add_test(tc, test_refgraph__reset__empty_same_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("chain");
	tcase_add_test(tc, test_refgraph__chain_queue__stops_at_sender_queue);
	tcase_add_test(tc, test_refgraph__chain_queue_no_app__climbs_to_root);
	tcase_add_test(tc,
	    test_refgraph__chain_arraylist_tree__climbs_to_sender);
	tcase_add_test(tc, test_refgraph__chain_static_cache__stops_at_static);
	tcase_add_test(tc, test_refgraph__chain_few_boundary__inclusive);
	tcase_add_test(tc,
	    test_refgraph__chain_cycles__terminate_never_go_down);
	tcase_add_test(tc, test_refgraph__chain_empty_or_unknown__zero);
	tcase_add_test(tc, test_refgraph__chain_long__bounded_by_max);
	tcase_add_test(tc, test_refgraph__chain_bad_args__einval);
	tcase_add_loop_test(tc, test_refgraph__chain_ties__deterministic, 0,
	    2 * LW_NELEM(refgraph_ties));
	tcase_add_test(tc,
	    test_refgraph__chain_app__called_with_arg_never_root);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_refgraph__format_table__expected_text, 0,
	    LW_NELEM(refgraph_fmts));
	tcase_add_test(tc,
	    test_refgraph__format_small_buffer__truncated_terminated);
	tcase_add_test(tc, test_refgraph__format_bad__einval_emptied);
	tcase_add_test(tc, test_refgraph__root_name__every_kind);
	tcase_add_test(tc, test_refgraph__chain_then_format__names_holder);
	suite_add_tcase(s, tc);

	return (s);
}
