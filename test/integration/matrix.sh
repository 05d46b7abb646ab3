#!/bin/bash
# leakwatch collector matrix: the leak example and the control on every
# collector of every JDK on the machine, through itest.sh's own leak and
# control tests (ITEST_GC sets the collector), plus Epsilon, which never
# collects: the agent must say so once and keep running.
#
#   test/integration/matrix.sh          the full matrix (~25 min)
#   MATRIX_FAST=1 test/integration/matrix.sh
#                              the CI subset: ZGC and Shenandoah leaks (the
#                              cycle-based floor), Epsilon (~4 min)
#
# The leak runs catleak at --rate 2500 (of 4200 by default): ZGC has no
# compressed pointers and needs headroom, so at the default rate a 128 MiB
# heap lasts ~35 s on it, too short to be a fair test of any collector.
# One JVM at a time: each itest.sh run and the Epsilon JVM hold flock
# $LW_JVM_LOCK (default /tmp/lw-jvm.lock; empty for none), so other work
# may run in between cells.
# Prints a table at the end; exits non-zero when any cell failed.
set -u

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"	# top, fail, jdks, lock

agent=$top/build/libleakwatch.so
work=${MATRIX_DIR:-$(mktemp -d /tmp/leakwatch-matrix.XXXXXX)}
fast=${MATRIX_FAST:-0}
rate=${MATRIX_RATE:-2500}
table=()

[ -f "$agent" ] || { echo "matrix: $agent missing (make all)"; exit 1; }

gcflag() {
	case $1 in
	serial)		echo "-XX:+UseSerialGC" ;;
	parallel)	echo "-XX:+UseParallelGC" ;;
	g1)		echo "-XX:+UseG1GC" ;;
	zgc)		echo "-XX:+UseZGC" ;;
	shenandoah)	echo "-XX:+UseShenandoahGC" ;;
	genshen)	echo "-XX:+UseShenandoahGC -XX:+UnlockExperimentalVMOptions -XX:ShenandoahGCMode=generational" ;;
	esac
}

# cell JDK GC TESTS: one itest.sh run; appends "| jdk | gc | result |".
cell() {
	local jdk=$1 gc=$2 tests=$3 d out line res=""
	d=$work/$jdk-$gc
	mkdir -p "$d"
	echo "== jdk$jdk $gc ($tests)"
	ITEST_DIR=$d ITEST_JDKS=$jdk ITEST_ONLY=$tests \
	    ITEST_GC="$(gcflag "$gc")" ITEST_LEAKARGS="--rate $rate" \
	    lw_locked "$top/test/integration/itest.sh" >"$d/itest.out" 2>&1
	grep -E '^(PASS|FAIL|SKIP) ' "$d/itest.out"
	while read -r line; do
		case $line in
		FAIL*)	fail=$((fail + 1)); res="$res FAIL: ${line#FAIL }." ;;
		PASS*leak:*)
			out=$(echo "$line" | sed -nE 's/.*SUSPECT ([0-9]+)s after start, ([0-9]+)s before OOM \(OOM ([0-9]+)s.*dump done ([0-9]+)s before OOM.*/SUSPECT at \1 s, dump \4 s before OOM at \3 s/p')
			res="$res leak: $out." ;;
		PASS*control:*)
			res="$res control: silent, $(echo "$line" | grep -oE 'pct=[0-9.]+' | sed 's/pct=/floor /')%." ;;
		SKIP*)	res="$res SKIP: ${line#SKIP }." ;;
		esac
	done < <(grep -E '^(PASS|FAIL|SKIP) ' "$d/itest.out")
	[ -n "$res" ] || { fail=$((fail + 1)); res=" FAIL: no result ($(tail -1 "$d/itest.out"))"; }
	table+=("| $jdk | $gc |$res |")
}

# Epsilon: one WARN saying there is no floor, the JVM runs to its end.
epsilon() {
	local jdk=$1 java=$2 d=$work/$1-epsilon rc n res
	mkdir -p "$d/classes"
	echo "== jdk$jdk epsilon"
	"$top/examples/build.sh" "$java"c "$d/classes" >/dev/null 2>&1 ||
	    { fail=$((fail + 1)); table+=("| $jdk | epsilon | FAIL: examples do not compile |"); return; }
	lw_locked timeout 120 "$java" -Xmx256m -XX:+UnlockExperimentalVMOptions \
	    -XX:+UseEpsilonGC -XX:-UsePerfData \
	    "-agentpath:$agent=log=$d/lw.log,dumpdir=$d,interval=2s" \
	    -cp "$d/classes" heapfill.HeapFill --mb 100 --objsize 1024 --hold 6 >"$d/out" 2>&1
	rc=$?
	n=$(grep -c ' WARN .*Epsilon collector never collects' "$d/lw.log" 2>/dev/null)
	if [ $rc -eq 0 ] && [ "$n" = 1 ] && [ "$(grep -c ' HEAP ' "$d/lw.log")" -ge 2 ] &&
	    ! grep -qE ' (SUSPECT|DUMP|ERROR) ' "$d/lw.log"; then
		res="runs to exit 0; one WARN (no floor), HEAP lines, no SUSPECT or dump"
		echo "PASS jdk$jdk epsilon: $res"
	else
		fail=$((fail + 1))
		res="FAIL: exit $rc, $n Epsilon WARN lines: $(grep -m3 -E 'WARN|ERROR' "$d/lw.log" "$d/out" | tr '\n' ' ')"
		echo "FAIL jdk$jdk epsilon: $res"
	fi
	table+=("| $jdk | epsilon | $res |")
}

# The matrix counts failed cells only: a missing JDK 25 is a SKIP line
# (not counted), a missing JDK 17 one failure.
pick_jdks "17 25" "" quiet
for home in "${jdks[@]}"; do
	java=$home/bin/java
	case $home in
	"$lw_jdk17")	jdk=17; gcs="serial parallel g1 zgc shenandoah" ;;
	"$lw_jdk25")	jdk=25; gcs="serial parallel g1 zgc shenandoah genshen" ;;
	esac
	for gc in $gcs; do
		if [ "$fast" = 1 ]; then
			case $jdk-$gc in
			17-shenandoah|25-zgc) cell "$jdk" "$gc" leak ;;
			esac
		else
			cell "$jdk" "$gc" leak,control
		fi
	done
	epsilon "$jdk" "$java"
done

echo
echo "| JDK | collector | result |"
echo "|---|---|---|"
printf '%s\n' "${table[@]}"
echo "logs in $work"
summary_failed matrix
