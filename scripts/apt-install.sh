# Sourced by the *-for-tests.sh scripts: install one Debian package for the test suite.
#
# apt_install_for_tests NAME PACKAGE: installs PACKAGE with apt-get (as root, or through
# `sudo -n`). Where that is not possible it says why and exits 0, so the tests skip with the
# same reason, except in CI (CI=true), where they fail. A failed apt-get exits 1.

apt_install_for_tests() {
    local name="$1" package="$2"
    note() { echo "$name: $*" >&2; }

    if ! command -v apt-get >/dev/null 2>&1; then
        note "$package is missing and apt-get is not available: install it by hand."
        exit 0
    fi

    local as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            as_root=(sudo -n)
        else
            note "$package is missing; installing it needs root: sudo apt-get install $package"
            exit 0
        fi
    fi

    local log
    log="$(mktemp)"
    if ! { "${as_root[@]}" apt-get update -qq \
           && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends "$package"; } >"$log" 2>&1; then
        note "apt-get could not install $package:"
        tail -n 20 "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
}
