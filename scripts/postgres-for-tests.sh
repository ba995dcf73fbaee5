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

note() { echo "postgres-for-tests: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
    note "PostgreSQL server not found and apt-get is not available: install PostgreSQL (initdb, pg_ctl on PATH) or set TEST_DATABASE_URL."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    note "PostgreSQL server not found; installing it needs root: sudo apt-get install postgresql"
    exit 0
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${as_root[@]}" apt-get update -qq \
       && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    note "apt-get could not install postgresql:"
    tail -n 20 "$log" >&2
    exit 1
fi

if ! have_server; then
    note "the postgresql package is installed but initdb/pg_ctl were not found."
    exit 1
fi
