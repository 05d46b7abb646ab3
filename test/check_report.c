/*
 * leakwatch - check_report.c
 *
 * Pins the log line format (README "Log format"), which people read with
 * tail -f and programs parse: every record type report.c writes (START,
 * HEAP, CENSUS, SUSPECT with its continuation line, DUMP, OOM, STOP) and
 * the diagnostics (ERROR, WARN, INFO, DEBUG), field by field and in
 * order; the escaping of odd class names and paths (stravis: no space, '='
 * or '"' inside a value); and the line length limit (LW_LOG_LINE, a longer
 * record cut with "...").  The log is pointed at a file in a temporary
 * directory and read back.  A change here is a change of the format that
 * log readers depend on: say so in the README.
 */
#include <sys/types.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "dump.h"
#include "log.h"
#include "lw.h"
#include "report.h"
#include "suspect.h"
#include "trend.h"
#include "lwtest.h"

#define REPORT_MAXLINES	16

static char	rdir[256];
static char	rpath[512];
static char	rbuf[8 * LW_LOG_LINE];
static char	*rline[REPORT_MAXLINES];
static int	 rnlines;

static void
report_open(int level)
{
	ck_assert_int_eq(lw_log_open(rpath, level), 0);
}

static void
report_setup(void)
{
	strlcpy(rdir, "/tmp/lw-check-report.XXXXXX", sizeof(rdir));
	ck_assert_ptr_nonnull(mkdtemp(rdir));
	snprintf(rpath, sizeof(rpath), "%s/lw.log", rdir);
	report_open(LW_LEVEL_INFO);
}

/* Back to stderr (CK_FORK=no runs every suite in one process). */
static void
report_teardown(void)
{
	(void)lw_log_open(NULL, LW_LEVEL_INFO);
	(void)unlink(rpath);
	(void)rmdir(rdir);
}

/*
 * Read the log back and split it into lines (newlines dropped).  Every
 * line must end with a newline: the log never writes half a line.
 */
static void
report_read(void)
{
	ssize_t	n;
	char	*p, *nl;
	int	fd;

	ck_assert_int_ne(fd = open(rpath, O_RDONLY | O_CLOEXEC), -1);
	n = read(fd, rbuf, sizeof(rbuf) - 1);
	close(fd);
	ck_assert_int_ge(n, 0);
	ck_assert_int_lt(n, (ssize_t)sizeof(rbuf) - 1);
	rbuf[n] = '\0';
	ck_assert(n == 0 || rbuf[n - 1] == '\n');
	rnlines = 0;
	for (p = rbuf; *p != '\0'; p = nl + 1) {
		ck_assert_int_lt(rnlines, REPORT_MAXLINES);
		ck_assert_ptr_nonnull(nl = strchr(p, '\n'));
		*nl = '\0';
		rline[rnlines++] = p;
	}
}

/*
 * Line i after its "2026-11-26T17:31:31.180Z " prefix, checked character
 * by character: UTC, milliseconds, a 'Z'.
 */
static const char *
report_body(int i)
{
	static const char	 pat[] = "dddd-dd-ddTdd:dd:dd.dddZ ";
	const char		*l;
	size_t			 k;

	ck_assert_int_lt(i, rnlines);
	l = rline[i];
	for (k = 0; k < sizeof(pat) - 1; k++) {
		if (pat[k] == 'd')
			ck_assert_msg(l[k] >= '0' && l[k] <= '9',
			    "line %d: no timestamp: %s", i, l);
		else
			ck_assert_msg(l[k] == pat[k],
			    "line %d: no timestamp: %s", i, l);
	}
	return (l + k);
}

