/*
 * leakwatch - check_opts.c
 *
 * Tests of agent/opts.c: every default parses, every type takes its good
 * values with their units and refuses every class of bad input (empty,
 * junk, trailing junk, negative, overflow, below and above the bounds),
 * the key rules (unknown, abbreviated, repeated, flag with a value, value
 * missing, empty items), the exact error lines, and the help and
 * markdown output including the snprintf-style length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "units.h"
#include "lwtest.h"

#define MS_S	1000ULL
#define MS_M	(60 * MS_S)
#define MS_H	(60 * MS_M)
#define MS_D	(24 * MS_H)
#define KIB	1024ULL
#define MIB	(1024 * KIB)
#define GIB	(1024 * MIB)
#define TIB	(1024 * GIB)

/* Every key, in table order; the help and markdown must list exactly these. */
static const char *const opt_names[] = {
	"help", "log", "loglevel", "dumpdir", "threshold", "lead", "maxdumps",
	"dumpinterval", "reserve", "census", "pausebudget", "maxpause",
	"interval", "window", "minspan", "top", "sampling", "stackdepth",
	"holder", "trace"
};

/* An LW_ASSERT in opts.c (a bound or default that does not parse). */
static void
opts_assert_hook(const char *file, int line, const char *cond)
{
	ck_abort_msg("LW_ASSERT(%s) at %s:%d", cond, file, line);
}

static void
opts_setup(void)
{
	lw_assert_set_hook(opts_assert_hook);
}

static void
opts_teardown(void)
{
	lw_assert_set_hook(NULL);
}

/* Field-by-field: struct assignment need not copy padding. */
static void
opts_ck_equal(const struct lw_opts *a, const struct lw_opts *b)
{
	ck_assert_int_eq(a->help, b->help);
	ck_assert_str_eq(a->log, b->log);
	ck_assert_int_eq(a->loglevel, b->loglevel);
	ck_assert_str_eq(a->dumpdir, b->dumpdir);
	ck_assert_double_eq(a->threshold, b->threshold);
	ck_assert_uint_eq(a->lead_ms, b->lead_ms);
	ck_assert_int_eq(a->maxdumps, b->maxdumps);
	ck_assert_uint_eq(a->dumpinterval_ms, b->dumpinterval_ms);
	ck_assert_uint_eq(a->reserve, b->reserve);
	ck_assert_int_eq(a->census, b->census);
	ck_assert_double_eq(a->pausebudget, b->pausebudget);
	ck_assert_uint_eq(a->maxpause_ms, b->maxpause_ms);
	ck_assert_uint_eq(a->interval_ms, b->interval_ms);
	ck_assert_uint_eq(a->window_ms, b->window_ms);
	ck_assert_uint_eq(a->minspan_ms, b->minspan_ms);
	ck_assert_int_eq(a->top, b->top);
	ck_assert_uint_eq(a->sampling, b->sampling);
	ck_assert_int_eq(a->stackdepth, b->stackdepth);
	ck_assert_int_eq(a->holder, b->holder);
}

/* The documented defaults, written out independently of the table. */
START_TEST(test_opts__defaults__documented_values)
{
	struct lw_opts	o;

	memset(&o, 0xa5, sizeof(o));
	lw_opts_defaults(&o);
	ck_assert_int_eq(o.help, 0);
	ck_assert_str_eq(o.log, "");
	ck_assert_int_eq(o.loglevel, LW_LEVEL_INFO);
	ck_assert_str_eq(o.dumpdir, ".");
	ck_assert_double_eq(o.threshold, 80.0);
	ck_assert_uint_eq(o.lead_ms, 5 * MS_M);
	ck_assert_int_eq(o.maxdumps, 1);
	ck_assert_uint_eq(o.dumpinterval_ms, 10 * MS_M);
	ck_assert_uint_eq(o.reserve, 64 * MIB);
	ck_assert_int_eq(o.census, LW_CENSUS_HISTOGRAM);
	ck_assert_double_eq(o.pausebudget, 1.0);
	ck_assert_uint_eq(o.maxpause_ms, 1 * MS_S);
	ck_assert_uint_eq(o.interval_ms, 30 * MS_S);
	ck_assert_uint_eq(o.window_ms, 10 * MS_M);
	ck_assert_uint_eq(o.minspan_ms, 20 * MS_S);
	ck_assert_int_eq(o.top, 5);
	ck_assert_uint_eq(o.sampling, 512 * KIB);
	ck_assert_int_eq(o.stackdepth, 16);
	ck_assert_int_eq(o.holder, 1);
}
END_TEST

/* NULL, "" and nothing but commas all mean "the defaults". */
START_TEST(test_opts__null_empty_commas__defaults)
{
	static const char *const in[] = { NULL, "", ",", ",,,", "" };
	struct lw_opts	def, o;
	char		err[256];
	size_t		i;

	lw_opts_defaults(&def);
	for (i = 0; i < LW_NELEM(in); i++) {
		memset(&o, 0x5a, sizeof(o));
		strlcpy(err, "stale", sizeof(err));
		ck_assert_int_eq(lw_opts_parse(&o, in[i], err, sizeof(err)),
		    0);
		ck_assert_str_eq(err, "");
		opts_ck_equal(&o, &def);
	}
}
END_TEST

/*
 * Every default shown in the README table, given back as "key=default",
 * parses to the default: the documentation and the parser agree.
 */
