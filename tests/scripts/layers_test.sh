#!/usr/bin/env bash
# The layers point one way: app -> widgets -> render -> model -> core. The libraries' link lines
# already keep VTK out of the model and QtWidgets out of model and render (their headers are not
# on those include paths); this checks what a link line cannot: includes between the layers of
# the same source tree, and Qt/VTK in core.
# Usage: layers_test.sh SOURCE_DIR
set -uo pipefail
src="$1"
fail=0
# check DIR PATTERN WHY: no file under DIR includes a header matching PATTERN.
check() {
  local hits
  hits=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]($2)" -r "$src/$1" --include='*.h' --include='*.cpp' || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $1 includes $3:" >&2
    echo "$hits" >&2
    fail=1
  fi
}
check core 'Q|vtk|model/|render/|widgets/' 'Qt, VTK or the viewer (core is ITK + oneTBB only)'
check ui/model 'render/|widgets/|vtk|QtWidgets|QWidget|QtGui|QColor|QImage' 'a render or widget header (model is QtCore + core)'
check ui/render 'widgets/|QtWidgets|QWidget|QVTK' 'a widget header (render has no widgets)'
check app/cli 'widgets/|QtWidgets|QWidget|QVTK' 'a widget header (seglens-cli does not link QtWidgets)'
# Viewer headers are included with their layer's prefix, so a moved header breaks loudly.
for layer in model render widgets; do
  for h in "$src"/ui/$layer/*.h; do
    name=$(basename "$h")
    if grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$name\"" -r "$src/ui" "$src/app" "$src/tests" >/dev/null; then
      echo "FAIL: $name included without its prefix \"$layer/$name\":" >&2
      grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$name\"" -r "$src/ui" "$src/app" "$src/tests" >&2
      fail=1
    fi
  done
done
[ $fail = 0 ] && echo "layers_test: every include points down the layers"
exit $fail
