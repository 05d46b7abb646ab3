/*
 * leakwatch - opts.c
 *
 * The agent's options: the string after "-agentpath:libleakwatch.so=" is
 * turned into a struct lw_opts, and the same table prints the `help` text
 * and the README's option table.  Pure module: it never logs, never exits
 * and includes no JVMTI; agent.c decides what a bad option means (stop the
 * JVM with our one-line message, see docs/STYLE.md, "Options").
 *
 * DESIGN
 * One static table, lw_opts_table[], holds every option: name, type, bounds,
 * default, field offset, choices, argument name and help text (the tmux
 * options-table.c and Redis static_configs[] idea).  Bounds and defaults
 * are strings in the user's own syntax ("30d", "80%"), parsed by the code
 * that parses user values, so the table reads like the documentation and
 * cannot hold a default the parser would reject without a test noticing.
 * The error messages quote the bounds verbatim.
 *
 * Keys must match exactly: getsubopt(3) matches whole tokens, so an
 * abbreviation such as "thresh=80" is an unknown option rather than a
 * guess (perf-map-agent and jvmquake show what silent guesses cost), and
 * a key given twice is an error rather than "last one wins".
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <libutil.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <vis.h>

#include "compat.h"
#include "lw.h"
#include "opts.h"
#include "optsdef.h"
#include "units.h"

/* How much of a bad value an error message quotes, in input bytes. */
#define OPTS_SHOWMAX	40
/* Room for OPTS_SHOWMAX bytes after vis(3) (4x at worst) plus "...". */
#define OPTS_SHOWLEN	(OPTS_SHOWMAX * 4 + 8)

/* A parsed number of any type, for the bounds check. */
union opts_val {
	int64_t		i;
	uint64_t	u;
	double		d;
};

/*
 * getsubopt(3) wants `char *const *` tokens; writable arrays keep
 * -Wwrite-strings and -Wcast-qual quiet without a cast.
 */
static char k_help[] = "help";
static char k_log[] = "log";
static char k_loglevel[] = "loglevel";
static char k_dumpdir[] = "dumpdir";
static char k_threshold[] = "threshold";
static char k_lead[] = "lead";
static char k_maxdumps[] = "maxdumps";
static char k_dumpinterval[] = "dumpinterval";
static char k_reserve[] = "reserve";
static char k_census[] = "census";
static char k_pausebudget[] = "pausebudget";
static char k_maxpause[] = "maxpause";
static char k_interval[] = "interval";
static char k_window[] = "window";
static char k_minspan[] = "minspan";
static char k_top[] = "top";
static char k_sampling[] = "sampling";
static char k_stackdepth[] = "stackdepth";
static char k_holder[] = "holder";
static char k_trace[] = "trace";

/* Index = enum lw_level (log.h). */
static const char *const opts_levels[] = {
	"error", "warn", "info", "debug", NULL
};
static const char *const opts_offon[] = {
	"off", "on", NULL
};
/* Index = enum lw_census_kind. */
static const char *const opts_census[] = {
	"histogram", "heapwalk", "off", NULL
};

#define F(field)	offsetof(struct lw_opts, field)

/*
 * The options, in the order help and the README list them.  A new option
 * needs a row here, a field in struct lw_opts and a test (docs/STYLE.md,
 * "Options").
 */
