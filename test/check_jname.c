/*
 * leakwatch - check_jname.c
 *
 * Tests of jname.c: every form the JVM prints a class name in, from the
 * class histogram (JDK 17 and 25 samples in test/data) and from JVMTI,
 * must come out in one source form; malformed names and short buffers
 * must fail without writing past the buffer.
 */
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "jname.h"
#include "lw.h"
#include "lwtest.h"

struct jname_case {
	const char	*in;
	const char	*out;	/* expected; for errors, what out holds */
	int		 rc;
};

static const struct jname_case jname_good[] = {
	/* Every primitive array letter (JVMS 4.3.2). */
	{ "[Z", "boolean[]", 0 },
	{ "[B", "byte[]", 0 },
	{ "[C", "char[]", 0 },
	{ "[S", "short[]", 0 },
	{ "[I", "int[]", 0 },
	{ "[J", "long[]", 0 },
	{ "[F", "float[]", 0 },
	{ "[D", "double[]", 0 },
	/* Nested arrays. */
	{ "[[I", "int[][]", 0 },
	{ "[[[J", "long[][][]", 0 },
	{ "[[Z", "boolean[][]", 0 },
	{ "[[Ljava.lang.Object;", "java.lang.Object[][]", 0 },
	{ "[[Ljava/lang/Object;", "java.lang.Object[][]", 0 },
	/* Object arrays: histogram (binary) and JVMTI (internal). */
	{ "[Ljava.lang.Object;", "java.lang.Object[]", 0 },
	{ "[Ljava/lang/String;", "java.lang.String[]", 0 },
	{ "[Ldemo.Sleeper$Node;", "demo.Sleeper$Node[]", 0 },
	{ "[LFoo;", "Foo[]", 0 },
	/* Class signatures. */
	{ "Ljava/util/HashMap$Node;", "java.util.HashMap$Node", 0 },
	{ "Ljava.lang.String;", "java.lang.String", 0 },
	{ "LFoo;", "Foo", 0 },
	/* Internal and binary names. */
	{ "java/lang/String", "java.lang.String", 0 },
	{ "java.lang.String", "java.lang.String", 0 },
	{ "java.util.HashMap$Node", "java.util.HashMap$Node", 0 },
	{ "demo.Sleeper$$Lambda$1", "demo.Sleeper$$Lambda$1", 0 },
	/* Not descriptors: classes in the default package. */
	{ "B", "B", 0 },
	{ "I", "I", 0 },
	{ "L", "L", 0 },
	{ "Z", "Z", 0 },
	{ "Sleeper", "Sleeper", 0 },
	{ "Ljava/lang/String", "Ljava.lang.String", 0 },
	{ "Lfoo", "Lfoo", 0 },
	/* Hidden classes, histogram form (JDK 17 and 25 samples). */
	{ "demo.Sleeper$$Lambda$1/0x00007f0944001000",
	    "demo.Sleeper$$Lambda$1/0x00007f0944001000", 0 },
	{ "demo.Sleeper$$Lambda/0x000000000e040838",
	    "demo.Sleeper$$Lambda/0x000000000e040838", 0 },
	{ "[Ldemo.Sleeper$$Lambda/0x000000000e040c88;",
	    "demo.Sleeper$$Lambda/0x000000000e040c88[]", 0 },
	{ "[[Ldemo.Sleeper$$Lambda$3/0x00007f0944001440;",
	    "demo.Sleeper$$Lambda$3/0x00007f0944001440[][]", 0 },
	{ "pkg.Foo$$Lambda/0x0000000800c01234",
	    "pkg.Foo$$Lambda/0x0000000800c01234", 0 },
	{ "java.lang.invoke.LambdaForm$MH/0x0000000800c01234",
	    "java.lang.invoke.LambdaForm$MH/0x0000000800c01234", 0 },
	{ "Foo$$Lambda/0x1a", "Foo$$Lambda/0x1a", 0 },
	/* Hidden classes, internal form ('+', HotSpot's Symbol). */
	{ "pkg/Foo$$Lambda+0x0000000800c01234",
	    "pkg.Foo$$Lambda/0x0000000800c01234", 0 },
	{ "pkg/Foo$$Lambda$14+0x0000000800c01234",
	    "pkg.Foo$$Lambda$14/0x0000000800c01234", 0 },
	{ "Foo$$Lambda+0x1A", "Foo$$Lambda/0x1A", 0 },
	/* Hidden classes, JVMTI GetClassSignature ('.'). */
	{ "Lpkg/Foo$$Lambda.0x0000000800c01234;",
	    "pkg.Foo$$Lambda/0x0000000800c01234", 0 },
	{ "[Lpkg/Foo$$Lambda.0x0000000800c01234;",
	    "pkg.Foo$$Lambda/0x0000000800c01234[]", 0 },
	{ "LFoo$$Lambda.0x1a;", "Foo$$Lambda/0x1a", 0 },
	/* Look like a hidden suffix, are not. */
	{ "a/b/0x12", "a.b.0x12", 0 },
	{ "a.b.0x12", "a.b.0x12", 0 },
	{ "a/b+0x", "a.b+0x", 0 },
	{ "Foo/0xZZ", "Foo.0xZZ", 0 },
	{ "0x12", "0x12", 0 },
	{ "+0x12", "+0x12", 0 },	/* '+' is a legal name character */
	/* Source form already: unchanged. */
	{ "int[]", "int[]", 0 },
	{ "boolean[][]", "boolean[][]", 0 },
	{ "java.lang.Object[]", "java.lang.Object[]", 0 },
	{ "java/lang/Object[]", "java.lang.Object[]", 0 },
	{ "demo.Sleeper$$Lambda/0x000000000e040c88[][]",
	    "demo.Sleeper$$Lambda/0x000000000e040c88[][]", 0 },
	{ "int", "int", 0 },
	{ "foo]", "foo]", 0 },
	/* Names are modified UTF-8; bytes past ASCII pass through. */
	{ "caf\xc3\xa9/Cr\xc3\xa8me", "caf\xc3\xa9.Cr\xc3\xa8me", 0 },
};

