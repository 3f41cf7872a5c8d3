#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and runs each one
# for a bounded time from its seed corpus (fuzz/corpus/<target>/).
#   fuzz/run.sh [SECONDS]    seconds per target, 30 unless given
# Fails when any target finds a crash, a leak or a timeout; the input that
# did it is kept in build-fuzz/crashes/ (reproduce: build-fuzz/bin/<target> FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
build=build-fuzz
export CCACHE_BASEDIR="$PWD"
CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGUTBOT_FUZZ=ON \
  -DGUTBOT_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzzers

mkdir -p "$build/crashes"
failed=()
for seeds in fuzz/corpus/*/; do
  target=$(basename "$seeds")
  # New inputs go to the build's corpus, so the seeds in the repository stay hand-written.
  mkdir -p "$build/corpus/$target"
  echo "== $target (${seconds}s)" >&2
  if ! "$build/bin/$target" "$build/corpus/$target" "$seeds" -max_total_time="$seconds" -timeout=25 \
        -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 >"$build/$target.log" 2>&1; then
    failed+=("$target")
    tail -n 60 "$build/$target.log" >&2
  fi
  grep -E '^(Done|stat::number_of_executed_units)' "$build/$target.log" >&2 || true
done

if ((${#failed[@]})); then
  echo "fuzz: crashes in ${failed[*]} (inputs in $build/crashes/)" >&2
  exit 1
fi
echo "fuzz: no crash in $(ls -d fuzz/corpus/*/ | wc -l) targets, ${seconds}s each" >&2
