/*
 * leakwatch - jname.c
 *
 * Class names in the form Java users read them.  This module owns the one
 * conversion from whatever the JVM hands out (JVMTI signatures, internal
 * names, the binary names of the class histogram) to source form, so that
 * a class reached by heap walk and the same class read from a histogram
 * get the same key in every census.  Pure: no allocation, no logging.
 *
 * DESIGN
 * A name is a descriptor when it starts with '[' (an array) or looks like
 * "L...;"; anything else is a plain class name, so a class "B" in the
 * default package stays "B".  The class part of either is in binary form
 * ("java.util.Map$Entry", the histogram) or internal form
 * ("java/util/Map$Entry", JVMTI); both become binary form.  Names already
 * in source form ("int[]", "java.lang.Object[]") pass through unchanged,
 * so converting is idempotent.
 *
 * Hidden classes (JEP 371) carry a suffix "0x<hex>" whose separator
 * depends on who printed the name (HotSpot, JDK 15 and later):
 *   internal name (Symbol)            pkg/Foo$$Lambda+0x0000000800c01234
 *   Class.getName(), class histogram  pkg.Foo$$Lambda/0x0000000800c01234
 *   JVMTI GetClassSignature           Lpkg/Foo$$Lambda.0x0000000800c01234;
 * (ClassFileParser::mangle_hidden_class_name, Klass::external_name and
 * InstanceKlass::signature_name).  All three become the getName() form.
 */
#include "compat.h"
#include "jname.h"
#include "lw.h"

/* JVMS 4.4.1: an array descriptor has at most 255 dimensions. */
#define JNAME_MAXDIMS	255

/* Bounded output: counts what it could not store instead of overflowing. */
struct jname_out {
	char	*buf;
	size_t	 len;		/* size of buf, bytes */
	size_t	 pos;		/* bytes stored so far */
	int	 trunc;		/* something did not fit */
};

static const struct {
	char		 letter;
	const char	*name;
} jname_prims[] = {
	{ 'Z', "boolean" },
	{ 'B', "byte" },
	{ 'C', "char" },
	{ 'S', "short" },
	{ 'I', "int" },
	{ 'J', "long" },
	{ 'F', "float" },
	{ 'D', "double" },
};

/*
 * Append n bytes, keeping room for the final NUL.  A short buffer is not
 * an error here: the caller reports LW_ERR_RANGE and keeps the prefix.
 */
static void
jname_put(struct jname_out *o, const char *s, size_t n)
{
	size_t	room;

	room = o->len > 0 ? o->len - 1 - o->pos : 0;
	if (n > room) {
		n = room;
		o->trunc = 1;
	}
	if (n == 0)
		return;
	memcpy(o->buf + o->pos, s, n);
	o->pos += n;
}

/* The source name of a primitive descriptor letter, NULL if there is none. */
static const char *
jname_prim(char c)
{
	size_t	i;

	for (i = 0; i < LW_NELEM(jname_prims); i++)
		if (jname_prims[i].letter == c)
			return (jname_prims[i].name);
	return (NULL);
}

/* A hex digit of a hidden-class suffix; HotSpot prints lower case. */
static int
jname_ishex(char c)
{
	return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F'));
}

/*
 * Length of the class part of s[0..n) before a hidden-class suffix, or n
 * when there is none.  The suffix is SEP "0x" HEX+ at the very end, with a
 * non-empty class part before it.  '+' is always the suffix (HotSpot's own
 * mangling).  '/' is, unless the class part is in internal form: then
 * "a/b/0x1" is class "0x1" in package a.b.  '.' is, unless the class part
 * is in binary form, for the same reason.
 * XXX With no other separator the form is unknown: "Foo/0x1" and
 * "Foo.0x1" are taken as hidden class Foo, though either could be a class
 * named "0x1" in package Foo.  Only bytecode generators name a class so.
 */
static size_t
jname_hidden(const char *s, size_t n)
{
	size_t	i, h;
	char	sep;

	i = n;
	while (i > 0 && jname_ishex(s[i - 1]))
		i--;
	h = i;
	if (h == n || h < 3 || s[h - 1] != 'x' || s[h - 2] != '0')
		return (n);
	i = h - 3;		/* the separator */
	if (i == 0)
		return (n);
	sep = s[i];
	if (sep == '+')
		return (i);
	if (sep == '/' && memchr(s, '/', i) == NULL)
		return (i);
	if (sep == '.' && memchr(s, '.', i) == NULL)
		return (i);
	return (n);
}