static const struct jname_case jname_bad[] = {
	{ "", "", LW_ERR_INVAL },
	{ "[", "[", LW_ERR_INVAL },
	{ "[[", "[[", LW_ERR_INVAL },
	{ "[X", "[X", LW_ERR_INVAL },
	{ "[V", "[V", LW_ERR_INVAL },
	{ "[L", "[L", LW_ERR_INVAL },
	{ "[II", "[II", LW_ERR_INVAL },
	{ "[I;", "[I;", LW_ERR_INVAL },
	{ "[Ljava.lang.String", "[Ljava.lang.String", LW_ERR_INVAL },
	{ "[Ljava/lang/String", "[Ljava/lang/String", LW_ERR_INVAL },
	{ "L;", "L;", LW_ERR_INVAL },
	{ "[L;", "[L;", LW_ERR_INVAL },
	{ ";", ";", LW_ERR_INVAL },
	{ "[Lfoo;bar;", "[Lfoo;bar;", LW_ERR_INVAL },
	{ "foo;", "foo;", LW_ERR_INVAL },
	{ "[]", "[]", LW_ERR_INVAL },
	{ "[][]", "[][]", LW_ERR_INVAL },
	{ "int[", "int[", LW_ERR_INVAL },
	{ "a[]b", "a[]b", LW_ERR_INVAL },
	{ "a.[]", "a.[]", LW_ERR_INVAL },
	{ "[I[]", "[I[]", LW_ERR_INVAL },
	{ "Lfoo[];", "Lfoo[];", LW_ERR_INVAL },
	{ "L[I;", "L[I;", LW_ERR_INVAL },
	{ "a..b", "a..b", LW_ERR_INVAL },
	{ ".a", ".a", LW_ERR_INVAL },
	{ "a.", "a.", LW_ERR_INVAL },
	{ "/", "/", LW_ERR_INVAL },
	{ "java/lang/", "java/lang/", LW_ERR_INVAL },
	{ "Lfoo/;", "Lfoo/;", LW_ERR_INVAL },
	{ "a//b", "a//b", LW_ERR_INVAL },
	{ "a/b.c", "a/b.c", LW_ERR_INVAL },
	{ "[Ljava/lang.String;", "[Ljava/lang.String;", LW_ERR_INVAL },
	{ "/0x12", "/0x12", LW_ERR_INVAL },
};

