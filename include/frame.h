/*
 * leakwatch - frame.h
 *
 * Stack frames as people read them: whether a class is the application's
 * or the JDK's, the StackTraceElement.toString text of a resolved frame,
 * and the source line of a bytecode location.  Pure module (no JVMTI
 * header): the JVMTI side resolves frames into struct lw_frame_info and
 * line tables into struct lw_linent, and hands them in.
 */
#ifndef LW_FRAME_H
#define LW_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* A frame with names; the strings belong to whoever filled it in. */
struct lw_frame_info {
	const char	*cls;		/* dotted, e.g. "scn.x.Foo$Bar" */
	const char	*method;
	const char	*file;		/* NULL if unknown */
	int		 line;		/* -1 unknown */
	int		 native;
};

/*
 * 0 for a class of the JDK's own packages (java., javax., jdk., sun.,
 * com.sun.; '/' separators are taken too) and for NULL or "", 1 for any
 * other class: "javafoo.X" is an application class, "java.util.X" is not.
 * Context: any.
 */
int	lw_frame_is_app(const char *dotted_class);

/*
 * Format a frame as StackTraceElement.toString does:
 * "pkg.Class.method(File.java:42)", "(File.java)" with no line,
 * "(Unknown Source)" with no file, "(Native Method)" for a native frame;
 * a NULL class or method prints as "?".  Writes at most len bytes, NUL
 * included (buf may be NULL when len is 0), and returns the length the
 * whole text needs, as snprintf(3) does.  Context: any.
 */
int	lw_frame_format(char *buf, size_t len, const struct lw_frame_info *fi);

/* One row of a method's line number table (GetLineNumberTable). */
struct lw_linent {
	int64_t		start;		/* first jlocation of the line */
	int		line;
};

/*
 * The source line of location loc: the line of the entry with the
 * largest start <= loc, in a table in any order; -1 when there is none,
 * loc < 0 or t is NULL.  As HotSpot's Method::line_number_from_bci, an
 * entry starting at loc itself wins first, and of entries with the same
 * smaller start the last wins.  Context: any.
 */
int	lw_line_for(const struct lw_linent *t, int n, int64_t loc);

#endif /* LW_FRAME_H */
