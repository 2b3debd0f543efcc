#!/usr/bin/env bash
# Runs inside xvfb-run for scripts/fresh_check.sh: starts Quick start 1 with a display, waits
# (bounded polls) for the viewer's window to show the demo scan, checks the process stays up,
# captures the screen and checks it is not blank. Usage: fresh_window_check.sh OUT_DIR
set -uo pipefail
out="$1"
bash scripts/demo.sh >"$out/window.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null; pkill -f 'build/release/app/seglens --scan' 2>/dev/null; }
trap cleanup EXIT

# The viewer (the build is done by now) opens, then titles itself after the scan once loaded.
found=0
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || { cat "$out/window.log"; echo "viewer exited early" >&2; exit 1; }
  if xwininfo -root -tree 2>/dev/null >"$out/windows.txt" && grep -q '"SegLens - scan.nii.gz"' "$out/windows.txt"; then
    found=1; break
  fi
  sleep 1
done
[ "$found" = 1 ] || { cat "$out/window.log"; echo "no window showing the demo scan" >&2; exit 1; }
# Stays up while the case settles (overlaps, surfaces, metrics computed in the background).
for _ in $(seq 1 20); do
  kill -0 "$pid" 2>/dev/null || { cat "$out/window.log"; echo "viewer died after opening" >&2; exit 1; }
  sleep 1
done
xwd -root -silent >"$out/viewer.xwd" || { echo "screen capture failed" >&2; exit 1; }
convert "xwd:$out/viewer.xwd" "$out/viewer.png"
spread=$(convert "$out/viewer.png" -colorspace Gray -format '%[fx:standard_deviation*1000]' info:)
echo "screen grey-level spread x1000: $spread"
awk -v s="$spread" 'BEGIN { exit !(s > 20) }' || { echo "the screen is blank" >&2; exit 1; }
kill -0 "$pid" 2>/dev/null || { echo "viewer died" >&2; exit 1; }
exit 0
