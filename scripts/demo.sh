#!/usr/bin/env bash
# Quick start 1: install, build (Release), make the demo case, open the viewer on it.
# Without a display: print the demo's metrics table and write a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
seglens_install_packages
cmake --preset release >/dev/null
# Only the programs: the tests and benchmarks are built by scripts/test.sh.
targets=(seglens-cli)
if seglens_has_program build/release seglens; then targets+=(seglens); fi
cmake --build --preset release --target "${targets[@]}"
bin=build/release/app
demo=build/demo
"$bin/seglens-cli" demo --out "$demo"
"$bin/seglens-cli" eval "$demo/gt.nii.gz" "$demo/pred_a.nii.gz" "$demo/pred_b.nii.gz" \
  "$demo/pred_prob.nii.gz" --label-table "$demo/labels.txt"
if [ -x "$bin/seglens" ]; then
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$bin/seglens" --scan "$demo/scan.nii.gz" --gt "$demo/gt.nii.gz" \
      --pred "$demo/pred_a.nii.gz" --pred "$demo/pred_b.nii.gz" --pred "$demo/pred_prob.nii.gz" \
      --labels "$demo/labels.txt"
  fi
  echo "seglens: no display (DISPLAY is unset), so no window; the metrics table is above."
  if "$bin/seglens-cli" screenshot --help >/dev/null 2>&1; then
    out="$PWD/build/demo/screenshot.png"
    xvfb-run -a "$bin/seglens-cli" screenshot --scan "$demo/scan.nii.gz" --gt "$demo/gt.nii.gz" \
      --pred "$demo/pred_a.nii.gz" --pred "$demo/pred_b.nii.gz" --view all \
      --overwrite --out "$out"
    echo "seglens: screenshot of the demo written to $out"
  fi
else
  echo "seglens: the viewer is not built in this version; the metrics table is above."
fi