const struct opts_def lw_opts_table[] = {
	{ k_help, OPTS_FLAG, NULL, NULL, NULL, NULL, F(help), NULL, NULL,
	  "print this list to stderr and run the JVM without monitoring" },
	{ k_log, OPTS_FILE, NULL, NULL, NULL, "stderr", F(log), NULL, "PATH",
	  "file the leak-suspect log is appended to, created mode 0600" },
	{ k_loglevel, OPTS_ENUM, NULL, NULL, "info", NULL, F(loglevel),
	  opts_levels, NULL,
	  "least severe agent diagnostic that is written" },
	{ k_dumpdir, OPTS_DIR, NULL, NULL, ".", NULL, F(dumpdir), NULL, "DIR",
	  "where heap dumps are written" },
	{ k_threshold, OPTS_PERCENT, "1", "99", "80%", NULL, F(threshold),
	  NULL, "PCT",
	  "dump when the heap floor reaches this share of the max heap" },
	{ k_lead, OPTS_DURATION, "0", "30d", "5m", NULL, F(lead_ms), NULL,
	  "TIME",
	  "also dump when the predicted time to OOM falls below this "
	  "and the floor is over half the heap; 0 = off" },
	{ k_maxdumps, OPTS_INT, "0", "1000", "1", NULL, F(maxdumps), NULL, "N",
	  "most dumps per JVM; 0 = never dump" },
	{ k_dumpinterval, OPTS_DURATION, "0", "30d", "10m", NULL,
	  F(dumpinterval_ms), NULL, "TIME",
	  "least time between two dumps" },
	{ k_reserve, OPTS_SIZE, "0", "1t", "64m", NULL, F(reserve), NULL,
	  "SIZE",
	  "disk space to leave free after a dump" },
	{ k_census, OPTS_ENUM, NULL, NULL, "histogram", NULL, F(census),
	  opts_census, NULL,
	  "how classes are counted" },
	{ k_pausebudget, OPTS_PERCENT, "0.1", "50", "1%", NULL, F(pausebudget),
	  NULL, "PCT",
	  "long-run share of wall time the agent's pauses may take" },
	{ k_maxpause, OPTS_DURATION, "1ms", "60s", "1s", NULL, F(maxpause_ms),
	  NULL, "TIME",
	  "longest expected pause of one census (a longer one is skipped) "
	  "or holder search (cut there); the pause budget holds two" },
	{ k_interval, OPTS_DURATION, "1s", "1d", "30s", NULL, F(interval_ms),
	  NULL, "TIME",
	  "period of HEAP and SUSPECT records" },
	{ k_window, OPTS_DURATION, "10s", "7d", "10m", NULL, F(window_ms),
	  NULL, "TIME",
	  "how much history the trend fit uses" },
	{ k_minspan, OPTS_DURATION, "1s", "1d", "20s", NULL, F(minspan_ms),
	  NULL, "TIME",
	  "evidence span needed before growth or a suspect is reported" },
	{ k_top, OPTS_INT, "1", "50", "5", NULL, F(top), NULL, "N",
	  "SUSPECT records per report" },
	{ k_sampling, OPTS_SIZE, "0", "1g", "512k", NULL, F(sampling), NULL,
	  "SIZE",
	  "mean bytes between allocation samples while there are "
	  "suspects (raised when samples come too fast); 0 = no "
	  "allocation sites" },
	{ k_stackdepth, OPTS_INT, "1", "64", "16", NULL, F(stackdepth), NULL,
	  "N",
	  "frames kept per allocation sample" },
	{ k_holder, OPTS_ENUM, NULL, NULL, "on", NULL, F(holder), opts_offon,
	  NULL,
	  "search what holds the top suspects (heap walks by class, then "
	  "by object; each within maxpause, all within pausebudget)" },
	{ k_trace, OPTS_FILE, NULL, NULL, NULL, "none", F(trace), NULL,
	  "PATH",
	  "debug: record what the agent reads and decides, pass by pass, "
	  "into PATH (created mode 0600), for replay in a unit test" },
};

#undef F

const size_t lw_opts_ntable = LW_NELEM(lw_opts_table);
#define OPTS_N	LW_NELEM(lw_opts_table)

/* lw_opts_parse() remembers the keys it has seen in one bit each. */
_Static_assert(LW_NELEM(lw_opts_table) <= 32, "seen mask is a uint32_t");

/*
 * Parse an integer in [min, max] with strtonum(3), after checking the
 * syntax strtonum would let through (blanks, a '+').
 */
static int
opts_int(const char *s, long long min, long long max, int64_t *v)
{
	const char	*p, *errstr;
	long long	 n;

	if ((p = s) == NULL)
		return (LW_ERR_INVAL);
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return (LW_ERR_INVAL);
	while (isdigit((unsigned char)*p))
		p++;
	if (*p != '\0')
		return (LW_ERR_INVAL);
	n = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		return (errno == ERANGE ? LW_ERR_RANGE : LW_ERR_INVAL);
	*v = n;
	return (0);
}

/* Parse a number of the option's type into *v; no bounds check. */
static int
opts_scan(enum opts_type type, const char *s, union opts_val *v)
{
	switch (type) {
	case OPTS_INT:
		return (opts_int(s, LLONG_MIN, LLONG_MAX, &v->i));
	case OPTS_PERCENT:
		return (lw_units_percent(s, &v->d));
	case OPTS_DURATION:
		return (lw_units_duration(s, &v->u));
	case OPTS_SIZE:
		return (lw_units_size(s, &v->u));
	default:
		LW_ASSERT(0);	/* opts_set() sends only number types */
		return (LW_ERR_INVAL);
	}
}