/* Run one case with a roomy buffer full of junk, to see the NUL is ours. */
static void
jname_check(const struct jname_case *c)
{
	char	out[256];
	int	rc;

	memset(out, 'x', sizeof(out));
	rc = lw_jname_format(c->in, out, sizeof(out));
	ck_assert_msg(rc == c->rc, "\"%s\": rc %d, want %d", c->in, rc, c->rc);
	ck_assert_str_eq(out, c->out);
}

START_TEST(test_jname__good_table__source_form)
{
	jname_check(&jname_good[_i]);
}
END_TEST

START_TEST(test_jname__bad_table__einval_input_kept)
{
	jname_check(&jname_bad[_i]);
}
END_TEST

/* Only the eight letters of JVMS 4.3.2 make a one-letter array. */
START_TEST(test_jname__every_byte_as_array_letter__only_primitives)
{
	char	in[3], out[32];
	int	c, good, rc;

	good = 0;
	for (c = 1; c < 256; c++) {
		in[0] = '[';
		in[1] = (char)c;
		in[2] = '\0';
		rc = lw_jname_format(in, out, sizeof(out));
		if (strchr("ZBCSIJFD", c) != NULL) {
			ck_assert_int_eq(rc, 0);
			good++;
		} else
			ck_assert_msg(rc == LW_ERR_INVAL, "[%c: rc %d", c, rc);
	}
	ck_assert_int_eq(good, 8);
}
END_TEST

START_TEST(test_jname__255_dims__ok)
{
	char	in[260], out[1024];
	size_t	i;

	memset(in, '[', 255);
	in[255] = 'I';
	in[256] = '\0';
	ck_assert_int_eq(lw_jname_format(in, out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), 3 + 2 * 255);
	ck_assert(strncmp(out, "int[][]", 7) == 0);
	for (i = 3; i < strlen(out); i += 2)
		ck_assert(out[i] == '[' && out[i + 1] == ']');
}
END_TEST

START_TEST(test_jname__256_dims__einval)
{
	char	in[520], out[1024];
	size_t	i;

	memset(in, '[', 256);
	in[256] = 'I';
	in[257] = '\0';
	ck_assert_int_eq(lw_jname_format(in, out, sizeof(out)), LW_ERR_INVAL);
	ck_assert_str_eq(out, in);

	/* The same limit in source form. */
	memcpy(in, "int", 3);
	for (i = 0; i < 256; i++)
		memcpy(in + 3 + 2 * i, "[]", 2);
	in[3 + 2 * 256] = '\0';
	ck_assert_int_eq(lw_jname_format(in, out, sizeof(out)), LW_ERR_INVAL);
	in[3 + 2 * 255] = '\0';
	ck_assert_int_eq(lw_jname_format(in, out, sizeof(out)), 0);
	ck_assert_str_eq(out, in);
}
END_TEST

/* A source name is a fixed point: converting it again changes nothing. */
START_TEST(test_jname__convert_twice__unchanged)
{
	char	once[128], twice[128];
	size_t	i;

	for (i = 0; i < LW_NELEM(jname_good); i++) {
		ck_assert_int_eq(lw_jname_format(jname_good[i].in, once,
		    sizeof(once)), 0);
		ck_assert_int_eq(lw_jname_format(once, twice, sizeof(twice)),
		    0);
		ck_assert_str_eq(once, twice);
	}
}
END_TEST

struct jname_small {
	const char	*in;
	size_t		 outlen;
	const char	*out;
	int		 rc;
};

