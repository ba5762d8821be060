#!/bin/bash
# Stop exactly the processes up.sh started (pid files in $BASE/run, each
# checked against the process's start time, so nothing else is ever signalled).
# Data under $BASE is kept, so the next up.sh is a quick restart; --purge also
# deletes $BASE (the next up.sh then rebuilds everything, packages excepted).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"

case "${1:-}" in
  "" | --purge) ;;
  *) echo "down.sh: unknown argument \"$1\"; use no argument (stop) or --purge (stop and delete $BASE)" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "down.sh: must run as root (the services run as root); rerun it with sudo" >&2; exit 1; }

stopped=0
for s in $(echo "$SERVICES" | tr ' ' '\n' | tac); do
  pid=$(service_pid "$s") || { rm -f "$BASE/run/$s.pid"; continue; }
  if [ "$s" = rabbitmq ]; then
    # let the node stop cleanly first (keeps mnesia consistent), then make sure by pid
    timeout 60 bash -c ". '$HERE/lib.sh'; rmqctl stop" >/dev/null 2>&1 || true
  fi
  stop_service "$s"
  stopped=$((stopped + 1))
done
echo "down.sh: stopped $stopped service(s) started by up.sh" >&2

if [ "${1:-}" = "--purge" ]; then
  echo "down.sh: removing $BASE" >&2
  rm -rf "$BASE"
fi
