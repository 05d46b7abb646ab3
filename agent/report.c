/*
 * leakwatch - report.c
 *
 * Formats the records of the leak-suspect log.  People read the head of a
 * line ("SUSPECT #1 catleak.DefaultEvent +5.1MiB/min (41% of growth)");
 * programs read the key=value tail, which repeats the facts in raw units
 * (bytes, seconds, fractions) and never contains spaces inside a value.
 * Class names are escaped with stravis so a hostile or odd name cannot
 * break a line.  Context: agent thread, unless a function says otherwise.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vis.h>

#include "compat.h"
#include "dump.h"
#include "log.h"
#include "lw.h"
#include "report.h"
#include "suspect.h"
#include "trend.h"

void
lw_report_start(const char *jdk, const char *collectors, const char *oldpool,
    uint64_t max, const char *census, const char *dumpdir, double threshold,
    uint64_t lead_ms)
{
	char	hmax[32];

	lw_log_record("START", "leakwatch %s watching pid %ld, JDK %s, "
	    "heap max %s, collectors %s version=%s pid=%ld jdk=%s max=%llu "
	    "collectors=%s oldpool=\"%s\" census=%s dumpdir=%s "
	    "threshold=%.1f lead_s=%.0f log=%s", LW_VERSION, (long)getpid(),
	    jdk, lw_log_bytes(hmax, sizeof(hmax), (double)max), collectors,
	    LW_VERSION, (long)getpid(), jdk, (unsigned long long)max,
	    collectors, oldpool, census, dumpdir, threshold,
	    (double)lead_ms / 1000.0, lw_log_target());
}

void
lw_report_heap(const struct lw_trend_fit *f, int old, uint64_t observed,
    uint64_t max, uint64_t used, uint64_t gcs)
{
	char	hf[32], hm[32], hg[32], ht[32], what[96];
	double	floor = observed > 0 ? (double)observed : f->floor, pct;

	/* The fit may run past the limit near the end; the heap cannot. */
	if (max > 0 && floor > (double)max)
		floor = (double)max;
	if (floor < 0)
		floor = 0;
	pct = max > 0 ? 100.0 * floor / (double)max : 0;

	if (!f->valid)
		snprintf(what, sizeof(what), "trend not known yet");
	else if (f->growing)
		snprintf(what, sizeof(what), "+%s/min, OOM in ~%s",
		    lw_log_bytes(hg, sizeof(hg), f->slope_bpm),
		    lw_log_secs(ht, sizeof(ht), f->tto_s));
	else
		snprintf(what, sizeof(what), "not growing (%s%s/min)",
		    f->slope_bpm >= 0 ? "+" : "",
		    lw_log_bytes(hg, sizeof(hg), f->slope_bpm));
	lw_log_record("HEAP", "floor %s (%.1f%% of %s), %s floor=%.0f max=%llu "
	    "pct=%.1f used=%llu growth_bpm=%.0f tto_s=%.0f conf=%.2f "
	    "growing=%d points=%d span_s=%.0f source=%s gcs=%llu",
	    lw_log_bytes(hf, sizeof(hf), floor), pct,
	    lw_log_bytes(hm, sizeof(hm), (double)max), what, floor,
	    (unsigned long long)max, pct, (unsigned long long)used,
	    f->slope_bpm, f->growing ? f->tto_s : -1.0, f->conf, f->growing,
	    f->npoints, (double)f->span_ms / 1000.0, old ? "old" : "all",
	    (unsigned long long)gcs);
}

/* Escape s for a key="value" field (quotes, spaces, controls). */
static const char *
report_quote(char *buf, size_t len, const char *s)
{
	if (strsnvis(buf, len, s, VIS_OCTAL | VIS_CSTYLE | VIS_NL | VIS_TAB,
	    "\"") == -1)
		strlcpy(buf, "(unprintable)", len);
	return (buf);
}

