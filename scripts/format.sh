#!/usr/bin/env bash
# Formats every C++ file in the repository with clang-format (.clang-format).
#   scripts/format.sh           rewrites the files
#   scripts/format.sh --check   changes nothing; fails naming each file that differs (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ "${1:-}" == "--check" ]]; then
  exec clang-format --dry-run --Werror "${files[@]}"
fi
clang-format -i "${files[@]}"