/* The key=value tail: no value holds a space outside "...". */
static void
report_kv_clean(const char *body, const char *first_key)
{
	const char	*p;
	int		 quoted = 0;

	ck_assert_ptr_nonnull(p = strstr(body, first_key));
	for (; *p != '\0'; p++) {
		if (*p == '"' && p[-1] != '\\')
			quoted = !quoted;
		else if (*p == ' ' && !quoted)
			ck_assert_msg(strchr(p + 1, '=') != NULL &&
			    (strchr(p + 1, ' ') == NULL ||
			    strchr(p + 1, '=') < strchr(p + 1, ' ') ||
			    strchr(p + 1, '"') < strchr(p + 1, ' ')),
			    "a token without '=' in %s", body);
	}
	ck_assert_int_eq(quoted, 0);
}

/* -- records ----------------------------------------------------------- */

START_TEST(test_report__start__sentence_then_fields)
{
	char	want[1024];

	lw_report_start("17.0.21.1", "G1 Young Generation,G1 Old Generation",
	    "G1 Old Gen", 134217728, "histogram", "/var/tmp/lw", 80.0,
	    300000);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	snprintf(want, sizeof(want), "START leakwatch %s watching pid %ld, "
	    "JDK 17.0.21.1, heap max 128MiB, collectors G1 Young Generation,"
	    "G1 Old Generation version=%s pid=%ld jdk=17.0.21.1 "
	    "max=134217728 collectors=G1 Young Generation,G1 Old Generation "
	    "oldpool=\"G1 Old Gen\" census=histogram dumpdir=/var/tmp/lw "
	    "threshold=80.0 lead_s=300 log=%s", LW_VERSION, (long)getpid(),
	    LW_VERSION, (long)getpid(), rpath);
	ck_assert_str_eq(report_body(0), want);
}
END_TEST

/* The README's example line, from the demo on JDK 17. */
START_TEST(test_report__heap_growing__readme_line)
{
	struct lw_trend_fit	f = { 0 };

	f.valid = 1;
	f.npoints = 12;
	f.span_ms = 24000;
	f.floor = 60000000;		/* the observed floor wins */
	f.slope_bpm = 154938438;
	f.conf = 1.0;
	f.tto_s = 27;
	f.growing = 1;
	lw_report_heap(&f, 0, 64265945, 134217728, 64929952, 13);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	ck_assert_str_eq(report_body(0), "HEAP floor 61.3MiB (47.9% of "
	    "128MiB), +148MiB/min, OOM in ~27s floor=64265945 max=134217728 "
	    "pct=47.9 used=64929952 growth_bpm=154938438 tto_s=27 conf=1.00 "
	    "growing=1 points=12 span_s=24 source=all gcs=13");
	report_kv_clean(report_body(0), "floor=");
}
END_TEST

START_TEST(test_report__heap_not_known__fitted_floor_tto_minus_one)
{
	struct lw_trend_fit	f = { 0 };

	f.floor = 1048576;
	f.slope_bpm = 5000;
	f.tto_s = 100;			/* not growing: reported as -1 */
	lw_report_heap(&f, 1, 0, 4194304, 2097152, 2);
	report_read();
	ck_assert_str_eq(report_body(0), "HEAP floor 1.0MiB (25.0% of "
	    "4.0MiB), trend not known yet floor=1048576 max=4194304 "
	    "pct=25.0 used=2097152 growth_bpm=5000 tto_s=-1 conf=0.00 "
	    "growing=0 points=0 span_s=0 source=old gcs=2");
}
END_TEST

START_TEST(test_report__heap_shrinking__not_growing_signed)
{
	struct lw_trend_fit	f = { 0 };

	f.valid = 1;
	f.npoints = 5;
	f.span_ms = 61500;
	f.slope_bpm = -2097152;
	f.conf = 0.25;
	f.tto_s = -1;
	lw_report_heap(&f, 1, 3145728, 8388608, 4194304, 40);
	report_read();
	ck_assert_str_eq(report_body(0), "HEAP floor 3.0MiB (37.5% of "
	    "8.0MiB), not growing (-2.0MiB/min) floor=3145728 max=8388608 "
	    "pct=37.5 used=4194304 growth_bpm=-2097152 tto_s=-1 conf=0.25 "
	    "growing=0 points=5 span_s=62 source=old gcs=40");
}
END_TEST

