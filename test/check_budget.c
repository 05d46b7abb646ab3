/*
 * leakwatch - check_budget.c
 *
 * Unit tests of budget.c, the pause budget's token bucket: a full bucket
 * lets a burst through, the long-run share holds, overruns are paid back,
 * and the wait it predicts is the wait that makes a pause allowed.
 */
#include <stdint.h>

#include "budget.h"
#include "lwtest.h"

START_TEST(test_budget__full_at_start__burst_allowed)
{
	struct lw_budget	b;

	lw_budget_init(&b, 0.01, 2000, 5000);
	/* Four 300 ms censuses and a 1 s search right away: 2.2 s > 2 s. */
	ck_assert_int_eq(lw_budget_allows(&b, 5000, 300), 1);
	lw_budget_spend(&b, 5300, 300);
	ck_assert_int_eq(lw_budget_allows(&b, 7300, 300), 1);
	lw_budget_spend(&b, 7600, 300);
	ck_assert_int_eq(lw_budget_allows(&b, 9600, 1000), 1);
	lw_budget_spend(&b, 10600, 1000);
	/* About 0.5 s left: a 300 ms census yes, another 1 s search not. */
	ck_assert_int_eq(lw_budget_allows(&b, 10600, 1000), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 10600, 300), 1);
}
END_TEST

START_TEST(test_budget__long_run__share_holds)
{
	struct lw_budget	b;
	uint64_t		now;
	double			spent = 0;

	/* Greedy 100 ms pauses for an hour at 1%: at most cap + 1% of it. */
	lw_budget_init(&b, 0.01, 2000, 0);
	for (now = 0; now < 3600000; now += 100) {
		if (lw_budget_allows(&b, now, 100)) {
			lw_budget_spend(&b, now + 100, 100);
			spent += 100;
			now += 100;
		}
	}
	ck_assert_double_le(spent, 2000 + 0.01 * 3600000 + 100);
	ck_assert_double_ge(spent, 0.01 * 3600000 - 200);
}
END_TEST

START_TEST(test_budget__overrun__paid_back)
{
	struct lw_budget	b;

	/* A search expected at 1 s took 5 s: credit 2 - 5 = -3 s. */
	lw_budget_init(&b, 0.01, 2000, 0);
	lw_budget_spend(&b, 0, 5000);
	ck_assert_int_eq(lw_budget_allows(&b, 0, 0), 0);
	/* 3 s of debt at 1% is 300 s; then even a free pause waits. */
	ck_assert_int_eq(lw_budget_allows(&b, 299000, 0), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 301000, 0), 1);
	ck_assert_int_eq(lw_budget_allows(&b, 301000, 100), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 311000, 100), 1);
}
END_TEST

START_TEST(test_budget__wait__makes_it_allowed)
{
	struct lw_budget	b;
	uint64_t		w;

	lw_budget_init(&b, 0.02, 1000, 1000);
	lw_budget_spend(&b, 1000, 1000);
	ck_assert_uint_eq(lw_budget_wait_ms(&b, 1000, 0) > 0, 1);
	w = lw_budget_wait_ms(&b, 1000, 400);
	ck_assert_uint_ge(w, 20000);
	ck_assert_uint_le(w, 20002);
	ck_assert_int_eq(lw_budget_allows(&b, 1000 + w - 100, 400), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 1000 + w, 400), 1);
	ck_assert_uint_eq(lw_budget_wait_ms(&b, 1000 + w, 400), 0);
}
END_TEST

START_TEST(test_budget__expect_above_cap__judged_as_cap)
{
	struct lw_budget	b;

	/* A pause longer than the bucket could ever hold still runs when full. */
	lw_budget_init(&b, 0.01, 1000, 0);
	ck_assert_int_eq(lw_budget_allows(&b, 0, 60000), 1);
	lw_budget_spend(&b, 0, 900);
	ck_assert_int_eq(lw_budget_allows(&b, 10000, 60000), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 90000, 60000), 1);
	/* Credit never exceeds the cap however long it idles. */
	ck_assert_double_eq_tol(b.credit_ms, 1000, 1e-9);
}
END_TEST

START_TEST(test_budget__clock_back__no_refill)
{
	struct lw_budget	b;

	lw_budget_init(&b, 0.5, 1000, 10000);
	lw_budget_spend(&b, 10000, 1000);
	ck_assert_int_eq(lw_budget_allows(&b, 5000, 0), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 10000, 0), 0);
	ck_assert_int_eq(lw_budget_allows(&b, 10100, 50), 1);
}
END_TEST

Suite *
lw_budget_suite(void)
{
	Suite	*s = suite_create("budget");
	TCase	*tc = tcase_create("bucket");

	tcase_add_test(tc, test_budget__full_at_start__burst_allowed);
	tcase_add_test(tc, test_budget__long_run__share_holds);
	tcase_add_test(tc, test_budget__overrun__paid_back);
	tcase_add_test(tc, test_budget__wait__makes_it_allowed);
	tcase_add_test(tc, test_budget__expect_above_cap__judged_as_cap);
	tcase_add_test(tc, test_budget__clock_back__no_refill);
	suite_add_tcase(s, tc);
	return (s);
}
