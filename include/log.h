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

#include "compat.h"

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
