/*
 * leakwatch - compat.h
 *
 * The one place that pulls in libbsd's BSD interfaces and the JDK's JVMTI
 * header, and that fills in the attribute macros the rest of the code uses.
 * Pure modules include it too (for the BSD helpers) but must not touch any
 * j* type; jvmti.h is only included when LW_NEED_JVMTI is defined first.
 */
#ifndef LW_COMPAT_H
#define LW_COMPAT_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <stdlib.h>
#include <string.h>

#ifdef LW_NEED_JVMTI
#include <jvmti.h>
#endif

#ifndef __unused
#define __unused	__attribute__((__unused__))
#endif
#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif
#ifndef printflike
#define printflike(a, b) __attribute__((__format__(__printf__, a, b)))
#endif

/* Symbols the JVM looks up; everything else stays hidden (-fvisibility). */
#define LW_EXPORT	__attribute__((__visibility__("default")))

#define LW_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* LW_COMPAT_H */
