#!/usr/bin/env bash
# Regression test for Quick start 1 reporting "the viewer is not built" on a fresh clone:
# scripts/demo.sh decided which programs to build with `ninja -t targets | grep -q` under
# pipefail, and grep's early exit killed ninja with SIGPIPE in most runs.
# Usage: programs_test.sh SOURCE_DIR BUILD_DIR UI(ON|OFF)
set -euo pipefail
src="$1" build="$2" ui="$3"
source "$src/scripts/setup.sh"

# 1. No script pipes a command into an early-exiting grep (the class of the defect).
if grep -nE '\|[[:space:]]*grep[[:space:]]+(-[a-zA-Z]*q|--quiet)' "$src"/scripts/*.sh "$src"/.ci/run; then
  echo "FAIL: a script pipes into grep -q; under pipefail the writer can die of SIGPIPE" >&2
  exit 1
fi

# 2. The answer is the configure's, every time (counted repetitions, no timing).
for i in $(seq 1 200); do
  seglens_has_program "$build" seglens-cli || { echo "FAIL: seglens-cli missing on try $i" >&2; exit 1; }
  if [ "$ui" = ON ]; then
    seglens_has_program "$build" seglens || { echo "FAIL: viewer reported missing on try $i" >&2; exit 1; }
  elif seglens_has_program "$build" seglens; then
    echo "FAIL: viewer reported although the UI is off" >&2; exit 1
  fi
done
# 3. A folder that was never configured has no programs.
if seglens_has_program "$build/no-such-dir" seglens-cli; then echo "FAIL: unconfigured dir" >&2; exit 1; fi
echo "programs_test: 200 lookups agree with the configure (UI=$ui)"
