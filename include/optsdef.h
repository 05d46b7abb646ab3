/*
 * leakwatch - optsdef.h
 *
 * Internal to the opts module: the option table's row type, shared by the
 * parser (opts.c) and the help and README rendering (optshelp.c).  No
 * other module includes it.
 */
#ifndef LW_OPTSDEF_H
#define LW_OPTSDEF_H

#include <stddef.h>

enum opts_type {
	OPTS_FLAG,		/* no value; int set to 1 */
	OPTS_FILE,		/* char[LW_PATH_MAX], a file */
	OPTS_DIR,		/* char[LW_PATH_MAX], a directory */
	OPTS_ENUM,		/* int, index into choices */
	OPTS_INT,		/* int64_t, strtonum(3) */
	OPTS_PERCENT,		/* double, percent */
	OPTS_DURATION,		/* uint64_t, milliseconds */
	OPTS_SIZE		/* uint64_t, bytes, expand_number(3) */
};

/*
 * One option.  min, max and def are strings in the value syntax, parsed
 * when used; def NULL leaves the field 0 or "", and defshow, when set, is
 * what the help shows as the default instead of def.
 */
struct opts_def {
	char			*name;	/* getsubopt(3) token */
	enum opts_type		 type;
	const char		*min;	/* bounds; NULL if none */
	const char		*max;
	const char		*def;
	const char		*defshow;
	size_t			 off;	/* in struct lw_opts */
	const char *const	*choices; /* OPTS_ENUM, NULL ends */
	const char		*arg;	/* help: key=ARG */
	const char		*help;
};

/* The table, in the order help and the README list them (opts.c). */
extern const struct opts_def	lw_opts_table[];
extern const size_t		lw_opts_ntable;

/*
 * What an option accepts, for an error message (md 0) or the README's
 * "accepts" column (md 1), into buf.
 */
void	lw_opts_expect(const struct opts_def *d, int md, char *buf,
	    size_t len);

#endif /* LW_OPTSDEF_H */