/*
 * Write the class part s[0..n) in binary form.  Rejects what cannot be a
 * class name (JVMS 4.2.1): empty, an empty package segment, ';' or '[',
 * or '.' and '/' mixed (neither binary nor internal form).
 */
static int
jname_class(struct jname_out *o, const char *s, size_t n)
{
	size_t	i, end;
	int	dot, slash;
	char	c, prev;

	end = jname_hidden(s, n);
	dot = slash = 0;
	prev = '.';
	for (i = 0; i < end; i++) {
		c = s[i];
		if (c == ';' || c == '[')
			return (LW_ERR_INVAL);
		if (c == '.' || c == '/') {
			if (prev == '.')
				return (LW_ERR_INVAL);
			if (c == '.')
				dot = 1;
			else
				slash = 1;
			c = '.';
		}
		prev = c;
	}
	if (end == 0 || prev == '.' || (dot && slash))
		return (LW_ERR_INVAL);

	for (i = 0; i < end; i++)
		jname_put(o, s[i] == '/' ? "." : &s[i], 1);
	if (end < n) {
		jname_put(o, "/", 1);
		jname_put(o, s + end + 1, n - end - 1);
	}
	return (0);
}

/* Whether s[0..n) is a primitive type's source name ("int"). */
static int
jname_isprim(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < LW_NELEM(jname_prims); i++)
		if (strlen(jname_prims[i].name) == n &&
		    memcmp(jname_prims[i].name, s, n) == 0)
			return (1);
	return (0);
}

/*
 * Parse and write; the public wrapper deals with what is left in out on
 * failure.  Descriptors are recognised only by their shape (see DESIGN).
 * A name already in source form ("int[]", "java.lang.Object[][]") is
 * accepted as it is, so that converting twice changes nothing and callers
 * may hand back a name they got from this module.
 */
static int
jname_convert(struct jname_out *o, const char *in, size_t n)
{
	const char	*prim;
	size_t		 dims, i;
	int		 r;

	for (dims = 0; dims < n && in[dims] == '['; dims++)
		;
	in += dims;
	n -= dims;

	if (dims > 0 && n == 1) {
		if ((prim = jname_prim(in[0])) == NULL)
			return (LW_ERR_INVAL);
		jname_put(o, prim, strlen(prim));
	} else if (n >= 2 && in[0] == 'L' && in[n - 1] == ';') {
		if ((r = jname_class(o, in + 1, n - 2)) != 0)
			return (r);
	} else if (dims > 0) {
		/* "[", "[X", "[II", "[Ljava.lang.String" */
		return (LW_ERR_INVAL);
	} else {
		for (; n >= 2 && in[n - 2] == '[' && in[n - 1] == ']'; n -= 2)
			dims++;
		if (dims > 0 && jname_isprim(in, n))
			jname_put(o, in, n);
		else if ((r = jname_class(o, in, n)) != 0)
			return (r);
	}
	if (dims > JNAME_MAXDIMS)
		return (LW_ERR_INVAL);

	for (i = 0; i < dims; i++)
		jname_put(o, "[]", 2);
	return (0);
}

/*
 * The output is validated as it is written, so a malformed name may have
 * left a partial conversion in out; replace it with the input, which is
 * what a log line should show for a name we could not read.
 * Context: any (no allocation, no lock).
 */
int
lw_jname_format(const char *in, char *out, size_t outlen)
{
	struct jname_out	o;
	int			r;

	if (out == NULL)
		outlen = 0;
	o.buf = out;
	o.len = outlen;
	o.pos = 0;
	o.trunc = 0;
	if (in == NULL || *in == '\0') {
		if (outlen > 0)
			out[0] = '\0';
		return (LW_ERR_INVAL);
	}
	if ((r = jname_convert(&o, in, strlen(in))) != 0) {
		if (outlen > 0)
			strlcpy(out, in, outlen);
		return (r);
	}
	if (outlen == 0)
		return (LW_ERR_RANGE);
	out[o.pos] = '\0';
	return (o.trunc ? LW_ERR_RANGE : 0);
}
