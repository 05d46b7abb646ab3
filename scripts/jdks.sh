# shellcheck shell=bash
# Sourced by the test scripts: which JDKs to run on.
#
# pick_jdks SET NAME [quiet]: fill the array `jdks` with the homes of the
# JDKs in SET ("17", "25" or both) that are installed.  JDK 17 (Debian's,
# from scripts/setup.sh) missing is a failure (the caller's `bad`); JDK 25
# (Temurin, optional) missing is a skip with the reason (`skp`); one not
# in SET is said to be skipped, naming NAME, the variable that chose it,
# unless `quiet` (the matrix reads every SKIP line of itest as a result).
JDK17=/usr/lib/jvm/java-17-openjdk-amd64
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64

pick_jdks() {
	local set=$1 name=$2 quiet=${3:-}
	jdks=()
	if [[ " $set " != *" 17 "* ]]; then
		[ -n "$quiet" ] || echo "SKIP jdk17: not asked for ($name=\"$set\")"
	elif [ -x "$JDK17/bin/java" ]; then
		jdks+=("$JDK17")
	else
		bad "jdk17: $JDK17 not found (run scripts/setup.sh)"
	fi
	if [[ " $set " != *" 25 "* ]]; then
		[ -n "$quiet" ] || echo "SKIP jdk25: not asked for ($name=\"$set\")"
	elif [ -x "$JDK25/bin/java" ]; then
		jdks+=("$JDK25")
	else
		skp "jdk25: $JDK25 not installed on this machine"
	fi
}
