#!/bin/bash
# Static checks: clang-tidy and cppcheck over agent/, no call in agent/
# that could take the host JVM down (docs/DESIGN.md §6), only the three
# Agent_* entry points exported from the shared object, and no include
# cycle among the modules (layers point one way).
#
# usage: scripts/lint.sh [build/libleakwatch.so]
# clang-tidy (.clang-tidy at the top) gets the Makefile's own flags from
# `make tidy-flags`; CLANG_TIDY names the binary, JOBS the parallel runs.
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"	# top
so=${1:-$top/build/libleakwatch.so}
bdir=$(dirname "$so")
[ -d "$bdir" ] && bdir=$(cd "$bdir" && pwd)
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

# Layers point one way (agent -> worker -> policy/census/report -> log):
# agent/X.c or include/X.h including "Y.h" is an edge X -> Y (compat.h,
# below everything, and a module's own header do not count), and tsort
# fails on any loop, naming the modules in it.
if ! for f in "$top"/agent/*.c "$top"/include/*.h; do
	m=$(basename "$f")
	m=${m%.*}
	sed -n 's/^#include "\([a-z0-9_]*\)\.h".*/\1/p' "$f" |
	    while read -r d; do
		[ "$d" = "$m" ] || [ "$d" = compat ] || echo "$m $d"
	done
done | tsort >/dev/null; then
	echo "lint: include cycle among the modules (see tsort above)"
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

# clang-tidy, one process per file, JOBS at a time.  Any finding is an
# error (WarningsAsErrors in .clang-tidy), so a non-zero exit from one run
# fails lint; the runs that failed print their findings, the rest nothing.
tidy=${CLANG_TIDY:-}
if [ -z "$tidy" ]; then
	for t in clang-tidy clang-tidy-14; do
		if command -v "$t" >/dev/null 2>&1; then
			tidy=$t
			break
		fi
	done
fi
if [ -z "$tidy" ] || ! command -v "$tidy" >/dev/null 2>&1; then
	echo "lint: clang-tidy not found (Debian package clang-tidy;" \
	    "scripts/setup.sh installs it): lint fails"
	rc=1
elif ! tflags=$(make -s --no-print-directory -C "$top" tidy-flags) ||
    [ -z "$tflags" ]; then
	echo "lint: cannot get the compile flags (make tidy-flags)"
	rc=1
else
	tdir=$(mktemp -d)
	trap 'rm -rf "$tdir"' EXIT
	srcs=("$top"/agent/*.c)
	export tidy tflags tdir top
	# shellcheck disable=SC2016
	printf '%s\n' "${srcs[@]#"$top"/}" | xargs -P "${JOBS:-$(nproc)}" \
	    -n 1 sh -c 'cd "$top" &&
		log="$tdir/$(echo "$1" | tr / _).log" &&
		"$tidy" --quiet --config-file=.clang-tidy "$1" -- $tflags \
		    >"$log" 2>&1 || echo "$1" >>"$tdir/failed"' sh
	if [ -s "$tdir/failed" ]; then
		sort -o "$tdir/failed" "$tdir/failed"
		while read -r f; do
			grep -vE '^[0-9]+ (warning|error)s? ' \
			    "$tdir/$(echo "$f" | tr / _).log"
		done <"$tdir/failed"
		echo "lint: clang-tidy found problems in:" \
		    "$(tr '\n' ' ' <"$tdir/failed")"
		rc=1
	else
		echo "lint: clang-tidy clean (${#srcs[@]} files)"
	fi
fi

# XXX: gen-options-md.sh builds and reads build/lw-options only; with
# another build directory (make B=...) run the same comparison here, on
# that directory's lw-options, rather than build into build/.
if [ "$bdir" -ef "$top/build" ]; then
	"$top/scripts/gen-options-md.sh" --check || rc=1
elif ! make -s --no-print-directory -C "$top" B="$bdir" \
    "$bdir/lw-options" >/dev/null; then
	echo "lint: cannot build $bdir/lw-options"
	rc=1
elif ! awk -v gen="$bdir/lw-options" '
	/<!-- options:begin -->/ {
		print; system(gen " markdown"); skip = 1; next
	}
	/<!-- options:end -->/ { skip = 0 }
	!skip { print }
    ' "$top/README.md" | cmp -s - "$top/README.md"; then
	echo "README.md option table is out of date:" \
	    "run scripts/gen-options-md.sh"
	rc=1
else
	echo "README.md option table matches the agent"
fi
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
