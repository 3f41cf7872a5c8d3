#!/usr/bin/env bash
# Safety figures of the built bot on every labelled set: per-category recall
# and false triggers (and in-scope accuracy where the set has intents).
# Usage: scripts/safety-measure.sh [BUILD_DIR]   (prints one JSON line per set)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/bin/gutbot
sets=(tests/data/safety_set.jsonl tests/data/safety_holdout.jsonl)
for n in 2 3 4 5 6 7 8 9 10; do sets+=(tests/data/safety_holdout$n.jsonl); done
sets+=(tests/data/safety_pass9_probes.jsonl tests/data/safety_pass10_probes.jsonl)
# The blind set: measure once, with the final settings (SKIP_BLIND=1 leaves it
# out; skipped with a note while it has not been written yet).
blind=tests/data/safety_holdout11.jsonl
if [ -z "${SKIP_BLIND:-}" ]; then
  if [ -f "$blind" ]; then sets+=("$blind"); else echo "note: $blind not there yet" >&2; fi
fi
sets+=(tests/data/dev_set.jsonl tests/data/test_set.jsonl)
[ -f ../shared/data/clinc150/val_oos.jsonl ] && sets+=(../shared/data/clinc150/val_oos.jsonl)
for f in "${sets[@]}"; do
  "$bin" eval "$f" --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
keep = {k: r[k] for k in ("safety", "false_triggers", "in_scope_accuracy", "accuracy") if k in r}
print(json.dumps({"set": sys.argv[1], **keep}, sort_keys=True))' "$f"
done
