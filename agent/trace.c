/*
 * leakwatch - trace.c
 *
 * Writes and reads the worker's trace (format in trace.h).  The writer is
 * a debug aid on the agent thread: stdio into a file of its own, flushed
 * once a pass, never the suspect log, and a failure only stops the trace.
 * The reader is pure so the policy tests can replay recorded runs.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "lw.h"
#include "opts.h"
#include "trace.h"

static FILE	*trace_fp;
static uint64_t	 trace_bytes;
static int	 trace_broken;	/* a write failed: say so once */

static void	 trace_printf(const char *fmt, ...) printflike(1, 2);

static void
trace_printf(const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (trace_fp == NULL)
		return;
	va_start(ap, fmt);
	n = vfprintf(trace_fp, fmt, ap);
	va_end(ap);
	if (n < 0 || (trace_bytes += (uint64_t)n) > LW_TRACE_MAXBYTES) {
		(void)fclose(trace_fp);
		trace_fp = NULL;
		trace_broken = 1;
	}
}

static void
trace_heap(const struct lw_heap *h)
{
	trace_printf(" %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %"
	    PRIu64 " %" PRIu64 " %" PRIu64, h->used, h->committed, h->max,
	    h->old_after_gc, h->old_max, h->gc_count, h->old_gc_count);
}

/* Field values are copied from the JVM's strings: keep them on one line. */
static void
trace_comment(const char *key, const char *val)
{
	char	buf[512];
	size_t	i;

	strlcpy(buf, val != NULL ? val : "", sizeof(buf));
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	trace_printf("# %s=%s\n", key, buf);
}

int
lw_trace_open(const char *path, const struct lw_opts *o, const char *jdk,
    const char *collectors, int gckind, uint64_t now_ms,
    const struct lw_heap *h)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return (LW_ERR_IO);
	if ((trace_fp = fdopen(fd, "w")) == NULL) {
		(void)close(fd);
		return (LW_ERR_IO);
	}
	trace_bytes = 0;
	trace_broken = 0;
	trace_printf("# leakwatch-trace %d\n", LW_TRACE_VERSION);
	trace_comment("jdk", jdk);
	trace_comment("collectors", collectors);
	trace_printf("O census=%d threshold=%.17g lead_ms=%" PRIu64
	    " maxdumps=%" PRId64 " dumpinterval_ms=%" PRIu64
	    " pausebudget=%.17g maxpause_ms=%" PRIu64 " interval_ms=%" PRIu64
	    " window_ms=%" PRIu64 " minspan_ms=%" PRIu64 "\n", o->census,
	    o->threshold, o->lead_ms, o->maxdumps, o->dumpinterval_ms,
	    o->pausebudget, o->maxpause_ms, o->interval_ms, o->window_ms,
	    o->minspan_ms);
	trace_printf("I %d %" PRIu64, gckind, now_ms);
	trace_heap(h);
	trace_printf("\n");
	return (0);
}

void
lw_trace_pass(uint64_t now_ms, int gc, int ok, const struct lw_heap *h)
{
	if (trace_fp == NULL)
		return;
	/* The pass before is complete: let a reader see it. */
	if (fflush(trace_fp) != 0) {
		(void)fclose(trace_fp);
		trace_fp = NULL;
		trace_broken = 1;
		return;
	}
	trace_printf("P %" PRIu64 " %d %d", now_ms, gc != 0, ok != 0);
	if (ok)
		trace_heap(h);
	trace_printf("\n");
}

void
lw_trace_quiet(uint64_t now_ms, const struct lw_heap *h)
{
	trace_printf("Q %" PRIu64, now_ms);
	trace_heap(h);
	trace_printf("\n");
}

void
lw_trace_census(uint64_t end_ms, double pause_ms, int rc, uint64_t bytes,
    int news)
{
	trace_printf("C %" PRIu64 " %.3f %d %" PRIu64 " %d\n", end_ms,
	    pause_ms, rc, bytes, news != 0);
}

void
lw_trace_holder(uint64_t end_ms, double pause_ms)
{
	trace_printf("H %" PRIu64 " %.3f\n", end_ms, pause_ms);
}

void
lw_trace_dump(uint64_t end_ms, int reason, int ok)
{
	trace_printf("D %" PRIu64 " %d %d\n", end_ms, reason, ok != 0);
}

void
lw_trace_close(void)
{
	if (trace_fp != NULL && fclose(trace_fp) != 0)
		trace_broken = 1;
	trace_fp = NULL;
}

int
lw_trace_failed(void)
{
	int	b = trace_broken;

	trace_broken = 0;
	return (b);
}

/* Unsigned decimal at *s, then one blank or the end. */
static int
trace_u64(const char **s, uint64_t *v)
{
	char			*end;
	unsigned long long	 n;

	if (**s < '0' || **s > '9')
		return (LW_ERR_INVAL);
	errno = 0;
	n = strtoull(*s, &end, 10);
	if (errno != 0 || (*end != ' ' && *end != '\0' && *end != '\n'))
		return (LW_ERR_INVAL);
	*v = n;
	*s = *end == ' ' ? end + 1 : end;
	return (0);
}

static int
trace_int(const char **s, int *v)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(*s, &end, 10);
	if (end == *s || errno != 0 || n < -1000000 || n > 1000000 ||
	    (*end != ' ' && *end != '\0' && *end != '\n'))
		return (LW_ERR_INVAL);
	*v = (int)n;
	*s = *end == ' ' ? end + 1 : end;
	return (0);
}

