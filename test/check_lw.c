/*
 * leakwatch - check_lw.c
 *
 * Unit tests of lw.c, the helpers every module shares: the one monotonic
 * clock in its two units, and the allocation wrappers with the test seam
 * that makes the nth allocation fail, whichever module asks for it.
 */
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"
#include "lw.h"
#include "lwtest.h"

static void
lw_teardown(void)
{
	lw_test_failalloc(0);
}

START_TEST(test_lw__clock__ms_and_ns_agree)
{
	uint64_t	ns0, ms, ns1;

	ns0 = lw_now_ns();
	ms = lw_now_ms();
	ns1 = lw_now_ns();
	ck_assert_uint_ne(ns0, 0);
	ck_assert_uint_le(ns0, ns1);
	ck_assert_uint_ge(ms, ns0 / 1000000);
	ck_assert_uint_le(ms, ns1 / 1000000);
}
END_TEST

START_TEST(test_lw__failalloc__nth_fails_once)
{
	void	*p[4];
	int	 i;

	lw_test_failalloc(3);
	p[0] = lw_calloc(1, 8);
	p[1] = lw_reallocarray(NULL, 2, 8);
	p[2] = lw_calloc(1, 8);
	p[3] = lw_reallocarray(NULL, 2, 8);
	ck_assert_ptr_nonnull(p[0]);
	ck_assert_ptr_nonnull(p[1]);
	ck_assert_ptr_null(p[2]);
	ck_assert_ptr_nonnull(p[3]);	/* once only */
	for (i = 0; i < 4; i++)
		free(p[i]);
}
END_TEST

START_TEST(test_lw__failalloc_zero__disarmed)
{
	void	*p;

	lw_test_failalloc(1);
	lw_test_failalloc(0);
	ck_assert_ptr_nonnull(p = lw_calloc(4, 4));
	free(p);
	lw_test_failalloc(-5);
	ck_assert_ptr_nonnull(p = lw_calloc(4, 4));
	free(p);
}
END_TEST

/* A failed grow leaves the old block alone, as reallocarray(3) does. */
START_TEST(test_lw__failed_realloc__old_block_kept)
{
	char	*p, *q;

	ck_assert_ptr_nonnull(p = lw_reallocarray(NULL, 4, 1));
	memcpy(p, "abc", 4);
	lw_test_failalloc(1);
	ck_assert_ptr_null(q = lw_reallocarray(p, 1024, 1));
	ck_assert_str_eq(p, "abc");
	free(p);
}
END_TEST

Suite *
lw_lw_suite(void)
{
	Suite	*s = suite_create("lw");
	TCase	*tc;

	tc = tcase_create("clock");
	tcase_add_test(tc, test_lw__clock__ms_and_ns_agree);
	suite_add_tcase(s, tc);

	tc = tcase_create("alloc");
	tcase_add_checked_fixture(tc, NULL, lw_teardown);
	tcase_add_test(tc, test_lw__failalloc__nth_fails_once);
	tcase_add_test(tc, test_lw__failalloc_zero__disarmed);
	tcase_add_test(tc, test_lw__failed_realloc__old_block_kept);
	suite_add_tcase(s, tc);
	return (s);
}
