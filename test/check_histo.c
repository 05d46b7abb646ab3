/*
 * leakwatch - check_histo.c
 *
 * Tests of histo.c: the census container (add, merge, totals, free,
 * out-of-memory at every allocation) and the GC.class_histogram parser,
 * fed real jcmd output of JDK 17 and 25 (test/data, see its README) and
 * malformed, truncated and hostile text.  The fixtures are found relative
 * to the repository root, where `make test` runs; LW_TESTDATA overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "histo.h"
#include "lw.h"
#include "lwtest.h"

#define HDR	" num     #instances         #bytes  class name (module)\n" \
		"-------------------------------------------------------\n"
#define UMAX	"18446744073709551615"
#define TOTMAX	"Total " UMAX " " UMAX "\n"

/* Read a fixture into a buffer with no NUL after it (so over-reads show). */
static char *
fixture(const char *name, size_t *lenp)
{
	const char	*dir;
	char		 path[1024], *buf;
	FILE		*f;
	long		 n;

	if ((dir = getenv("LW_TESTDATA")) == NULL)
		dir = "test/data";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s (run from the repo root)",
	    path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	buf = malloc((size_t)n);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*lenp = (size_t)n;
	return (buf);
}

/* The entry called name, or NULL. */
static const struct lw_histo_entry *
find(const struct lw_histo *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].name, name) == 0)
			return (&h->v[i]);
	return (NULL);
}

static void
expect(const struct lw_histo *h, const char *name, uint64_t count,
    uint64_t bytes)
{
	const struct lw_histo_entry	*e;

	e = find(h, name);
	ck_assert_msg(e != NULL, "no entry \"%s\"", name);
	ck_assert_msg(e->count == count && e->bytes == bytes,
	    "\"%s\": %ju/%ju, want %ju/%ju", name, (uintmax_t)e->count,
	    (uintmax_t)e->bytes, (uintmax_t)count, (uintmax_t)bytes);
}

/*
 * The invariants every census keeps, whatever happened to it: totals are
 * the sums of the entries, names are unique, in source form, and each
 * can be found again through the index (adding 0 must merge).
 */
static void
consistent(struct lw_histo *h)
{
	const char	*name;
	uint64_t	 c = 0, b = 0;
	size_t		 i, j, n;

	if (h->n > h->cap)
		ck_abort_msg("n %zu > cap %zu", h->n, h->cap);
	for (i = 0; i < h->n; i++) {
		c += h->v[i].count;
		b += h->v[i].bytes;
		name = h->v[i].name;
		if (name == NULL || name[0] == '\0' || name[0] == '[' ||
		    strpbrk(name, "; ") != NULL)
			ck_abort_msg("entry %zu: bad name \"%s\"", i,
			    name == NULL ? "(null)" : name);
		for (j = i + 1; j < h->n && h->n < 200; j++)
			if (strcmp(name, h->v[j].name) == 0)
				ck_abort_msg("\"%s\" twice", name);
	}
	if (c != h->total_count || b != h->total_bytes)
		ck_abort_msg("totals %ju/%ju, entries sum to %ju/%ju",
		    (uintmax_t)h->total_count, (uintmax_t)h->total_bytes,
		    (uintmax_t)c, (uintmax_t)b);
	n = h->n;
	for (i = 0; i < n; i++)
		if (lw_histo_add(h, h->v[i].name, 0, 0) != 0)
			ck_abort_msg("\"%s\" cannot be added back",
			    h->v[i].name);
	if (h->n != n)
		ck_abort_msg("adding back made %zu entries of %zu", h->n, n);
}

/* Parse text of len bytes from a copy exactly that long (no NUL). */
static int
parse_exact(struct lw_histo *h, const char *text, size_t len)
{
	char	*copy;
	int	 rc;

	copy = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	rc = lw_histo_parse(h, copy, len);
	free(copy);
	return (rc);
}

/* -- container ---------------------------------------------------------- */

START_TEST(test_histo__init__empty_without_allocation)
{
	struct lw_histo	h;

	memset(&h, 0xa5, sizeof(h));
	lw_histo_init(&h);
	ck_assert_ptr_null(h.v);
	ck_assert_ptr_null(h.index);
	ck_assert_uint_eq(h.n, 0);
	ck_assert_uint_eq(h.cap, 0);
	ck_assert_uint_eq(h.total_count, 0);
	ck_assert_uint_eq(h.total_bytes, 0);
	lw_histo_free(&h);
	lw_histo_free(&h);
	ck_assert_ptr_null(h.v);
}
END_TEST

