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

# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install_for_tests chromium-for-tests chromium

if [ ! -x "$CHROMIUM" ]; then
    note "the chromium package is installed but $CHROMIUM was not found."
    exit 1
fi
