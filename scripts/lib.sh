# shellcheck shell=bash
#
# leakwatch - scripts/lib.sh: what the test, benchmark and tool scripts
# share, so that each rule (how a result is counted and summed up, which
# JDKs exist, how JVMs keep out of each other's way) lives in one place.
# Sourced, never run; sourcing only defines, it starts no JVM:
#
#	. "$(dirname "$0")/../../scripts/lib.sh"	from test/integration/
#	. "$(dirname "$0")/../scripts/lib.sh"		from bench/
#	. "$(dirname "$0")/lib.sh"			from scripts/
#
# It sets
#	top		the checkout's top directory, absolute
#	pass fail skip	the counts kept by ok, bad and skp, all 0
#	lw_prefix	put before PASS/FAIL/SKIP (empty; "bench: " in the
#			benchmarks, whose lines no runner parses)
#	lw_jdk17	Debian's JDK 17 (scripts/setup.sh installs it)
#	lw_jdk25	Temurin's JDK 25, optional
#	lw_lock		the JVM lock: ${LW_JVM_LOCK-/tmp/lw-jvm.lock}, so
#			LW_JVM_LOCK= (set but empty) means no lock
# No other script names a JDK's path (the Makefile has its own fallback
# for JAVA_HOME, to find jvmti.h).

# shellcheck disable=SC2034 # read by the scripts that source this
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pass=0 fail=0 skip=0
lw_prefix=
lw_jdk17=/usr/lib/jvm/java-17-openjdk-amd64
lw_jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
lw_lock=${LW_JVM_LOCK-/tmp/lw-jvm.lock}

# ok/bad/skp MESSAGE...: count a result and print it as "PASS ...",
# "FAIL ..." or "SKIP ...".  The matrix reads itest's lines by these
# words, so they start the line.
ok()  { pass=$((pass + 1)); echo "${lw_prefix}PASS $*"; }
bad() { fail=$((fail + 1)); echo "${lw_prefix}FAIL $*"; }
skp() { skip=$((skip + 1)); echo "${lw_prefix}SKIP $*"; }

# summary: the closing line, which CI and people read: "N passed, N
# failed, N skipped".  Returns non-zero when anything failed, so a script
# can end with it.
summary() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# summary_failed NAME: the same for the matrix, which counts only its
# failed cells: "NAME: N failed".
summary_failed() {
	echo "$1: $fail failed"
	[ "$fail" -eq 0 ]
}

# pick_jdks SET NAME [quiet]: fill the array `jdks` with the homes of the
# JDKs in SET ("17", "25" or both) that are installed, 17 first.  JDK 17
# missing is a failure (bad): it is the one every machine is set up with.
# JDK 25 missing is a skip with the reason (skp), never a silent pass.  A
# JDK not in SET is said to be skipped, naming NAME, the variable that
# chose SET, unless `quiet` (the matrix reads every SKIP line of itest as
# a result).
pick_jdks() {
	local set=$1 name=$2 quiet=${3:-}
	jdks=()
	if [[ " $set " != *" 17 "* ]]; then
		[ -n "$quiet" ] || echo "${lw_prefix}SKIP jdk17: not asked for ($name=\"$set\")"
	elif [ -x "$lw_jdk17/bin/java" ]; then
		jdks+=("$lw_jdk17")
	else
		bad "jdk17: $lw_jdk17 not found (run scripts/setup.sh)"
	fi
	if [[ " $set " != *" 25 "* ]]; then
		[ -n "$quiet" ] || echo "${lw_prefix}SKIP jdk25: not asked for ($name=\"$set\")"
	elif [ -x "$lw_jdk25/bin/java" ]; then
		jdks+=("$lw_jdk25")
	else
		skp "jdk25: $lw_jdk25 not installed on this machine"
	fi
	return 0
}

# One JVM at a time, machine-wide.  On 2 cores a second JVM skews every
# time these scripts judge (time to OOM, census pauses, throughput), and
# several checkouts share the machine, so every JVM a test or benchmark
# starts runs under flock(1) on lw_lock.  flock -o keeps the lock's
# descriptor out of the command, so a process the command leaves behind
# cannot hold the lock after it.
#
# A script must not ask for the lock when an ancestor holds it: flock
# would wait for its own parent for ever.  Ancestors here are the
# library's own flock (the matrix's around itest.sh, a script re-run
# under lw_lock_self), which also exports LW_JVM_LOCKED=1, and a caller's
# (`flock /tmp/lw-jvm.lock make itest`, or a shell that did `flock 9`),
# which is found by its open descriptor on the lock file: a process opens
# that file to hold the lock.

# lw_lock_above: true when this process descends from one that has
# lw_lock open.
lw_lock_above() {
	local path p fd
	path=$(readlink -f -- "$lw_lock") || return 1
	p=$$
	while [ -n "$p" ] && [ "$p" -gt 1 ]; do
		for fd in /proc/"$p"/fd/*; do
			[ "$(readlink -- "$fd" 2>/dev/null)" = "$path" ] && return 0
		done
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2>/dev/null)
	done
	return 1
}

# lw_lock_wanted: true when there is a lock and no ancestor holds it.
lw_lock_wanted() {
	[ -n "$lw_lock" ] && [ -z "${LW_JVM_LOCKED:-}" ] && ! lw_lock_above
}

# lw_lock_self ARGS...: run the calling script again, with ARGS (its own
# "$@"), under the lock for the whole run; a no-op when lw_lock_wanted
# is not.  For scripts whose JVMs must not have others in between.
lw_lock_self() {
	lw_lock_wanted || return 0
	export LW_JVM_LOCKED=1
	exec flock -o "$lw_lock" "$0" "$@"
}

# lw_locked CMD...: run CMD under the lock (or as it is, when
# lw_lock_wanted is not), for scripts that let other work in between
# their JVMs.
lw_locked() {
	if lw_lock_wanted; then
		LW_JVM_LOCKED=1 flock -o "$lw_lock" "$@"
	else
		"$@"
	fi
}

# median: the median of the numbers on stdin, one a line (the mean of the
# middle two for an even count; "nan" for none).
median() {
	sort -g | awk '{ v[NR] = $1 }
	    END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
