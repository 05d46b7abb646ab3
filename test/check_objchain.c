/*
 * leakwatch - check_objchain.c
 *
 * Tests of objchain.c, the object-level holder, on the heap shapes the
 * class-level graph gets wrong or must keep getting right: one static
 * ArrayList among many class loaders' ArrayLists, a linked queue inside
 * an application object, a static HashMap, many owners each holding a
 * few (no single holder below the list of owners), no majority at all,
 * an untracked parent, a full table, bad arguments and the step bound.
 * Objects are tracked in the order a depth-first walk reaches them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "objchain.h"
#include "lwtest.h"

/* Class ids of the tests. */
enum {
	C_RECORD = 1,	/* the suspect */
	C_OBJARR,	/* java.lang.Object[] */
	C_ALIST,	/* java.util.ArrayList */
	C_LOADER,	/* a class loader (JDK class) */
	C_HOLDER,	/* app class with a static field */
	C_SENDER,	/* app class owning a queue */
	C_LBQ,
	C_NODE,
	C_HMAP,
	C_NODEARR,
	C_TXN,		/* app class, one per transaction */
	C_OTHER
};

static uint32_t	app_ids[] = { C_HOLDER, C_SENDER, C_TXN, 0 };

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
    int32_t index, uint32_t to)
{
	ck_assert_msg(s->from == from && s->kind == kind &&
	    s->index == index && s->to == to,
	    "step %u -%d/%d-> %u, want %u -%d/%d-> %u", s->from, s->kind,
	    (int)s->index, s->to, from, kind, (int)index, to);
}

static uint32_t
track(struct lw_objchain *oc, uint32_t cls, uint32_t parent, uint32_t pcls,
    int kind, int32_t index)
{
	uint32_t	id;

	id = lw_objchain_track(oc, cls, parent, pcls, kind, index);
	ck_assert_uint_ne(id, 0);
	return (id);
}

static void
hitn(struct lw_objchain *oc, uint32_t id, int kind, int32_t index,
    unsigned n)
{
	while (n-- > 0)
		lw_objchain_hit(oc, id, kind, index);
}

START_TEST(test_objchain__new_bad_or_nomem__null)
{
	struct lw_objchain	*oc;

	ck_assert_ptr_null(lw_objchain_new(0));
	ck_assert_ptr_null(lw_objchain_new((1u << 24) + 1));
	lw_test_failalloc(1);
	ck_assert_ptr_null(lw_objchain_new(8));
	lw_test_failalloc(2);
	ck_assert_ptr_null(lw_objchain_new(8));
	lw_test_failalloc(0);
	oc = lw_objchain_new(8);
	ck_assert_ptr_nonnull(oc);
	ck_assert_uint_ge(lw_objchain_memsize(oc), 8 * 32);
	ck_assert_uint_eq(lw_objchain_memsize(NULL), 0);
	lw_objchain_free(oc);
	lw_objchain_free(NULL);
}
END_TEST

/*
 * examples/classload: 500 loaders, each with an ArrayList and its
 * Object[] (of classes, not records); one static ArrayList's Object[]
 * holds 1000 records.  The class-level count names a loader; this names
 * the static field.
 */
START_TEST(test_objchain__static_list_among_loaders__static_field)
{
	struct lw_objchain	*oc;
	struct lw_objchain_result r;
	struct lw_ref_step	 st[8];
	uint32_t		 l, a, arr;
	int			 i, n;

	oc = lw_objchain_new(4096);
	for (i = 0; i < 250; i++) {
		l = track(oc, C_LOADER, 0, C_OTHER, LW_REF_FIELD, 3);
		a = track(oc, C_ALIST, l, C_LOADER, LW_REF_FIELD, 5);
		(void)track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	}
	a = track(oc, C_ALIST, 0, C_HOLDER, LW_REF_STATIC, 7);
	arr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	hitn(oc, arr, LW_REF_ARRAY, 0, 1000);
	for (i = 0; i < 250; i++) {
		l = track(oc, C_LOADER, 0, C_OTHER, LW_REF_FIELD, 3);
		a = track(oc, C_ALIST, l, C_LOADER, LW_REF_FIELD, 5);
		(void)track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	}
	for (i = 0; i < 30; i++)
		lw_objchain_miss(oc);	/* stack locals, say */
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    &r);
	ck_assert_int_eq(n, 3);
	expect_step(&st[0], C_OBJARR, LW_REF_ARRAY, 0, C_RECORD);
	expect_step(&st[1], C_ALIST, LW_REF_FIELD, 2, C_OBJARR);
	expect_step(&st[2], C_HOLDER, LW_REF_STATIC, 7, C_ALIST);
	ck_assert_uint_eq(st[0].count, 1000);
	ck_assert_uint_eq(st[0].into, 1030);
	ck_assert_uint_eq(r.hits, 1030);
	ck_assert_uint_eq(r.held, 1000);
	ck_assert_uint_eq(r.tracked, 1502);
	ck_assert_uint_eq(r.dropped, 0);
	ck_assert_uint_eq(r.open, 0);
	lw_objchain_free(oc);
}
END_TEST

