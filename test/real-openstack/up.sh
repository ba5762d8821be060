#!/bin/bash
# Bring up real OpenStack Zed (Debian 12 packages) on 127.0.0.1 only: MariaDB,
# RabbitMQ, Keystone, Placement, Glance, neutron-server and Nova with its
# in-tree fake hypervisor; then seed the users, servers and application
# credential the integration suite needs (seed.py) and write $BASE/env.sh.
#
# Idempotent: a second run starts only what is not running and reuses the
# databases, users, servers and credential (a few seconds when all is up).
# Bad input (not root, a port taken by a process we did not start, apt
# unreachable) ends with one line before anything starts; a failure later
# stops what this run started. down.sh stops only what up.sh started.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/configs.sh"

ADMIN_PASS=${REAL_OPENSTACK_ADMIN_PASSWORD:-admin-secret}
SVC_PASS=${REAL_OPENSTACK_SERVICE_PASSWORD:-service-secret}
DEMO_PASS=${REAL_OPENSTACK_DEMO_PASSWORD:-demo-secret}
DB_PASS=${REAL_OPENSTACK_DB_PASSWORD:-db-secret}
export REAL_OPENSTACK_BASE=$BASE REAL_OPENSTACK_ADMIN_PASSWORD=$ADMIN_PASS
export REAL_OPENSTACK_SERVICE_PASSWORD=$SVC_PASS REAL_OPENSTACK_DEMO_PASSWORD=$DEMO_PASS
HOSTNAME_NOVA=real-openstack
PY=/usr/bin/python3
KS=http://127.0.0.1:5000
DBURL="mysql+pymysql://openstack:$DB_PASS@127.0.0.1:3306"
PKGS="python3-keystone python3-nova python3-placement python3-glance python3-neutron
python3-openstackclient python3-pymysql rabbitmq-server uwsgi-core uwsgi-plugin-python3
mariadb-server mariadb-client curl
nova-consoleproxy tigervnc-standalone-server x11-xkb-utils x11-xserver-utils chromium"
T0=$(date +%s)