START_TEST(test_histo__add__stores_source_form)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "[Ljava/lang/Object;", 3, 48), 0);
	ck_assert_int_eq(lw_histo_add(&h, "[B", 2, 40), 0);
	ck_assert_int_eq(lw_histo_add(&h, "Ljava/util/HashMap$Node;", 1, 32),
	    0);
	ck_assert_int_eq(lw_histo_add(&h, "B", 1, 16), 0);
	ck_assert_uint_eq(h.n, 4);
	ck_assert_str_eq(h.v[0].name, "java.lang.Object[]");
	ck_assert_str_eq(h.v[1].name, "byte[]");
	ck_assert_str_eq(h.v[2].name, "java.util.HashMap$Node");
	ck_assert_str_eq(h.v[3].name, "B");
	ck_assert_uint_eq(h.total_count, 7);
	ck_assert_uint_eq(h.total_bytes, 136);
	consistent(&h);
	lw_histo_free(&h);
}
END_TEST

/* JVMTI and the histogram spell one class differently; one entry. */
START_TEST(test_histo__same_class_two_forms__merges)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "[Ljava.lang.Object;", 3, 48), 0);
	ck_assert_int_eq(lw_histo_add(&h, "[Ljava/lang/Object;", 1, 16), 0);
	ck_assert_int_eq(lw_histo_add(&h, "java.lang.Object[]", 0, 0), 0);
	ck_assert_int_eq(lw_histo_add(&h, "pkg.Foo$$Lambda/0x0000000800c01234",
	    1, 16), 0);
	ck_assert_int_eq(lw_histo_add(&h,
	    "Lpkg/Foo$$Lambda.0x0000000800c01234;", 2, 32), 0);
	ck_assert_int_eq(lw_histo_add(&h, "pkg/Foo$$Lambda+0x0000000800c01234",
	    4, 64), 0);
	ck_assert_uint_eq(h.n, 2);
	expect(&h, "java.lang.Object[]", 4, 64);
	expect(&h, "pkg.Foo$$Lambda/0x0000000800c01234", 7, 112);
	consistent(&h);
	lw_histo_free(&h);
}
END_TEST

/* The same class name in two class loaders is one suspect, not two. */
START_TEST(test_histo__same_name_two_loaders__merges)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "demo.Sleeper$Twice", 200, 4800), 0);
	ck_assert_int_eq(lw_histo_add(&h, "demo.Other", 1, 16), 0);
	ck_assert_int_eq(lw_histo_add(&h, "demo.Sleeper$Twice", 100, 2400), 0);
	ck_assert_uint_eq(h.n, 2);
	expect(&h, "demo.Sleeper$Twice", 300, 7200);
	ck_assert_uint_eq(h.total_count, 301);
	ck_assert_uint_eq(h.total_bytes, 7216);
	lw_histo_free(&h);
}
END_TEST

START_TEST(test_histo__bad_name__einval_unchanged)
{
	static const char *const	 bad[] = { "", "[", "[X", "L;",
	    "[Ljava.lang.String", "a..b" };
	struct lw_histo			 h;
	size_t				 i;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "Foo", 1, 8), 0);
	ck_assert_int_eq(lw_histo_add(&h, NULL, 1, 8), LW_ERR_INVAL);
	for (i = 0; i < LW_NELEM(bad); i++)
		ck_assert_int_eq(lw_histo_add(&h, bad[i], 1, 8), LW_ERR_INVAL);
	ck_assert_uint_eq(h.n, 1);
	ck_assert_uint_eq(h.total_count, 1);
	ck_assert_uint_eq(h.total_bytes, 8);
	lw_histo_free(&h);
}
END_TEST

START_TEST(test_histo__total_overflow__erange_unchanged)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "A", UINT64_MAX - 1, 8), 0);
	ck_assert_int_eq(lw_histo_add(&h, "B", 2, 8), LW_ERR_RANGE);
	ck_assert_int_eq(lw_histo_add(&h, "A", 2, 8), LW_ERR_RANGE);
	ck_assert_int_eq(lw_histo_add(&h, "A", 1, UINT64_MAX - 8),
	    0);
	ck_assert_int_eq(lw_histo_add(&h, "C", 0, 1), LW_ERR_RANGE);
	ck_assert_uint_eq(h.n, 1);
	expect(&h, "A", UINT64_MAX, UINT64_MAX);
	ck_assert_int_eq(lw_histo_add(&h, "C", 0, 0), 0);
	consistent(&h);
	lw_histo_free(&h);
}
END_TEST

/* Past several table and array growths every name is still found. */
START_TEST(test_histo__many_classes__grows_and_merges)
{
	struct lw_histo	h;
	char		name[32];
	size_t		i;
	int		pass;

	lw_histo_init(&h);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < 20000; i++) {
			snprintf(name, sizeof(name), "p%zu/C%zu", i % 7, i);
			ck_assert_int_eq(lw_histo_add(&h, name, 1, i), 0);
		}
	ck_assert_uint_eq(h.n, 20000);
	ck_assert_uint_eq(h.total_count, 40000);
	for (i = 0; i < 20000; i += 997) {
		snprintf(name, sizeof(name), "p%zu.C%zu", i % 7, i);
		expect(&h, name, 2, 2 * i);
	}
	consistent(&h);
	lw_histo_free(&h);
}
END_TEST

