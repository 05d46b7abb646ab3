/*
 * leakwatch - fuzz_opts.c
 *
 * libFuzzer target for agent/opts.c: the option string is the first
 * outside input the agent reads (whatever follows "=" in -agentpath), so
 * no byte sequence may crash it, overrun errbuf, or yield options outside
 * the ranges opts_table[] documents.  Every check here is a documented
 * promise of opts.h; a broken one traps, and libFuzzer keeps the input.
 * Not agent code: __builtin_trap() is how a fuzz target reports.
 * Build and run with `make fuzz` (see the Makefile's fuzz block).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "log.h"
#include "lw.h"
#include "opts.h"
#include "units.h"

#define FUZZ_CHECK(c) do {						\
	if (!(c))							\
		__builtin_trap();					\
} while (0)

#define MS_S	1000ULL
#define MS_D	(24 * 60 * 60 * MS_S)
#define TIB	(1024ULL * 1024 * 1024 * 1024)

/* Byte pattern the options start from: a failed parse must not touch it. */
#define FUZZ_POISON	0xa5

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* An LW_ASSERT in opts.c is a bug whatever the input. */
static void
fuzz_assert_hook(const char *file __unused, int line __unused,
    const char *cond __unused)
{
	__builtin_trap();
}

/*
 * An error line: NUL-terminated within len, one line, printable ASCII
 * only (opts_show escapes control and non-ASCII bytes, because the JVM
 * prints the line to a terminal or a log).
 */
static void
fuzz_check_errbuf(const char *buf, size_t len)
{
	size_t	i, n;

	n = strnlen(buf, len);
	FUZZ_CHECK(n < len);
	for (i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)buf[i] >= 0x20 &&
		    (unsigned char)buf[i] < 0x7f);
}

/* A path field: NUL-terminated inside LW_PATH_MAX, no ',' (the separator). */
static void
fuzz_check_path(const char *p, int may_be_empty)
{
	size_t	n;

	n = strnlen(p, LW_PATH_MAX);
	FUZZ_CHECK(n < LW_PATH_MAX);
	FUZZ_CHECK(may_be_empty || n > 0);
	FUZZ_CHECK(memchr(p, ',', n) == NULL);
}

/* The bounds of opts_table[], written out independently of it. */
static void
fuzz_check_ranges(const struct lw_opts *o)
{
	FUZZ_CHECK(o->help == 0 || o->help == 1);
	fuzz_check_path(o->log, 1);
	fuzz_check_path(o->dumpdir, 0);
	FUZZ_CHECK(o->loglevel >= LW_LEVEL_ERROR &&
	    o->loglevel <= LW_LEVEL_DEBUG);
	FUZZ_CHECK(isfinite(o->threshold) && o->threshold >= 1.0 &&
	    o->threshold <= 99.0);
	FUZZ_CHECK(o->lead_ms <= 30 * MS_D);
	FUZZ_CHECK(o->maxdumps >= 0 && o->maxdumps <= 1000);
	FUZZ_CHECK(o->dumpinterval_ms <= 30 * MS_D);
	FUZZ_CHECK(o->reserve <= TIB);
	FUZZ_CHECK(o->census >= LW_CENSUS_HISTOGRAM &&
	    o->census <= LW_CENSUS_OFF);
	FUZZ_CHECK(isfinite(o->pausebudget) && o->pausebudget >= 0.1 &&
	    o->pausebudget <= 50.0);
	FUZZ_CHECK(o->maxpause_ms >= 1 && o->maxpause_ms <= 60 * MS_S);
	FUZZ_CHECK(o->interval_ms >= MS_S && o->interval_ms <= MS_D);
	FUZZ_CHECK(o->window_ms >= 10 * MS_S && o->window_ms <= 7 * MS_D);
	FUZZ_CHECK(o->minspan_ms >= MS_S && o->minspan_ms <= MS_D);
	FUZZ_CHECK(o->top >= 1 && o->top <= 50);
}

static int
fuzz_all(const unsigned char *p, size_t len, unsigned char c)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return (0);
	return (1);
}

