#!/usr/bin/env bash
# The fresh-machine check that .ci/run makes after the tests: Quick start 1 run exactly as a user
# would, twice. Without a display it must build the viewer, print the metrics table and write
# the screenshot; under xvfb-run the viewer process must start, stay up and show the demo (its
# window titled with the demo scan, and a non-blank screen). Fails loudly otherwise.
# Waits are bounded by counts of one-second polls, never by how fast a step should be.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# Tools for looking at the X screen; only this check needs them.
SEGLENS_PACKAGES=(x11-utils x11-apps imagemagick xvfb xauth)
seglens_install_packages
out=build/fresh-check
rm -rf "$out"
mkdir -p "$out"

fail() { echo "fresh-check: FAIL: $*" >&2; exit 1; }

# 1. No display.
env -u DISPLAY -u WAYLAND_DISPLAY bash scripts/demo.sh >"$out/headless.log" 2>&1 ||
  { cat "$out/headless.log"; fail "scripts/demo.sh exited $? without a display"; }
seglens_has_program build/release seglens || fail "the configure did not produce the viewer"
[ -x build/release/app/seglens ] || fail "scripts/demo.sh did not build the viewer"
grep -q 'not built in this version' "$out/headless.log" && fail "demo.sh says the viewer is not built"
grep -qi 'dice' "$out/headless.log" || { cat "$out/headless.log"; fail "no metrics table printed"; }
shot=$(sed -n 's/^seglens: screenshot of the demo written to //p' "$out/headless.log")
[ -n "$shot" ] && [ -s "$shot" ] || { cat "$out/headless.log"; fail "no screenshot written"; }
echo "fresh-check: headless demo ok (table printed, screenshot $shot)"

# 2. With a display: the real viewer, as the user's `bash scripts/demo.sh` opens it.
xvfb-run -a -s "-screen 0 1600x1000x24" bash scripts/fresh_window_check.sh "$out" ||
  fail "the viewer did not start, stay up and show the demo under Xvfb (see $out)"
echo "fresh-check: viewer ok (screen capture $out/viewer.png)"
