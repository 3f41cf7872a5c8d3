#!/usr/bin/env bash
# Checks that each part includes only the parts below it (docs/architecture.md):
# a header from a higher layer fails the check, naming the file and the line.
set -euo pipefail
cd "$(dirname "$0")/.."

# part folder -> the folders its files may include from (besides itself)
declare -A allowed=(
  [knowledge]=""
  [intents]="knowledge"
  [bot/common]=""
  [bot/engine]="bot/common intents knowledge"
  [bot/store]="bot/common bot/engine intents knowledge"
  [adapters/channels]="bot/common bot/engine intents knowledge"
  [adapters/server]="bot/common bot/engine intents knowledge adapters/channels"
  [bot/program]="bot/common bot/engine bot/store intents knowledge adapters/channels adapters/server"
)

failed=0
for part in "${!allowed[@]}"; do
  pattern="^(${part// /|}"
  for dep in ${allowed[$part]}; do pattern+="|$dep"; done
  pattern+=")/[^/]+$"
  while IFS=: read -r file line include; do
    header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$include")
    if ! grep -Eq "$pattern" <<<"$header"; then
      echo "$file:$line: $part may not include $header" >&2
      failed=1
    fi
  done < <(grep -n '#include "' $(git ls-files "$part/*.h" "$part/*.cpp" "$part/*.in" | grep -v "^$part/.*/.*/") /dev/null || true)
done
exit "$failed"