/* Longer than add's stack buffer: the heap path converts and keeps it. */
START_TEST(test_histo__long_name__stored_and_merged)
{
	struct lw_histo	h;
	char		*in, *want;
	size_t		 i, n = 5000;

	in = malloc(n + 4);
	want = malloc(n + 8);
	ck_assert(in != NULL && want != NULL);
	in[0] = '[';
	in[1] = 'L';
	for (i = 0; i < n; i++)
		in[2 + i] = i % 10 == 9 ? '/' : 'a';
	in[2 + n - 1] = 'Z';
	in[2 + n] = ';';
	in[3 + n] = '\0';
	for (i = 0; i < n; i++)
		want[i] = in[2 + i] == '/' ? '.' : in[2 + i];
	memcpy(want + n, "[]", 3);

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, in, 1, 16), 0);
	ck_assert_int_eq(lw_histo_add(&h, want, 0, 0), 0);
	in[2 + 9] = '.';	/* binary form must not mix with '/' */
	ck_assert_int_eq(lw_histo_add(&h, in, 1, 16), LW_ERR_INVAL);
	in[2 + 9] = '/';
	ck_assert_int_eq(lw_histo_add(&h, in, 2, 32), 0);
	ck_assert_uint_eq(h.n, 1);
	expect(&h, want, 3, 48);
	lw_histo_free(&h);
	free(in);
	free(want);
}
END_TEST

START_TEST(test_histo__free__reusable)
{
	struct lw_histo	h;
	int		round;

	lw_histo_init(&h);
	for (round = 0; round < 3; round++) {
		ck_assert_int_eq(lw_histo_add(&h, "[I", 1, 24), 0);
		ck_assert_int_eq(lw_histo_add(&h, "[I", 1, 24), 0);
		ck_assert_uint_eq(h.n, 1);
		expect(&h, "int[]", 2, 48);
		lw_histo_free(&h);
		ck_assert_uint_eq(h.n, 0);
		ck_assert_uint_eq(h.total_bytes, 0);
		ck_assert_ptr_null(h.index);
	}
}
END_TEST

/* -- allocation --------------------------------------------------------- */

START_TEST(test_histo__first_add_nomem__enomem_unchanged)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	lw_test_failalloc(1);
	ck_assert_int_eq(lw_histo_add(&h, "Foo", 1, 16), LW_ERR_NOMEM);
	ck_assert_uint_eq(h.n, 0);
	ck_assert_uint_eq(h.total_count, 0);
	ck_assert_uint_eq(h.total_bytes, 0);
	ck_assert_int_eq(lw_histo_add(&h, "Foo", 1, 16), 0);
	expect(&h, "Foo", 1, 16);
	lw_histo_free(&h);
}
END_TEST

START_TEST(test_histo__merge__no_allocation)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "Foo", 1, 16), 0);
	lw_test_failalloc(1);
	ck_assert_int_eq(lw_histo_add(&h, "Foo", 1, 16), 0);
	ck_assert_int_eq(lw_histo_add(&h, "Bar", 1, 16), LW_ERR_NOMEM);
	lw_test_failalloc(0);
	expect(&h, "Foo", 2, 32);
	ck_assert_uint_eq(h.n, 1);
	lw_histo_free(&h);
}
END_TEST

/*
 * Fail each allocation in turn while 150 classes go in (array growth
 * 64 -> 256, table growth 128 -> 512, name copies): exactly one add fails,
 * the census stays consistent, and adding the rest afterwards gives the
 * full census.  Checks stay off the hot path: each ck_assert costs a
 * write to Check's pipe.
 */
START_TEST(test_histo__nth_alloc_fails__consistent)
{
	struct lw_histo	h;
	char		name[32];
	size_t		i, failed, nfail;
	int		nth, rc;

	for (nth = 1; ; nth++) {
		lw_histo_init(&h);
		lw_test_failalloc(nth);
		failed = SIZE_MAX;
		nfail = 0;
		for (i = 0; i < 150; i++) {
			snprintf(name, sizeof(name), "a/C%zu", i);
			rc = lw_histo_add(&h, name, 1, 8);
			if (rc == LW_ERR_NOMEM && nfail++ == 0) {
				failed = i;
				ck_assert_uint_eq(h.n, i);
				consistent(&h);
			} else if (rc != 0)
				ck_abort_msg("nth %d, add %zu: rc %d", nth, i,
				    rc);
		}
		lw_test_failalloc(0);
		ck_assert_uint_le(nfail, 1);
		if (failed != SIZE_MAX) {
			snprintf(name, sizeof(name), "a/C%zu", failed);
			ck_assert_int_eq(lw_histo_add(&h, name, 1, 8), 0);
		}
		ck_assert_uint_eq(h.n, 150);
		ck_assert_uint_eq(h.total_bytes, 1200);
		consistent(&h);
		lw_histo_free(&h);
		if (failed == SIZE_MAX)
			break;
	}
	ck_assert_int_gt(nth, 150);
}
END_TEST

