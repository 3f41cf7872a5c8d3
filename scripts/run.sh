#!/usr/bin/env bash
# Sets up, builds and starts gutbot at http://127.0.0.1:8080 with the embedded
# SQLite store (data/gutbot.db), the leaky-gut knowledge base and the demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh gutbot  # the program alone, not the test suite
exec build/bin/gutbot serve "$@"
