/*
 * leakwatch - report.h
 *
 * The leak-suspect log's records (see README "Log format"): each line is
 * "<UTC time> <TYPE> <sentence for people> key=value ...", where the
 * key=value fields carry the same facts in raw units for machines.  This
 * module only formats; log.c writes.
 */
#ifndef LW_REPORT_H
#define LW_REPORT_H

#include <stdint.h>

struct lw_trend_fit;
struct lw_suspect;
struct lw_dump_result;

/* START: version, pid, JDK, collectors, heap max and the main options. */
void	lw_report_start(const char *jdk, const char *collectors,
	    const char *oldpool, uint64_t max, const char *census,
	    const char *dumpdir, double threshold, uint64_t lead_ms);

/*
 * HEAP: floor, % of max, growth per minute, predicted time to OOM.
 * `old`: the fit rests on readings after old-generation collections.
 * `observed`: the last floor after such a collection, 0 when none yet
 * (the fitted value is reported instead).
 */
void	lw_report_heap(const struct lw_trend_fit *f, int old,
	    uint64_t observed, uint64_t max, uint64_t used, uint64_t gcs);

/* SUSPECT: one record per ranked class, rank 1 first. */
/* What is known of a suspect beyond the census; NULL fields are unknown. */
struct lw_suspect_info {
	const char	*site;		/* top allocation site frame */
	double		 site_share;	/* its share of the live samples */
	uint64_t	 samples;	/* live samples of the class */
	const char	*trace;		/* that site's stack, top first */
	const char	*holder;	/* "a.B.f -> c.D.g (x.Y)" */
	double		 holder_ms;	/* pause of the walk that found it */
};

/*
 * One SUSPECT record per suspect; x (may be NULL) adds " allocated at
 * SITE (N% of M live samples), held by HOLDER" and site=, site_share=,
 * samples=, holder=, holder_ms= fields, and the stack on an indented
 * line after the record.
 */
void	lw_report_suspects(const struct lw_suspect *s,
	    const struct lw_suspect_info *x, size_t n);

/* CENSUS (debug level): what one census cost. */
void	lw_report_census(const char *how, size_t classes, uint64_t objects,
	    uint64_t bytes, double pause_ms);

/* DUMP: a finished dump. */
void	lw_report_dump(const struct lw_dump_result *r, const char *reason,
	    double floor_pct, double tto_s);

/* OOM: the JVM ran out of Java heap; `description` may be NULL. */
void	lw_report_oom(const char *description, int flags);

/* STOP: the JVM is exiting. */
void	lw_report_stop(void);

#endif /* LW_REPORT_H */