/*
 * catleak: Sender.queue -> LinkedBlockingQueue, head -> n1 -> n2 ..., each
 * node's item a record; `last` reaches the tail before the chain does.
 * The nodes' `next`s are one step; the sender (application) ends it.
 */
START_TEST(test_objchain__linked_queue_in_sender__stops_at_sender)
{
	struct lw_objchain	*oc;
	struct lw_objchain_result r;
	struct lw_ref_step	 st[8];
	uint32_t		 s, q, node, last;
	int			 i, n;

	oc = lw_objchain_new(4096);
	s = track(oc, C_SENDER, 0, C_OTHER, LW_REF_FIELD, 1);
	q = track(oc, C_LBQ, s, C_SENDER, LW_REF_FIELD, 4);
	last = track(oc, C_NODE, q, C_LBQ, LW_REF_FIELD, 2);
	lw_objchain_hit(oc, last, LW_REF_FIELD, 1);
	node = track(oc, C_NODE, q, C_LBQ, LW_REF_FIELD, 1);	/* head */
	for (i = 0; i < 999; i++) {
		node = track(oc, C_NODE, node, C_NODE, LW_REF_FIELD, 0);
		lw_objchain_hit(oc, node, LW_REF_FIELD, 1);
	}
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    &r);
	ck_assert_int_eq(n, 3);
	expect_step(&st[0], C_NODE, LW_REF_FIELD, 1, C_RECORD);
	expect_step(&st[1], C_LBQ, LW_REF_FIELD, 1, C_NODE);
	expect_step(&st[2], C_SENDER, LW_REF_FIELD, 4, C_LBQ);
	ck_assert_uint_eq(r.hits, 1000);
	ck_assert_uint_gt(r.held, 500);
	ck_assert_uint_eq(r.open, 0);
	lw_objchain_free(oc);
}
END_TEST

/*
 * A static HashMap: table Node[] -> nodes (some chained by `next`), each
 * node's value a record.  No node holds much; the table holds them all.
 */
START_TEST(test_objchain__static_hashmap__table_and_static)
{
	struct lw_objchain	*oc;
	struct lw_ref_step	 st[8];
	uint32_t		 m, t, node, next;
	int			 i, n;

	oc = lw_objchain_new(4096);
	m = track(oc, C_HMAP, 0, C_HOLDER, LW_REF_STATIC, 2);
	t = track(oc, C_NODEARR, m, C_HMAP, LW_REF_FIELD, 6);
	for (i = 0; i < 600; i++) {
		node = track(oc, C_NODE, t, C_NODEARR, LW_REF_ARRAY, 0);
		lw_objchain_hit(oc, node, LW_REF_FIELD, 3);
		if (i % 3 == 0) {
			next = track(oc, C_NODE, node, C_NODE, LW_REF_FIELD,
			    4);
			lw_objchain_hit(oc, next, LW_REF_FIELD, 3);
		}
	}
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    NULL);
	ck_assert_int_eq(n, 4);
	expect_step(&st[0], C_NODE, LW_REF_FIELD, 3, C_RECORD);
	expect_step(&st[1], C_NODEARR, LW_REF_ARRAY, 0, C_NODE);
	expect_step(&st[2], C_HMAP, LW_REF_FIELD, 6, C_NODEARR);
	expect_step(&st[3], C_HOLDER, LW_REF_STATIC, 2, C_HMAP);
	ck_assert_uint_eq(st[2].count, 800);
	lw_objchain_free(oc);
}
END_TEST

