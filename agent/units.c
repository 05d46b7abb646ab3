/*
 * leakwatch - units.c
 *
 * The value syntax of the options: durations, sizes and percentages,
 * strict (no blanks, signs, exponents, hex or trailing junk) and
 * independent of the process locale, which a JVM may have set.  Pure.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "units.h"

/* The largest percentage the parser takes before calling it overflow. */
#define UNITS_PCTMAX	1000000000ULL

/* Milliseconds per duration unit; "" is the bare number, in seconds. */
static const struct {
	const char	*unit;
	uint64_t	 ms;
} units_ms[] = {
	{ "ms", 1 },
	{ "", 1000 },
	{ "s", 1000 },
	{ "m", UINT64_C(60) * 1000 },
	{ "h", UINT64_C(60) * 60 * 1000 },
	{ "d", UINT64_C(24) * 60 * 60 * 1000 },
};

/* Parse a duration; see units.h.  Units are lowercase: 5M is not 5m. */
int
lw_units_duration(const char *s, uint64_t *ms)
{
	const char	*p;
	uint64_t	 n, d;
	size_t		 i;
	int		 neg, over;

	if (s == NULL)
		return (LW_ERR_INVAL);
	if ((neg = (*s == '-')))
		s++;
	if (!isdigit((unsigned char)*s))
		return (LW_ERR_INVAL);
	n = 0;
	over = 0;
	for (p = s; isdigit((unsigned char)*p); p++) {
		d = (uint64_t)(*p - '0');
		if (n > (UINT64_MAX - d) / 10)
			over = 1;
		else
			n = n * 10 + d;
	}
	for (i = 0; i < LW_NELEM(units_ms); i++)
		if (strcmp(p, units_ms[i].unit) == 0)
			break;
	if (i == LW_NELEM(units_ms))
		return (LW_ERR_INVAL);
	if (neg || over || n > UINT64_MAX / units_ms[i].ms)
		return (LW_ERR_RANGE);
	*ms = n * units_ms[i].ms;
	return (0);
}

/*
 * Parse a size; see units.h.  expand_number(3) is lax (libbsd 0.11 takes
 * " 5", "-1" as 2^64-1, "010" as octal, "0x10" and "12mq"), so the
 * syntax is checked here first and leading zeros are dropped.
 * Changes errno.
 */
int
lw_units_size(const char *s, uint64_t *bytes)
{
	char		 buf[32];
	const char	*p;
	uint64_t	 n;
	size_t		 len;
	int		 neg;

	if (s == NULL)
		return (LW_ERR_INVAL);
	if ((neg = (*s == '-')))
		s++;
	if (!isdigit((unsigned char)*s))
		return (LW_ERR_INVAL);
	while (s[0] == '0' && isdigit((unsigned char)s[1]))
		s++;
	for (p = s; isdigit((unsigned char)*p); p++)
		continue;
	if (*p != '\0' && (strchr("bkmgtpeBKMGTPE", *p) == NULL ||
	    p[1] != '\0'))
		return (LW_ERR_INVAL);
	if (neg)
		return (LW_ERR_RANGE);
	len = strlen(s);
	if (len >= sizeof(buf))
		return (LW_ERR_RANGE);
	memcpy(buf, s, len + 1);
	/* libbsd 0.11.7 returns 0 and 2^64-1 when strtoumax overflows. */
	errno = 0;
	if (expand_number(buf, &n) != 0 || errno == ERANGE)
		return (errno == ERANGE ? LW_ERR_RANGE : LW_ERR_INVAL);
	*bytes = n;
	return (0);
}

/*
 * Parse a percentage; see units.h.  Hand-rolled rather than strtod(3):
 * strtod follows the process locale (a JVM may have set one with a
 * decimal comma) and takes "nan", "inf", "1e3" and hex floats.
 */
int
lw_units_percent(const char *s, double *pct)
{
	const char	*p;
	uint64_t	 ip, frac;
	double		 scale;
	int		 neg, over, nfrac;

	if (s == NULL)
		return (LW_ERR_INVAL);
	if ((neg = (*s == '-')))
		s++;
	if (!isdigit((unsigned char)*s))
		return (LW_ERR_INVAL);
	ip = 0;
	over = 0;
	for (p = s; isdigit((unsigned char)*p); p++) {
		if (ip > UNITS_PCTMAX)
			over = 1;
		else
			ip = ip * 10 + (uint64_t)(*p - '0');
	}
	frac = 0;
	scale = 1.0;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return (LW_ERR_INVAL);
		/* Digits past the 15th cannot change a double's value. */
		for (nfrac = 0; isdigit((unsigned char)*p); p++, nfrac++) {
			if (nfrac < 15) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				scale *= 10.0;
			}
		}
	}
	if (*p == '%')
		p++;
	if (*p != '\0')
		return (LW_ERR_INVAL);
	if (neg || over || ip > UNITS_PCTMAX)
		return (LW_ERR_RANGE);
	*pct = (double)ip + (double)frac / scale;
	return (0);
}
