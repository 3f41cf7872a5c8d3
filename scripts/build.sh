#!/usr/bin/env bash
# Configures and builds gutbot into build/ (Release unless BUILD_TYPE says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
# Paths below the checkout are hashed relative to it, so clones share ccache.
export CCACHE_BASEDIR="$PWD"
cmake -S . -B "${BUILD_DIR:-build}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" ${CMAKE_ARGS:-} >/dev/null
cmake --build "${BUILD_DIR:-build}" -j"$(nproc)"
