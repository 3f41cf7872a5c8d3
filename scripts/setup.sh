#!/usr/bin/env bash
# Installs the Debian packages gutbot's build and tests need. Idempotent and
# quick when everything is present: apt is only touched for what is missing.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config
  libboost-dev                # Beast and Asio (header-only)
  nlohmann-json3-dev
  libsqlite3-dev sqlite3
  libpq-dev postgresql         # the PostgreSQL store; a throwaway server for its tests
  nginx                       # the cluster test's load balancer
  libssl-dev                  # HMAC-SHA256 for session tokens
  ca-certificates             # the authorities HTTPS calls to Slack are checked against
  libstemmer-dev              # Snowball stemmers
  libjemalloc-dev             # the server's allocator
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  chromium                    # the web widget's browser tests (tests/browser)
  clang libclang-rt-14-dev    # libFuzzer and its sanitizers (fuzz/run.sh)
  clang-format                # the one C++ style (scripts/format.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js runs the browser tests; one that bundles its own npm counts too,
# so these are looked for as commands rather than as packages.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# playwright-core as pinned in package-lock.json (it never downloads a
# browser: the tests drive Debian's chromium); skipped while up to date.
cd "$(dirname "$0")/.."
if [[ ! node_modules/.package-lock.json -nt package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
