#!/usr/bin/env bash
# Configures and builds gutbot into build/ (Release unless BUILD_TYPE says
# otherwise): the targets named as arguments, or everything.
#   scripts/build.sh            the program, the tests, and what CMAKE_ARGS adds
#   scripts/build.sh gutbot     the program alone
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths below the checkout are hashed relative to it, so clones share ccache.
export CCACHE_BASEDIR="$PWD"
cmake -S . -B "${BUILD_DIR:-build}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" ${CMAKE_ARGS:-} >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "${BUILD_DIR:-build}" -j"$(nproc)" "${targets[@]}"