static int
trace_dbl(const char **s, double *v)
{
	char	*end;

	errno = 0;
	*v = strtod(*s, &end);
	if (end == *s || errno != 0 || !(*v >= 0) ||
	    (*end != ' ' && *end != '\0' && *end != '\n'))
		return (LW_ERR_INVAL);
	*s = *end == ' ' ? end + 1 : end;
	return (0);
}

static int
trace_rdheap(const char **s, struct lw_heap *h)
{
	if (trace_u64(s, &h->used) != 0 || trace_u64(s, &h->committed) != 0 ||
	    trace_u64(s, &h->max) != 0 || trace_u64(s, &h->old_after_gc) != 0 ||
	    trace_u64(s, &h->old_max) != 0 || trace_u64(s, &h->gc_count) != 0 ||
	    trace_u64(s, &h->old_gc_count) != 0)
		return (LW_ERR_INVAL);
	return (0);
}

/* One key=value of an O line into *o; unknown keys are an error. */
static int
trace_opt(const char *kv, size_t len, struct lw_opts *o)
{
	char		 buf[64], *val, *end;
	unsigned long long u;
	double		 d;

	if (len >= sizeof(buf))
		return (LW_ERR_INVAL);
	memcpy(buf, kv, len);
	buf[len] = '\0';
	if ((val = strchr(buf, '=')) == NULL || val[1] == '\0')
		return (LW_ERR_INVAL);
	*val++ = '\0';
	errno = 0;
	d = strtod(val, &end);
	if (*end != '\0' || errno != 0 || !(d >= 0))
		return (LW_ERR_INVAL);
	u = d < 1.8e19 ? (unsigned long long)d : 0;
	if (strcmp(buf, "census") == 0 && d <= LW_CENSUS_OFF)
		o->census = (int)d;
	else if (strcmp(buf, "threshold") == 0)
		o->threshold = d;
	else if (strcmp(buf, "lead_ms") == 0)
		o->lead_ms = u;
	else if (strcmp(buf, "maxdumps") == 0)
		o->maxdumps = (int64_t)u;
	else if (strcmp(buf, "dumpinterval_ms") == 0)
		o->dumpinterval_ms = u;
	else if (strcmp(buf, "pausebudget") == 0)
		o->pausebudget = d;
	else if (strcmp(buf, "maxpause_ms") == 0)
		o->maxpause_ms = u;
	else if (strcmp(buf, "interval_ms") == 0)
		o->interval_ms = u;
	else if (strcmp(buf, "window_ms") == 0)
		o->window_ms = u;
	else if (strcmp(buf, "minspan_ms") == 0)
		o->minspan_ms = u;
	else
		return (LW_ERR_INVAL);
	return (0);
}

int
lw_trace_parse(const char *line, struct lw_trace_ev *ev, struct lw_opts *o)
{
	const char	*s = line + 1, *e;

	memset(ev, 0, sizeof(*ev));
	if (line[0] == '\0' || line[0] == '\n' || line[0] == '#' ||
	    line[0] == 'X')
		return (0);		/* LW_TRACE_SKIP */
	if (*s++ != ' ')
		return (LW_ERR_INVAL);
	switch (line[0]) {
	case 'O':
		ev->kind = LW_TRACE_OPTS;
		while (*s != '\0' && *s != '\n') {
			e = s + strcspn(s, " \n");
			if (trace_opt(s, (size_t)(e - s), o) != 0)
				return (LW_ERR_INVAL);
			s = *e == ' ' ? e + 1 : e;
		}
		return (0);
	case 'I':
		ev->kind = LW_TRACE_INIT;
		if (trace_int(&s, &ev->gckind) != 0 || ev->gckind < 0 ||
		    ev->gckind > LW_GC_NONE || trace_u64(&s, &ev->t_ms) != 0)
			return (LW_ERR_INVAL);
		return (trace_rdheap(&s, &ev->heap));
	case 'P':
		ev->kind = LW_TRACE_PASS;
		if (trace_u64(&s, &ev->t_ms) != 0 ||
		    trace_int(&s, &ev->gc) != 0 || trace_int(&s, &ev->ok) != 0)
			return (LW_ERR_INVAL);
		return (ev->ok ? trace_rdheap(&s, &ev->heap) : 0);
	case 'Q':
		ev->kind = LW_TRACE_QUIET;
		if (trace_u64(&s, &ev->t_ms) != 0)
			return (LW_ERR_INVAL);
		return (trace_rdheap(&s, &ev->heap));
	case 'C':
		ev->kind = LW_TRACE_CENSUS;
		if (trace_u64(&s, &ev->t_ms) != 0 ||
		    trace_dbl(&s, &ev->pause_ms) != 0 ||
		    trace_int(&s, &ev->rc) != 0 ||
		    trace_u64(&s, &ev->bytes) != 0 ||
		    trace_int(&s, &ev->news) != 0)
			return (LW_ERR_INVAL);
		return (0);
	case 'H':
		ev->kind = LW_TRACE_HOLDER;
		if (trace_u64(&s, &ev->t_ms) != 0 ||
		    trace_dbl(&s, &ev->pause_ms) != 0)
			return (LW_ERR_INVAL);
		return (0);
	case 'D':
		ev->kind = LW_TRACE_DUMP;
		if (trace_u64(&s, &ev->t_ms) != 0 ||
		    trace_int(&s, &ev->reason) != 0 ||
		    trace_int(&s, &ev->ok) != 0)
			return (LW_ERR_INVAL);
		return (0);
	default:
		return (LW_ERR_INVAL);
	}
}