START_TEST(test_opts__markdown_defaults__parse)
{
	struct lw_opts	 def, o;
	char		 md[8192], in[256], err[256], name[64], val[64];
	char		*line, *next;
	int		 rows;

	lw_opts_defaults(&def);
	ck_assert_uint_lt(lw_opts_markdown(md, sizeof(md)), sizeof(md));
	rows = 0;
	for (line = md; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next++ = '\0';
		if (sscanf(line, "| `%63[^`]` | %*[^|] | `%63[^`]` |", name,
		    val) != 2)
			continue;
		snprintf(in, sizeof(in), "%s=%s", name, val);
		ck_assert_msg(lw_opts_parse(&o, in, err, sizeof(err)) == 0,
		    "%s: %s", in, err);
		opts_ck_equal(&o, &def);
		rows++;
	}
	/*
	 * All but help (no value), log (default shown as "stderr") and
	 * trace (default shown as "none").
	 */
	ck_assert_int_eq(rows, (int)LW_NELEM(opt_names) - 3);
}
END_TEST

/* Good values: which field, how to read it, what it must hold. */
enum good_kind { G_U64, G_I64, G_DBL, G_INT, G_STR };
static const struct good {
	const char	*in;
	enum good_kind	 kind;
	size_t		 off;
	uint64_t	 u;		/* G_U64, G_I64, G_INT */
	double		 d;		/* G_DBL */
	const char	*s;		/* G_STR */
} goods[] = {
#define OFF(f)		offsetof(struct lw_opts, f)
#define U(in, f, v)	{ in, G_U64, OFF(f), v, 0, NULL }
#define I(in, f, v)	{ in, G_I64, OFF(f), v, 0, NULL }
#define N(in, f, v)	{ in, G_INT, OFF(f), v, 0, NULL }
#define D(in, f, v)	{ in, G_DBL, OFF(f), 0, v, NULL }
#define S(in, f, v)	{ in, G_STR, OFF(f), 0, 0, v }
	N("help", help, 1),
	S("log=/tmp/lw.log", log, "/tmp/lw.log"),
	S("log=relative/x y.log", log, "relative/x y.log"),
	S("log=/a=b", log, "/a=b"),
	S("trace=/tmp/run.trace", trace, "/tmp/run.trace"),
	N("loglevel=error", loglevel, LW_LEVEL_ERROR),
	N("loglevel=warn", loglevel, LW_LEVEL_WARN),
	N("loglevel=info", loglevel, LW_LEVEL_INFO),
	N("loglevel=debug", loglevel, LW_LEVEL_DEBUG),
	S("dumpdir=/var/tmp", dumpdir, "/var/tmp"),
	S("dumpdir=.", dumpdir, "."),
	D("threshold=85%", threshold, 85.0),
	D("threshold=85", threshold, 85.0),
	D("threshold=1", threshold, 1.0),
	D("threshold=99%", threshold, 99.0),
	D("threshold=99.0", threshold, 99.0),
	D("threshold=50.5%", threshold, 50.5),
	D("threshold=080", threshold, 80.0),
	D("pausebudget=0.5%", pausebudget, 0.5),
	D("pausebudget=0.1", pausebudget, 0.1),
	D("pausebudget=0.10%", pausebudget, 0.1),
	D("pausebudget=50%", pausebudget, 50.0),
	U("lead=0", lead_ms, 0),
	U("lead=0ms", lead_ms, 0),
	U("lead=500ms", lead_ms, 500),
	U("lead=90", lead_ms, 90 * MS_S),
	U("lead=30s", lead_ms, 30 * MS_S),
	U("lead=5m", lead_ms, 5 * MS_M),
	U("lead=2h", lead_ms, 2 * MS_H),
	U("lead=1d", lead_ms, MS_D),
	U("lead=30d", lead_ms, 30 * MS_D),
	U("lead=720h", lead_ms, 30 * MS_D),
	U("dumpinterval=0", dumpinterval_ms, 0),
	U("dumpinterval=1h", dumpinterval_ms, MS_H),
	U("maxpause=1ms", maxpause_ms, 1),
	U("maxpause=60s", maxpause_ms, 60 * MS_S),
	U("maxpause=60000ms", maxpause_ms, 60 * MS_S),
	U("maxpause=1m", maxpause_ms, 60 * MS_S),
	U("interval=1s", interval_ms, MS_S),
	U("interval=1000ms", interval_ms, MS_S),
	U("interval=1d", interval_ms, MS_D),
	U("window=10s", window_ms, 10 * MS_S),
	U("window=7d", window_ms, 7 * MS_D),
	U("minspan=1s", minspan_ms, MS_S),
	U("minspan=1d", minspan_ms, MS_D),
	U("reserve=0", reserve, 0),
	U("reserve=4096", reserve, 4096),
	U("reserve=512b", reserve, 512),
	U("reserve=16k", reserve, 16 * KIB),
	U("reserve=64m", reserve, 64 * MIB),
	U("reserve=64M", reserve, 64 * MIB),
	U("reserve=2g", reserve, 2 * GIB),
	U("reserve=1024g", reserve, TIB),
	U("reserve=1t", reserve, TIB),
	U("reserve=010", reserve, 10),
	N("census=histogram", census, LW_CENSUS_HISTOGRAM),
	N("census=heapwalk", census, LW_CENSUS_HEAPWALK),
	N("census=off", census, LW_CENSUS_OFF),
	I("maxdumps=0", maxdumps, 0),
	I("maxdumps=1000", maxdumps, 1000),
	I("maxdumps=007", maxdumps, 7),
	I("top=1", top, 1),
	I("top=50", top, 50),
	U("sampling=0", sampling, 0),
	U("sampling=64k", sampling, 64 * KIB),
	U("sampling=1g", sampling, GIB),
	I("stackdepth=1", stackdepth, 1),
	I("stackdepth=64", stackdepth, 64),
	N("holder=off", holder, 0),
	N("holder=on", holder, 1),
#undef OFF
#undef U
#undef I
#undef N
#undef D
#undef S
};

