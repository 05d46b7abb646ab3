/*
 * leakwatch - jname.h
 *
 * Class names as Java users read them.  The JVM hands out names in several
 * forms: internal ("java/util/HashMap$Node"), type signatures
 * ("Ljava/lang/String;", "[[I"), and the binary names the class histogram
 * prints ("java.lang.String", "[Ljava.lang.Object;", "[B").  Pure module.
 */
#ifndef LW_JNAME_H
#define LW_JNAME_H

#include <stddef.h>

/*
 * Convert any of those forms to source form: "java.util.HashMap$Node",
 * "java.lang.String", "byte[]", "int[][]", "java.lang.Object[]".  A name
 * already in source form comes out unchanged (converting is idempotent).
 * Only a name starting with '[' or shaped "L...;" is a descriptor; "B" is
 * a class B in the default package.  Hidden classes keep their suffix in
 * Class.getName() form: "pkg/Foo$$Lambda+0x0000000800c01234" (internal)
 * and "Lpkg/Foo$$Lambda.0x0000000800c01234;" (JVMTI) both give
 * "pkg.Foo$$Lambda/0x0000000800c01234", as the histogram prints it.
 * Returns 0; LW_ERR_INVAL for a malformed name (empty or NULL, bad or
 * missing descriptor letter, missing ';', "L;", an empty package segment,
 * '.' and '/' mixed, ';' or '[' inside a name, more than 255 dimensions);
 * LW_ERR_RANGE if out is too small.  On any error out still holds a
 * NUL-terminated best effort (truncated conversion, or the input as is
 * when malformed) so a caller can print something; outlen 0 writes
 * nothing.  No allocation.  Context: any.
 */
int	lw_jname_format(const char *in, char *out, size_t outlen);

#endif /* LW_JNAME_H */
