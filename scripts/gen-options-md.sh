#!/bin/bash
# Keep the README's option table equal to the agent's own option table.
#   scripts/gen-options-md.sh          rewrite the block in README.md
#   scripts/gen-options-md.sh --check  fail if README.md is out of date
set -eu
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"	# top
gen=$top/build/lw-options
readme=$top/README.md
make -s -C "$top" build/lw-options >/dev/null
new=$(mktemp)
trap 'rm -f "$new"' EXIT
awk -v gen="$gen" '
	/<!-- options:begin -->/ { print; system(gen " markdown"); skip = 1; next }
	/<!-- options:end -->/ { skip = 0 }
	!skip { print }
' "$readme" >"$new"
if [ "${1:-}" = --check ]; then
	if ! cmp -s "$new" "$readme"; then
		echo "README.md option table is out of date: run scripts/gen-options-md.sh"
		diff -u "$readme" "$new" | head -20
		exit 1
	fi
	echo "README.md option table matches the agent"
else
	cp "$new" "$readme"
fi