START_TEST(test_opts__good_value__parses)
{
	const struct good	*g = &goods[_i];
	struct lw_opts		 o;
	const char		*f;
	char			 err[256];

	ck_assert_msg(lw_opts_parse(&o, g->in, err, sizeof(err)) == 0,
	    "%s: %s", g->in, err);
	ck_assert_str_eq(err, "");
	f = (const char *)&o + g->off;
	switch (g->kind) {
	case G_U64:
		ck_assert_uint_eq(*(const uint64_t *)(const void *)f, g->u);
		break;
	case G_I64:
		ck_assert_int_eq(*(const int64_t *)(const void *)f,
		    (int64_t)g->u);
		break;
	case G_INT:
		ck_assert_int_eq(*(const int *)(const void *)f, (int)g->u);
		break;
	case G_DBL:
		ck_assert_double_eq(*(const double *)(const void *)f, g->d);
		break;
	case G_STR:
		ck_assert_str_eq(f, g->s);
		break;
	}
}
END_TEST

/* Several options at once, empty items between them. */
START_TEST(test_opts__many_with_empty_items__all_set)
{
	struct lw_opts	o;
	char		err[256];

	ck_assert_int_eq(lw_opts_parse(&o, ",threshold=90,,lead=0,census=off,"
	    "log=/tmp/a.log,dumpdir=/d,maxdumps=3,,", err, sizeof(err)), 0);
	ck_assert_double_eq(o.threshold, 90.0);
	ck_assert_uint_eq(o.lead_ms, 0);
	ck_assert_int_eq(o.census, LW_CENSUS_OFF);
	ck_assert_str_eq(o.log, "/tmp/a.log");
	ck_assert_str_eq(o.dumpdir, "/d");
	ck_assert_int_eq(o.maxdumps, 3);
	/* The rest keep their defaults. */
	ck_assert_int_eq(o.top, 5);
	ck_assert_uint_eq(o.interval_ms, 30 * MS_S);
}
END_TEST

/* The longest path that fits: LW_PATH_MAX - 1 bytes. */
START_TEST(test_opts__path_1023__fits)
{
	struct lw_opts	o;
	char		in[LW_PATH_MAX + 16], err[256];
	size_t		n;

	n = (size_t)snprintf(in, sizeof(in), "dumpdir=");
	memset(in + n, 'd', LW_PATH_MAX - 1);
	in[n + LW_PATH_MAX - 1] = '\0';
	ck_assert_int_eq(lw_opts_parse(&o, in, err, sizeof(err)), 0);
	ck_assert_uint_eq(strlen(o.dumpdir), LW_PATH_MAX - 1);
	ck_assert_str_eq(o.dumpdir, in + n);
}
END_TEST

/*
 * Bad option strings; each must fail with LW_ERR_INVAL and a line that
 * starts with `msg` (a prefix keeps the table short; the exact lines are
 * in bad_lines[] below).
 */
