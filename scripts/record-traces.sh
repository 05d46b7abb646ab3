#!/bin/bash
# Re-record the traces in test/data/traces/ (about 25 min, one JVM at a
# time): every collector on JDK 17 and 25, a small-heap leak and a 4 GB
# heap with a large stable live set, and the warm-cache control on G1.
# A JDK that is not installed is skipped with a message.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/test/data/traces}
mkdir -p "$dir"
for shape in leak big; do
	for jdk in 17 25; do
		for gc in g1 parallel serial zgc shenandoah; do
			echo "record-traces: $jdk $gc $shape"
			"$top/scripts/record-trace.sh" "$jdk" "$gc" "$shape" \
			    "$dir/jdk$jdk-$gc-$shape.trace"
		done
	done
done
for jdk in 17 25; do
	echo "record-traces: $jdk g1 control"
	"$top/scripts/record-trace.sh" "$jdk" g1 control \
	    "$dir/jdk$jdk-g1-control.trace"
done