/* -1, 0 or 1 as a is below, equal to or above b. */
static int
opts_cmp(enum opts_type type, const union opts_val *a,
    const union opts_val *b)
{
	switch (type) {
	case OPTS_INT:
		return (a->i < b->i ? -1 : a->i > b->i);
	case OPTS_PERCENT:
		return (a->d < b->d ? -1 : a->d > b->d);
	default:
		return (a->u < b->u ? -1 : a->u > b->u);
	}
}

/*
 * Parse a number and check it against the option's bounds.  The bounds
 * are table strings; one that does not parse is a bug (LW_ASSERT).
 */
static int
opts_number(const struct opts_def *d, const char *s, union opts_val *v)
{
	union opts_val	lo, hi;
	int		rc, bounds_ok;

	bounds_ok = opts_scan(d->type, d->min, &lo) == 0 &&
	    opts_scan(d->type, d->max, &hi) == 0;
	LW_ASSERT(bounds_ok);
	if (!bounds_ok)
		return (LW_ERR_INVAL);
	if (d->type == OPTS_INT)
		return (opts_int(s, lo.i, hi.i, &v->i));
	if ((rc = opts_scan(d->type, s, v)) != 0)
		return (rc);
	if (opts_cmp(d->type, v, &lo) < 0 || opts_cmp(d->type, v, &hi) > 0)
		return (LW_ERR_RANGE);
	return (0);
}

/*
 * Copy s into out for quoting in a message: at most OPTS_SHOWMAX bytes,
 * control and non-ASCII bytes escaped as vis(3) does for the suspect
 * log, "..." when cut.  The JVM prints our line to a terminal or a log.
 */
static const char *
opts_show(const char *s, char *out, size_t outlen)
{
	char	tmp[OPTS_SHOWMAX + 1];

	strlcpy(tmp, s, sizeof(tmp));
	strnvis(out, tmp, outlen, VIS_OCTAL | VIS_CSTYLE | VIS_TAB | VIS_NL);
	if (strlen(s) > OPTS_SHOWMAX)
		strlcat(out, "...", outlen);
	return (out);
}

/*
 * What an option accepts: the tail of "expected ..." in an error, or
 * (md) the README's "accepts" cell, without article and examples.
 */
void
lw_opts_expect(const struct opts_def *d, int md, char *buf, size_t len)
{
	const char	*a, *an, *q;
	size_t		 i;

	a = md ? "" : "a ";
	an = md ? "" : "an ";
	q = md ? "`" : "";
	switch (d->type) {
	case OPTS_FLAG:
		strlcpy(buf, "no value", len);
		break;
	case OPTS_FILE:
		snprintf(buf, len, "%sfile path", a);
		break;
	case OPTS_DIR:
		snprintf(buf, len, "%sdirectory path", a);
		break;
	case OPTS_ENUM:
		strlcpy(buf, "one of ", len);
		for (i = 0; d->choices[i] != NULL; i++) {
			if (i > 0)
				strlcat(buf, ", ", len);
			strlcat(buf, q, len);
			strlcat(buf, d->choices[i], len);
			strlcat(buf, q, len);
		}
		break;
	case OPTS_INT:
		snprintf(buf, len, "%sinteger %s-%s", an, d->min, d->max);
		break;
	case OPTS_PERCENT:
		snprintf(buf, len, "%spercentage %s-%s", a, d->min, d->max);
		break;
	case OPTS_DURATION:
		snprintf(buf, len, "%sduration %s-%s%s", a, d->min, d->max,
		    md ? "" : " (e.g. 500ms, 30s, 5m, 2h)");
		break;
	case OPTS_SIZE:
		snprintf(buf, len, "%ssize %s-%s%s", a, d->min, d->max,
		    md ? "" : " (e.g. 64m, 2g)");
		break;
	}
}

/*
 * Store value s (NULL: the key was given without '=') of option d into
 * *o.  On error writes the message to errbuf (if any) and returns
 * LW_ERR_INVAL or LW_ERR_RANGE.
 */