static const struct bad {
	const char	*in;
	const char	*msg;
} bads[] = {
	/* percent */
	{ "threshold=", "bad option threshold=: expected a percentage" },
	{ "threshold", "bad option threshold: expected a percentage" },
	{ "threshold=abc", "bad option threshold=abc:" },
	{ "threshold=85x", "bad option threshold=85x:" },
	{ "threshold=85%%", "bad option threshold=85%%:" },
	{ "threshold=85 ", "bad option threshold=85 :" },
	{ "threshold= 85", "bad option threshold= 85:" },
	{ "threshold=+85", "bad option threshold=+85:" },
	{ "threshold=-5", "bad option threshold=-5:" },
	{ "threshold=-5%", "bad option threshold=-5%:" },
	{ "threshold=0", "bad option threshold=0:" },
	{ "threshold=0.99", "bad option threshold=0.99:" },
	{ "threshold=99.5", "bad option threshold=99.5:" },
	{ "threshold=100%", "bad option threshold=100%:" },
	{ "threshold=150%", "bad option threshold=150%:" },
	{ "threshold=99999999999999999999", "bad option threshold=9999" },
	{ "threshold=1e2", "bad option threshold=1e2:" },
	{ "threshold=nan", "bad option threshold=nan:" },
	{ "threshold=inf", "bad option threshold=inf:" },
	{ "threshold=0x50", "bad option threshold=0x50:" },
	{ "threshold=.5", "bad option threshold=.5:" },
	{ "threshold=5.", "bad option threshold=5.:" },
	{ "threshold=8,5", "unknown option 5:" },
	{ "threshold=%", "bad option threshold=%:" },
	{ "pausebudget=0", "bad option pausebudget=0: expected a percentage "
	    "0.1-50" },
	{ "pausebudget=0.09", "bad option pausebudget=0.09:" },
	{ "pausebudget=50.01", "bad option pausebudget=50.01:" },
	/* duration */
	{ "lead=", "bad option lead=: expected a duration 0-30d" },
	{ "lead", "bad option lead: expected a duration 0-30d" },
	{ "lead=5x", "bad option lead=5x:" },
	{ "lead=5 m", "bad option lead=5 m:" },
	{ "lead=5M", "bad option lead=5M:" },
	{ "lead=5mm", "bad option lead=5mm:" },
	{ "lead=m", "bad option lead=m:" },
	{ "lead=1.5h", "bad option lead=1.5h:" },
	{ "lead=-5m", "bad option lead=-5m:" },
	{ "lead=-0", "bad option lead=-0:" },
	{ "lead=31d", "bad option lead=31d:" },
	{ "lead=2592001s", "bad option lead=2592001s:" },
	{ "lead=99999999999999999999", "bad option lead=9999" },
	{ "lead=18446744073709551615s", "bad option lead=1844" },
	{ "lead=1e3", "bad option lead=1e3:" },
	{ "maxpause=0", "bad option maxpause=0: expected a duration 1ms-60s" },
	{ "maxpause=0ms", "bad option maxpause=0ms:" },
	{ "maxpause=61s", "bad option maxpause=61s:" },
	{ "maxpause=60001ms", "bad option maxpause=60001ms:" },
	{ "interval=999ms", "bad option interval=999ms:" },
	{ "interval=25h", "bad option interval=25h:" },
	{ "window=9s", "bad option window=9s:" },
	{ "window=8d", "bad option window=8d:" },
	{ "minspan=0", "bad option minspan=0:" },
	{ "dumpinterval=31d", "bad option dumpinterval=31d:" },
	/* size */
	{ "reserve=", "bad option reserve=: expected a size 0-1t" },
	{ "reserve", "bad option reserve: expected a size 0-1t" },
	{ "reserve=12q", "bad option reserve=12q:" },
	{ "reserve=12mq", "bad option reserve=12mq:" },
	{ "reserve=64mb", "bad option reserve=64mb:" },
	{ "reserve=m", "bad option reserve=m:" },
	{ "reserve= 5", "bad option reserve= 5:" },
	{ "reserve=0x10", "bad option reserve=0x10:" },
	{ "reserve=1.5g", "bad option reserve=1.5g:" },
	{ "reserve=1e3", "bad option reserve=1e3:" },
	{ "reserve=-1", "bad option reserve=-1:" },
	{ "reserve=2t", "bad option reserve=2t:" },
	{ "reserve=1025g", "bad option reserve=1025g:" },
	{ "reserve=1e", "bad option reserve=1e:" },
	{ "reserve=16777216t", "bad option reserve=16777216t:" },
	{ "reserve=99999999999999999999", "bad option reserve=9999" },
	{ "reserve=999999999999999999999999999999999999", "bad option reser" },
	/* integer */
	{ "maxdumps=", "bad option maxdumps=: expected an integer 0-1000" },
	{ "maxdumps=x", "bad option maxdumps=x:" },
	{ "maxdumps=1x", "bad option maxdumps=1x:" },
	{ "maxdumps=1.0", "bad option maxdumps=1.0:" },
	{ "maxdumps= 1", "bad option maxdumps= 1:" },
	{ "maxdumps=+1", "bad option maxdumps=+1:" },
	{ "maxdumps=0x1", "bad option maxdumps=0x1:" },
	{ "maxdumps=1e3", "bad option maxdumps=1e3:" },
	{ "maxdumps=-1", "bad option maxdumps=-1:" },
	{ "maxdumps=1001", "bad option maxdumps=1001:" },
	{ "maxdumps=99999999999999999999", "bad option maxdumps=9999" },
	{ "top=0", "bad option top=0: expected an integer 1-50" },
	{ "top=51", "bad option top=51:" },
	{ "stackdepth=0", "bad option stackdepth=0: expected an integer "
	  "1-64" },
	{ "stackdepth=65", "bad option stackdepth=65:" },
	{ "sampling=2g", "bad option sampling=2g: expected a size 0-1g" },
	{ "holder=yes", "bad option holder=yes: expected one of off, on" },
	/* enum */
	{ "census=", "bad option census=: expected one of" },
	{ "census", "bad option census: expected one of" },
	{ "census=foo", "bad option census=foo:" },
	{ "census=Histogram", "bad option census=Histogram:" },
	{ "census=hist", "bad option census=hist:" },
	{ "census=off ", "bad option census=off :" },
	{ "loglevel=verbose", "bad option loglevel=verbose: expected one of "
	    "error, warn, info, debug" },
	/* paths */
	{ "log=", "bad option log=: expected a file path" },
	{ "trace=", "bad option trace=: expected a file path" },
	{ "log", "bad option log: expected a file path" },
	{ "dumpdir=", "bad option dumpdir=: expected a directory path" },
	{ "dumpdir", "bad option dumpdir: expected a directory path" },
	/* flag */
	{ "help=yes", "bad option help=yes: takes no value" },
	{ "help=", "bad option help=: takes no value" },
	/* keys */
	{ "thresold=80%", "unknown option thresold=80%:" },
	{ "thresh=80", "unknown option thresh=80:" },
	{ "threshold80", "unknown option threshold80:" },
	{ "THRESHOLD=80", "unknown option THRESHOLD=80:" },
	{ " threshold=80", "unknown option  threshold=80:" },
	{ "threshold =80", "unknown option threshold =80:" },
	{ "=80", "unknown option =80:" },
	{ "=", "unknown option =:" },
	{ "foo", "unknown option foo:" },
	{ "hel", "unknown option hel:" },
	{ "helpx", "unknown option helpx:" },
	{ "maxdumps=1,maxdumps=2", "duplicate option maxdumps=2:" },
	{ "maxdumps=1,maxdumps=1", "duplicate option maxdumps=1:" },
	{ "help,help", "duplicate option help:" },
	{ "log=/a,top=3,log=/b", "duplicate option log=/b:" },
	/* a bad item after good ones */
	{ "threshold=90,,lead=0,top=99", "bad option top=99:" },
};