/* A fit past the limit near the end: the floor is held at max. */
START_TEST(test_report__heap_fit_past_max__clamped)
{
	struct lw_trend_fit	f = { 0 };

	f.valid = 1;
	f.floor = 9e9;
	f.slope_bpm = 1e6;
	f.conf = 1;
	f.tto_s = 0;
	f.growing = 1;
	lw_report_heap(&f, 1, 0, 1073741824, 1073741824, 7);
	report_read();
	ck_assert_ptr_nonnull(strstr(report_body(0), "HEAP floor 1.0GiB "
	    "(100.0% of 1.0GiB), +977KiB/min, OOM in ~0s floor=1073741824 "
	    "max=1073741824 pct=100.0 "));
}
END_TEST

/* Debug level only: the census cost is noise at info. */
START_TEST(test_report__census__debug_only)
{
	lw_report_census("histogram", 1234, 56789, 987654, 12.345);
	report_read();
	ck_assert_int_eq(rnlines, 0);
	report_open(LW_LEVEL_DEBUG);
	lw_report_census("heapwalk", 1234, 56789, 987654, 12.345);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	ck_assert_str_eq(report_body(0), "CENSUS heapwalk: 1234 classes, "
	    "56789 objects in 12.3 ms how=heapwalk classes=1234 "
	    "objects=56789 bytes=987654 pause_ms=12.35");
}
END_TEST

static void
report_suspect(struct lw_suspect *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	strlcpy(s->name, name, sizeof(s->name));
	s->count = 816080;
	s->bytes = 32643200;
	s->growth_bpm = 80637963;
	s->share = 0.52;
	s->consistency = 1.0;
	s->censuses = 8;
}

/* The README's example, then a second rank without anything known. */
START_TEST(test_report__suspects_plain__readme_line_ranks)
{
	struct lw_suspect	s[2];

	report_suspect(&s[0], "catleak.DefaultEvent");
	report_suspect(&s[1], "byte[]");
	s[1].count = 114436;
	s[1].bytes = 5810328;
	s[1].growth_bpm = 12902036;
	s[1].share = 0.08;
	lw_report_suspects(s, NULL, 2);
	report_read();
	ck_assert_int_eq(rnlines, 2);
	ck_assert_str_eq(report_body(0), "SUSPECT #1 catleak.DefaultEvent "
	    "+76.9MiB/min (52% of growth), 816080 instances, 31.1MiB rank=1 "
	    "class=catleak.DefaultEvent instances=816080 bytes=32643200 "
	    "growth_bpm=80637963 share=0.52 consistency=1.00 censuses=8");
	ck_assert_str_eq(report_body(1), "SUSPECT #2 byte[] +12.3MiB/min (8% "
	    "of growth), 114436 instances, 5.5MiB rank=2 class=byte[] "
	    "instances=114436 bytes=5810328 growth_bpm=12902036 share=0.08 "
	    "consistency=1.00 censuses=8");
}
END_TEST

/*
 * Site and holder: the sentence names them, the fields quote them
 * (spaces kept inside the quotes, a quote escaped), and the stack
 * follows on its own line, indented four spaces, without time or type.
 */