/* A name past the stack buffer needs one more allocation; both may fail. */
START_TEST(test_histo__long_name_nomem__enomem_no_leak)
{
	struct lw_histo	 h;
	char		*in;
	int		 nth;

	in = malloc(1001);
	ck_assert_ptr_nonnull(in);
	memset(in, 'x', 1000);
	in[1000] = '\0';
	lw_histo_init(&h);
	for (nth = 1; nth <= 3; nth++) {
		lw_test_failalloc(nth);
		ck_assert_int_eq(lw_histo_add(&h, in, 1, 1), LW_ERR_NOMEM);
		ck_assert_uint_eq(h.n, 0);
	}
	lw_test_failalloc(0);
	ck_assert_int_eq(lw_histo_add(&h, in, 1, 1), 0);
	expect(&h, in, 1, 1);
	lw_histo_free(&h);
	free(in);
}
END_TEST

START_TEST(test_histo__parse_nth_alloc_fails__enomem_then_ok)
{
	struct lw_histo	 h;
	char		*text;
	size_t		 len;
	int		 nth, rc;

	text = fixture("histo-jdk25.txt", &len);
	for (nth = 1; ; nth++) {
		lw_histo_init(&h);
		lw_test_failalloc(nth);
		rc = lw_histo_parse(&h, text, len);
		lw_test_failalloc(0);
		consistent(&h);
		lw_histo_free(&h);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, LW_ERR_NOMEM);
	}
	ck_assert_int_gt(nth, 40);
	free(text);
}
END_TEST

/* -- parse: real output ------------------------------------------------- */

START_TEST(test_histo__parse_jdk17__rows_in_source_form)
{
	struct lw_histo	 h;
	char		*text;
	size_t		 len;

	text = fixture("histo-jdk17.txt", &len);
	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_parse(&h, text, len), 0);
	/* 51 rows; demo.Sleeper$Twice is in two loaders. */
	ck_assert_uint_eq(h.n, 50);
	ck_assert_uint_eq(h.total_count, 34274);
	ck_assert_uint_eq(h.total_bytes, 1928728);
	expect(&h, "int[]", 2991, 511784);
	expect(&h, "byte[]", 8985, 428720);
	expect(&h, "java.lang.Object[]", 1323, 212608);
	expect(&h, "java.lang.String", 7585, 182040);
	expect(&h, "char[]", 12, 35344);
	expect(&h, "int[][]", 1001, 24056);
	expect(&h, "java.util.concurrent.ConcurrentHashMap$Node[]", 39,
	    26672);
	expect(&h, "demo.Sleeper$Node[]", 1000, 24000);
	expect(&h, "demo.Sleeper$Inner", 1000, 24000);
	expect(&h, "demo.Sleeper$Twice", 300, 7200);
	expect(&h, "demo.Sleeper$$Lambda$1/0x00007f0944001000", 1000, 16000);
	expect(&h, "demo.Sleeper$$Lambda$3/0x00007f0944001440[]", 4, 104);
	expect(&h, "demo.Sleeper$$Lambda$3/0x00007f0944001440[][]", 1, 32);
	expect(&h, "long[]", 11, 1488);
	expect(&h, "short[]", 8, 408);
	expect(&h, "boolean[]", 6, 136);
	expect(&h, "double[]", 2, 40);
	expect(&h, "float[]", 2, 40);
	expect(&h, "long[][]", 2, 48);
	expect(&h, "long[][][]", 1, 24);
	expect(&h, "demo.Sleeper", 1, 16);
	expect(&h, "jdk.internal.reflect.GeneratedConstructorAccessor1", 1, 16);
	ck_assert_ptr_null(find(&h, "[I"));
	ck_assert_ptr_null(find(&h, "[B (java.base@17.0.21.1)"));
	consistent(&h);
	lw_histo_free(&h);
	free(text);
}
END_TEST

