#!/bin/bash
# The leakwatch demo: a replica of the monitoring-client leak (a sender
# queue that re-queues every unsent message) runs at -Xmx128m under the
# agent.  The leak-suspect log is followed live, as `tail -f` would; at
# the end the dump is checked and the log's DUMP and SUSPECT lines shown.
set -eu

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"	# top, jdks
jdk=${JAVA_HOME:-$lw_jdk17}
out=$top/out/demo
agent=$top/build/libleakwatch.so

rm -rf "$out"
mkdir -p "$out/classes" "$out/dumps"
"$top/examples/build.sh" "$jdk/bin/javac" "$out/classes"
make -s -C "$top" build/hprof-check >/dev/null

log=$out/leakwatch.log
: >"$log"
echo "demo: java -Xmx128m -agentpath:$agent=log=$log,dumpdir=$out/dumps,interval=10s -cp ... catleak.CatLeak"
echo "demo: following $log (the program's own output is in $out/java.out)"
echo
"$jdk/bin/java" -Xmx128m \
    "-agentpath:$agent=log=$log,dumpdir=$out/dumps,interval=10s" \
    -cp "$out/classes" catleak.CatLeak >"$out/java.out" 2>&1 &
pid=$!
tail -n +1 -f --pid=$pid "$log" || true
rc=0
wait $pid || rc=$?
echo
echo "demo: the JVM exited with status $rc ($(grep -m1 -o 'java.lang.OutOfMemoryError[^"]*' "$out/java.out" || echo 'no OutOfMemoryError'))"
for f in "$out"/dumps/*.hprof; do
	[ -f "$f" ] || { echo "demo: no heap dump was written"; exit 1; }
	echo "demo: heap dump $f ($(stat -c '%s bytes, mode %a' "$f"))"
	echo "demo: $("$top/build/hprof-check" -c catleak.DefaultEvent "$f")"
done
echo "demo: the last report's #1 suspect, where it is allocated and what holds it:"
grep -A1 ' SUSPECT #1 ' "$log" | grep -v -- '^--$' | tail -2 | sed -E 's/ rank=1 .*//; s/^/  /'
echo "demo: open the dump in Eclipse MAT or VisualVM; the log is $log"
