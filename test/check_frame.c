/*
 * leakwatch - check_frame.c
 *
 * Tests of frame.c: which classes are the application's, the
 * StackTraceElement.toString forms and their truncation, and the line of
 * a location in line tables in any order, with duplicate starts.
 */
#include <string.h>

#include "compat.h"
#include "frame.h"
#include "lwtest.h"

struct app_case {
	const char	*name;
	int		 app;
};

static const struct app_case app_cases[] = {
	{ "java.util.HashMap", 0 },
	{ "java.lang.invoke.LambdaForm$MH/0x0000000800c01000", 0 },
	{ "javax.management.ObjectName", 0 },
	{ "jdk.internal.misc.Unsafe", 0 },
	{ "sun.nio.ch.Util", 0 },
	{ "com.sun.proxy.$Proxy12", 0 },
	{ "java/util/ArrayList", 0 },
	{ "com/sun/Foo", 0 },
	{ "javafoo.X", 1 },
	{ "javax", 1 },
	{ "java", 1 },
	{ "jdkx.Y", 1 },
	{ "sunflower.Seed", 1 },
	{ "com.sunny.X", 1 },
	{ "com.sun", 1 },
	{ "com.example.Java", 1 },
	{ "scn.x.Foo$Bar", 1 },
	{ "Main", 1 },
	{ "Java.util.X", 1 },
	{ "", 0 },
	{ NULL, 0 },
};

START_TEST(test_frame__is_app__table)
{
	const struct app_case	*c = &app_cases[_i];

	ck_assert_msg(lw_frame_is_app(c->name) == c->app, "\"%s\": want %d",
	    c->name == NULL ? "(null)" : c->name, c->app);
}
END_TEST

struct fmt_case {
	struct lw_frame_info	 fi;
	const char		*want;
};

static const struct fmt_case fmt_cases[] = {
	{ { "scn.x.Foo$Bar", "add", "Foo.java", 42, 0 },
	  "scn.x.Foo$Bar.add(Foo.java:42)" },
	{ { "scn.x.Foo", "add", "Foo.java", 0, 0 },
	  "scn.x.Foo.add(Foo.java:0)" },
	{ { "scn.x.Foo", "add", "Foo.java", -1, 0 },
	  "scn.x.Foo.add(Foo.java)" },
	{ { "scn.x.Foo", "add", NULL, 42, 0 },
	  "scn.x.Foo.add(Unknown Source)" },
	{ { "java.lang.Object", "clone", NULL, -1, 1 },
	  "java.lang.Object.clone(Native Method)" },
	{ { "java.lang.Object", "clone", "Object.java", 7, 1 },
	  "java.lang.Object.clone(Native Method)" },
	{ { NULL, NULL, "F.java", 1, 0 }, "?.?(F.java:1)" },
	{ { "A", "<init>", "A.java", 2147483647, 0 },
	  "A.<init>(A.java:2147483647)" },
};

START_TEST(test_frame__format__table)
{
	const struct fmt_case	*c = &fmt_cases[_i];
	char			 buf[128];
	int			 n;

	n = lw_frame_format(buf, sizeof(buf), &c->fi);
	ck_assert_str_eq(buf, c->want);
	ck_assert_int_eq(n, (int)strlen(c->want));
	ck_assert_int_eq(lw_frame_format(NULL, 0, &c->fi), n);
}
END_TEST

/* Every buffer size: a NUL-terminated prefix, no byte past len. */
START_TEST(test_frame__format_truncated__bounded)
{
	static const struct lw_frame_info fi = { "scn.Foo", "bar", "Foo.java",
	    12, 0 };
	static const char	 want[] = "scn.Foo.bar(Foo.java:12)";
	char			 buf[sizeof(want) + 8];
	size_t			 len;

	for (len = 0; len <= sizeof(want); len++) {
		memset(buf, 'X', sizeof(buf));
		ck_assert_int_eq(lw_frame_format(buf, len, &fi),
		    (int)sizeof(want) - 1);
		if (len > 0) {
			ck_assert_uint_eq(strlen(buf), len - 1);
			ck_assert(strncmp(buf, want, len - 1) == 0);
		}
		ck_assert_int_eq(buf[len], 'X');
		ck_assert_int_eq(buf[sizeof(buf) - 1], 'X');
	}
	ck_assert_int_eq(lw_frame_format(buf, sizeof(buf), NULL),
	    (int)strlen("?.?(Unknown Source)"));
	ck_assert_str_eq(buf, "?.?(Unknown Source)");
	ck_assert_int_eq(lw_frame_format(NULL, 10, &fi), (int)sizeof(want) - 1);
}
END_TEST

START_TEST(test_frame__line_for__largest_start_at_or_below)
{
	static const struct lw_linent	t[] = { { 20, 7 }, { 0, 3 }, { 9, 5 },
	    { 4, 4 } };
	/* Duplicate starts: exact match first, smaller start last. */
	static const struct lw_linent	d[] = { { 5, 50 }, { 5, 51 },
	    { 2, 20 }, { 2, 21 } };
	static const struct lw_linent	late[] = { { 10, 1 } };

	ck_assert_int_eq(lw_line_for(t, 4, 0), 3);
	ck_assert_int_eq(lw_line_for(t, 4, 3), 3);
	ck_assert_int_eq(lw_line_for(t, 4, 4), 4);
	ck_assert_int_eq(lw_line_for(t, 4, 8), 4);
	ck_assert_int_eq(lw_line_for(t, 4, 9), 5);
	ck_assert_int_eq(lw_line_for(t, 4, 19), 5);
	ck_assert_int_eq(lw_line_for(t, 4, 20), 7);
	ck_assert_int_eq(lw_line_for(t, 4, 1000000), 7);
	ck_assert_int_eq(lw_line_for(t, 3, 8), 3);	/* n bounds t */
	ck_assert_int_eq(lw_line_for(t, 4, -1), -1);
	ck_assert_int_eq(lw_line_for(t, 0, 5), -1);
	ck_assert_int_eq(lw_line_for(t, -2, 5), -1);
	ck_assert_int_eq(lw_line_for(NULL, 4, 5), -1);
	ck_assert_int_eq(lw_line_for(late, 1, 9), -1);
	ck_assert_int_eq(lw_line_for(d, 4, 5), 50);
	ck_assert_int_eq(lw_line_for(d, 4, 4), 21);
	ck_assert_int_eq(lw_line_for(d, 4, 6), 51);
}
END_TEST

Suite *
lw_frame_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("frame");

	tc = tcase_create("helpers");
	tcase_add_loop_test(tc, test_frame__is_app__table, 0,
	    LW_NELEM(app_cases));
	tcase_add_loop_test(tc, test_frame__format__table, 0,
	    LW_NELEM(fmt_cases));
	tcase_add_test(tc, test_frame__format_truncated__bounded);
	tcase_add_test(tc, test_frame__line_for__largest_start_at_or_below);
	suite_add_tcase(s, tc);

	return (s);
}
