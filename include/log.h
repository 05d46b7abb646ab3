/*
 * leakwatch - log.h
 *
 * The leak-suspect log: one record per line, "UTC-timestamp TYPE text",
 * each line built in a stack buffer and sent with a single write(2) so a
 * `tail -f` never sees half a line and concurrent writers never interleave.
 * Agent diagnostics (ERROR/WARN/INFO/DEBUG) go to the same sink, so one
 * file tells the whole story.  Never fails its caller.
 */
#ifndef LW_LOG_H
#define LW_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "compat.h"

/* Diagnostic levels, most severe first; `loglevel=` names them. */
enum lw_level {
	LW_LEVEL_ERROR = 0,
	LW_LEVEL_WARN,
	LW_LEVEL_INFO,
	LW_LEVEL_DEBUG
};

/* Longest record, newline included; longer ones are cut with "...". */
#define LW_LOG_LINE	4096

/*
 * Direct the log to `path` (appended, created mode 0600, symlinks not
 * followed), or to stderr when path is NULL or "" (closing a file opened
 * before).  On failure the log stays where it was and LW_ERR_IO is
 * returned with errno set; the caller warns once.  `level` is the highest
 * enum lw_level that is written.  Context: OnLoad (single-threaded).
 */
int	lw_log_open(const char *path, int level);

/*
 * Is the log file still the file at its path?  If it was renamed or
 * removed (logrotate), open the path again (as lw_log_open does) in its
 * place and write an INFO record there saying so.  If that fails, the old
 * file stays and gets one WARN record (one until a reopen succeeds).
 * Every record does this check itself, at most once a second; this runs
 * it now.  Returns 1 when reopened, 0 when nothing was to be done (or
 * another thread is doing it, or the log is stderr), LW_ERR_IO when the
 * path could not be opened.  Context: not the GC pause.
 */
int	lw_log_reopen(void);

/* Where the log goes now ("stderr" or the path); for the START record. */
const char *lw_log_target(void);

/*
 * Write one record of `type` (HEAP, SUSPECT, DUMP, START, STOP, CENSUS...)
 * regardless of level.  A write error switches the sink to stderr once,
 * with an ERROR record saying why.  A log file renamed or removed is
 * reopened first (lw_log_reopen).  Context: not the GC pause.
 */
void	lw_log_record(const char *type, const char *fmt, ...)
	    printflike(2, 3);

/*
 * A continuation of the record just written: its own line, indented four
 * spaces, without time or type (machines skip lines that start with a
 * space).  Context: as lw_log_record.
 */
void	lw_log_cont(const char *fmt, ...)
	    printflike(1, 2);

/*
 * Write a diagnostic at `level` (enum lw_level); the record type is the
 * level's name in capitals.  Dropped when above the configured level.
 * Context: not the GC pause.
 */
void	lw_log(int level, const char *fmt, ...) printflike(2, 3);

/*
 * One repeated diagnostic, rate limited (OpenSSH log_ratelimit).  The
 * first message is written.  Repeats within `period_ms` of the last one
 * written are counted and dropped; the first repeat after the period is
 * written with " (N like it suppressed)" appended.  A period of
 * LW_LOG_ONCE writes one message and drops the rest until
 * lw_log_limit_reset, for warnings that hold until a success clears them
 * ("cannot reopen the log" until a reopen works).  Messages below the
 * configured level are neither written nor counted.
 *
 * One state per message: a static at the call site (LW_LOG_LIMITED), or a
 * member of the caller's state (struct lw_ratelimit, LW_RATELIMIT_INIT)
 * when it must be reset or belongs to one instance.  Not MT-safe: one
 * thread at a time per state (the caller's thread or lock).
 */
struct lw_ratelimit {
	uint64_t	period_ms;	/* LW_LOG_ONCE: until reset */
	uint64_t	last_ms;	/* monotonic, when one was written */
	uint64_t	suppressed;	/* dropped since then */
	int		written;	/* one was written since the reset */
};

#define LW_LOG_ONCE		0
#define LW_RATELIMIT_INIT(ms)	{ (ms), 0, 0, 0 }

/*
 * Rate-limited lw_log at `now_ms` (monotonic milliseconds, lw_now_ms; a
 * caller holding the time passes it, tests inject it).  Returns 1 when
 * the message was written, 0 when it was dropped (limited or below the
 * level).  Context: as lw_log.
 */
int	lw_log_limited_at(struct lw_ratelimit *rl, uint64_t now_ms,
	    int level, const char *fmt, ...) printflike(4, 5);

/* As lw_log_limited_at, now. */
int	lw_log_limited(struct lw_ratelimit *rl, int level, const char *fmt,
	    ...) printflike(3, 4);

/*
 * The limiter alone, for callers that hand "warn or not" to code that
 * logs for itself: may one message go at now_ms?  Returns -1 when it must
 * be dropped (it is counted), else how many were dropped before it (the
 * count restarts).  Context: any but the GC pause.
 */
long long lw_log_ratelimit(struct lw_ratelimit *rl, uint64_t now_ms);

/*
 * The condition cleared: the next message is written at once, and what
 * was suppressed so far is forgotten.  Context: as the state's users.
 */
void	lw_log_limit_reset(struct lw_ratelimit *rl);

/*
 * Rate-limited lw_log with its own state at this call site:
 * LW_LOG_LIMITED(LW_LOG_ONCE, LW_LEVEL_WARN, "...", ...) warns once per
 * run, LW_LOG_LIMITED(60000, ...) at most once a minute.  Its state cannot
 * be reset; use a struct lw_ratelimit for that.
 */
#define LW_LOG_LIMITED(period_ms, level, ...) do {			\
	static struct lw_ratelimit lw_rl_ = LW_RATELIMIT_INIT(period_ms); \
	(void)lw_log_limited(&lw_rl_, (level), __VA_ARGS__);		\
} while (0)

/* Is `level` written?  Lets callers skip building costly messages. */
int	lw_log_enabled(int level);

/*
 * Format `bytes` for people into buf ("90MiB", "1.5GiB").  Returns buf.
 * Context: any but the GC pause.
 */
const char *lw_log_bytes(char *buf, size_t len, double bytes);

/* Format seconds for people into buf ("45s", "3m12s", "2h05m"). */
const char *lw_log_secs(char *buf, size_t len, double secs);

#endif /* LW_LOG_H */
