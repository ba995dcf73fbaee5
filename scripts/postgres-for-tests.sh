#!/usr/bin/env bash
# Make sure the PostgreSQL server programs (initdb, pg_ctl) are installed, so the test suite
# can start a throwaway server (tests/postgres.py). Called by the Makefile's test set-up.
#
# Idempotent and quiet: does nothing when the programs are already there or when
# TEST_DATABASE_URL points the tests at a server of their own. Otherwise installs Debian's
# `postgresql` package with apt-get (as root, or through `sudo -n`). Where that is not
# possible it says why and exits 0: the tests then skip PostgreSQL with the same reason,
# except in CI (CI=true), where they fail.
set -euo pipefail

have_server() {
    compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null && return 0
    command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1
}

if [ -n "${TEST_DATABASE_URL:-}" ] || have_server; then
    exit 0
fi

# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install_for_tests postgres-for-tests postgresql

if ! have_server; then
    note "the postgresql package is installed but initdb/pg_ctl were not found."
    exit 1
fi