START_TEST(test_report__suspect_site_holder__fields_and_continuation)
{
	struct lw_suspect	s;
	struct lw_suspect_info	x;

	report_suspect(&s, "catleak.DefaultEvent");
	memset(&x, 0, sizeof(x));
	x.site = "catleak.Sender.requeue(Sender.java:42)";
	x.site_share = 0.875;
	x.samples = 128;
	x.trace = "catleak.Sender.requeue(Sender.java:42) < "
	    "catleak.Sender.run(Sender.java:17)";
	x.holder = "catleak.Sender.queue -> java.util.ArrayDeque.elements "
	    "(say \"hi\")";
	x.holder_ms = 41.6;
	lw_report_suspects(&s, &x, 1);
	report_read();
	ck_assert_int_eq(rnlines, 2);
	ck_assert_str_eq(report_body(0), "SUSPECT #1 catleak.DefaultEvent "
	    "+76.9MiB/min (52% of growth), 816080 instances, 31.1MiB, "
	    "allocated at catleak.Sender.requeue(Sender.java:42) (88% of 128 "
	    "live samples), held by catleak.Sender.queue -> "
	    "java.util.ArrayDeque.elements (say \"hi\") rank=1 "
	    "class=catleak.DefaultEvent instances=816080 bytes=32643200 "
	    "growth_bpm=80637963 share=0.52 consistency=1.00 censuses=8 "
	    "site=\"catleak.Sender.requeue(Sender.java:42)\" "
	    "site_share=0.88 samples=128 holder=\"catleak.Sender.queue -> "
	    "java.util.ArrayDeque.elements (say \\\"hi\\\")\" holder_ms=42");
	report_kv_clean(report_body(0), "rank=");
	/* The continuation: no timestamp, no type. */
	ck_assert_str_eq(rline[1], "    #1 catleak.DefaultEvent allocated at "
	    "catleak.Sender.requeue(Sender.java:42) < "
	    "catleak.Sender.run(Sender.java:17)");
}
END_TEST

/* A site known without a stack: no continuation line; nor an empty one. */
START_TEST(test_report__suspect_empty_trace__no_continuation)
{
	struct lw_suspect	s;
	struct lw_suspect_info	x;

	report_suspect(&s, "a.B");
	memset(&x, 0, sizeof(x));
	x.site = "a.B.<init>(B.java:1)";
	x.site_share = 1;
	x.samples = 1;
	lw_report_suspects(&s, &x, 1);
	x.trace = "";
	lw_report_suspects(&s, &x, 1);
	report_read();
	ck_assert_int_eq(rnlines, 2);
	ck_assert_ptr_nonnull(strstr(report_body(0), " site=\"a.B.<init>"
	    "(B.java:1)\" site_share=1.00 samples=1"));
	ck_assert_ptr_null(strstr(report_body(0), "holder"));
	ck_assert_ptr_nonnull(strstr(report_body(1), "SUSPECT #1 "));
}
END_TEST

/*
 * Odd class names (hidden classes, hand-made bytecode, hostile input):
 * space, '=', '"', controls and bytes past ASCII come out as stravis
 * escapes, the same in the sentence and in class=, so a line stays one
 * line and a value never holds a space.
 */
static const struct {
	const char	*name;
	const char	*want;
} report_odd[] = {
	{ "a b", "a\\sb" },
	{ "k=v", "k\\=v" },
	{ "say\"hi\"", "say\\\"hi\\\"" },
	{ "tab\there", "tab\\there" },
	{ "line\nbreak", "line\\nbreak" },
	{ "caf\xc3\xa9", "caf\\303\\251" },
	{ "back\\slash", "back\\\\slash" },
	{ "pkg.Foo$$Lambda/0x0000000800c01234",
	    "pkg.Foo$$Lambda/0x0000000800c01234" },
};

START_TEST(test_report__odd_class_name__escaped)
{
	struct lw_suspect	 s;
	char			 want[512];
	const char		*b;

	report_suspect(&s, report_odd[_i].name);
	lw_report_suspects(&s, NULL, 1);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	b = report_body(0);
	snprintf(want, sizeof(want), "SUSPECT #1 %s +76.9MiB/min",
	    report_odd[_i].want);
	ck_assert_msg(strncmp(b, want, strlen(want)) == 0, "%s", b);
	snprintf(want, sizeof(want), " class=%s instances=",
	    report_odd[_i].want);
	ck_assert_ptr_nonnull(strstr(b, want));
	report_kv_clean(b, "rank=");
}
END_TEST

