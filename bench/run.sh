#!/usr/bin/env bash
# Builds gutbot and the benchmark programs (Release, GUTBOT_BENCH=ON), then
# measures, in one go, the bare Beast echo server and `gutbot serve` under
# the same WebSocket loads, and their resident memory idle and holding idle
# connections. Writes bench/RESULTS.md. Run from anywhere; loopback only.
#
# Both servers run at once, idle while the other is measured, and the loads
# alternate between them for ROUNDS rounds: a shared machine's speed drifts
# by tens of percent within minutes, and a ratio is only fair between runs
# close in time. RESULTS.md gives every round and the medians.
#
# Knobs (environment): BUILD_DIR, SERVER_CPU, LOAD_CPU, IO_THREADS, DURATION,
# MESSAGES, RR_CONNECTIONS, PIPE_CONNECTIONS, PIPE_DEPTH, IDLE_COUNTS, ROUNDS.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
IO_THREADS=${IO_THREADS:-1}
DURATION=${DURATION:-10}
MESSAGES=${MESSAGES:-1000000}
RR_CONNECTIONS=${RR_CONNECTIONS:-1000}
PIPE_CONNECTIONS=${PIPE_CONNECTIONS:-100}
PIPE_DEPTH=${PIPE_DEPTH:-16}
IDLE_COUNTS=${IDLE_COUNTS:-"1000 10000"}
ROUNDS=${ROUNDS:-3}
ECHO_PORT=${ECHO_PORT:-18090}
GUTBOT_PORT=${GUTBOT_PORT:-18080}
RESULTS=bench/RESULTS.md

log() { echo "bench: $*" >&2; }

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DGUTBOT_BENCH=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target gutbot loadgen echo_server
BIN=$BUILD_DIR/bin

# Each idle connection is a file descriptor in the server and in the load
# generator.
max_idle=0
for n in $IDLE_COUNTS; do ((n > max_idle)) && max_idle=$n; done
want_fds=$((max_idle + 1024))
if (($(ulimit -Hn) < want_fds)); then ulimit -Hn "$want_fds"; fi
ulimit -Sn "$(ulimit -Hn)"

work=$(mktemp -d)
declare -A pid  # server name -> process id
cleanup() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

commands=()  # every measuring command, as run, for RESULTS.md
record() { commands+=("$*"); }