/*
 * Parse s with an errbuf of errlen bytes, malloc'ed to the exact size so
 * ASan sees a write past it; errlen 0 passes NULL, as opts.h allows.
 * Checks what holds for any input and returns the result, or 1 when
 * malloc failed (not a finding).  *o is the parsed options, or the
 * poison on failure; line, when not NULL, gets the errlen bytes of the
 * error line.
 */
static int
fuzz_parse(const char *s, size_t errlen, struct lw_opts *o, char *line)
{
	char	*err = NULL;
	int	 rc;

	if (errlen > 0) {
		if ((err = malloc(errlen)) == NULL)
			return (1);
		memset(err, 'X', errlen);
	}
	memset(o, FUZZ_POISON, sizeof(*o));
	rc = lw_opts_parse(o, s, err, errlen);
	FUZZ_CHECK(rc == 0 || rc == LW_ERR_INVAL || rc == LW_ERR_NOMEM);
	if (errlen > 0)
		fuzz_check_errbuf(err, errlen);
	if (rc == 0) {
		fuzz_check_ranges(o);
		if (errlen > 0)
			FUZZ_CHECK(err[0] == '\0');
	} else {
		/* "on error leaves *o unchanged" */
		FUZZ_CHECK(fuzz_all((const unsigned char *)o, sizeof(*o),
		    FUZZ_POISON));
		if (errlen > 1)
			FUZZ_CHECK(err[0] != '\0');
	}
	if (line != NULL && err != NULL)
		memcpy(line, err, errlen);
	free(err);
	return (rc);
}

/*
 * Reference parse of a size (the opts.h grammar), independent of
 * expand_number(3): digits, at most one unit letter of either case,
 * binary multiples, overflow is LW_ERR_RANGE.  Returns what lw_units_size
 * must return, and the value in *v on 0.
 */
static int
fuzz_ref_size(const char *s, uint64_t *v)
{
	static const char	 lower[] = "bkmgtpe", upper[] = "BKMGTPE";
	const char		*u;
	uint64_t		 n = 0, d;
	int			 neg, over = 0, shift = 0;

	if ((neg = (*s == '-')))
		s++;
	if (*s < '0' || *s > '9')
		return (LW_ERR_INVAL);
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (uint64_t)(*s - '0');
		if (n > (UINT64_MAX - d) / 10)
			over = 1;
		else
			n = n * 10 + d;
	}
	if (*s != '\0') {
		if (s[1] != '\0')
			return (LW_ERR_INVAL);
		if ((u = memchr(lower, *s, sizeof(lower) - 1)) != NULL)
			shift = 10 * (int)(u - lower);
		else if ((u = memchr(upper, *s, sizeof(upper) - 1)) != NULL)
			shift = 10 * (int)(u - upper);
		else
			return (LW_ERR_INVAL);
	}
	if (neg || over || (shift > 0 && n > (UINT64_MAX >> shift)))
		return (LW_ERR_RANGE);
	*v = n << shift;
	return (0);
}

/* The value parsers on their own, with the same input. */
static void
fuzz_values(const char *s)
{
	uint64_t	u, ref;
	double		d;
	int		rc, rrc;

	memset(&u, FUZZ_POISON, sizeof(u));
	rc = lw_units_duration(s, &u);
	FUZZ_CHECK(rc == 0 || rc == LW_ERR_INVAL || rc == LW_ERR_RANGE);
	if (rc != 0)
		FUZZ_CHECK(fuzz_all((const unsigned char *)&u, sizeof(u),
		    FUZZ_POISON));

	memset(&u, FUZZ_POISON, sizeof(u));
	rc = lw_units_size(s, &u);
	FUZZ_CHECK(rc == 0 || rc == LW_ERR_INVAL || rc == LW_ERR_RANGE);
	if (rc != 0)
		FUZZ_CHECK(fuzz_all((const unsigned char *)&u, sizeof(u),
		    FUZZ_POISON));
	ref = 0;
	rrc = fuzz_ref_size(s, &ref);
	FUZZ_CHECK(rc == rrc);
	if (rc == 0)
		FUZZ_CHECK(u == ref);

	memset(&d, FUZZ_POISON, sizeof(d));
	rc = lw_units_percent(s, &d);
	FUZZ_CHECK(rc == 0 || rc == LW_ERR_INVAL || rc == LW_ERR_RANGE);
	if (rc == 0)
		FUZZ_CHECK(isfinite(d) && d >= 0.0 && d < 1e9 + 1.0);
	else
		FUZZ_CHECK(fuzz_all((const unsigned char *)&d, sizeof(d),
		    FUZZ_POISON));
}

