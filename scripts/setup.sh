#!/usr/bin/env bash
# Installs the Debian 12 packages SegLens needs, skipping what is already there,
# then configures and builds the given CMake preset. Sourced by demo.sh and test.sh.
set -euo pipefail

SEGLENS_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libinsighttoolkit5-dev libvtk9-dev libvtk9-qt-dev qtbase5-dev libqt5opengl5-dev
  libtbb-dev libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  libdeflate-dev zlib1g-dev mricron-data
  xvfb xauth libgl1-mesa-dri
  slurmctld slurmd slurm-client munge
)

seglens_install_packages() {
  local missing=()
  for p in "${SEGLENS_PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "seglens: all ${#SEGLENS_PACKAGES[@]} Debian packages present"
    return 0
  fi
  echo "seglens: installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# seglens_has_program BUILD_DIR NAME: true when the configure in BUILD_DIR produced program NAME.
# Reads the list CMake writes (app/CMakeLists.txt) instead of piping ninja into `grep -q`, which
# under pipefail failed whenever grep's early exit killed ninja with SIGPIPE.
seglens_has_program() {
  local list="$1/seglens-programs.txt"
  [ -f "$list" ] && grep -qx -- "$2" "$list"
}

# seglens_build PRESET [TARGET...]
seglens_build() {
  local preset="$1"; shift
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" "$@"
}