void
lw_report_suspects(const struct lw_suspect *s,
    const struct lw_suspect_info *x, size_t n)
{
	char	name[sizeof(s->name) * 4 + 1], hg[32], hb[32];
	char	human[2600], kv[8800], q[4 * 1024 + 1];
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strsnvis(name, sizeof(name), s[i].name,
		    VIS_OCTAL | VIS_CSTYLE | VIS_WHITE, "=\"") == -1)
			strlcpy(name, "(unprintable)", sizeof(name));
		human[0] = kv[0] = '\0';
		if (x != NULL && x[i].site != NULL) {
			(void)snprintf(human, sizeof(human), ", allocated at "
			    "%s (%.0f%% of %llu live samples)", x[i].site,
			    100.0 * x[i].site_share,
			    (unsigned long long)x[i].samples);
			snprintf(kv, sizeof(kv), " site=\"%s\" site_share=%.2f "
			    "samples=%llu", report_quote(q, sizeof(q),
			    x[i].site), x[i].site_share,
			    (unsigned long long)x[i].samples);
		}
		if (x != NULL && x[i].holder != NULL) {
			strlcat(human, ", held by ", sizeof(human));
			strlcat(human, x[i].holder, sizeof(human));
			strlcat(kv, " holder=\"", sizeof(kv));
			strlcat(kv, report_quote(q, sizeof(q), x[i].holder),
			    sizeof(kv));
			snprintf(hb, sizeof(hb), "\" holder_ms=%.0f",
			    x[i].holder_ms);
			strlcat(kv, hb, sizeof(kv));
		}
		lw_log_record("SUSPECT", "#%zu %s +%s/min (%.0f%% of growth), "
		    "%llu instances, %s%s rank=%zu class=%s instances=%llu "
		    "bytes=%llu growth_bpm=%.0f share=%.2f consistency=%.2f "
		    "censuses=%d%s", i + 1, name,
		    lw_log_bytes(hg, sizeof(hg), s[i].growth_bpm),
		    100.0 * s[i].share, (unsigned long long)s[i].count,
		    lw_log_bytes(hb, sizeof(hb), (double)s[i].bytes), human,
		    i + 1, name, (unsigned long long)s[i].count,
		    (unsigned long long)s[i].bytes, s[i].growth_bpm,
		    s[i].share, s[i].consistency, s[i].censuses, kv);
		if (x != NULL && x[i].trace != NULL && x[i].trace[0] != '\0')
			lw_log_cont("#%zu %s allocated at %s", i + 1, name,
			    x[i].trace);
	}
}

void
lw_report_census(const char *how, size_t classes, uint64_t objects,
    uint64_t bytes, double pause_ms)
{
	if (!lw_log_enabled(LW_LEVEL_DEBUG))
		return;
	lw_log_record("CENSUS", "%s: %zu classes, %llu objects in %.1f ms "
	    "how=%s classes=%zu objects=%llu bytes=%llu pause_ms=%.2f", how,
	    classes, (unsigned long long)objects, pause_ms, how, classes,
	    (unsigned long long)objects, (unsigned long long)bytes, pause_ms);
}

void
lw_report_dump(const struct lw_dump_result *r, const char *reason,
    double floor_pct, double tto_s)
{
	char	hb[32], ht[32], epath[sizeof(r->path) * 4 + 1];

	if (strsnvis(epath, sizeof(epath), r->path,
	    VIS_OCTAL | VIS_CSTYLE | VIS_WHITE, "=\"") == -1)
		strlcpy(epath, "(unprintable)", sizeof(epath));
	lw_log_record("DUMP", "wrote %s (%s in %.2fs) at %.1f%% of max heap, "
	    "OOM predicted in %s path=%s bytes=%llu secs=%.2f reason=%s "
	    "pct=%.1f tto_s=%.0f", epath, lw_log_bytes(hb, sizeof(hb),
	    (double)r->bytes), r->secs, floor_pct,
	    lw_log_secs(ht, sizeof(ht), tto_s), epath,
	    (unsigned long long)r->bytes, r->secs, reason, floor_pct, tto_s);
}

/* Context: the Java thread that failed to allocate (see agent.c). */
void
lw_report_oom(const char *description, int flags)
{
	lw_log_record("OOM", "the JVM ran out of Java heap (%s) flags=%d",
	    description != NULL ? description : "no description", flags);
}

/* Context: VMDeath. */
void
lw_report_stop(void)
{
	lw_log_record("STOP", "VM exiting");
}
