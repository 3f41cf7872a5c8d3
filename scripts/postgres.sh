#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and measurements, from Debian's
# postgresql package: its data, socket and log live in DIR, it listens on a
# Unix socket in DIR only (no TCP port to collide on), and lets local users
# in without a password.
#   scripts/postgres.sh start DIR     creates DIR, starts the server, prints its URL
#   scripts/postgres.sh url DIR       prints the URL again
#   scripts/postgres.sh restart DIR   stops and starts it (the same URL)
#   scripts/postgres.sh stop DIR      stops it and removes DIR
# As root the server runs as the "postgres" user (PostgreSQL refuses root),
# so DIR must then lie where that user can reach it (as mktemp -d makes).
set -euo pipefail

usage() { echo "usage: $0 start|url|restart|stop DIR" >&2; exit 2; }
(($# == 2)) || usage
command=$1
dir=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bin/pg_ctl" ]] || { echo "postgres.sh: no PostgreSQL server; run scripts/setup.sh" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl() { as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 "$@" >/dev/null; }

case $command in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
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
    [[ -d "$dir/data" ]] && pg_ctl stop -m fast || true
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
