#!/usr/bin/env bash
# The soak test: builds the Release binary and runs tests/soak against it for
# SECONDS (180 unless given), printing its memory, traffic and error figures.
#   scripts/soak.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-180}
dir=${BUILD_DIR:-build}
scripts/setup.sh
BUILD_DIR=$dir scripts/build.sh
GUTBOT_SOAK_SECONDS=$seconds "$dir/bin/soak_tests"