/*
 * A static list of transactions, each with its own list of 3 records: the
 * path runs down through one transaction (an application class below the
 * majority object is not a stop) and up to the static list.
 */
START_TEST(test_objchain__owners_each_few__up_to_the_owners_list)
{
	struct lw_objchain	*oc;
	struct lw_ref_step	 st[8];
	uint32_t		 l, arr, txn, a, tarr;
	int			 i, n;

	oc = lw_objchain_new(4096);
	l = track(oc, C_ALIST, 0, C_HOLDER, LW_REF_STATIC, 0);
	arr = track(oc, C_OBJARR, l, C_ALIST, LW_REF_FIELD, 2);
	for (i = 0; i < 100; i++) {
		txn = track(oc, C_TXN, arr, C_OBJARR, LW_REF_ARRAY, 0);
		a = track(oc, C_ALIST, txn, C_TXN, LW_REF_FIELD, 1);
		tarr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
		hitn(oc, tarr, LW_REF_ARRAY, 0, 3);
	}
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    NULL);
	ck_assert_int_eq(n, 6);
	expect_step(&st[0], C_OBJARR, LW_REF_ARRAY, 0, C_RECORD);
	expect_step(&st[1], C_ALIST, LW_REF_FIELD, 2, C_OBJARR);
	expect_step(&st[2], C_TXN, LW_REF_FIELD, 1, C_ALIST);
	expect_step(&st[3], C_OBJARR, LW_REF_ARRAY, 0, C_TXN);
	expect_step(&st[4], C_ALIST, LW_REF_FIELD, 2, C_OBJARR);
	expect_step(&st[5], C_HOLDER, LW_REF_STATIC, 0, C_ALIST);
	ck_assert_uint_eq(st[4].count, 300);
	ck_assert_uint_eq(st[0].count, 3);
	lw_objchain_free(oc);
}
END_TEST

/* Two structures with 40% each, 20% unattributed: no majority, no chain. */
START_TEST(test_objchain__no_majority__zero)
{
	struct lw_objchain	*oc;
	struct lw_objchain_result r;
	struct lw_ref_step	 st[8];
	uint32_t		 a, b;
	int			 i;

	oc = lw_objchain_new(64);
	a = track(oc, C_OBJARR, 0, C_HOLDER, LW_REF_STATIC, 0);
	b = track(oc, C_OBJARR, 0, C_HOLDER, LW_REF_STATIC, 1);
	hitn(oc, a, LW_REF_ARRAY, 0, 40);
	hitn(oc, b, LW_REF_ARRAY, 0, 40);
	for (i = 0; i < 20; i++)
		lw_objchain_miss(oc);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 8,
	    &r), 0);
	ck_assert_uint_eq(r.hits, 100);
	/* exactly half is not more than half */
	hitn(oc, a, LW_REF_ARRAY, 0, 20);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 8,
	    NULL), 0);
	lw_objchain_hit(oc, a, LW_REF_ARRAY, 0);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 8,
	    NULL), 2);
	/* nothing counted at all */
	lw_objchain_free(oc);
	oc = lw_objchain_new(64);
	(void)track(oc, C_OBJARR, 0, C_HOLDER, LW_REF_STATIC, 0);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 8,
	    NULL), 0);
	lw_objchain_free(oc);
}
END_TEST

/*
 * The top tracked object's parent is not tracked: the chain ends with its
 * step and names the parent's class to track next time, unless that class
 * is an application class (then it is the accumulation point anyway).
 */
