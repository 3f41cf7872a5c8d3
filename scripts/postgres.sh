#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and measurements, from Debian's
# postgresql package: its data, socket and log live in DIR, it listens on a
# Unix socket in DIR only (no TCP port to collide on), and lets local users
# in without a password.
#   scripts/postgres.sh start DIR     creates DIR (or takes it empty), marks it as
#                                     this script's, starts the server, prints its URL
#   scripts/postgres.sh url DIR       prints the URL again
#   scripts/postgres.sh restart DIR   stops and starts it (the same URL)
#   scripts/postgres.sh stop DIR      stops it and removes DIR, only if DIR is a
#                                     folder this script marked; anything else is refused
# As root the server runs as the "postgres" user (PostgreSQL refuses root),
# so DIR must then lie where that user can reach it (as mktemp -d makes).
set -euo pipefail

usage() { echo "usage: $0 start|url|restart|stop DIR" >&2; exit 2; }
(($# == 2)) || usage
command=$1
dir=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
need_server() {
  [[ -x "$bin/pg_ctl" ]] || { echo "postgres.sh: no PostgreSQL server; run scripts/setup.sh" >&2; exit 1; }
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The mark `start` leaves in the folders it made, the one `stop` deletes.
marker=.gutbot-postgres-dir

pg_ctl() { need_server; as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 "$@" >/dev/null; }

case $command in
  start)
    if [[ -e "$dir" && ( ! -d "$dir" || -L "$dir" || -n "$(ls -A "$dir")" ) ]]; then
      echo "postgres.sh: $dir exists and is not an empty folder" >&2
      exit 1
    fi
    need_server
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    touch "$dir/$marker"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    owner=$(as_owner id -un)
    as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      --no-sync >/dev/null
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
EOF
    pg_ctl start
    as_owner "$bin/createdb" -h "$dir" -U "$owner" gutbot
    echo "postgresql://$owner@/gutbot?host=$dir" >"$dir/url"
    cat "$dir/url"
    ;;
  url) cat "$dir/url" ;;
  restart) pg_ctl restart -m fast ;;
  stop)
    if [[ ! -d "$dir" || -L "$dir" || ! -f "$dir/$marker" ]]; then
      echo "postgres.sh: $dir is not a folder made by postgres.sh start; not removing it" >&2
      exit 1
    fi
    [[ -d "$dir/data" ]] && pg_ctl stop -m fast || true
    rm -rf -- "$dir"
    ;;
  *) usage ;;
esac