START_TEST(test_opts__bad_value__einval)
{
	const struct bad	*b = &bads[_i];
	struct lw_opts		 o, def;
	char			 err[256];

	lw_opts_defaults(&def);
	lw_opts_defaults(&o);
	o.top = 42;		/* untouched on error */
	ck_assert_int_eq(lw_opts_parse(&o, b->in, err, sizeof(err)),
	    LW_ERR_INVAL);
	ck_assert_msg(strncmp(err, b->msg, strlen(b->msg)) == 0,
	    "input \"%s\": got \"%s\", want prefix \"%s\"", b->in, err,
	    b->msg);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_int_eq(o.top, 42);
	o.top = def.top;
	opts_ck_equal(&o, &def);
}
END_TEST

/* Exact error lines, as the JVM user sees them. */
static const struct bad bad_lines[] = {
	{ "threshold=150%",
	  "bad option threshold=150%: expected a percentage 1-99" },
	{ "pausebudget=60",
	  "bad option pausebudget=60: expected a percentage 0.1-50" },
	{ "lead=5x", "bad option lead=5x: expected a duration 0-30d "
	  "(e.g. 500ms, 30s, 5m, 2h)" },
	{ "maxpause=2m", "bad option maxpause=2m: expected a duration "
	  "1ms-60s (e.g. 500ms, 30s, 5m, 2h)" },
	{ "reserve=12q",
	  "bad option reserve=12q: expected a size 0-1t (e.g. 64m, 2g)" },
	{ "maxdumps=-1",
	  "bad option maxdumps=-1: expected an integer 0-1000" },
	{ "maxdumps", "bad option maxdumps: expected an integer 0-1000" },
	{ "census=foo",
	  "bad option census=foo: expected one of histogram, heapwalk, off" },
	{ "loglevel=trace", "bad option loglevel=trace: expected one of "
	  "error, warn, info, debug" },
	{ "log=", "bad option log=: expected a file path" },
	{ "trace=", "bad option trace=: expected a file path" },
	{ "dumpdir=", "bad option dumpdir=: expected a directory path" },
	{ "help=yes", "bad option help=yes: takes no value" },
	{ "thresold=80%",
	  "unknown option thresold=80%: run with \"help\" for the list" },
	{ "maxdumps=1,maxdumps=2",
	  "duplicate option maxdumps=2: each option may be given once" },
	{ "help,help", "duplicate option help: each option may be given once" },
	/* Control bytes are escaped, never printed raw. */
	{ "threshold=8\n0",
	  "bad option threshold=8\\n0: expected a percentage 1-99" },
	{ "census=\033[31mred",
	  "bad option census=\\033[31mred: expected one of histogram, "
	  "heapwalk, off" },
	{ "x\ty=1", "unknown option x\\ty=1: run with \"help\" for the list" },
	/* Long values are cut after 40 bytes. */
	{ "census=0123456789012345678901234567890123456789X",
	  "bad option census=0123456789012345678901234567890123456789...: "
	  "expected one of histogram, heapwalk, off" },
	{ "census=0123456789012345678901234567890123456789",
	  "bad option census=0123456789012345678901234567890123456789: "
	  "expected one of histogram, heapwalk, off" },
	{ "0123456789012345678901234567890123456789012345=1",
	  "unknown option 0123456789012345678901234567890123456789...: "
	  "run with \"help\" for the list" },
};

START_TEST(test_opts__bad_line__exact_message)
{
	const struct bad	*b = &bad_lines[_i];
	struct lw_opts		 o;
	char			 err[512];

	ck_assert_int_eq(lw_opts_parse(&o, b->in, err, sizeof(err)),
	    LW_ERR_INVAL);
	ck_assert_str_eq(err, b->msg);
}
END_TEST

/* The brief's example, spelled out as its own test. */
START_TEST(test_opts__threshold_150__einval)
{
	struct lw_opts	o;
	char		err[256];

	ck_assert_int_eq(lw_opts_parse(&o, "threshold=150%", err,
	    sizeof(err)), LW_ERR_INVAL);
	ck_assert_str_eq(err,
	    "bad option threshold=150%: expected a percentage 1-99");
}
END_TEST

