#!/bin/bash
# Static checks: cppcheck over agent/, no call in agent/ that could take
# the host JVM down (STYLE.md section 4), and only the three Agent_*
# entry points exported from the shared object.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
so=${1:-$top/build/libleakwatch.so}
rc=0

banned='\b(exit|_exit|abort|assert|raise|kill|signal|sigaction|atexit|setjmp|longjmp|system|popen|fork|printf|puts|putchar)[[:space:]]*\('
if hits=$(grep -nE "$banned" "$top"/agent/*.c | grep -vE ':[[:space:]]*(\*|/\*)'); then
	echo "lint: banned calls in agent/:"
	echo "$hits"
	rc=1
fi
if grep -nE '\bstdout\b' "$top"/agent/*.c | grep -vE ':[[:space:]]*(\*|/\*)'; then
	echo "lint: agent/ writes to stdout (the service owns it)"
	rc=1
fi

exports=$(nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort | tr '\n' ' ')
if [ "$exports" != "Agent_OnAttach Agent_OnLoad Agent_OnUnload " ]; then
	echo "lint: unexpected exports: $exports"
	rc=1
fi

if command -v cppcheck >/dev/null 2>&1; then
	if ! cppcheck --quiet --error-exitcode=1 --inline-suppr \
	    --enable=warning,portability,performance \
	    --suppress=missingIncludeSystem -D__GNUC__ -DLIBBSD_OPENBSD_VIS \
	    -I "$top/include" "$top"/agent/*.c; then
		echo "lint: cppcheck found problems"
		rc=1
	fi
else
	echo "lint: cppcheck not installed, skipped"
fi
"$top/scripts/gen-options-md.sh" --check || rc=1
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
