/*
 * leakwatch - opts.h
 *
 * The agent's options: "-agentpath:libleakwatch.so=key=value,key=value".
 * One table (agent/opts.c) drives the parser, the `help` text and the
 * README's option table.  Pure module: no JVMTI, no logging, no policy.
 */
#ifndef LW_OPTS_H
#define LW_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "lw.h"

enum lw_census_kind {
	LW_CENSUS_HISTOGRAM = 0,	/* GC.class_histogram -all via JMX */
	LW_CENSUS_HEAPWALK,		/* class tags + IterateThroughHeap */
	LW_CENSUS_OFF			/* no census: HEAP records only */
};

struct lw_opts {
	int		help;		/* `help` given: print table, stay inert */
	char		log[LW_PATH_MAX];	/* "" = stderr */
	int		loglevel;	/* enum lw_level (log.h) */
	char		dumpdir[LW_PATH_MAX];
	double		threshold;	/* floor, percent of max heap */
	uint64_t	lead_ms;	/* dump when time to OOM < this; 0 off */
	int64_t		maxdumps;
	uint64_t	dumpinterval_ms; /* least time between two dumps */
	uint64_t	reserve;	/* disk bytes to leave free after a dump */
	int		census;		/* enum lw_census_kind */
	double		pausebudget;	/* percent of wall time for censuses */
	uint64_t	maxpause_ms;	/* longest single census pause */
	uint64_t	interval_ms;	/* period of HEAP/SUSPECT records */
	uint64_t	window_ms;	/* trend window */
	uint64_t	minspan_ms;	/* evidence needed before judging */
	int64_t		top;		/* SUSPECT records per report */
	uint64_t	sampling;	/* bytes between samples; 0 off */
	int64_t		stackdepth;	/* frames per sample */
	int		holder;		/* 1: search holders */
	char		trace[LW_PATH_MAX];	/* "" = no trace */
};

/*
 * Fill *o with every option's default.  Never fails: the defaults are
 * strings in the table, parsed and bounds-checked by the code that parses
 * the user's values (a default that did not would trip LW_ASSERT), and a
 * unit test proves they all parse.  `log` defaults to "" (stderr).
 */
void	lw_opts_defaults(struct lw_opts *o);

/*
 * Parse the agent's option string (may be NULL or "") into *o, starting
 * from the defaults.  The string is copied, never written; empty items
 * (",," or a trailing comma) are skipped.  Returns 0, or on error leaves
 * *o unchanged, writes one line to errbuf naming the option, the value
 * (escaped, cut after 40 bytes) and what it accepts, and returns
 * LW_ERR_INVAL (any bad option: junk, out of range, missing or unexpected
 * value, unknown, abbreviated or repeated key) or LW_ERR_NOMEM.
 * For example
 *   bad option threshold=150%: expected a percentage 1-99
 *   bad option maxdumps: expected an integer 0-1000
 *   unknown option thresold=80%: run with "help" for the list
 *   duplicate option maxdumps=2: each option may be given once
 * The line has no "leakwatch: " prefix and no newline; errbuf may be NULL
 * when errlen is 0.
 */
int	lw_opts_parse(struct lw_opts *o, const char *s, char *errbuf,
	    size_t errlen);

/*
 * Write the option reference into buf: `help` is what the `help` option
 * prints (header, usage, one wrapped line per option), `markdown` the
 * README table and nothing else.  Both end in a newline.  Return the
 * length the full text needs, without the NUL (snprintf convention), so
 * a short buffer can be detected; buf may be NULL when len is 0.
 */
size_t	lw_opts_help(char *buf, size_t len);
size_t	lw_opts_markdown(char *buf, size_t len);


#endif /* LW_OPTS_H */