START_TEST(test_report__dump__readme_line)
{
	struct lw_dump_result	r;

	memset(&r, 0, sizeof(r));
	strlcpy(r.path, "/work/main/out/demo/dumps/"
	    "leakwatch-10300-20261126T173215Z.hprof", sizeof(r.path));
	r.bytes = 178313412;
	r.secs = 0.97;
	lw_report_dump(&r, "threshold", 82.3, 8);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	ck_assert_str_eq(report_body(0), "DUMP wrote /work/main/out/demo/dumps/"
	    "leakwatch-10300-20261126T173215Z.hprof (170MiB in 0.97s) at "
	    "82.3% of max heap, OOM predicted in 8s path=/work/main/out/demo/"
	    "dumps/leakwatch-10300-20261126T173215Z.hprof bytes=178313412 "
	    "secs=0.97 reason=threshold pct=82.3 tto_s=8");
}
END_TEST

/* A dumpdir with a space and an '=': escaped in both places. */
START_TEST(test_report__dump_odd_path__escaped_not_growing)
{
	struct lw_dump_result	r;

	memset(&r, 0, sizeof(r));
	strlcpy(r.path, "/tmp/my dumps/a=b/x.hprof", sizeof(r.path));
	r.bytes = 1024;
	r.secs = 0.004;
	lw_report_dump(&r, "lead", 55.55, -1);
	report_read();
	ck_assert_str_eq(report_body(0), "DUMP wrote "
	    "/tmp/my\\sdumps/a\\=b/x.hprof (1.0KiB in 0.00s) at 55.5% of "
	    "max heap, OOM predicted in never "
	    "path=/tmp/my\\sdumps/a\\=b/x.hprof bytes=1024 secs=0.00 "
	    "reason=lead pct=55.5 tto_s=-1");
	report_kv_clean(report_body(0), "path=");
}
END_TEST

START_TEST(test_report__oom_stop__lines)
{
	lw_report_oom("Java heap space", 3);
	lw_report_oom(NULL, 1);
	lw_report_stop();
	report_read();
	ck_assert_int_eq(rnlines, 3);
	ck_assert_str_eq(report_body(0), "OOM the JVM ran out of Java heap "
	    "(Java heap space) flags=3");
	ck_assert_str_eq(report_body(1), "OOM the JVM ran out of Java heap "
	    "(no description) flags=1");
	ck_assert_str_eq(report_body(2), "STOP VM exiting");
}
END_TEST

/* -- diagnostics -------------------------------------------------------- */

/* The type is the level in capitals; records ignore the level. */
START_TEST(test_report__levels__type_and_threshold)
{
	report_open(LW_LEVEL_WARN);
	lw_log(LW_LEVEL_ERROR, "e %d", 1);
	lw_log(LW_LEVEL_WARN, "w %d", 2);
	lw_log(LW_LEVEL_INFO, "i %d", 3);
	lw_log(LW_LEVEL_DEBUG, "d %d", 4);
	lw_report_stop();
	ck_assert_int_eq(lw_log_enabled(LW_LEVEL_WARN), 1);
	ck_assert_int_eq(lw_log_enabled(LW_LEVEL_INFO), 0);
	report_open(LW_LEVEL_DEBUG);
	lw_log(LW_LEVEL_INFO, "i %d", 5);
	lw_log(LW_LEVEL_DEBUG, "d %d", 6);
	lw_log(LW_LEVEL_DEBUG + 1, "never");
	lw_log(-1, "never");
	report_read();
	ck_assert_int_eq(rnlines, 5);
	ck_assert_str_eq(report_body(0), "ERROR e 1");
	ck_assert_str_eq(report_body(1), "WARN w 2");
	ck_assert_str_eq(report_body(2), "STOP VM exiting");
	ck_assert_str_eq(report_body(3), "INFO i 5");
	ck_assert_str_eq(report_body(4), "DEBUG d 6");
}
END_TEST

/* -- line length -------------------------------------------------------- */