/* A path of LW_PATH_MAX bytes does not fit; the message quotes 40. */
START_TEST(test_opts__path_1024__einval)
{
	struct lw_opts	o;
	char		in[LW_PATH_MAX + 16], err[256], want[256];
	size_t		n;

	n = (size_t)snprintf(in, sizeof(in), "dumpdir=");
	memset(in + n, 'd', LW_PATH_MAX);
	in[n + LW_PATH_MAX] = '\0';
	ck_assert_int_eq(lw_opts_parse(&o, in, err, sizeof(err)),
	    LW_ERR_INVAL);
	snprintf(want, sizeof(want), "bad option dumpdir=%.40s...: "
	    "expected a path shorter than 1024 bytes", in + n);
	ck_assert_str_eq(err, want);

	/* The same for log=, one byte shorter than dumpdir= ... */
	ck_assert_int_eq(lw_opts_parse(&o, in + 4, err, sizeof(err)),
	    LW_ERR_INVAL);
	ck_assert_str_eq(err, "unknown option dir=ddddddddddddddddddddddddd"
	    "ddddddddddd...: run with \"help\" for the list");
	memcpy(in + 4, "log=", 4);
	ck_assert_int_eq(lw_opts_parse(&o, in + 4, err, sizeof(err)),
	    LW_ERR_INVAL);
	ck_assert_str_eq(err, "bad option log=ddddddddddddddddddddddddddddd"
	    "ddddddddddd...: expected a path shorter than 1024 bytes");
}
END_TEST

/* A short or missing errbuf: the return code still tells, no overflow. */
START_TEST(test_opts__short_errbuf__truncated)
{
	struct lw_opts	o;
	char		err[16];

	memset(err, 'Z', sizeof(err));
	ck_assert_int_eq(lw_opts_parse(&o, "census=foo", err, 11),
	    LW_ERR_INVAL);
	ck_assert_str_eq(err, "bad option");
	ck_assert_int_eq(err[11], 'Z');
	ck_assert_int_eq(lw_opts_parse(&o, "census=foo", NULL, 0),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_opts_parse(&o, "thresold=1", NULL, 0),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_opts_parse(&o, "top=1,top=1", NULL, 0),
	    LW_ERR_INVAL);
	ck_assert_int_eq(lw_opts_parse(&o, "top=1", NULL, 0), 0);
}
END_TEST

/* The caller's string is copied, never written (it is the JVM's). */
START_TEST(test_opts__input__not_modified)
{
	static const char	in[] = "threshold=90,,lead=1m,top=99";
	struct lw_opts		o;
	char			copy[sizeof(in)], err[256];

	memcpy(copy, in, sizeof(in));
	ck_assert_int_eq(lw_opts_parse(&o, copy, err, sizeof(err)),
	    LW_ERR_INVAL);
	ck_assert_mem_eq(copy, in, sizeof(in));
	copy[sizeof(in) - 8] = '\0';	/* "...,lead=1m" */
	ck_assert_int_eq(lw_opts_parse(&o, copy, err, sizeof(err)), 0);
	ck_assert_str_eq(copy, "threshold=90,,lead=1m");
}
END_TEST

/* The value parsers on their own: input, return code, value. */
static const struct vp {
	const char	*in;
	int		 rc;
	uint64_t	 u;
} durations[] = {
	{ "0", 0, 0 },
	{ "1", 0, 1000 },
	{ "1ms", 0, 1 },
	{ "1s", 0, 1000 },
	{ "1m", 0, 60000 },
	{ "1h", 0, 3600000 },
	{ "1d", 0, 86400000 },
	{ "18446744073709551615ms", 0, UINT64_MAX },
	{ "18446744073709551616ms", LW_ERR_RANGE, 0 },
	{ "18446744073709551s", 0, 18446744073709551000ULL },
	{ "18446744073709552s", LW_ERR_RANGE, 0 },
	{ "213503982335d", LW_ERR_RANGE, 0 },
	{ "-1", LW_ERR_RANGE, 0 },
	{ "-1x", LW_ERR_INVAL, 0 },
	{ "", LW_ERR_INVAL, 0 },
	{ "-", LW_ERR_INVAL, 0 },
	{ "s", LW_ERR_INVAL, 0 },
	{ "1 s", LW_ERR_INVAL, 0 },
	{ " 1s", LW_ERR_INVAL, 0 },
	{ "1S", LW_ERR_INVAL, 0 },
	{ "1sec", LW_ERR_INVAL, 0 },
	{ "1w", LW_ERR_INVAL, 0 },
	{ "1.5s", LW_ERR_INVAL, 0 },
	{ "+1s", LW_ERR_INVAL, 0 },
	{ "0x10", LW_ERR_INVAL, 0 },
}, sizes[] = {
	{ "0", 0, 0 },
	{ "1", 0, 1 },
	{ "000", 0, 0 },
	{ "0008k", 0, 8 * KIB },
	{ "1b", 0, 1 },
	{ "1B", 0, 1 },
	{ "1k", 0, KIB },
	{ "1K", 0, KIB },
	{ "1m", 0, MIB },
	{ "1g", 0, GIB },
	{ "1t", 0, TIB },
	{ "1p", 0, 1024 * TIB },
	{ "1e", 0, 1024 * 1024 * TIB },
	{ "15e", 0, 15 * 1024 * 1024 * TIB },
	{ "16e", LW_ERR_RANGE, 0 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "18446744073709551616", LW_ERR_RANGE, 0 },
	{ "99999999999999999999", LW_ERR_RANGE, 0 },
	{ "16777216t", LW_ERR_RANGE, 0 },
	{ "1234567890123456789012345678901234567890", LW_ERR_RANGE, 0 },
	{ "-1", LW_ERR_RANGE, 0 },
	{ "-1q", LW_ERR_INVAL, 0 },
	{ "", LW_ERR_INVAL, 0 },
	{ "k", LW_ERR_INVAL, 0 },
	{ "1kb", LW_ERR_INVAL, 0 },
	{ "1 k", LW_ERR_INVAL, 0 },
	{ "1x", LW_ERR_INVAL, 0 },
	{ "0x1", LW_ERR_INVAL, 0 },
	{ "1.5k", LW_ERR_INVAL, 0 },
	{ "+1", LW_ERR_INVAL, 0 },
};