static const struct jname_small jname_smalls[] = {
	{ "[B", 7, "byte[]", 0 },
	{ "[B", 6, "byte[", LW_ERR_RANGE },
	{ "[B", 5, "byte", LW_ERR_RANGE },
	{ "[B", 2, "b", LW_ERR_RANGE },
	{ "[B", 1, "", LW_ERR_RANGE },
	{ "java/lang/String", 17, "java.lang.String", 0 },
	{ "java/lang/String", 16, "java.lang.Strin", LW_ERR_RANGE },
	{ "java/lang/String", 5, "java", LW_ERR_RANGE },
	{ "[Ljava/lang/Object;", 18, "java.lang.Object[", LW_ERR_RANGE },
	{ "pkg/Foo+0x12", 12, "pkg.Foo/0x1", LW_ERR_RANGE },
	{ "pkg/Foo+0x12", 13, "pkg.Foo/0x12", 0 },
	/* Malformed and short: the error is INVAL, out the truncated input. */
	{ "[X", 2, "[", LW_ERR_INVAL },
	{ "[Ljava.lang.String", 6, "[Ljav", LW_ERR_INVAL },
	{ "", 1, "", LW_ERR_INVAL },
};

/* Nothing may be written past outlen: the bytes after it are guards. */
START_TEST(test_jname__small_buffer__erange_truncated)
{
	const struct jname_small	*c = &jname_smalls[_i];
	char				 buf[64];
	size_t				 i;
	int				 rc;

	memset(buf, '#', sizeof(buf));
	rc = lw_jname_format(c->in, buf, c->outlen);
	ck_assert_msg(rc == c->rc, "\"%s\"/%zu: rc %d, want %d", c->in,
	    c->outlen, rc, c->rc);
	ck_assert_str_eq(buf, c->out);
	for (i = c->outlen; i < sizeof(buf); i++)
		ck_assert_int_eq(buf[i], '#');
}
END_TEST

START_TEST(test_jname__zero_outlen__erange_untouched)
{
	char	buf[4] = "###";

	ck_assert_int_eq(lw_jname_format("[B", buf, 0), LW_ERR_RANGE);
	ck_assert_str_eq(buf, "###");
	ck_assert_int_eq(lw_jname_format("[X", buf, 0), LW_ERR_INVAL);
	ck_assert_str_eq(buf, "###");
	ck_assert_int_eq(lw_jname_format("[B", NULL, 0), LW_ERR_RANGE);
	ck_assert_int_eq(lw_jname_format("[B", NULL, 10), LW_ERR_RANGE);
}
END_TEST

START_TEST(test_jname__null_input__einval_empty)
{
	char	buf[8] = "junk";

	ck_assert_int_eq(lw_jname_format(NULL, buf, sizeof(buf)),
	    LW_ERR_INVAL);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* Exactly fitting output must succeed: the NUL is counted, nothing more. */
START_TEST(test_jname__exact_fit__ok)
{
	char	buf[64];
	size_t	i, n;

	for (i = 0; i < LW_NELEM(jname_good); i++) {
		n = strlen(jname_good[i].out) + 1;
		ck_assert_int_eq(lw_jname_format(jname_good[i].in, buf, n), 0);
		ck_assert_str_eq(buf, jname_good[i].out);
		if (n > 1)
			ck_assert_int_eq(lw_jname_format(jname_good[i].in,
			    buf, n - 1), LW_ERR_RANGE);
	}
}
END_TEST

Suite *
lw_jname_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("jname");

	tc = tcase_create("forms");
	tcase_add_loop_test(tc, test_jname__good_table__source_form, 0,
	    LW_NELEM(jname_good));
	tcase_add_test(tc, test_jname__255_dims__ok);
	tcase_add_test(tc, test_jname__convert_twice__unchanged);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_jname__bad_table__einval_input_kept, 0,
	    LW_NELEM(jname_bad));
	tcase_add_test(tc,
	    test_jname__every_byte_as_array_letter__only_primitives);
	tcase_add_test(tc, test_jname__256_dims__einval);
	tcase_add_test(tc, test_jname__null_input__einval_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("bounds");
	tcase_add_loop_test(tc, test_jname__small_buffer__erange_truncated, 0,
	    LW_NELEM(jname_smalls));
	tcase_add_test(tc, test_jname__zero_outlen__erange_untouched);
	tcase_add_test(tc, test_jname__exact_fit__ok);
	suite_add_tcase(s, tc);

	return (s);
}
