/*
 * leakwatch - check_main.c
 *
 * The one unit-test runner: every module suite, forked per test so a crash
 * fails only that test.  CI reads Check's summary line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lwtest.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	setvbuf(stdout, NULL, _IONBF, 0);
	sr = srunner_create(NULL);
#define LW_SUITE(m)	srunner_add_suite(sr, lw_##m##_suite());
#include "suites.h"
#undef LW_SUITE
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