START_TEST(test_objchain__untracked_parent__open_names_its_class)
{
	struct lw_objchain	*oc;
	struct lw_objchain_result r;
	struct lw_ref_step	 st[8];
	uint32_t		 a, arr;
	int			 n;

	oc = lw_objchain_new(64);
	a = track(oc, C_ALIST, 0, C_OTHER, LW_REF_FIELD, 9);
	arr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	hitn(oc, arr, LW_REF_ARRAY, 0, 10);
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    &r);
	ck_assert_int_eq(n, 3);
	expect_step(&st[2], C_OTHER, LW_REF_FIELD, 9, C_ALIST);
	ck_assert_uint_eq(r.open, C_OTHER);
	lw_objchain_free(oc);

	oc = lw_objchain_new(64);
	a = track(oc, C_ALIST, 0, C_TXN, LW_REF_FIELD, 9);
	arr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	hitn(oc, arr, LW_REF_ARRAY, 0, 10);
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    &r);
	ck_assert_int_eq(n, 3);
	expect_step(&st[2], C_TXN, LW_REF_FIELD, 9, C_ALIST);
	ck_assert_uint_eq(r.open, 0);
	lw_objchain_free(oc);

	/* a root ends it: nothing is above */
	oc = lw_objchain_new(64);
	arr = track(oc, C_OBJARR, 0, 0, LW_REF_ROOT, 4);
	hitn(oc, arr, LW_REF_ARRAY, 0, 10);
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8,
	    &r);
	ck_assert_int_eq(n, 2);
	expect_step(&st[1], 0, LW_REF_ROOT, 4, C_OBJARR);
	ck_assert_uint_eq(r.open, 0);
	lw_objchain_free(oc);
}
END_TEST

START_TEST(test_objchain__full__dropped_counted_old_kept)
{
	struct lw_objchain	*oc;
	struct lw_objchain_result r;
	struct lw_ref_step	 st[8];
	uint32_t		 a, arr;

	oc = lw_objchain_new(2);
	a = track(oc, C_ALIST, 0, C_HOLDER, LW_REF_STATIC, 0);
	arr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	ck_assert_uint_eq(lw_objchain_track(oc, C_NODE, arr, C_OBJARR,
	    LW_REF_ARRAY, 0), 0);
	ck_assert_uint_eq(lw_objchain_track(oc, C_NODE, 0, C_OBJARR,
	    LW_REF_ARRAY, 0), 0);
	hitn(oc, arr, LW_REF_ARRAY, 0, 5);
	lw_objchain_hit(oc, 3, LW_REF_ARRAY, 0);	/* never given */
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 8,
	    &r), 3);
	ck_assert_uint_eq(r.dropped, 2);
	ck_assert_uint_eq(r.tracked, 2);
	ck_assert_uint_eq(r.hits, 5);
	lw_objchain_free(oc);
}
END_TEST

START_TEST(test_objchain__bad_args__refused)
{
	struct lw_objchain	*oc;
	struct lw_ref_step	 st[2];

	oc = lw_objchain_new(8);
	ck_assert_uint_eq(lw_objchain_track(NULL, C_ALIST, 0, 0,
	    LW_REF_FIELD, 0), 0);
	ck_assert_uint_eq(lw_objchain_track(oc, 0, 0, C_HOLDER,
	    LW_REF_FIELD, 0), 0);
	ck_assert_uint_eq(lw_objchain_track(oc, C_ALIST, 1, C_HOLDER,
	    LW_REF_FIELD, 0), 0);		/* parent not yet tracked */
	ck_assert_uint_eq(lw_objchain_track(oc, C_ALIST, 0, C_HOLDER,
	    0, 0), 0);
	ck_assert_uint_eq(lw_objchain_track(oc, C_ALIST, 0, C_HOLDER,
	    LW_REF_ROOT + 1, 0), 0);
	ck_assert_uint_eq(track(oc, C_ALIST, 0, 0, LW_REF_ROOT, 1), 1);
	ck_assert_uint_eq(lw_objchain_track(oc, C_ALIST, 1, 0,
	    LW_REF_ROOT, 1), 0);		/* a root has no parent */
	lw_objchain_hit(NULL, 1, LW_REF_FIELD, 0);
	lw_objchain_hit(oc, 0, LW_REF_FIELD, 0);
	lw_objchain_miss(NULL);
	ck_assert_int_eq(lw_objchain_chain(NULL, C_RECORD, NULL, NULL, st, 2,
	    NULL), LW_ERR_INVAL);
	ck_assert_int_eq(lw_objchain_chain(oc, 0, NULL, NULL, st, 2,
	    NULL), LW_ERR_INVAL);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, NULL, 2,
	    NULL), LW_ERR_INVAL);
	lw_objchain_hit(oc, 1, LW_REF_ARRAY, 0);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, NULL, 0,
	    NULL), 0);
	ck_assert_int_eq(lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 2,
	    NULL), 2);
	lw_objchain_free(oc);
}
END_TEST