/*
 * The longest line that fits is LW_LOG_LINE bytes with its newline; one
 * byte more and it is cut to end in "...", newline kept.
 */
START_TEST(test_report__line_limit__cut_with_dots)
{
	static char	big[LW_LOG_LINE + 1];
	size_t		fit, head;

	report_read();
	head = strlen("2026-11-26T17:31:31.180Z TEST ");
	fit = LW_LOG_LINE - 1 - head;
	memset(big, 'x', fit + 1);
	big[fit] = '\0';
	lw_log_record("TEST", "%s", big);
	big[fit] = 'y';
	lw_log_record("TEST", "%s", big);
	lw_log_cont("%s%s", big, big);
	report_read();
	ck_assert_int_eq(rnlines, 3);
	ck_assert_uint_eq(strlen(rline[0]), LW_LOG_LINE - 1);
	ck_assert_int_eq(rline[0][LW_LOG_LINE - 2], 'x');
	ck_assert_uint_eq(strlen(rline[1]), LW_LOG_LINE - 2);
	ck_assert_str_eq(rline[1] + LW_LOG_LINE - 6, "x...");
	ck_assert_uint_eq(strlen(rline[2]), LW_LOG_LINE - 2);
	ck_assert_int_eq(strncmp(rline[2], "    xxx", 7), 0);
}
END_TEST

/*
 * The longest holder (struct lw_holder's text, 1023 bytes), every byte
 * escaped to four: too long for the line, so the record is cut, never
 * split.  (Longer input must not be tried: report.c's buffers hold four
 * times the longest text, and libbsd's strsnvis writes a byte past the
 * end when its output does not fit.)
 */
START_TEST(test_report__long_holder__record_cut)
{
	static char		holder[1024];
	struct lw_suspect	s;
	struct lw_suspect_info	x;

	memset(holder, 0xc3, sizeof(holder) - 1);
	report_suspect(&s, "a.B");
	memset(&x, 0, sizeof(x));
	x.holder = holder;
	lw_report_suspects(&s, &x, 1);
	report_read();
	ck_assert_int_eq(rnlines, 1);
	ck_assert_uint_eq(strlen(rline[0]), LW_LOG_LINE - 2);
	ck_assert_ptr_nonnull(strstr(report_body(0), "SUSPECT #1 a.B "));
	ck_assert_str_eq(rline[0] + LW_LOG_LINE - 5, "...");
	ck_assert_ptr_nonnull(strstr(rline[0], " holder=\"\\303\\303"));
}
END_TEST

Suite *
lw_report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc;

	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_report__start__sentence_then_fields);
	tcase_add_test(tc, test_report__heap_growing__readme_line);
	tcase_add_test(tc,
	    test_report__heap_not_known__fitted_floor_tto_minus_one);
	tcase_add_test(tc, test_report__heap_shrinking__not_growing_signed);
	tcase_add_test(tc, test_report__heap_fit_past_max__clamped);
	tcase_add_test(tc, test_report__census__debug_only);
	tcase_add_test(tc, test_report__suspects_plain__readme_line_ranks);
	tcase_add_test(tc,
	    test_report__suspect_site_holder__fields_and_continuation);
	tcase_add_test(tc, test_report__suspect_empty_trace__no_continuation);
	tcase_add_loop_test(tc, test_report__odd_class_name__escaped, 0,
	    (int)LW_NELEM(report_odd));
	tcase_add_test(tc, test_report__dump__readme_line);
	tcase_add_test(tc, test_report__dump_odd_path__escaped_not_growing);
	tcase_add_test(tc, test_report__oom_stop__lines);
	suite_add_tcase(s, tc);

	tc = tcase_create("diagnostics");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_report__levels__type_and_threshold);
	suite_add_tcase(s, tc);

	tc = tcase_create("length");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_report__line_limit__cut_with_dots);
	tcase_add_test(tc, test_report__long_holder__record_cut);
	suite_add_tcase(s, tc);
	return (s);
}
