/*
 * leakwatch - jvmti_util.h
 *
 * Thin wrappers that make every JVMTI and JNI failure visible: each logs
 * the operation and the JVM's own error name once per call site and turns
 * the result into an LW_ERR_* code.  JVMTI_ERROR_WRONG_PHASE (the VM is
 * dying) is reported as LW_ERR_PHASE and not logged: it means "stop
 * quietly", not "something broke".
 */
#ifndef LW_JVMTI_UTIL_H
#define LW_JVMTI_UTIL_H

#define LW_NEED_JVMTI
#include "compat.h"

/*
 * Map a JVMTI error to 0 / LW_ERR_PHASE / LW_ERR_JVMTI, logging `what`
 * with GetErrorName's text on real errors.  Context: not the GC pause.
 */
int	lw_jvmti_check(jvmtiEnv *jvmti, jvmtiError err, const char *what);

/*
 * If a Java exception is pending: describe it into buf (its toString(),
 * truncated), clear it and return LW_ERR_JNI; otherwise return 0 with buf
 * untouched.  buf may be NULL.  Context: a thread with a JNIEnv.
 */
int	lw_jni_exception(JNIEnv *env, char *buf, size_t len);

/*
 * lw_jni_exception, plus a WARN record "what: <exception>" when one was
 * pending.  Returns the same code.
 */
int	lw_jni_check(JNIEnv *env, const char *what);

/* Deallocate JVMTI memory, ignoring NULL.  Context: any but GC pause. */
void	lw_jvmti_free(jvmtiEnv *jvmti, void *p);

#endif /* LW_JVMTI_UTIL_H */
