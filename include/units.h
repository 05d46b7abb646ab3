/*
 * leakwatch - units.h
 *
 * Durations, sizes and percentages as the options write them.
 */
#ifndef LW_UNITS_H
#define LW_UNITS_H

#include <stdint.h>

/*
 * Value parsers of the options (opts.c), exported for the tests.
 * Strict: no blanks, signs, exponents, hex or trailing junk.  Each
 * returns 0, LW_ERR_INVAL (malformed) or LW_ERR_RANGE (overflow, or a
 * negative number that is otherwise well formed); *out is set only on 0.
 *   duration: "500ms" "30s" "5m" "2h" "1d", bare number = seconds;
 *             integers only (use 1500ms, not 1.5s)
 *   size:     "512m" "2g" "4096" (expand_number(3) units b k m g t p e,
 *             either case, binary), bare number = bytes
 *   percent:  "85%" "85" "0.5%", up to 1e9
 */
int	lw_units_duration(const char *s, uint64_t *ms);
int	lw_units_size(const char *s, uint64_t *bytes);
int	lw_units_percent(const char *s, double *pct);

#endif /* LW_UNITS_H */
