#!/usr/bin/env bash
# Make sure Debian's redis-server is installed, so the tests can show rate limits shared by
# several gunicorn workers (tests/redis_server.py starts a throwaway server on a free port).
# Called by the Makefile's test set-up.
#
# Idempotent and quiet: does nothing when redis-server is there. Otherwise installs Debian's
# `redis-server` package with apt-get (as root, or through `sudo -n`). Where that is not
# possible it says why and exits 0: those tests then skip with the same reason, except in CI
# (CI=true), where they fail.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
    exit 0
fi

# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install_for_tests redis-for-tests redis-server

if ! command -v redis-server >/dev/null 2>&1; then
    note "the redis-server package is installed but redis-server was not found."
    exit 1
fi