log() { echo "[up.sh $(date +%H:%M:%S)] $*" >&2; }
die() { echo "up.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------ 0. preflight
# Everything that can be wrong with the machine is checked before anything starts.
[ "$(id -u)" = 0 ] || die "must run as root (it installs packages with apt and runs the services as root); rerun it with sudo"
command -v apt-get >/dev/null && command -v dpkg-query >/dev/null \
  || die "apt-get not found: this harness needs Debian 12 (or Ubuntu) with apt; run it there"
# One run at a time (say the suite and a developer): a second waits, then finds everything up.
mkdir -p "$BASE/run"
exec 9>"$BASE/run/up.lock"
flock -n 9 || { log "another up.sh is running; waiting for it to finish"; flock -w 900 9; } \
  || die "another up.sh has held $BASE/run/up.lock for 15 minutes; stop it, then rerun"
check_ports() { # every port of a service we do not run must be free
  local s port conflicts=""
  for s in $SERVICES; do
    service_pid "$s" >/dev/null && continue
    for port in $(service_ports "$s"); do
      port_in_use "$port" && conflicts="$conflicts, port $port ($s) is taken by $(port_owner "$port")"
    done
  done
  [ -z "$conflicts" ] || die "${conflicts#, }: not started by up.sh (no live pid file in $BASE/run); stop it or free the port, then rerun"
}
check_ports
os_name=$( (. /etc/os-release && echo "${VERSION_CODENAME:-?} ${PRETTY_NAME:-}") 2>/dev/null || echo "? unknown")
[ "${os_name%% *}" = bookworm ] \
  || log "warning: this is ${os_name#* }, not Debian 12: its OpenStack packages may not be Zed, whose answers (maximum microversion 2.93) the suite expects"

# Past this point a failure stops what this run started, and only that.
STARTED=""
MADE_POLICY=0
setup_jobs=""  # "pid:name" of database set-up jobs still running
cleanup() {
  local rc=$? j
  [ "$MADE_POLICY" = 1 ] && rm -f /usr/sbin/policy-rc.d
  for j in $setup_jobs; do  # interrupted during set-up: stop those jobs and their commands
    kill -TERM $(descendants_of "${j%%:*}") "${j%%:*}" 2>/dev/null || true
  done
  if [ "$rc" != 0 ] && [ -n "$STARTED" ]; then
    echo "up.sh: failed (exit $rc); stopping what this run started:$STARTED" >&2
    for s in $(echo $STARTED | tr ' ' '\n' | tac); do stop_service "$s"; done
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$BASE"/{log,run,state,lock,images,glance-staging,glance-tasks,neutron-state,keystone,rabbitmq/home,rabbitmq/mnesia,mysql}
chmod 700 "$BASE"

# ------------------------------------------------------------- 1. packages
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing with apt:$missing (log: $BASE/log/apt.log)"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep the packages' postinst scripts from starting system-wide rabbitmq, mariadb, ...
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; MADE_POLICY=1
  fi
  # unsafe-io: no fsync per unpacked file (a throwaway test machine; saves a good part of the install)
  APT_OPTS="-o Acquire::http::Timeout=30 -o Acquire::https::Timeout=30 -o Acquire::Retries=2 -o DPkg::Lock::Timeout=120 -o Dpkg::Options::=--force-unsafe-io"
  apt-get $APT_OPTS update > "$BASE/log/apt.log" 2>&1 || true
  if ! DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y -q --no-install-recommends $missing >> "$BASE/log/apt.log" 2>&1; then
    # apt-get update only warns about unreachable sources; the failed install tells which it was
    unreachable=$(grep -m1 -E 'Temporary failure resolving|Could not (connect|resolve)|Failed to fetch|Connection (timed out|refused)|Unable to connect' "$BASE/log/apt.log" | sed -E 's/^[[:space:]]+//' || true)
    [ -z "$unreachable" ] || die "apt cannot reach its package sources (${unreachable:0:160}); check the network, any proxy (http_proxy) and /etc/apt/sources.list, then rerun"
    die "apt-get install failed ($(grep -m1 '^E:' "$BASE/log/apt.log" | cut -c1-160 || true)); see $BASE/log/apt.log, fix apt, then rerun"
  fi
  log "packages installed in $(( $(date +%s) - T0 )) s"
  check_ports  # a package whose service started anyway (no policy-rc.d honoured) would hold one
fi

# ----------------------------------------------------- 2. process helpers
# The services reach each other on 127.0.0.1: a proxy from the environment must not get in the way.
NOPROXY="env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY"
start() { # name, command...
  local name=$1 pid; shift
  if pid=$(service_pid "$name"); then log "$name already running (pid $pid)"; return; fi
  log "starting $name"
  setsid $NOPROXY "$@" >>"$BASE/log/$name.log" 2>&1 < /dev/null 9>&- &  # (fd 9: the run lock stays ours)
  record_pid "$name" $!
  disown $!  # its lifetime is the pid file's business, not this shell's job table
  STARTED="$STARTED $name"
}
wait_for() { # name, timeout s, description, test command...
  local name=$1 t=$2 what=$3 i; shift 3
  for i in $(seq 1 "$t"); do
    "$@" && return 0
    service_pid "$name" >/dev/null || die "$name exited while starting; see $BASE/log/$name.log"
    sleep 1
  done
  die "timeout after $t s waiting for $what; see $BASE/log/$name.log"
}
http_ok() { curl -s --noproxy '*' -o /dev/null -m 5 "$1"; }
sql() { mariadb --no-defaults --socket="$BASE/run/mysqld.sock" -uroot "$@"; }
sql_ok() { sql -e 'select 1' >/dev/null 2>&1; }

NOVA_CONF_BEFORE=$(sha256sum "$BASE/etc/nova/nova.conf" 2>/dev/null || true)
write_configs
# A running Nova keeps the config it read: when an up.sh of a newer checkout changed nova.conf
# (a console type enabled, say), restart the Nova services below, once, so they read it.
if [ -n "$NOVA_CONF_BEFORE" ] && [ "$NOVA_CONF_BEFORE" != "$(sha256sum "$BASE/etc/nova/nova.conf")" ]; then
  for s in nova-api nova-compute nova-conductor nova-scheduler nova-novncproxy; do
    if service_pid "$s" >/dev/null; then log "nova.conf changed: restarting $s"; stop_service "$s"; fi
  done
fi

# ------------------------------------------------------------- 3. mariadb
if [ ! -d "$BASE/mysql/mysql" ]; then
  log "initialising the mariadb datadir"
  mysql_install_db --no-defaults --user=root --datadir="$BASE/mysql" --skip-test-db \
    --auth-root-authentication-method=socket >"$BASE/log/mysql_install_db.log" 2>&1
fi
start mariadb /usr/sbin/mariadbd --no-defaults --user=root --datadir="$BASE/mysql" \
  --socket="$BASE/run/mysqld.sock" --bind-address=127.0.0.1 --port=3306 \
  --pid-file="$BASE/run/mariadbd.self.pid" --skip-name-resolve --max-connections=1000 \
  --innodb-buffer-pool-size=256M --character-set-server=utf8 --collation-server=utf8_general_ci \
  --log-error="$BASE/log/mariadb.err"
wait_for mariadb 60 "mariadb on its socket" sql_ok
sql <<EOF
CREATE DATABASE IF NOT EXISTS keystone; CREATE DATABASE IF NOT EXISTS placement;
CREATE DATABASE IF NOT EXISTS glance; CREATE DATABASE IF NOT EXISTS nova_api;
CREATE DATABASE IF NOT EXISTS nova; CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE DATABASE IF NOT EXISTS neutron;
CREATE USER IF NOT EXISTS 'openstack'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON *.* TO 'openstack'@'127.0.0.1';
FLUSH PRIVILEGES;
EOF

# ------------------------------------------------------------ 4. rabbitmq
rabbitmq_env
echo '[].' > "$BASE/rabbitmq/enabled_plugins"
printf 'listeners.tcp.default = 127.0.0.1:5672\nloopback_users.guest = true\n' > "$BASE/rabbitmq/rabbitmq.conf"
mkdir -p "$BASE/log/rabbitmq"
start epmd /usr/bin/epmd -address 127.0.0.1 -port 4369
wait_for epmd 30 "epmd on port 4369" port_in_use 4369
HOME=$BASE/rabbitmq/home start rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server

# ------------------------------------------- 5. databases (first run only)
# Each step is mostly Python start-up, so they run side by side.
KSCONF="--config-file $BASE/etc/keystone/keystone.conf"
PLCONF="--config-file $BASE/etc/placement/placement.conf"
GLCONF="--config-file $BASE/etc/glance/glance-api.conf"
NEUCONF="--config-file $BASE/etc/neutron/neutron.conf"
NCONF="--config-file $BASE/etc/nova/nova.conf"
nova_manage() { $PY -c 'import sys; from nova.cmd.manage import main; sys.exit(main())' $NCONF "$@"; }
setup_keystone() {
  keystone-manage $KSCONF fernet_setup --keystone-user root --keystone-group root
  keystone-manage $KSCONF credential_setup --keystone-user root --keystone-group root
  keystone-manage $KSCONF db_sync
  keystone-manage $KSCONF bootstrap --bootstrap-password "$ADMIN_PASS" \
    --bootstrap-admin-url $KS/v3/ --bootstrap-internal-url $KS/v3/ \
    --bootstrap-public-url $KS/v3/ --bootstrap-region-id RegionOne
}
setup_placement() { placement-manage $PLCONF db sync; }
setup_glance() { $PY -c 'import sys; from glance.cmd.manage import main; sys.exit(main())' $GLCONF db_sync; }
setup_neutron() { $PY -c 'import sys; from neutron.db.migration.cli import main; sys.exit(main())' $NEUCONF upgrade heads; }
setup_nova() {
  nova_manage api_db sync
  nova_manage cell_v2 map_cell0 --database_connection "$DBURL/nova_cell0"
  # create_cell refuses a second cell1 (an interrupted first run): then it exists
  nova_manage cell_v2 create_cell --name cell1 || nova_manage cell_v2 list_cells | grep -q ' cell1 '
  nova_manage db sync
}
for c in keystone placement glance neutron nova; do
  [ -f "$BASE/state/$c.done" ] && continue
  log "setting up the $c database (log: $BASE/log/$c-setup.log)"
  ( set -e; "setup_$c" ) >> "$BASE/log/$c-setup.log" 2>&1 9>&- &
  setup_jobs="$setup_jobs $!:$c"
done
failed=""
for j in $setup_jobs; do
  if wait "${j%%:*}"; then touch "$BASE/state/${j#*:}.done"; else failed="$failed ${j#*:}"; fi
done
setup_jobs=""
[ -z "$failed" ] || die "database setup failed for:$failed; see $BASE/log/<name>-setup.log"

# ------------------------------------------------------------ 6. keystone
OS_KEYSTONE_CONFIG_DIR=$BASE/etc/keystone start keystone /usr/bin/uwsgi --plugin python3 \
  --http-socket 127.0.0.1:5000 --wsgi-file /usr/bin/keystone-wsgi-public \
  --master --die-on-term --enable-threads --processes 2 --threads 4 --lazy-apps \
  --buffer-size 65535 --need-app --add-header 'Connection: close'
wait_for keystone 120 "keystone at $KS/v3" http_ok $KS/v3
# projects, roles, users, service users and the catalog: before the services that authenticate
$NOPROXY $PY "$HERE/seed.py" identity

# ----------------------------------------- 7. placement, glance, neutron
OS_PLACEMENT_CONFIG_DIR=$BASE/etc/placement start placement /usr/bin/uwsgi --plugin python3 \
  --http-socket 127.0.0.1:8778 --wsgi-file /usr/bin/placement-api \
  --master --die-on-term --enable-threads --processes 1 --threads 4 --need-app --add-header 'Connection: close'
start glance-api $PY -c 'import sys; from glance.cmd.api import main; sys.exit(main())' $GLCONF
# Neutron and Nova talk over RabbitMQ (Keystone, Placement and Glance do not)
wait_for rabbitmq 180 "rabbitmq on port 5672" port_in_use 5672
# Only neutron-server (ML2, no mechanism drivers, no agents): Nova's
# GET /servers/{id} asks Neutron for the server's ports even with networks "none".
start neutron-server $PY -c 'import sys; from neutron.cmd.eventlet.server import main; sys.exit(main())' $NEUCONF

# ------------------------------------------------- 8. the console's screen
# A real VNC server stands in for the fake guest's screen: RFB 3.8 with
# security type None (what Nova's proxy, [vnc] auth_schemes = none, asks of
# it), on 127.0.0.1 only, painted one known colour.
X_LOCK=/tmp/.X$VNC_DISPLAY-lock
if ! service_pid vnc-server >/dev/null && [ -e "$X_LOCK" ]; then
  xpid=$(tr -dc 0-9 < "$X_LOCK" 2>/dev/null || true)
  if [ -n "$xpid" ] && kill -0 "$xpid" 2>/dev/null; then
    die "X display :$VNC_DISPLAY is held by $(cat /proc/"$xpid"/comm 2>/dev/null || echo a process) (pid $xpid), not started by up.sh; stop it, then rerun"
  fi
  rm -f "$X_LOCK" "/tmp/.X11-unix/X$VNC_DISPLAY"  # left by a VNC server that was killed
fi
start vnc-server /usr/bin/Xtigervnc ":$VNC_DISPLAY" -rfbport "$VNC_PORT" -localhost -SecurityTypes None \
  -geometry 800x600 -depth 24 -desktop fakevm -nolisten tcp
wait_for vnc-server 30 "the VNC server on port $VNC_PORT" port_in_use "$VNC_PORT"
DISPLAY=:$VNC_DISPLAY xsetroot -solid "$VNC_COLOUR" || die "cannot paint the VNC screen (xsetroot on :$VNC_DISPLAY); see $BASE/log/vnc-server.log"

# ---------------------------------------------------------------- 9. nova
novasvc() { start "nova-$1" $PY -c "import sys; from nova.cmd.$1 import main; sys.exit(main())" $NCONF; }
# nova-compute through nova-compute-vnc.py, so the fake driver's console is the VNC server
# above. One started by an older up.sh (stock entry point) is restarted once, quickly.
COMPUTE_LAUNCHER=$HERE/nova-compute-vnc.py
if pid=$(service_pid nova-compute) && ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "nova-compute-vnc.py"; then
  log "restarting nova-compute through $COMPUTE_LAUNCHER (its VNC console becomes 127.0.0.1:$VNC_PORT)"
  stop_service nova-compute
fi
# nova-compute creates its resource provider in Placement when it starts (the next try is a minute later)
wait_for placement 120 "placement on port 8778" http_ok http://127.0.0.1:8778/
novasvc conductor
novasvc scheduler
start nova-compute $PY "$COMPUTE_LAUNCHER" --vnc-host 127.0.0.1 --vnc-port "$VNC_PORT" $NCONF
novasvc api
wait_for glance-api 120 "glance on port 9292" http_ok http://127.0.0.1:9292/
wait_for neutron-server 180 "neutron on port 9696" http_ok http://127.0.0.1:9696/
wait_for nova-api 120 "nova-api on port 8774" http_ok http://127.0.0.1:8774/

# RPC queues are not durable: after a (re)start, a call to a service that is
# not consuming yet is dropped and times out after 60 s. Wait until conductor,
# scheduler and compute consume their queues (compute only after init_host).
rpc_ready() {
  local q n
  q=$(rmqctl -q list_queues name consumers 2>/dev/null) || return 1
  for n in conductor scheduler "compute.$HOSTNAME_NOVA"; do
    echo "$q" | awk -v n="$n" '$1==n && $2>0 {f=1} END {exit !f}' || return 1
  done
}
if [ -n "$STARTED" ]; then
  wait_for nova-compute 300 "nova conductor, scheduler and compute to consume RPC" rpc_ready
  log "nova conductor, scheduler and compute are consuming RPC"
fi

# the compute service registers itself; map its host into cell1 (once)
host_mapped() { [ "$(sql -N -e "select count(*) from nova_api.host_mappings where host='$HOSTNAME_NOVA'")" = 1 ]; }
discover() { host_mapped || { nova_manage cell_v2 discover_hosts >/dev/null 2>&1 || true; host_mapped; }; }
wait_for nova-compute 180 "the compute host to be mapped into cell1" discover

# Nova's noVNC proxy (Debian's nova-consoleproxy; run directly, as its init script would start
# the SPICE proxy): validates tokens in the cell database, asks nova-compute over RPC, then
# bridges the browser's WebSocket to the VNC server. Binds to 127.0.0.1:$NOVNC_PORT (nova.conf).
start nova-novncproxy /usr/bin/nova-novncproxy $NCONF --web /usr/share/novnc
wait_for nova-novncproxy 60 "nova-novncproxy on port $NOVNC_PORT" http_ok "http://127.0.0.1:$NOVNC_PORT/vnc_lite.html"

# --------------------------------------------------------------- 10. seed
# image, flavors, servers (ACTIVE, SHUTOFF, PAUSED, never scheduled, one in
# project demo), the suite's application credential, a remote-consoles
# self-check; writes $BASE/env.sh
NOVNC_PORT=$NOVNC_PORT VNC_PORT=$VNC_PORT VNC_COLOUR=$VNC_COLOUR $NOPROXY $PY "$HERE/seed.py" compute

trap - EXIT
log "all up in $(( $(date +%s) - T0 )) s; services running:$(for s in $SERVICES; do service_pid "$s" >/dev/null && printf ' %s' "$s"; done)"
# The settings, secrets masked: `source $BASE/env.sh` loads them for real.
echo "# real OpenStack (Zed) on 127.0.0.1: keystone $KS/v3, nova http://127.0.0.1:8774/v2.1"
echo "# load these settings with: source $BASE/env.sh   (secrets are only in that file, mode 600)"
sed -E 's/^(export [A-Z_]*(PASSWORD|SECRET)=).*/\1***/' "$BASE/env.sh"
