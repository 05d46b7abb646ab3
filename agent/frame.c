/*
 * leakwatch - frame.c
 *
 * How a resolved stack frame reads in a report: the JDK-or-application
 * test that picks an allocation site (sample.c) and a holder's step
 * (holder.c), StackTraceElement.toString's text, and the source line of
 * a location.  Pure module: no JVMTI call, no allocation, no logging.
 */
#include <stdint.h>
#include <stdio.h>

#include "compat.h"
#include "frame.h"

/*
 * The JDK's own packages: frames in them are the library doing the
 * caller's work (HashMap.resize, ArrayList.grow), never where a leak is
 * fixed.  Matched on whole package names, '.' or '/' separated.
 */
static const char *const frame_jdkpkg[] = {
	"java.", "javax.", "jdk.", "sun.", "com.sun."
};

/* 1 when name starts with package prefix pkg ("java."); '/' matches '.'. */
static int
frame_inpkg(const char *name, const char *pkg)
{
	for (; *pkg != '\0'; pkg++, name++)
		if (*name != *pkg && !(*pkg == '.' && *name == '/'))
			return (0);
	return (1);
}

/* Context: any. */
int
lw_frame_is_app(const char *dotted_class)
{
	size_t	k;

	if (dotted_class == NULL || *dotted_class == '\0')
		return (0);
	for (k = 0; k < LW_NELEM(frame_jdkpkg); k++)
		if (frame_inpkg(dotted_class, frame_jdkpkg[k]))
			return (0);
	return (1);
}

/*
 * StackTraceElement.toString's forms, so a report line reads like the
 * stack traces people already know and can paste into an IDE.
 * Context: any.
 */
int
lw_frame_format(char *buf, size_t len, const struct lw_frame_info *fi)
{
	const char	*cls = "?", *m = "?";

	if (buf == NULL)
		len = 0;
	if (fi == NULL)
		return (snprintf(buf, len, "?.?(Unknown Source)"));
	if (fi->cls != NULL)
		cls = fi->cls;
	if (fi->method != NULL)
		m = fi->method;
	if (fi->native)
		return (snprintf(buf, len, "%s.%s(Native Method)", cls, m));
	if (fi->file == NULL)
		return (snprintf(buf, len, "%s.%s(Unknown Source)", cls, m));
	if (fi->line < 0)
		return (snprintf(buf, len, "%s.%s(%s)", cls, m, fi->file));
	return (snprintf(buf, len, "%s.%s(%s:%d)", cls, m, fi->file,
	    fi->line));
}

/*
 * HotSpot's rule (Method::line_number_from_bci): an exact start wins at
 * once, else the largest start below loc, the last such entry on ties.
 * GetLineNumberTable returns the class file's order, which javac keeps
 * in code order but other compilers need not.  Context: any.
 */
int
lw_line_for(const struct lw_linent *t, int n, int64_t loc)
{
	int64_t	best = -1;
	int	i, line = -1;

	if (t == NULL || loc < 0)
		return (-1);
	for (i = 0; i < n; i++) {
		if (t[i].start == loc)
			return (t[i].line);
		if (t[i].start >= 0 && t[i].start < loc && t[i].start >= best) {
			best = t[i].start;
			line = t[i].line;
		}
	}
	return (line);
}