/*
 * The help (which 0) or markdown (1) writer into a buffer of a length
 * taken from the input: whatever the length, the return is the full
 * length (snprintf convention), the buffer holds a NUL-terminated prefix
 * of the full text and nothing is written past it.  The full texts are
 * made once; they do not depend on the input.
 */
static void
fuzz_help(int which, const uint8_t *data, size_t size)
{
	static char	*full[2];
	static size_t	 need[2];
	size_t		 (*fn)(char *, size_t);
	char		*buf;
	size_t		 len;

	if (size < 2)
		return;
	fn = which == 0 ? lw_opts_help : lw_opts_markdown;
	if (full[which] == NULL) {
		need[which] = fn(NULL, 0);
		FUZZ_CHECK(need[which] > 0);
		if ((full[which] = malloc(need[which] + 1)) == NULL)
			return;
		FUZZ_CHECK(fn(full[which], need[which] + 1) == need[which]);
		FUZZ_CHECK(strlen(full[which]) == need[which] &&
		    full[which][need[which] - 1] == '\n');
	}
	len = ((size_t)data[0] | (size_t)data[1] << 8) % (need[which] + 2);
	if ((buf = malloc(len > 0 ? len : 1)) == NULL)
		return;
	FUZZ_CHECK(fn(buf, len) == need[which]);
	if (len > 0) {
		FUZZ_CHECK(strlen(buf) == len - 1 || len > need[which]);
		FUZZ_CHECK(strncmp(buf, full[which], len - 1) == 0);
	}
	free(buf);
}

/* Field by field: struct assignment need not copy padding. */
static int
fuzz_opts_equal(const struct lw_opts *a, const struct lw_opts *b)
{
	return (a->help == b->help && strcmp(a->log, b->log) == 0 &&
	    a->loglevel == b->loglevel &&
	    strcmp(a->dumpdir, b->dumpdir) == 0 &&
	    a->threshold == b->threshold && a->lead_ms == b->lead_ms &&
	    a->maxdumps == b->maxdumps &&
	    a->dumpinterval_ms == b->dumpinterval_ms &&
	    a->reserve == b->reserve && a->census == b->census &&
	    a->pausebudget == b->pausebudget &&
	    a->maxpause_ms == b->maxpause_ms &&
	    a->interval_ms == b->interval_ms &&
	    a->window_ms == b->window_ms && a->minspan_ms == b->minspan_ms &&
	    a->top == b->top);
}

/*
 * The input, NUL-terminated (the JVM hands over a C string; bytes after
 * an embedded NUL are simply not seen), parsed with a large errbuf, then
 * with small ones: a shorter errbuf may change nothing but the length of
 * the line, which stays a prefix of the full one (snprintf truncation).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t	 errlens[] = { 0, 1, 2, 16, 41 };
	struct lw_opts		 o, ref;
	char			 big[256], small[sizeof(big)];
	char			*s;
	size_t			 i, n;
	int			 rc, rc2;

	lw_assert_set_hook(fuzz_assert_hook);
	if ((s = malloc(size + 1)) == NULL)
		return (0);
	memcpy(s, data, size);
	s[size] = '\0';

	rc = fuzz_parse(s, sizeof(big), &ref, big);
	for (i = 0; rc <= 0 && i < LW_NELEM(errlens); i++) {
		rc2 = fuzz_parse(s, errlens[i], &o, small);
		if (rc2 == 1 || rc == LW_ERR_NOMEM || rc2 == LW_ERR_NOMEM)
			continue;
		FUZZ_CHECK(rc2 == rc);
		if (rc == 0)
			FUZZ_CHECK(fuzz_opts_equal(&o, &ref));
		if (errlens[i] > 0) {
			n = strlen(small);
			FUZZ_CHECK(n == errlens[i] - 1 || n == strlen(big));
			FUZZ_CHECK(strncmp(small, big, n) == 0);
		}
	}

	fuzz_values(s);
	fuzz_help(0, data, size);
	fuzz_help(1, data, size);
	free(s);
	return (0);
}
