#!/bin/sh
# Runs a command with a private OS keychain: its own D-Bus session bus and a GNOME Keyring
# daemon (Secret Service) unlocked with a throwaway password, in a fresh HOME that is removed
# afterwards. The command sees HOME, XDG_DATA_HOME, XDG_CONFIG_HOME set there.
#   with-keyring.sh COMMAND [ARGS...]
set -eu
if [ -z "${OPS_KEYRING_INNER:-}" ]; then
    export OPS_KEYRING_INNER=1
    exec dbus-run-session -- "$0" "$@"
fi
home="$(mktemp -d)"
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
printf 'keyring-unlock-password' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
daemon=$!
cleanup() {
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
    rm -rf "$home"
}
trap cleanup EXIT
status=0
"$@" || status=$?
exit "$status"
