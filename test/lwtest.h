/*
 * leakwatch - lwtest.h
 *
 * Shared declarations of the unit tests.  Every test/check_<module>.c
 * exports `Suite *lw_<module>_suite(void)`; the Makefile registers each
 * such file in build/test/suites.h, so a new suite needs no edit here.
 */
#ifndef LW_LWTEST_H
#define LW_LWTEST_H

#include <check.h>

#define LW_SUITE(m)	Suite *lw_##m##_suite(void);
#include "suites.h"
#undef LW_SUITE

#endif /* LW_LWTEST_H */