static int
opts_set(const struct opts_def *d, const char *s, struct lw_opts *o,
    char *errbuf, size_t errlen)
{
	char		 show[OPTS_SHOWLEN], expect[128];
	union opts_val	 v;
	char		*field;
	size_t		 i;
	int		 rc;

	field = (char *)o + d->off;
	rc = LW_ERR_INVAL;
	switch (d->type) {
	case OPTS_FLAG:
		if (s != NULL) {
			if (errlen > 0)
				snprintf(errbuf, errlen,
				    "bad option %s=%s: takes no value",
				    d->name, opts_show(s, show, sizeof(show)));
			return (LW_ERR_INVAL);
		}
		*(int *)(void *)field = 1;
		return (0);
	case OPTS_FILE:
	case OPTS_DIR:
		if (s == NULL || *s == '\0')
			break;
		if (strlen(s) >= LW_PATH_MAX) {
			if (errlen > 0)
				snprintf(errbuf, errlen, "bad option %s=%s: "
				    "expected a path shorter than %d bytes",
				    d->name, opts_show(s, show, sizeof(show)),
				    LW_PATH_MAX);
			return (LW_ERR_RANGE);
		}
		strlcpy(field, s, LW_PATH_MAX);
		return (0);
	case OPTS_ENUM:
		if (s == NULL)
			break;
		for (i = 0; d->choices[i] != NULL; i++) {
			if (strcmp(s, d->choices[i]) == 0) {
				*(int *)(void *)field = (int)i;
				return (0);
			}
		}
		break;
	default:
		if (s == NULL)
			break;
		if ((rc = opts_number(d, s, &v)) != 0)
			break;
		if (d->type == OPTS_INT)
			*(int64_t *)(void *)field = v.i;
		else if (d->type == OPTS_PERCENT)
			*(double *)(void *)field = v.d;
		else
			*(uint64_t *)(void *)field = v.u;
		return (0);
	}
	if (errlen > 0) {
		lw_opts_expect(d, 0, expect, sizeof(expect));
		if (s == NULL)
			snprintf(errbuf, errlen, "bad option %s: expected %s",
			    d->name, expect);
		else
			snprintf(errbuf, errlen,
			    "bad option %s=%s: expected %s", d->name,
			    opts_show(s, show, sizeof(show)), expect);
	}
	return (rc);
}

/*
 * See opts.h.  The defaults go through opts_set(), bounds and all, so a
 * default that drifts out of its own range is caught by the tests.
 */
void
lw_opts_defaults(struct lw_opts *o)
{
	size_t	i;
	int	rc;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < OPTS_N; i++) {
		if (lw_opts_table[i].def == NULL)
			continue;
		rc = opts_set(&lw_opts_table[i], lw_opts_table[i].def, o, NULL, 0);
		LW_ASSERT(rc == 0);
	}
}

/*
 * See opts.h.  Works on a copy (getsubopt(3) writes NULs into its input
 * and the string belongs to the JVM) and into a scratch struct, so a bad
 * option leaves *o as it was.
 * XXX getsubopt splits at every ',', so a path cannot contain one; the
 * JVM passes the string as given, with no quoting to undo.
 */
int
lw_opts_parse(struct lw_opts *o, const char *s, char *errbuf, size_t errlen)
{
	struct lw_opts	 t;
	char		 show[OPTS_SHOWLEN];
	char		*tokens[OPTS_N + 1];
	char		*copy, *p, *val;
	uint32_t	 seen;
	size_t		 i;
	int		 idx, rc;

	if (errlen > 0)
		errbuf[0] = '\0';
	lw_opts_defaults(&t);
	if (s == NULL || *s == '\0') {
		*o = t;
		return (0);
	}
	if ((copy = strdup(s)) == NULL) {
		if (errlen > 0)
			snprintf(errbuf, errlen, "options: %s",
			    lw_strerror(LW_ERR_NOMEM));
		return (LW_ERR_NOMEM);
	}
	for (i = 0; i < OPTS_N; i++)
		tokens[i] = lw_opts_table[i].name;
	tokens[OPTS_N] = NULL;

	rc = 0;
	seen = 0;
	p = copy;
	while (*p != '\0') {
		/* glibc: on no match, val is the whole "key=value" item. */
		val = NULL;
		if ((idx = getsubopt(&p, tokens, &val)) < 0) {
			if (val == NULL || *val == '\0')
				continue;	/* ",," or a leading ',' */
			if (errlen > 0)
				snprintf(errbuf, errlen, "unknown option %s: "
				    "run with \"help\" for the list",
				    opts_show(val, show, sizeof(show)));
			rc = LW_ERR_INVAL;
			break;
		}
		if (seen & (1U << idx)) {
			if (errlen > 0)
				snprintf(errbuf, errlen,
				    "duplicate option %s%s%s: "
				    "each option may be given once",
				    lw_opts_table[idx].name,
				    val == NULL ? "" : "=", val == NULL ? "" :
				    opts_show(val, show, sizeof(show)));
			rc = LW_ERR_INVAL;
			break;
		}
		seen |= 1U << idx;
		if ((rc = opts_set(&lw_opts_table[idx], val, &t, errbuf,
		    errlen)) != 0)
			break;
	}
	free(copy);
	if (rc != 0)
		return (LW_ERR_INVAL);	/* RANGE too, see opts.h */
	*o = t;
	return (0);
}