START_TEST(test_histo__parse_jdk25__rows_in_source_form)
{
	struct lw_histo	 h;
	char		*text;
	size_t		 len;

	text = fixture("histo-jdk25.txt", &len);
	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_parse(&h, text, len), 0);
	ck_assert_uint_eq(h.n, 49);
	ck_assert_uint_eq(h.total_count, 38448);
	ck_assert_uint_eq(h.total_bytes, 2721680);
	/* Newer JDKs give the filler arrays G1 counts under -all a class. */
	expect(&h, "jdk.internal.vm.FillerElement[]", 6, 971752);
	expect(&h, "byte[]", 10063, 448120);
	expect(&h, "java.lang.Object[]", 1461, 258872);
	expect(&h, "java.lang.Class", 1712, 226368);
	expect(&h, "demo.Sleeper$Node[]", 1000, 24000);
	expect(&h, "int[][]", 1000, 24000);
	expect(&h, "demo.Sleeper$$Lambda/0x000000000e040838", 1000, 16000);
	expect(&h, "demo.Sleeper$Twice", 300, 7200);
	expect(&h, "demo.Sleeper$$Lambda/0x000000000e040c88[]", 4, 104);
	expect(&h, "demo.Sleeper$$Lambda/0x000000000e040c88[][]", 1, 32);
	expect(&h, "demo.Sleeper$$Lambda/0x000000000e040c88", 1, 16);
	expect(&h, "java.lang.classfile.constantpool.PoolEntry[]", 4, 16448);
	expect(&h, "long[][][]", 1, 24);
	expect(&h, "boolean[]", 2, 40);
	consistent(&h);
	lw_histo_free(&h);
	free(text);
}
END_TEST

/* Parse adds to what the census holds: two histograms, one census. */
START_TEST(test_histo__parse_twice__adds_up)
{
	struct lw_histo	 h;
	char		*t17, *t25;
	size_t		 l17, l25;

	t17 = fixture("histo-jdk17.txt", &l17);
	t25 = fixture("histo-jdk25.txt", &l25);
	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_add(&h, "[B", 1, 1), 0);
	ck_assert_int_eq(lw_histo_parse(&h, t17, l17), 0);
	ck_assert_int_eq(lw_histo_parse(&h, t25, l25), 0);
	expect(&h, "byte[]", 1 + 8985 + 10063, 1 + 428720 + 448120);
	expect(&h, "demo.Sleeper$Twice", 600, 14400);
	ck_assert_uint_eq(h.total_count, 1 + 34274 + 38448);
	consistent(&h);
	lw_histo_free(&h);
	free(t17);
	free(t25);
}
END_TEST

/* The DiagnosticCommand MBean returns the same text without "<pid>:". */
START_TEST(test_histo__parse_mbean_form__same_as_jcmd)
{
	struct lw_histo	 a, b;
	char		*text, *nl;
	size_t		 len, i;

	text = fixture("histo-jdk25.txt", &len);
	nl = memchr(text, '\n', len);
	ck_assert_ptr_nonnull(nl);
	ck_assert(strncmp(text, "4967:\n", 6) == 0);
	lw_histo_init(&a);
	lw_histo_init(&b);
	ck_assert_int_eq(lw_histo_parse(&a, text, len), 0);
	ck_assert_int_eq(parse_exact(&b, nl + 1, len - (size_t)(nl + 1 - text)),
	    0);
	ck_assert_uint_eq(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		ck_assert_str_eq(a.v[i].name, b.v[i].name);
		ck_assert_uint_eq(a.v[i].count, b.v[i].count);
	}
	lw_histo_free(&a);
	lw_histo_free(&b);
	free(text);
}
END_TEST

/* The same text with CRLF line ends, or no final newline, reads the same. */
START_TEST(test_histo__parse_crlf_and_no_final_newline__same)
{
	struct lw_histo	 a, b, c;
	char		*text, *crlf;
	size_t		 len, i, n;

	text = fixture("histo-jdk17.txt", &len);
	crlf = malloc(2 * len);
	ck_assert_ptr_nonnull(crlf);
	for (i = n = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
	}
	lw_histo_init(&a);
	lw_histo_init(&b);
	lw_histo_init(&c);
	ck_assert_int_eq(lw_histo_parse(&a, text, len), 0);
	ck_assert_int_eq(lw_histo_parse(&b, crlf, n), 0);
	ck_assert(text[len - 1] == '\n');
	ck_assert_int_eq(lw_histo_parse(&c, text, len - 1), 0);
	ck_assert_int_eq(lw_histo_parse(&c, crlf, n - 1), 0);	/* "\r" */
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_uint_eq(a.n, c.n);
	for (i = 0; i < a.n; i++) {
		ck_assert_str_eq(a.v[i].name, b.v[i].name);
		ck_assert_str_eq(a.v[i].name, c.v[i].name);
		ck_assert_uint_eq(a.v[i].bytes, b.v[i].bytes);
		ck_assert_uint_eq(2 * a.v[i].bytes, c.v[i].bytes);
	}
	lw_histo_free(&a);
	lw_histo_free(&b);
	lw_histo_free(&c);
	free(crlf);
	free(text);
}
END_TEST

/*
 * Cut the text at every byte: only a cut after the last digit of the
 * Total line may succeed.  A cut inside the Total's numbers leaves them
 * smaller than the rows, which the parser catches too.
 */