START_TEST(test_opts__duration__table)
{
	const struct vp	*v = &durations[_i];
	uint64_t	 ms;

	ms = 12345;
	ck_assert_msg(lw_units_duration(v->in, &ms) == v->rc, "\"%s\"", v->in);
	ck_assert_uint_eq(ms, v->rc == 0 ? v->u : 12345);
}
END_TEST

START_TEST(test_opts__size__table)
{
	const struct vp	*v = &sizes[_i];
	uint64_t	 b;

	b = 12345;
	ck_assert_msg(lw_units_size(v->in, &b) == v->rc, "\"%s\"", v->in);
	ck_assert_uint_eq(b, v->rc == 0 ? v->u : 12345);
}
END_TEST

static const struct pp {
	const char	*in;
	int		 rc;
	double		 d;
} percents[] = {
	{ "0", 0, 0.0 },
	{ "85", 0, 85.0 },
	{ "85%", 0, 85.0 },
	{ "0.5%", 0, 0.5 },
	{ "0.25", 0, 0.25 },
	{ "100", 0, 100.0 },
	{ "250%", 0, 250.0 },
	{ "1000000000", 0, 1e9 },
	{ "1.12345678901234567890", 0, 1.12345678901234 },
	{ "1000000001", LW_ERR_RANGE, 0 },
	{ "99999999999999999999999", LW_ERR_RANGE, 0 },
	{ "-1", LW_ERR_RANGE, 0 },
	{ "-0.5%", LW_ERR_RANGE, 0 },
	{ "", LW_ERR_INVAL, 0 },
	{ "%", LW_ERR_INVAL, 0 },
	{ "-", LW_ERR_INVAL, 0 },
	{ ".", LW_ERR_INVAL, 0 },
	{ ".5", LW_ERR_INVAL, 0 },
	{ "5.", LW_ERR_INVAL, 0 },
	{ "5.%", LW_ERR_INVAL, 0 },
	{ "5,5", LW_ERR_INVAL, 0 },
	{ "5%%", LW_ERR_INVAL, 0 },
	{ "5% ", LW_ERR_INVAL, 0 },
	{ "5 %", LW_ERR_INVAL, 0 },
	{ "1e2", LW_ERR_INVAL, 0 },
	{ "nan", LW_ERR_INVAL, 0 },
	{ "inf", LW_ERR_INVAL, 0 },
	{ "0x1p3", LW_ERR_INVAL, 0 },
	{ "+5", LW_ERR_INVAL, 0 },
	{ "1.2.3", LW_ERR_INVAL, 0 },
};

START_TEST(test_opts__percent__table)
{
	const struct pp	*p = &percents[_i];
	double		 d;

	d = -7.0;
	ck_assert_msg(lw_units_percent(p->in, &d) == p->rc, "\"%s\"", p->in);
	if (p->rc == 0)
		ck_assert_double_eq_tol(d, p->d, 1e-9);
	else
		ck_assert_double_eq(d, -7.0);
}
END_TEST

START_TEST(test_opts__null_value__einval)
{
	uint64_t	u;
	double		d;

	ck_assert_int_eq(lw_units_duration(NULL, &u), LW_ERR_INVAL);
	ck_assert_int_eq(lw_units_size(NULL, &u), LW_ERR_INVAL);
	ck_assert_int_eq(lw_units_percent(NULL, &d), LW_ERR_INVAL);
}
END_TEST

/* Header, usage, then each option once, in order, within 79 columns. */
START_TEST(test_opts__help__lists_every_option)
{
	char		 buf[8192], want[256];
	char		*line, *next, *p;
	size_t		 need, i;
	int		 nline;

	need = lw_opts_help(buf, sizeof(buf));
	ck_assert_uint_lt(need, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), need);
	ck_assert_int_eq(buf[need - 1], '\n');
	snprintf(want, sizeof(want), "leakwatch %s - finds Java heap leaks "
	    "before they kill the service\nusage: -agentpath:/path/"
	    "libleakwatch.so=key=value,key=value,...\n", LW_VERSION);
	ck_assert_int_eq(strncmp(buf, want, strlen(want)), 0);

	p = buf + strlen(want);
	for (i = 0; i < LW_NELEM(opt_names); i++) {
		snprintf(want, sizeof(want), "  %s", opt_names[i]);
		ck_assert_msg(strncmp(p, want, strlen(want)) == 0 &&
		    (p[strlen(want)] == '=' || p[strlen(want)] == ' '),
		    "option %s missing or out of order", opt_names[i]);
		/* Skip this option's wrapped continuation lines. */
		do {
			p = strchr(p, '\n');
			ck_assert_ptr_nonnull(p);
			p++;
		} while (strncmp(p, "    ", 4) == 0);
	}
	ck_assert_str_eq(p, "");

	nline = 0;
	for (line = buf; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		ck_assert_msg(next - line <= 79, "line %d is %d columns",
		    nline, (int)(next - line));
		ck_assert_ptr_null(memchr(line, '\t', (size_t)(next - line)));
		next++;
		nline++;
	}
	/* Every valued option shows its default; help has none. */
	ck_assert_ptr_nonnull(strstr(buf, "(default: 80%)"));
	ck_assert_ptr_nonnull(strstr(buf, "(default: stderr)"));
	ck_assert_ptr_nonnull(strstr(buf, "census=histogram|heapwalk|off"));
	ck_assert_ptr_nonnull(strstr(buf, "loglevel=error|warn|info|debug"));
}
END_TEST