# start_server NAME PORT COMMAND...: runs it on SERVER_CPU, waits until it listens.
start_server() {
  local name=$1 port=$2
  shift 2
  record taskset -c "$SERVER_CPU" "$@"
  taskset -c "$SERVER_CPU" "$@" 2>"$work/$name.log" &
  pid[$name]=$!
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "$name listening on $port (pid ${pid[$name]})"
      return 0
    fi
    kill -0 "${pid[$name]}" 2>/dev/null || { log "$name exited; see its log:"; cat "$work/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  log "nothing listens on port $port"
  exit 1
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/${pid[$1]}/status"; }

# json_field FILE KEY: a number from the load generator's flat JSON.
json_field() { sed -n "s/.*\"$2\":\([-0-9.e+]*\).*/\1/p" "$1"; }

# A server's CPU time so far, in clock ticks (user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${pid[$1]}/stat"; }

# load NAME SERVER PORT ARGS...: one load run on LOAD_CPU; the report lands
# in $work/NAME.json, the server's CPU time per answered message (µs) in
# $work/NAME.cpu: it depends less than throughput on what else the machine
# runs.
load() {
  local name=$1 server=$2 port=$3
  shift 3
  local cmd=(taskset -c "$LOAD_CPU" "$BIN/loadgen" --port "$port" "$@")
  record "${cmd[@]}"
  local before
  before=$(cpu_ticks "$server")
  "${cmd[@]}" >"$work/$name.json"
  awk -v t="$(($(cpu_ticks "$server") - before))" -v hz="$(getconf CLK_TCK)" -v n="$(json_field "$work/$name.json" messages)" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }' >"$work/$name.cpu"
  log "$name: $(cat "$work/$name.json") server CPU $(cat "$work/$name.cpu") µs/message"
}

# hold NAME SERVER PORT N: holds N idle connections, records the server's RSS meanwhile.
hold() {
  local name=$1 server=$2 port=$3 n=$4
  local cmd=(taskset -c "$LOAD_CPU" "$BIN/loadgen" --port "$port" --idle --connections "$n" --ramp 4000 --duration 120)
  record "${cmd[@]}"
  "${cmd[@]}" >"$work/$name.json" &
  local generator=$!
  until [[ -s $work/$name.json ]]; do
    kill -0 "$generator" 2>/dev/null || { log "$name: load generator exited"; exit 1; }
    sleep 0.2
  done
  sleep 2  # let the last handshakes' buffers be released
  rss_kib "$server" >"$work/$name.rss"
  kill -TERM "$generator"
  wait "$generator"
  log "$name: $(cat "$work/$name.json") rss $(cat "$work/$name.rss") KiB"
  sleep 2  # the server closes the connections
}

# memory NAME PORT: the resident memory of a fresh server, idle and holding
# idle connections.
memory() {
  local name=$1 port=$2
  sleep 1
  rss_kib "$name" >"$work/$name-idle.rss"
  for n in $IDLE_COUNTS; do hold "$name-hold$n" "$name" "$port" "$n"; done
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

GUTBOT_SECRET=bench-secret-not-for-production
export GUTBOT_SECRET
start_server echo "$ECHO_PORT" "$BIN/echo_server" --port "$ECHO_PORT" --threads "$IO_THREADS"
start_server gutbot "$GUTBOT_PORT" "$BIN/gutbot" serve --config bench/gutbot_bench.json \
  --port "$GUTBOT_PORT" --threads "$IO_THREADS" --db "$work/gutbot.db"
memory echo "$ECHO_PORT"
memory gutbot "$GUTBOT_PORT"

declare -A port_of=([echo]=$ECHO_PORT [gutbot]=$GUTBOT_PORT)
for round in $(seq 1 "$ROUNDS"); do
  for s in echo gutbot; do
    load "$s-rr-$round" "$s" "${port_of[$s]}" --connections "$RR_CONNECTIONS" --depth 1 --messages "$MESSAGES" \
      --duration "$DURATION" --ramp 5000
  done
  for s in echo gutbot; do
    load "$s-pipe-$round" "$s" "${port_of[$s]}" --connections "$PIPE_CONNECTIONS" --depth "$PIPE_DEPTH" \
      --messages "$MESSAGES" --duration "$DURATION"
  done
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- RESULTS.md ----
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
per_conn() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f", (a - b) / n }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

load_row() {  # load_row LABEL RUN
  local f=$work/$2.json
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
    "$(json_field "$f" messages)" "$(json_field "$f" errors)" "$(json_field "$f" throughput)" "$(cat "$work/$2.cpu")" \
    "$(json_field "$f" p50)" "$(json_field "$f" p90)" "$(json_field "$f" p99)" \
    "$(json_field "$f" p99.9)" "$(json_field "$f" max)"
}

median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# ratios KIND: per round, gutbot's throughput over echo's, then echo's CPU
# per message over gutbot's; lines of "throughput cpu".
ratios() {
  for round in $(seq 1 "$ROUNDS"); do
    echo "$(ratio "$(json_field "$work/gutbot-$1-$round.json" throughput)" "$(json_field "$work/echo-$1-$round.json" throughput)")" \
      "$(ratio "$(cat "$work/echo-$1-$round.cpu")" "$(cat "$work/gutbot-$1-$round.cpu")")"
  done
}

# ratio_line KIND LABEL
ratio_line() {
  local lines
  lines=$(ratios "$1")
  echo "- $2: throughput $(cut -d' ' -f1 <<<"$lines" | paste -sd' ' | sed 's/ /, /g') (median **$(cut -d' ' -f1 <<<"$lines" | median)**);" \
    "CPU per message $(cut -d' ' -f2 <<<"$lines" | paste -sd' ' | sed 's/ /, /g') (median $(cut -d' ' -f2 <<<"$lines" | median))."
}

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Rerun it to replace this file."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
  echo "- Kernel: $(uname -sr)"
  echo "- Load average (1, 5, 15 min) when the measurements began: $load_start; when they ended: $load_end."
  echo "  The machine is shared: a load above ~0.5 means other work competed for the cores."
  echo "- Server pinned to CPU $SERVER_CPU, load generator to CPU $LOAD_CPU (\`taskset\`); $IO_THREADS I/O thread(s) in both servers."
  echo "- gutbot: \`serve\` with \`bench/gutbot_bench.json\` (per-session rate limit lifted, connection caps at 20000),"
  echo "  a fresh SQLite file in a temporary folder: every turn is committed (group commit) and the WAL"
  echo "  flushed to the disk (\`fdatasync\`, on a second thread while the next batch is answered) before"
  echo "  its reply leaves."
  echo
  echo "## Throughput and latency"
  echo
  echo "$ROUNDS rounds; in each, the loads run on echo then on gutbot, one right after the other."
  echo "Each run: $DURATION s or $MESSAGES messages, whichever ends first; every reply checked (type, text, reply_to)."
  echo "Latencies in µs, from queuing a message to reading its reply."
  echo
  echo "| load | messages | errors | msg/s | server CPU µs/msg | p50 | p90 | p99 | p99.9 | max |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for round in $(seq 1 "$ROUNDS"); do
    load_row "$round: echo, $RR_CONNECTIONS connections request-reply" "echo-rr-$round"
    load_row "$round: gutbot, $RR_CONNECTIONS connections request-reply" "gutbot-rr-$round"
  done
  for round in $(seq 1 "$ROUNDS"); do
    load_row "$round: echo, $PIPE_CONNECTIONS connections pipelined (depth $PIPE_DEPTH)" "echo-pipe-$round"
    load_row "$round: gutbot, $PIPE_CONNECTIONS connections pipelined (depth $PIPE_DEPTH)" "gutbot-pipe-$round"
  done
  echo
  echo "gutbot / echo, rounds 1 to $ROUNDS; CPU per message is echo's over gutbot's, which depends"
  echo "less on the machine's load than throughput does:"
  echo
  ratio_line rr "request-reply"
  ratio_line pipe "pipelined"
  echo
  echo "## Resident memory (VmRSS)"
  echo
  echo "| server | idle |$(for n in $IDLE_COUNTS; do printf ' %s idle connections | per connection |' "$n"; done)"
  echo "|---|---|$(for _ in $IDLE_COUNTS; do printf -- '---|---|'; done)"
  for s in echo gutbot; do
    idle=$(cat "$work/$s-idle.rss")
    printf '| %s | %s MiB |' "$s" "$(mib "$idle")"
    for n in $IDLE_COUNTS; do
      held=$(cat "$work/$s-hold$n.rss")
      printf ' %s MiB | %s KiB |' "$(mib "$held")" "$(per_conn "$held" "$idle" "$n")"
    done
    echo
  done
  echo
  echo "## Commands"
  echo
  echo "With \`ulimit -n $(ulimit -n)\` and \`GUTBOT_SECRET\` set, in this order (the JSON reports are"
  echo "the load generator's output):"
  echo
  echo '```sh'
  for c in "${commands[@]}"; do echo "$c"; done
  echo '```'
} >"$RESULTS"
log "wrote $RESULTS"
cat "$RESULTS"
