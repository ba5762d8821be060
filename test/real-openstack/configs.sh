# Writes every service's configuration under $BASE/etc. Sourced by up.sh, which
# sets BASE, KS, DBURL, SVC_PASS and HOSTNAME_NOVA first. Rewritten on every
# run (cheap); a service that is already running keeps the config it read.
write_configs() {
mkdir -p "$BASE"/etc/{keystone,nova,placement,glance,neutron}
cat > "$BASE/etc/keystone/keystone.conf" <<EOF
[DEFAULT]
debug = false
[database]
connection = $DBURL/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $BASE/keystone/fernet-keys
[fernet_receipts]
key_repository = $BASE/keystone/fernet-keys
[credential]
key_repository = $BASE/keystone/credential-keys
[oslo_policy]
policy_file = $BASE/etc/keystone/policy.yaml
EOF
: > "$BASE/etc/keystone/policy.yaml"

authtoken() { # $1 = service user
cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS/
auth_url = $KS/
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SVC_PASS
region_name = RegionOne
EOF
}

{ cat <<EOF
[DEFAULT]
debug = false
[api]
auth_strategy = keystone
[placement_database]
connection = $DBURL/placement
[oslo_policy]
policy_file = $BASE/etc/placement/policy.yaml
EOF
authtoken placement; } > "$BASE/etc/placement/placement.conf"
: > "$BASE/etc/placement/policy.yaml"

{ cat <<EOF
[DEFAULT]
debug = false
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
lock_path = $BASE/lock
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $BASE/images
[os_glance_staging_store]
filesystem_store_datadir = $BASE/glance-staging
[os_glance_tasks_store]
filesystem_store_datadir = $BASE/glance-tasks
[database]
connection = $DBURL/glance
[paste_deploy]
flavor = keystone
config_file = $BASE/etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $BASE/lock
[oslo_policy]
policy_file = $BASE/etc/glance/policy.yaml
EOF
authtoken glance; } > "$BASE/etc/glance/glance-api.conf"
: > "$BASE/etc/glance/policy.yaml"

cat > "$BASE/etc/glance/glance-api-paste.ini" <<'EOF'
[pipeline:glance-api-keystone]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation osprofiler authtoken context  rootapp
[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app
[app:apiversions]
paste.app_factory = glance.api.versions:create_resource
[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory
[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = /nonexistent/glance/healthcheck_disable
[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory
[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory
[filter:cors]
paste.filter_factory =  oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF

# Neutron: only neutron-server (ML2, no mechanism drivers, no agents). The
# server is created with networks "none"; Nova's GET /servers/{id} still asks
# Neutron for the server's ports (security groups), so the API must exist.
{ cat <<EOF
[DEFAULT]
debug = false
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
# "router" also loads the port_forwarding model that get_ports() needs
service_plugins = router
auth_strategy = keystone
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
transport_url = rabbit://guest:guest@127.0.0.1:5672/
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
api_paste_config = $BASE/etc/neutron/api-paste.ini
state_path = $BASE/neutron-state
[database]
connection = $DBURL/neutron
[oslo_concurrency]
lock_path = $BASE/lock
[ml2]
type_drivers = local,flat
tenant_network_types = local
mechanism_drivers =
extension_drivers = port_security
[oslo_policy]
policy_file = $BASE/etc/neutron/policy.yaml
EOF
authtoken neutron; } > "$BASE/etc/neutron/neutron.conf"
: > "$BASE/etc/neutron/policy.yaml"

cat > "$BASE/etc/neutron/api-paste.ini" <<'EOF'
[composite:neutron]
use = egg:Paste#urlmap
/: neutronversions_composite
/v2.0: neutronapi_v2_0
[composite:neutronapi_v2_0]
use = call:neutron.auth:pipeline_factory
keystone = cors http_proxy_to_wsgi request_id catch_errors osprofiler authtoken keystonecontext extensions neutronapiapp_v2_0
[composite:neutronversions_composite]
use = call:neutron.auth:pipeline_factory
keystone = cors http_proxy_to_wsgi neutronversions
[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory
[filter:catch_errors]
paste.filter_factory = oslo_middleware:CatchErrors.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = neutron
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory
[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
[filter:extensions]
paste.filter_factory = neutron.api.extensions:plugin_aware_extension_middleware_factory
[app:neutronversions]
paste.app_factory = neutron.pecan_wsgi.app:versions_factory
[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory
EOF

{ cat <<EOF
[DEFAULT]
debug = false
host = $HOSTNAME_NOVA
my_ip = 127.0.0.1
state_path = $BASE/state
compute_driver = fake.FakeDriver
transport_url = rabbit://guest:guest@127.0.0.1:5672/
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
osapi_compute_workers = 2
# the fake driver forgets its guests when nova-compute restarts; keep the
# power-state sync from stopping the (still ACTIVE) servers after a restart
sync_power_state_interval = -1
[wsgi]
api_paste_config = $BASE/etc/nova/api-paste.ini
[api]
auth_strategy = keystone
[api_database]
connection = $DBURL/nova_api
[database]
connection = $DBURL/nova
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = -1
[vnc]
enabled = true
server_listen = 127.0.0.1
server_proxyclient_address = 127.0.0.1
# vnc_lite.html connects by itself (noVNC 1.x's vnc_auto.html is the full page with a Connect button);
# nova-compute builds the URL from it, nova-novncproxy binds to the host and port below
novncproxy_base_url = http://127.0.0.1:$NOVNC_PORT/vnc_lite.html
novncproxy_host = 127.0.0.1
novncproxy_port = $NOVNC_PORT
[spice]
enabled = false
[serial_console]
enabled = false
[mks]
# mks/webmks beside vnc/novnc: a second console pair for the Terraform suite. No MKS proxy runs; Nova
# mints the URL from this base, and the fake driver answers get_mks_console. (spice and serial stay
# disabled: the differential table's recorded cases ask for them as the disabled types.)
enabled = true
mksproxy_base_url = http://127.0.0.1:6090/
[glance]
endpoint_override = http://127.0.0.1:9292
region_name = RegionOne
[neutron]
region_name = RegionOne
endpoint_override = http://127.0.0.1:9696
auth_type = password
auth_url = $KS/v3
project_name = service
project_domain_name = Default
user_domain_name = Default
username = nova
password = $SVC_PASS
[placement]
region_name = RegionOne
auth_type = password
auth_url = $KS/v3
project_name = service
project_domain_name = Default
user_domain_name = Default
username = nova
password = $SVC_PASS
[oslo_concurrency]
lock_path = $BASE/lock
[oslo_policy]
# Zed defaults to the legacy rules; the new ones (as in 2023.2+) give a
# project reader a 403 on remote-consoles.
enforce_new_defaults = true
policy_file = $BASE/etc/nova/policy.yaml
EOF
authtoken nova; } > "$BASE/etc/nova/nova.conf"
: > "$BASE/etc/nova/policy.yaml"

cat > "$BASE/etc/nova/api-paste.ini" <<'EOF'
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2: oscomputeversion_legacy_v2
/v2.1: oscomputeversion_v2
/v2/+: openstack_compute_api_v21_legacy_v2_compatible
/v2.1/+: openstack_compute_api_v21

[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext osapi_compute_app_v21

[composite:openstack_compute_api_v21_legacy_v2_compatible]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext legacy_v2_compatible osapi_compute_app_v21

[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory
[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory
[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory
[filter:osprofiler]
paste.filter_factory = nova.profiler:WsgiMiddleware.factory
[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory
[filter:legacy_v2_compatible]
paste.filter_factory = nova.api.openstack:LegacyV2CompatibleWrapper.factory
[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
[pipeline:oscomputeversions]
pipeline = cors faultwrap request_log http_proxy_to_wsgi oscomputeversionapp
[pipeline:oscomputeversion_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi oscomputeversionapp_v2
[pipeline:oscomputeversion_legacy_v2]
pipeline = cors compute_req_id faultwrap request_log http_proxy_to_wsgi legacy_v2_compatible oscomputeversionapp_v2
[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory
[app:oscomputeversionapp_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = nova
[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
EOF

}
