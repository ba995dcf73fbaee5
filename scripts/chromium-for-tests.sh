#!/usr/bin/env bash
# Make sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests
# (tests/browser). Called by the Makefile's test set-up. Playwright drives this browser;
# `playwright install` is never used (nothing may be downloaded outside pip, npm and apt).
#
# Idempotent and quiet: does nothing when the browser is there. Otherwise installs Debian's
# `chromium` package with apt-get (as root, or through `sudo -n`). Where that is not possible
# it says why and exits 0: the browser tests then skip with the same reason, except in CI
# (CI=true), where they fail.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

note() { echo "chromium-for-tests: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
    note "$CHROMIUM not found and apt-get is not available: install Chromium at $CHROMIUM for the browser tests."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    note "$CHROMIUM not found; installing it needs root: sudo apt-get install chromium"
    exit 0
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" apt-get update -qq \
       && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    note "apt-get could not install chromium:"
    tail -n 20 "$log" >&2
    exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
    note "the chromium package is installed but $CHROMIUM was not found."
    exit 1
fi