/*
 * The static list is first reached from a stack local (roots come first);
 * its static field, reported later, becomes its parent.  A field from an
 * object tracked after it cannot (its total would come too late), and an
 * object first reached from a field keeps that parent.
 */
START_TEST(test_objchain__root_first__static_field_wins)
{
	struct lw_objchain	*oc;
	struct lw_ref_step	 st[8];
	uint32_t		 a, arr, late;
	int			 n;

	oc = lw_objchain_new(64);
	a = track(oc, C_ALIST, 0, 0, LW_REF_ROOT, 4);
	arr = track(oc, C_OBJARR, a, C_ALIST, LW_REF_FIELD, 2);
	hitn(oc, arr, LW_REF_ARRAY, 0, 10);
	late = track(oc, C_TXN, 0, C_OTHER, LW_REF_FIELD, 0);
	lw_objchain_reref(oc, a, late, C_TXN, LW_REF_FIELD, 1);
	lw_objchain_reref(oc, a, 0, C_HOLDER, LW_REF_ROOT, 3);
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8, NULL);
	ck_assert_int_eq(n, 3);
	expect_step(&st[2], 0, LW_REF_ROOT, 4, C_ALIST);
	lw_objchain_reref(oc, a, 0, C_HOLDER, LW_REF_STATIC, 7);
	lw_objchain_reref(oc, a, 0, C_OTHER, LW_REF_FIELD, 5);
	lw_objchain_reref(oc, arr, 0, C_OTHER, LW_REF_FIELD, 5);
	n = lw_objchain_chain(oc, C_RECORD, isapp, app_ids, st, 8, NULL);
	ck_assert_int_eq(n, 3);
	expect_step(&st[1], C_ALIST, LW_REF_FIELD, 2, C_OBJARR);
	expect_step(&st[2], C_HOLDER, LW_REF_STATIC, 7, C_ALIST);
	lw_objchain_reref(NULL, a, 0, C_OTHER, LW_REF_FIELD, 5);
	lw_objchain_reref(oc, 99, 0, C_OTHER, LW_REF_FIELD, 5);
	lw_objchain_free(oc);
}
END_TEST

/* A chain of distinct classes longer than max: exactly max steps. */
START_TEST(test_objchain__long__bounded_by_max)
{
	struct lw_objchain	*oc;
	struct lw_ref_step	 st[4];
	uint32_t		 id = 0, cls;
	int			 n;

	oc = lw_objchain_new(64);
	for (cls = 100; cls < 120; cls++)
		id = track(oc, cls, id, id == 0 ? C_HOLDER : cls - 1,
		    id == 0 ? LW_REF_STATIC : LW_REF_FIELD, 0);
	lw_objchain_hit(oc, id, LW_REF_FIELD, 0);
	n = lw_objchain_chain(oc, C_RECORD, NULL, NULL, st, 4, NULL);
	ck_assert_int_eq(n, 4);
	expect_step(&st[0], 119, LW_REF_FIELD, 0, C_RECORD);
	expect_step(&st[3], 116, LW_REF_FIELD, 0, 117);
	lw_objchain_free(oc);
}
END_TEST

Suite *
lw_objchain_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("objchain");
	tc = tcase_create("objchain");
	tcase_add_test(tc, test_objchain__new_bad_or_nomem__null);
	tcase_add_test(tc,
	    test_objchain__static_list_among_loaders__static_field);
	tcase_add_test(tc,
	    test_objchain__linked_queue_in_sender__stops_at_sender);
	tcase_add_test(tc, test_objchain__static_hashmap__table_and_static);
	tcase_add_test(tc,
	    test_objchain__owners_each_few__up_to_the_owners_list);
	tcase_add_test(tc, test_objchain__no_majority__zero);
	tcase_add_test(tc,
	    test_objchain__untracked_parent__open_names_its_class);
	tcase_add_test(tc, test_objchain__full__dropped_counted_old_kept);
	tcase_add_test(tc, test_objchain__bad_args__refused);
	tcase_add_test(tc, test_objchain__long__bounded_by_max);
	tcase_add_test(tc, test_objchain__root_first__static_field_wins);
	suite_add_tcase(s, tc);
	return (s);
}