/* A header, a separator and one row per option: nothing else. */
START_TEST(test_opts__markdown__one_row_per_option)
{
	char		 buf[8192], want[64];
	char		*line, *next, *c;
	size_t		 need, i;
	int		 pipes;

	need = lw_opts_markdown(buf, sizeof(buf));
	ck_assert_uint_lt(need, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), need);
	ck_assert_int_eq(strncmp(buf, "| option | accepts | default | "
	    "what it does |\n|---|---|---|---|\n", 53), 0);
	line = strchr(buf, '\n') + 1;
	line = strchr(line, '\n') + 1;
	for (i = 0; i < LW_NELEM(opt_names); i++, line = next) {
		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next++ = '\0';
		snprintf(want, sizeof(want), "| `%s` | ", opt_names[i]);
		ck_assert_msg(strncmp(line, want, strlen(want)) == 0,
		    "row %zu: %s", i, line);
		for (pipes = 0, c = line; *c != '\0'; c++)
			pipes += *c == '|';
		ck_assert_int_eq(pipes, 5);
		ck_assert_int_eq(line[strlen(line) - 1], '|');
	}
	ck_assert_str_eq(line, "");
}
END_TEST

/* snprintf convention: the full length back, a NUL within len. */
static void
opts_ck_short(size_t (*fn)(char *, size_t))
{
	char	full[8192], buf[8192];
	size_t	need, len;

	need = fn(full, sizeof(full));
	ck_assert_uint_gt(need, 100);
	ck_assert_uint_eq(fn(NULL, 0), need);
	for (len = 1; len <= need + 1; len += (len < 200 ? 1 : 97)) {
		memset(buf, 'Z', sizeof(buf));
		ck_assert_uint_eq(fn(buf, len), need);
		ck_assert_uint_eq(strlen(buf), len - 1 < need ? len - 1 : need);
		ck_assert_int_eq(strncmp(buf, full, strlen(buf)), 0);
		ck_assert_int_eq(buf[len], 'Z');
	}
	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(fn(buf, need), need);
	ck_assert_uint_eq(strlen(buf), need - 1);
	ck_assert_uint_eq(fn(buf, need + 1), need);
	ck_assert_str_eq(buf, full);
}

START_TEST(test_opts__help_short_buffer__needed_length)
{
	opts_ck_short(lw_opts_help);
}
END_TEST

START_TEST(test_opts__markdown_short_buffer__needed_length)
{
	opts_ck_short(lw_opts_markdown);
}
END_TEST

Suite *
lw_opts_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("opts");

	tc = tcase_create("defaults");
	tcase_add_checked_fixture(tc, opts_setup, opts_teardown);
	tcase_add_test(tc, test_opts__defaults__documented_values);
	tcase_add_test(tc, test_opts__null_empty_commas__defaults);
	tcase_add_test(tc, test_opts__markdown_defaults__parse);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, opts_setup, opts_teardown);
	tcase_add_loop_test(tc, test_opts__good_value__parses, 0,
	    (int)LW_NELEM(goods));
	tcase_add_test(tc, test_opts__many_with_empty_items__all_set);
	tcase_add_test(tc, test_opts__path_1023__fits);
	tcase_add_test(tc, test_opts__input__not_modified);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, opts_setup, opts_teardown);
	tcase_add_loop_test(tc, test_opts__bad_value__einval, 0,
	    (int)LW_NELEM(bads));
	tcase_add_loop_test(tc, test_opts__bad_line__exact_message, 0,
	    (int)LW_NELEM(bad_lines));
	tcase_add_test(tc, test_opts__threshold_150__einval);
	tcase_add_test(tc, test_opts__path_1024__einval);
	tcase_add_test(tc, test_opts__short_errbuf__truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_loop_test(tc, test_opts__duration__table, 0,
	    (int)LW_NELEM(durations));
	tcase_add_loop_test(tc, test_opts__size__table, 0,
	    (int)LW_NELEM(sizes));
	tcase_add_loop_test(tc, test_opts__percent__table, 0,
	    (int)LW_NELEM(percents));
	tcase_add_test(tc, test_opts__null_value__einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_test(tc, test_opts__help__lists_every_option);
	tcase_add_test(tc, test_opts__markdown__one_row_per_option);
	tcase_add_test(tc, test_opts__help_short_buffer__needed_length);
	tcase_add_test(tc, test_opts__markdown_short_buffer__needed_length);
	suite_add_tcase(s, tc);

	return (s);
}
