/*
 * leakwatch - jvmti_util.c
 *
 * JVMTI/JNI error plumbing (the idea of the JDK demos' agent_util.c).  Owns
 * no state.  Nothing here may run in the GC pause: it logs and may call
 * into Java (Throwable.toString).
 */
#include <string.h>

#include "jvmti_util.h"
#include "lw.h"
#include "log.h"

int
lw_jvmti_check(jvmtiEnv *jvmti, jvmtiError err, const char *what)
{
	char	*name = NULL;

	if (err == JVMTI_ERROR_NONE)
		return (0);
	if (err == JVMTI_ERROR_WRONG_PHASE)
		return (LW_ERR_PHASE);
	if (jvmti == NULL ||
	    (*jvmti)->GetErrorName(jvmti, err, &name) != JVMTI_ERROR_NONE)
		name = NULL;
	lw_log(LW_LEVEL_WARN, "%s failed: %s (%d)", what,
	    name != NULL ? name : "unknown JVMTI error", (int)err);
	if (name != NULL)
		(void)(*jvmti)->Deallocate(jvmti, (unsigned char *)name);
	return (LW_ERR_JVMTI);
}

/*
 * Describe the pending exception without letting a second exception (for
 * example an OutOfMemoryError while building the string) escape.
 */
int
lw_jni_exception(JNIEnv *env, char *buf, size_t len)
{
	jthrowable	 exc;
	jclass		 cls;
	jmethodID	 mid;
	jstring		 str;
	const char	*chars;

	if (!(*env)->ExceptionCheck(env))
		return (0);
	exc = (*env)->ExceptionOccurred(env);
	(*env)->ExceptionClear(env);
	if (buf == NULL || len == 0) {
		(*env)->DeleteLocalRef(env, exc);
		return (LW_ERR_JNI);
	}
	strlcpy(buf, "a Java exception", len);
	if (exc == NULL)
		return (LW_ERR_JNI);
	cls = (*env)->FindClass(env, "java/lang/Throwable");
	if (cls == NULL) {
		(*env)->ExceptionClear(env);
		(*env)->DeleteLocalRef(env, exc);
		return (LW_ERR_JNI);
	}
	mid = (*env)->GetMethodID(env, cls, "toString",
	    "()Ljava/lang/String;");
	str = mid == NULL ? NULL : (*env)->CallObjectMethod(env, exc, mid);
	if ((*env)->ExceptionCheck(env) || str == NULL) {
		(*env)->ExceptionClear(env);
	} else {
		chars = (*env)->GetStringUTFChars(env, str, NULL);
		if (chars != NULL) {
			strlcpy(buf, chars, len);
			(*env)->ReleaseStringUTFChars(env, str, chars);
		} else
			(*env)->ExceptionClear(env);
		(*env)->DeleteLocalRef(env, str);
	}
	(*env)->DeleteLocalRef(env, cls);
	(*env)->DeleteLocalRef(env, exc);
	return (LW_ERR_JNI);
}

int
lw_jni_check(JNIEnv *env, const char *what)
{
	char	buf[512];
	int	rc;

	if ((rc = lw_jni_exception(env, buf, sizeof(buf))) != 0)
		lw_log(LW_LEVEL_WARN, "%s: %s", what, buf);
	return (rc);
}

void
lw_jvmti_free(jvmtiEnv *jvmti, void *p)
{
	if (p != NULL)
		(void)(*jvmti)->Deallocate(jvmti, (unsigned char *)p);
}
