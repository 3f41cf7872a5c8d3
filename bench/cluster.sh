#!/usr/bin/env bash
# Turns a second that one `gutbot serve` sustains on SQLite, and that two
# instances sustain together on one PostgreSQL database, measured in one run
# under the same conditions with bench/loadgen (request-reply WebSocket
# chats; each reply leaves only once its turn is committed), with the
# limits of bench/gutbot_bench.json (no per-session rate limit).
#   bench/cluster.sh [CONNECTIONS] [SECONDS]      defaults: 200 connections, 15 s
# Needs a build with the benchmarks (bench/README.md); BUILD_DIR picks it
# (build-bench). Prints one JSON line per configuration and a summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build-bench}
connections=${1:-200}
seconds=${2:-15}
for program in gutbot loadgen; do
  [[ -x "$build/bin/$program" ]] || { echo "cluster.sh: no $build/bin/$program (bench/README.md)" >&2; exit 1; }
done

work=$(mktemp -d)
pg_dir=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/postgres.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

export GUTBOT_SECRET=cluster-bench-secret-shared-by-every-instance

# Starts `gutbot serve --db $1` on an ephemeral port; sets $port.
start_server() {
  local log="$work/server-${#servers[@]}.log"
  "$build/bin/gutbot" serve --config bench/gutbot_bench.json --port 0 --db "$1" 2>"$log" &
  servers+=($!)
  for _ in $(seq 600); do
    port=$(grep '"listening"' "$log" | grep -o '"port":[0-9]*' | cut -d: -f2 || true)
    [[ -n "$port" ]] && return 0
    sleep 0.1
  done
  echo "cluster.sh: gutbot did not start:" >&2
  cat "$log" >&2
  exit 1
}

stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid"; wait "$pid" || true; done
  servers=()
}

load() {  # port connections
  "$build/bin/loadgen" --port "$1" --connections "$2" --duration "$seconds" --messages 100000000
}

throughput() { grep -o '"throughput":[0-9.]*' | cut -d: -f2; }

pg_url=$(scripts/postgres.sh start "$pg_dir")

start_server "sqlite:$work/gutbot.db"
sqlite=$(load "$port" "$connections")
echo "{\"setup\":\"1 instance, SQLite\",\"report\":$sqlite}"
stop_servers

start_server "$pg_url"
first=$port
start_server "$pg_url"
second=$port
load "$first" $((connections / 2)) >"$work/first.json" &
a=$!
load "$second" $((connections - connections / 2)) >"$work/second.json"
wait "$a"
echo "{\"setup\":\"2 instances, PostgreSQL, instance 1\",\"report\":$(cat "$work/first.json")}"
echo "{\"setup\":\"2 instances, PostgreSQL, instance 2\",\"report\":$(cat "$work/second.json")}"
stop_servers

one=$(throughput <<<"$sqlite")
two=$(($(throughput <"$work/first.json" | cut -d. -f1) + $(throughput <"$work/second.json" | cut -d. -f1)))
echo "turns/s: 1 instance on SQLite ${one}, 2 instances on PostgreSQL ${two} ($connections connections, ${seconds} s, $(nproc) cores)"
