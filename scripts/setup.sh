#!/bin/sh
# Install what leakwatch needs to build and test, from Debian packages,
# when it is missing: a JDK with the JVMTI headers, libbsd, check and
# pkg-config.  Safe to run again; installs nothing that is present.
set -eu

need=""
have_pkg() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}
for p in openjdk-17-jdk-headless libbsd-dev check pkg-config make gcc; do
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
