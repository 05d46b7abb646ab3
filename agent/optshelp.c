/*
 * leakwatch - optshelp.c
 *
 * The option table (opts.c) as text for people: the `help` list, wrapped
 * to a terminal, and the README's Markdown table, both written into the
 * caller's buffer with snprintf(3) semantics.  Pure; part of the opts
 * module (optsdef.h is its internal header).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "lw.h"
#include "opts.h"
#include "optsdef.h"

/* Layout of the help text: key column, where the text starts, width. */
#define OPTS_KEYCOL	2
#define OPTS_TEXTCOL	24
#define OPTS_WIDTH	79

/* Output buffer with snprintf(3) semantics: `need` keeps counting. */
struct opts_out {
	char	*buf;
	size_t	 len;
	size_t	 need;
};

static void	opts_cat(struct opts_out *, const char *, ...)
		    printflike(2, 3);

/* Append to an opts_out, snprintf(3)-style: count what does not fit. */
static void
opts_cat(struct opts_out *out, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	if (out->need < out->len)
		n = vsnprintf(out->buf + out->need, out->len - out->need, fmt,
		    ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		out->need += (size_t)n;
}

/*
 * Append text word by word (whole: as one word), breaking lines before
 * OPTS_WIDTH and indenting continuations to OPTS_TEXTCOL.  *col is the
 * current column.
 */
static void
opts_wrap(struct opts_out *out, int *col, const char *text, int whole)
{
	const char	*w;
	int		 n;

	while (*text != '\0') {
		while (*text == ' ')
			text++;
		for (w = text; *text != '\0'; text++)
			if (*text == ' ' && !whole)
				break;
		if (text == w)
			break;
		n = (int)(text - w);
		if (*col > OPTS_TEXTCOL && *col + 1 + n > OPTS_WIDTH) {
			opts_cat(out, "\n%*s", OPTS_TEXTCOL, "");
			*col = OPTS_TEXTCOL;
		} else if (*col > OPTS_TEXTCOL) {
			opts_cat(out, " ");
			(*col)++;
		}
		opts_cat(out, "%.*s", n, w);
		*col += n;
	}
}

/* "key=ARG" as the help text shows it; enums list their choices. */
static void
opts_usage(const struct opts_def *d, char *buf, size_t len)
{
	size_t	i;

	strlcpy(buf, d->name, len);
	if (d->type == OPTS_FLAG)
		return;
	strlcat(buf, "=", len);
	if (d->type != OPTS_ENUM) {
		strlcat(buf, d->arg, len);
		return;
	}
	for (i = 0; d->choices[i] != NULL; i++) {
		if (i > 0)
			strlcat(buf, "|", len);
		strlcat(buf, d->choices[i], len);
	}
}

/*
 * See opts.h.  Long "key=ARG" columns (the enums) push the text to the
 * next line, and the text wraps at OPTS_WIDTH, so `help` reads well in
 * an 80-column terminal whatever the JVM's launcher does to stderr.
 */
size_t
lw_opts_help(char *buf, size_t len)
{
	struct opts_out	 out;
	char		 usage[64], dflt[64];
	const char	*shown;
	size_t		 i;
	int		 col;

	out.buf = buf;
	out.len = len;
	out.need = 0;
	if (len > 0)
		buf[0] = '\0';
	opts_cat(&out, "leakwatch %s - finds Java heap leaks before they "
	    "kill the service\n", LW_VERSION);
	opts_cat(&out, "usage: -agentpath:/path/libleakwatch.so="
	    "key=value,key=value,...\n");
	for (i = 0; i < lw_opts_ntable; i++) {
		opts_usage(&lw_opts_table[i], usage, sizeof(usage));
		opts_cat(&out, "%*s%s", OPTS_KEYCOL, "", usage);
		col = OPTS_KEYCOL + (int)strlen(usage);
		if (col + 2 > OPTS_TEXTCOL)
			opts_cat(&out, "\n%*s", OPTS_TEXTCOL, "");
		else
			opts_cat(&out, "%*s", OPTS_TEXTCOL - col, "");
		/* The first word goes on the line whatever its length. */
		col = OPTS_TEXTCOL;
		opts_wrap(&out, &col, lw_opts_table[i].help, 0);
		shown = lw_opts_table[i].defshow != NULL ?
		    lw_opts_table[i].defshow : lw_opts_table[i].def;
		if (shown != NULL) {
			snprintf(dflt, sizeof(dflt), "(default: %s)", shown);
			opts_wrap(&out, &col, dflt, 1);
		}
		opts_cat(&out, "\n");
	}
	return (out.need);
}

/*
 * See opts.h.  Only the table: the README keeps its prose around it
 * between markers, and `make options-md` refreshes the rows.
 */
size_t
lw_opts_markdown(char *buf, size_t len)
{
	struct opts_out		 out;
	const struct opts_def	*d;
	char			 accepts[128];
	size_t			 i;

	out.buf = buf;
	out.len = len;
	out.need = 0;
	if (len > 0)
		buf[0] = '\0';
	opts_cat(&out, "| option | accepts | default | what it does |\n");
	opts_cat(&out, "|---|---|---|---|\n");
	for (i = 0; i < lw_opts_ntable; i++) {
		d = &lw_opts_table[i];
		lw_opts_expect(d, 1, accepts, sizeof(accepts));
		opts_cat(&out, "| `%s` | %s", d->name, accepts);
		if (d->defshow != NULL)
			opts_cat(&out, " | %s", d->defshow);
		else if (d->def != NULL)
			opts_cat(&out, " | `%s`", d->def);
		else
			opts_cat(&out, " | -");
		opts_cat(&out, " | %s |\n", d->help);
	}
	return (out.need);
}
