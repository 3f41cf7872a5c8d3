#!/usr/bin/env bash
# Sets up, builds and runs every test: the whole suite in a Release build,
# again under AddressSanitizer + UndefinedBehaviorSanitizer, and the
# concurrent parts (engine, stores, server) under ThreadSanitizer.
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick    the Release suite only
# Other arguments go to ctest (for example -R Dialogue).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
if [[ "${1:-}" == "--quick" ]]; then quick=1; shift; fi

scripts/setup.sh
echo "== clang-format, layers" >&2
scripts/format.sh --check
scripts/layers.sh

# The PostgreSQL store's tests and the cluster test share one throwaway server.
pg_dir=$(mktemp -d)
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
GUTBOT_TEST_POSTGRES=$(scripts/postgres.sh start "$pg_dir")
export GUTBOT_TEST_POSTGRES

run_suite() {  # build dir, extra cmake args, ctest args...
  local dir=$1 cmake_args=$2
  shift 2
  echo "== $dir ${cmake_args}" >&2
  BUILD_DIR=$dir CMAKE_ARGS=$cmake_args scripts/build.sh
  (cd "$dir" && ctest --output-on-failure --timeout 300 -j"$(nproc)" "$@")
}

# With the benchmark programs (bench/), built but not run: they keep compiling.
run_suite build "-DGUTBOT_BENCH=ON" "$@"
echo "== browser tests (tests/browser)" >&2
GUTBOT_BIN=build/bin/gutbot node --test tests/browser/
if ((quick)); then exit 0; fi

# Bounded robustness runs: each fuzz target for 30 s, and a one-minute soak.
fuzz/run.sh 30
BUILD_DIR=build scripts/soak.sh 60

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
run_suite build-asan "-DGUTBOT_SANITIZE=address,undefined" "$@"

export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
# Single-threaded dialogue scripts add nothing under TSan but minutes; the
# crash and hostile-client runs (thousands of connections) are about
# robustness, which the Release and ASan runs cover, not about races.
run_suite build-tsan "-DGUTBOT_SANITIZE=thread" -L "common|engine|store|channels|server|program|integration" \
  -E "DialogueScript|Reachability|CrashRecovery|HostileClients" "$@"
