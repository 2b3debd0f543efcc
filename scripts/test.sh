#!/usr/bin/env bash
# Quick start 2: install, build (Release, ASan/UBSan for core + CLI, ASan/UBSan for the viewer),
# run the whole test suite with CTest. GUI tests wrap themselves in xvfb-run: no display needed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
seglens_install_packages
step() { echo "seglens: $* ($(date -u +%H:%M:%S))"; }
step "Release build and tests"
seglens_build release
ctest --preset release
step "core and CLI under AddressSanitizer/UBSan (the bad-input paths)"
seglens_build asan
ctest --preset asan
# The viewer's window, interaction, regression and seeded-user tests under ASan/UBSan; the
# build preset names only the targets those tests need.
step "viewer under AddressSanitizer/UBSan"
seglens_build asan-ui
ctest --preset asan-ui
step "all tests passed"
