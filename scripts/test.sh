#!/usr/bin/env bash
# Quick start 2: install, build (Release and ASan/UBSan), run the whole test suite with CTest.
# GUI and rendering tests wrap themselves in xvfb-run, so no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
seglens_install_packages
seglens_build release
ctest --preset release
# The sanitizer build covers core and CLI (the bad-input paths); Qt/VTK are left out of it.
seglens_build asan
ctest --preset asan
