# Shared by up.sh, down.sh and run-suite.sh: where the deployment lives, which
# services it runs on which loopback ports, and how a pid file proves that a
# running process is one this harness started (pid plus kernel start time, so a
# recycled pid is never mistaken for ours and never signalled).

BASE=${REAL_OPENSTACK_BASE:-/var/lib/real-openstack}
# Debian's python and tools, never a pyenv/venv shim.
export PATH=/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV || true

# In start order; down.sh stops them in reverse.
SERVICES="mariadb epmd rabbitmq keystone placement glance-api neutron-server vnc-server nova-conductor nova-scheduler nova-compute nova-api nova-novncproxy"

# The console chain: a real VNC server (the fake hypervisor's "guest screen")
# and Nova's noVNC proxy in front of it.
VNC_DISPLAY=9
VNC_PORT=5969
NOVNC_PORT=6080
# The colour the harness paints the VNC screen, so a test can tell it from noVNC's own pages.
VNC_COLOUR='#2e8b57'


service_ports() { # name -> the 127.0.0.1 ports it listens on
  case $1 in
    mariadb) echo 3306 ;; epmd) echo 4369 ;; rabbitmq) echo "5672 25672" ;;
    keystone) echo 5000 ;; placement) echo 8778 ;; glance-api) echo 9292 ;;
    neutron-server) echo 9696 ;; nova-api) echo 8774 ;;
    vnc-server) echo "$VNC_PORT" ;; nova-novncproxy) echo "$NOVNC_PORT" ;; *) ;;
  esac
}

start_time() { # pid -> its start time in clock ticks since boot (field 22 of /proc/pid/stat)
  [ -r "/proc/$1/stat" ] || return 1
  sed -E 's/^.*\) //' "/proc/$1/stat" | cut -d' ' -f20
}

service_pid() { # name -> prints the pid if the process we recorded is still running
  local f="$BASE/run/$1.pid" pid="" st=""
  [ -f "$f" ] || return 1
  read -r pid st < "$f" || true
  [ -n "$pid" ] && [ -n "$st" ] && [ "$(start_time "$pid" 2>/dev/null)" = "$st" ] || return 1
  echo "$pid"
}

descendants_of() { # pid -> its children, their children, ... (from /proc: procps may be absent)
  local child
  # cat, not awk on the files: a process that exits meanwhile must not end the scan
  for child in $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '{ pid = $1; sub(/^.*\) /, ""); if ($2 == p) print pid }'); do
    echo "$child"
    descendants_of "$child"
  done
}

record_pid() { # name pid
  echo "$2 $(start_time "$2")" > "$BASE/run/$1.pid"
}

port_in_use() { # port -> true if anything accepts connections or listens on it
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  command -v ss >/dev/null && [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

port_owner() { # port -> "name (pid N)" of the listener, when ss can tell
  local who=""
  command -v ss >/dev/null && who=$(ss -Hltnp "sport = :$1" 2>/dev/null \
    | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 \
    | sed -E 's/users:\(\("([^"]*)",pid=([0-9]*)/\1 (pid \2)/')
  echo "${who:-another process}"
}

stop_service() { # name: TERM its process group, then KILL after 15 s; forget the pid file
  local pid i
  pid=$(service_pid "$1") || { rm -f "$BASE/run/$1.pid"; return 0; }
  echo "stopping $1 (pid $pid)" >&2
  # every service was started with setsid, so it leads its own process group:
  # signal that group (the service and its own workers, nothing else).
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $1 still alive after 15 s, SIGKILL" >&2
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$BASE/run/$1.pid"
}

rabbitmq_env() { # the environment rabbitmq-server and rabbitmqctl share
  export RABBITMQ_NODENAME=rabbit@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=4369
  export RABBITMQ_MNESIA_BASE=$BASE/rabbitmq/mnesia RABBITMQ_LOG_BASE=$BASE/log/rabbitmq
  export RABBITMQ_CONFIG_FILE=$BASE/rabbitmq/rabbitmq RABBITMQ_ENABLED_PLUGINS_FILE=$BASE/rabbitmq/enabled_plugins
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
rmqctl() { ( rabbitmq_env; HOME=$BASE/rabbitmq/home /usr/lib/rabbitmq/bin/rabbitmqctl -n rabbit@localhost "$@" ); }
