#!/bin/sh
# Compile every example (catleak, warmcache, heapfill) into one class
# directory.  Plain javac, Java 17 source level, so the classes run on
# JDK 17 and later.
#
# usage: examples/build.sh [JAVAC [OUTDIR]]
#   JAVAC   the javac to use (default: javac from PATH)
#   OUTDIR  where the classes go (default: build/examples)
# then e.g.: java -Xmx128m -cp OUTDIR catleak.CatLeak
set -eu

javac=${1:-javac}
outdir=${2:-build/examples}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$outdir"
# Example sources have no spaces in their names.
# shellcheck disable=SC2046
"$javac" --release 17 -d "$outdir" \
    $(find "$here" -name '*.java' | LC_ALL=C sort)
