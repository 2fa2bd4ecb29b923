#!/bin/sh
# Runs a test executable as an unprivileged user when started as root: CI runs as root, and root
# ignores file and directory permissions, so permission tests would otherwise skip there.
#   run-unprivileged.sh TEST_BINARY [test arguments...]
# As another user it just runs the binary. As root it copies the binary (it links only system
# libraries) to a fresh directory nobody can read, and runs it there as nobody (setpriv).
set -eu
if [ "$(id -u)" != 0 ]; then
    exec "$@"
fi
bin="$1"
shift
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp "$bin" "$dir/"
chmod 755 "$dir" "$dir/$(basename "$bin")"
cd "$dir"
status=0
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$dir" "$dir/$(basename "$bin")" "$@" || status=$?
exit "$status"
