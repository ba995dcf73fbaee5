#!/usr/bin/env bash
# Make sure the tools the PDF tests read statements back with are installed: poppler-utils
# (pdftotext, pdftoppm: the text layer as a chair's viewer sees it, pages as pictures) and
# unicode-data (Unicode's BidiCharacterTest.txt, the bidi conformance data). Called by the
# Makefile's test set-up. Idempotent and quiet: does nothing when both are there. Where they
# cannot be installed, the tests that need them skip with the reason, except in CI (CI=true),
# where they fail.
set -euo pipefail

# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
    apt_install_for_tests pdf-tools-for-tests poppler-utils
fi
if [ ! -f /usr/share/unicode/BidiCharacterTest.txt ]; then
    apt_install_for_tests pdf-tools-for-tests unicode-data
fi