START_TEST(test_histo__parse_every_truncation__einval)
{
	static const char *const	 files[] = { "histo-jdk17.txt",
	    "histo-jdk25.txt" };
	struct lw_histo			 h;
	char				*text;
	size_t				 len, cut, ok, f;
	int				 rc;

	for (f = 0; f < LW_NELEM(files); f++) {
		text = fixture(files[f], &len);
		ok = len - 1;		/* all but the final newline */
		for (cut = 0; cut <= len; cut++) {
			lw_histo_init(&h);
			rc = parse_exact(&h, text, cut);
			if (rc != (cut >= ok ? 0 : LW_ERR_INVAL))
				ck_abort_msg("%s cut at %zu: rc %d", files[f],
				    cut, rc);
			lw_histo_free(&h);
		}
		free(text);
	}
}
END_TEST

/* -- parse: synthetic text ---------------------------------------------- */

struct histo_case {
	const char	*text;
	size_t		 len;	/* 0: strlen(text) */
	int		 rc;
	size_t		 n;	/* entries after a successful parse */
};

static const struct histo_case histo_texts[] = {
	/* The grammar. */
	{ HDR "Total 0 0\n", 0, 0, 0 },
	{ HDR "   1:  1  16  Foo\nTotal 1 16\n", 0, 0, 1 },
	{ "123:\n" HDR "   1:  1  16  Foo\nTotal 1 16\n", 0, 0, 1 },
	{ "\n\n123:\n" HDR "Total 0 0", 0, 0, 0 },
	{ "123:  \r\n" HDR "Total 0 0\r\n\r\n  \n", 0, 0, 0 },
	{ " num     #instances         #bytes  class name\n"	/* JDK 8 */
	  "----------------------------------------------\n"
	  "   1:  1  16  Foo\nTotal 1 16\n", 0, 0, 1 },
	{ HDR "\t1:\t1\t16\tFoo\t(m)\t\nTotal\t1\t16\t\n", 0, 0, 1 },
	{ HDR "   1:  1  16  Foo\n   2:  1  16  Foo (m)\nTotal 9 99\n", 0, 0,
	  1 },
	{ HDR "   1:  0  0  Foo\nTotal 0 0\n", 0, 0, 1 },
	{ HDR "1:1 16 Foo\nTotal 1 16\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  00001  016  Foo\nTotal 1 16\n", 0, 0, 1 },
	/* Missing or misplaced pieces. */
	{ "", 0, LW_ERR_INVAL, 0 },
	{ "\n", 0, LW_ERR_INVAL, 0 },
	{ HDR, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\n", 0, LW_ERR_INVAL, 0 },
	{ "-----\n   1:  1  16  Foo\nTotal 1 16\n", 0, LW_ERR_INVAL, 0 },
	{ " num     #instances         #bytes  class name (module)\n"
	  "   1:  1  16  Foo\nTotal 1 16\n", 0, LW_ERR_INVAL, 0 },
	{ " num     #instances         #bytes  class name (module)\n\n"
	  "-----\nTotal 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ "123:\n123:\n" HDR "Total 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "123:\nTotal 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ "-123:\n" HDR "Total 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ "123: x\n" HDR "Total 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ HDR HDR "Total 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\n\n   2:  1  16  Bar\nTotal 2 32\n", 0,
	  LW_ERR_INVAL, 0 },
	{ HDR "Total 0 0\nTotal 0 0\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 0 0\n   1:  1  16  Foo\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 0 0\ngarbage", 0, LW_ERR_INVAL, 0 },
	{ "Error: java.lang.IllegalArgumentException\n", 0, LW_ERR_INVAL, 0 },
	{ " num  #instances #bytes class name (module) extra\n-\nTotal 0 0\n",
	  0, LW_ERR_INVAL, 0 },
	{ " num  #instances #bytes class names\n-\nTotal 0 0\n", 0,
	  LW_ERR_INVAL, 0 },
	{ HDR "--\nTotal 0 0\n", 0, LW_ERR_INVAL, 0 },
	/* The Total line. */
	{ HDR "   1:  1  16  Foo\nTotal 0 16\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\nTotal 1 15\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 1\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 1 2 3\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 1 2x\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Totals 1 2\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total -1 2\n", 0, LW_ERR_INVAL, 0 },
	{ HDR "Total 1 18446744073709551616\n", 0, LW_ERR_RANGE, 0 },
	{ HDR "Total 99999999999999999999999999999999 0\n", 0, LW_ERR_RANGE,
	  0 },
	/* Rows. */
	{ HDR "   1:  1  16\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  \n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1  1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1 :  1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   x:  1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "    :  1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  -1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  +1  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1a  16  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  1.5  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  0x10  Foo\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo (java.base\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo java.base)\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo ()\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo (a) (b)\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo (a)x\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo Bar\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  [X\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  [Ljava.lang.String\n" TOTMAX, 0, LW_ERR_INVAL,
	  0 },
	{ HDR "   1:  1  16  L;\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Fo\001o\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Fo\ro\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Fo\177o\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo (m\033)\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\r\r\n" TOTMAX, 0, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\0\n" TOTMAX, sizeof(HDR) + sizeof(TOTMAX) +
	  17, LW_ERR_INVAL, 0 },
	{ HDR "   1:  1  16  Foo\n" TOTMAX "\0", sizeof(HDR) +
	  sizeof(TOTMAX) + 17, LW_ERR_INVAL, 0 },
	/* Numbers at and past the limit. */
	{ HDR "   1:  " UMAX "  " UMAX "  Foo\n" TOTMAX, 0, 0, 1 },
	{ HDR "   1:  18446744073709551616  1  Foo\n" TOTMAX, 0, LW_ERR_RANGE,
	  0 },
	{ HDR "   1:  1  18446744073709551616  Foo\n" TOTMAX, 0, LW_ERR_RANGE,
	  0 },
	{ HDR "   1:  1  99999999999999999999999999999  Foo\n" TOTMAX, 0,
	  LW_ERR_RANGE, 0 },
	{ HDR "   18446744073709551616:  1  1  Foo\n" TOTMAX, 0, LW_ERR_RANGE,
	  0 },
	{ HDR "   1:  " UMAX "  1  Foo\n   2:  1  1  Bar\n" TOTMAX, 0,
	  LW_ERR_RANGE, 0 },
	{ HDR "   1:  1  " UMAX "  Foo\n   2:  1  1  Foo\n" TOTMAX, 0,
	  LW_ERR_RANGE, 0 },
};

START_TEST(test_histo__parse_table__expected_rc)
{
	const struct histo_case	*c = &histo_texts[_i];
	struct lw_histo		 h;
	int			 rc;

	lw_histo_init(&h);
	rc = parse_exact(&h, c->text, c->len > 0 ? c->len : strlen(c->text));
	ck_assert_msg(rc == c->rc, "case %d: rc %d, want %d", _i, rc, c->rc);
	if (rc == 0) {
		ck_assert_uint_eq(h.n, c->n);
		consistent(&h);
	}
	lw_histo_free(&h);
}
END_TEST

START_TEST(test_histo__parse_null__einval)
{
	struct lw_histo	h;

	lw_histo_init(&h);
	ck_assert_int_eq(lw_histo_parse(&h, NULL, 0), LW_ERR_INVAL);
	ck_assert_int_eq(lw_histo_parse(&h, NULL, 10), LW_ERR_INVAL);
	ck_assert_uint_eq(h.n, 0);
	lw_histo_free(&h);
}
END_TEST

/* Build HDR + one row with a name of n bytes + a Total line. */
static char *
longrow(size_t n, size_t *lenp)
{
	char	*t, *p;
	size_t	 max;

	max = sizeof(HDR) + 32 + n + sizeof(TOTMAX) + 1;
	t = malloc(max);
	ck_assert_ptr_nonnull(t);
	p = t;
	p += snprintf(p, max, "%s   1:  1  16  ", HDR);
	memset(p, 'a', n);
	p += n;
	p += snprintf(p, max - (size_t)(p - t), " (mod)\n%s", TOTMAX);
	*lenp = (size_t)(p - t);
	return (t);
}

/* Names past the stack buffer take the heap; past any class name, fail. */
START_TEST(test_histo__parse_long_names__bounded)
{
	struct lw_histo	 h;
	char		*t;
	size_t		 len;

	lw_histo_init(&h);
	t = longrow(600, &len);
	ck_assert_int_eq(parse_exact(&h, t, len), 0);
	ck_assert_uint_eq(strlen(h.v[0].name), 600);
	free(t);
	t = longrow(65535 + 19, &len);
	ck_assert_int_eq(parse_exact(&h, t, len), 0);
	ck_assert_uint_eq(h.n, 2);
	free(t);
	t = longrow(65535 + 20, &len);
	ck_assert_int_eq(parse_exact(&h, t, len), LW_ERR_INVAL);
	free(t);
	t = longrow(1 << 20, &len);
	ck_assert_int_eq(parse_exact(&h, t, len), LW_ERR_INVAL);
	free(t);
	ck_assert_uint_eq(h.n, 2);
	lw_histo_free(&h);
}
END_TEST

START_TEST(test_histo__parse_long_name_nomem__enomem)
{
	struct lw_histo	 h;
	char		*t;
	size_t		 len;

	lw_histo_init(&h);
	t = longrow(600, &len);
	lw_test_failalloc(1);
	ck_assert_int_eq(parse_exact(&h, t, len), LW_ERR_NOMEM);
	ck_assert_uint_eq(h.n, 0);
	free(t);
	lw_histo_free(&h);
}
END_TEST

/* A number of thousands of digits is refused without wrapping around. */
START_TEST(test_histo__parse_huge_number__erange)
{
	struct lw_histo	 h;
	char		*t, *p;
	size_t		 max;

	max = sizeof(HDR) + 10000 + 64;
	t = malloc(max);
	ck_assert_ptr_nonnull(t);
	p = t + snprintf(t, max, "%s   1:  ", HDR);
	memset(p, '9', 10000);
	p += 10000;
	p += snprintf(p, max - (size_t)(p - t), "  16  Foo\n" "Total 1 16\n");
	lw_histo_init(&h);
	ck_assert_int_eq(parse_exact(&h, t, (size_t)(p - t)), LW_ERR_RANGE);
	/* 20 digits, 2^64 + 1: wraps to 1 without the check. */
	p = t + snprintf(t, max, "%s   1:  18446744073709551617  16  Foo\n"
	    "Total 1 16\n", HDR);
	ck_assert_int_eq(parse_exact(&h, t, (size_t)(p - t)), LW_ERR_RANGE);
	ck_assert_uint_eq(h.n, 0);
	lw_histo_free(&h);
	free(t);
}
END_TEST

/*
 * A cheap stand-in for the fuzzer: random byte changes to a real text
 * must give 0, LW_ERR_INVAL or LW_ERR_RANGE and a consistent census; ASan
 * and valgrind runs of this catch out-of-bounds reads.
 */
START_TEST(test_histo__parse_mutations__no_crash)
{
	static const char	 alphabet[] = "0123456789 :\t\r\n-[L;()/.+xT";
	struct lw_histo		 h;
	char			*text, *copy;
	size_t			 len, i, k;
	uint32_t		 seed = 12345;
	int			 rc, iter, nok = 0;

	text = fixture("histo-jdk25.txt", &len);
	copy = malloc(len);
	ck_assert_ptr_nonnull(copy);
	for (iter = 0; iter < 1000; iter++) {
		memcpy(copy, text, len);
		for (k = 0; k < 1 + (size_t)iter % 4; k++) {
			seed = seed * 1103515245 + 12345;
			i = (seed >> 8) % len;
			seed = seed * 1103515245 + 12345;
			copy[i] = (seed >> 16) % 4 == 0 ? (char)(seed >> 8) :
			    alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
		}
		seed = seed * 1103515245 + 12345;
		lw_histo_init(&h);
		rc = lw_histo_parse(&h, copy, len - (seed >> 8) % 3);
		if (rc != 0 && rc != LW_ERR_INVAL && rc != LW_ERR_RANGE)
			ck_abort_msg("iteration %d: rc %d", iter, rc);
		if (rc == 0)
			nok++;
		consistent(&h);
		lw_histo_free(&h);
	}
	ck_assert_int_gt(nok, 0);
	free(copy);
	free(text);
}
END_TEST

Suite *
lw_histo_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("histo");

	tc = tcase_create("census");
	tcase_add_test(tc, test_histo__init__empty_without_allocation);
	tcase_add_test(tc, test_histo__add__stores_source_form);
	tcase_add_test(tc, test_histo__same_class_two_forms__merges);
	tcase_add_test(tc, test_histo__same_name_two_loaders__merges);
	tcase_add_test(tc, test_histo__bad_name__einval_unchanged);
	tcase_add_test(tc, test_histo__total_overflow__erange_unchanged);
	tcase_add_test(tc, test_histo__many_classes__grows_and_merges);
	tcase_add_test(tc, test_histo__long_name__stored_and_merged);
	tcase_add_test(tc, test_histo__free__reusable);
	suite_add_tcase(s, tc);

	tc = tcase_create("alloc");
	tcase_add_test(tc, test_histo__first_add_nomem__enomem_unchanged);
	tcase_add_test(tc, test_histo__merge__no_allocation);
	tcase_add_test(tc, test_histo__nth_alloc_fails__consistent);
	tcase_add_test(tc, test_histo__long_name_nomem__enomem_no_leak);
	tcase_add_test(tc, test_histo__parse_nth_alloc_fails__enomem_then_ok);
	tcase_add_test(tc, test_histo__parse_long_name_nomem__enomem);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_histo__parse_jdk17__rows_in_source_form);
	tcase_add_test(tc, test_histo__parse_jdk25__rows_in_source_form);
	tcase_add_test(tc, test_histo__parse_twice__adds_up);
	tcase_add_test(tc, test_histo__parse_mbean_form__same_as_jcmd);
	tcase_add_test(tc, test_histo__parse_crlf_and_no_final_newline__same);
	tcase_add_loop_test(tc, test_histo__parse_table__expected_rc, 0,
	    LW_NELEM(histo_texts));
	tcase_add_test(tc, test_histo__parse_null__einval);
	tcase_add_test(tc, test_histo__parse_long_names__bounded);
	tcase_add_test(tc, test_histo__parse_huge_number__erange);
	suite_add_tcase(s, tc);

	/*
	 * Every-prefix and mutation runs parse a few thousand texts; under
	 * valgrind (make valgrind) that takes seconds, past Check's default.
	 */
	tc = tcase_create("robustness");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_histo__parse_every_truncation__einval);
	tcase_add_test(tc, test_histo__parse_mutations__no_crash);
	suite_add_tcase(s, tc);

	return (s);
}
