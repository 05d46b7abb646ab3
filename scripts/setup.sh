#!/bin/sh
# Install what leakwatch needs to build and test, from Debian packages,
# when it is missing: a JDK with the JVMTI headers, libbsd, check,
# pkg-config and clang-tidy (make lint).  Safe to run again; installs
# nothing that is present.
#
# usage: scripts/setup.sh [fuzz]
# `fuzz` (make fuzz-build) also installs clang and the libFuzzer runtime,
# libclang_rt.fuzzer-x86_64.a, which Debian 12 ships in libclang-rt-14-dev
# (the clang package does not pull it in).
set -eu

pkgs="openjdk-17-jdk-headless libbsd-dev check pkg-config make gcc"
pkgs="$pkgs clang-tidy"
case "${1:-}" in
"")	;;
fuzz)	pkgs="$pkgs clang libclang-rt-14-dev" ;;
*)	echo "usage: scripts/setup.sh [fuzz]" >&2; exit 2 ;;
esac

need=""
have_pkg() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}
for p in $pkgs; do
	have_pkg "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0

echo "setup: installing$need"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "setup: need root (or sudo) to install:$need" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
