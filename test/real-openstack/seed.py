#!/usr/bin/python3
"""Seed the real OpenStack that up.sh runs with what the integration suite needs.

  seed.py identity   projects, roles, users, service users and the catalog
                     (run before Placement, Glance, Neutron and Nova start)
  seed.py compute    image, flavors, the servers in the states the suite needs,
                     the suite's application credential, a remote-consoles
                     self-check; then writes $BASE/env.sh (mode 600)

Idempotent: it looks first and creates or repairs only what is missing or in
the wrong state. Standard library only, so a run that changes nothing takes a
second or two. Failures end with one line on stderr and exit status 1;
messages never contain passwords, secrets or tokens.
"""
import hashlib
import json
import os
import shlex
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ.get('REAL_OPENSTACK_BASE', '/var/lib/real-openstack')
ADMIN_PASS = os.environ.get('REAL_OPENSTACK_ADMIN_PASSWORD', 'admin-secret')
SVC_PASS = os.environ.get('REAL_OPENSTACK_SERVICE_PASSWORD', 'service-secret')
DEMO_PASS = os.environ.get('REAL_OPENSTACK_DEMO_PASSWORD', 'demo-secret')
KS = 'http://127.0.0.1:5000/v3'
NOVA = 'http://127.0.0.1:8774/v2.1'
GLANCE = 'http://127.0.0.1:9292/v2'
NEUTRON = 'http://127.0.0.1:9696/v2.0'
APPCRED_NAME = 'console-suite'
# name -> (status wanted, flavor, project). m1.huge asks for a 1 PB disk, so
# the scheduler finds no host: ERROR with host None, which Nova answers 409.
SERVERS = {
    'vm1': ('ACTIVE', 'm1.tiny', 'admin'),
    'vm-shutoff': ('SHUTOFF', 'm1.tiny', 'admin'),
    'vm-paused': ('PAUSED', 'm1.tiny', 'admin'),
    'vm-error': ('ERROR', 'm1.huge', 'admin'),
    'vm-demo': ('ACTIVE', 'm1.tiny', 'demo'),
}
FLAVORS = {'m1.tiny': 1, 'm1.huge': 1000000}  # name -> disk GB
# (wanted, found) -> the server action that turns one into the other
REPAIRS = {
    ('ACTIVE', 'SHUTOFF'): 'os-start', ('ACTIVE', 'PAUSED'): 'unpause',
    ('ACTIVE', 'SUSPENDED'): 'resume', ('SHUTOFF', 'ACTIVE'): 'os-stop',
    ('PAUSED', 'ACTIVE'): 'pause',
}
# everything is on 127.0.0.1: a proxy from the environment must not be used
urllib.request.install_opener(urllib.request.build_opener(urllib.request.ProxyHandler({})))


def log(msg):
    print(f'[seed.py {time.strftime("%H:%M:%S")}] {msg}', file=sys.stderr, flush=True)


class Failure(Exception):
    pass


class HttpError(Failure):
    def __init__(self, method, url, status, body):
        super().__init__(f'{method} {url} answered {status}: {body[:240]}')
        self.status = status


def call(method, url, body=None, token=None, headers=None, data=None, timeout=90):
    """One HTTP request; returns (status, headers, parsed JSON body or None)."""
    req = urllib.request.Request(url, method=method,
                                 data=json.dumps(body).encode() if body is not None else data)
    if body is not None:
        req.add_header('Content-Type', 'application/json')
    if token:
        req.add_header('X-Auth-Token', token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read().decode()
            return resp.status, resp.headers, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as e:
        raise HttpError(method, url.split('?')[0], e.code, e.read().decode(errors='replace')) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
        raise Failure(f'{method} {url.split("?")[0]} failed: {getattr(e, "reason", e)}') from None


def token(user, project, password):
    """A project-scoped token and its body."""
    _, h, body = call('POST', f'{KS}/auth/tokens', {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}})
    return h['X-Subject-Token'], body['token']


def password_works(user, password):
    try:
        call('POST', f'{KS}/auth/tokens', {'auth': {'identity': {'methods': ['password'], 'password': {
            'user': {'name': user, 'domain': {'id': 'default'}, 'password': password}}}}})
        return True
    except HttpError as e:
        if e.status != 401:
            raise
        return False


# ------------------------------------------------------------------ identity
def identity():
    tok, _ = token('admin', 'admin', ADMIN_PASS)

    def listing(collection, query=''):
        return call('GET', f'{KS}/{collection}{query}', token=tok)[2][collection]

    def create(collection, singular, body):
        log(f'creating {singular} {body.get("name") or body.get("type")}')
        return call('POST', f'{KS}/{collection}', {singular: body}, tok)[2][singular]

    # Read each collection once (a Keystone call costs ~0.2 s), then change only what differs.
    projects = {p['name']: p for p in listing('projects', '?domain_id=default')}
    roles = {r['name']: r for r in listing('roles')}
    users = {u['name']: u for u in listing('users', '?domain_id=default')}
    assignments = {(a['user']['id'], a['scope']['project']['id'], a['role']['id'])
                   for a in listing('role_assignments') if 'project' in a['scope'] and 'user' in a}

    def project(name):
        return projects.get(name) or create('projects', 'project', {'name': name, 'domain_id': 'default'})

    def role(name):
        return roles.get(name) or create('roles', 'role', {'name': name})

    # The passwords this identity was seeded with: when unchanged, skip checking
    # each one (a bcrypt round trip in Keystone per user).
    stamp_file = f'{BASE}/state/identity.stamp'
    stamp = hashlib.sha256(f'{SVC_PASS}\0{DEMO_PASS}'.encode()).hexdigest()
    same_passwords = os.path.exists(stamp_file) and open(stamp_file).read() == stamp

    def user(name, password, proj):
        found = users.get(name)
        if found:
            # Set the password only when it differs: a password change revokes the
            # user's tokens, which would disturb services and clients using them.
            if not same_passwords and not password_works(name, password):
                log(f'resetting the password of user {name}')
                call('PATCH', f'{KS}/users/{found["id"]}', {'user': {'password': password}}, tok)
            return found
        return create('users', 'user', {'name': name, 'domain_id': 'default', 'password': password,
                                         'default_project_id': proj['id']})

    def only_role(usr, proj, rl):
        """usr holds exactly rl on proj (viewer must stay reader-only)."""
        base = f'{KS}/projects/{proj["id"]}/users/{usr["id"]}/roles'
        for (u, p, r) in assignments:
            if u == usr['id'] and p == proj['id'] and r != rl['id']:
                log(f'revoking an extra role of user {usr["name"]}')
                call('DELETE', f'{base}/{r}', token=tok)
        if (usr['id'], proj['id'], rl['id']) not in assignments:
            call('PUT', f'{base}/{rl["id"]}', token=tok)

    services = {sv['type']: sv for sv in listing('services')}
    endpoints = {(e['service_id'], e['interface']) for e in listing('endpoints')}

    def service(name, typ, url):
        sv = services.get(typ) or create('services', 'service', {'name': name, 'type': typ})
        for itf in ('public', 'internal', 'admin'):
            if (sv['id'], itf) not in endpoints:
                call('POST', f'{KS}/endpoints', {'endpoint': {
                    'service_id': sv['id'], 'interface': itf, 'url': url, 'region_id': 'RegionOne'}}, tok)

    svc_p, admin_p, demo_p = project('service'), project('admin'), project('demo')
    admin_r, member_r, reader_r = role('admin'), role('member'), role('reader')
    for name in ('nova', 'placement', 'glance', 'neutron'):
        only_role(user(name, SVC_PASS, svc_p), svc_p, admin_r)
    only_role(user('demo', DEMO_PASS, demo_p), demo_p, member_r)      # another project: 404
    only_role(user('viewer', DEMO_PASS, admin_p), admin_p, reader_r)  # reader: 403 on consoles
    service('nova', 'compute', 'http://127.0.0.1:8774/v2.1')
    service('placement', 'placement', 'http://127.0.0.1:8778')
    service('glance', 'image', 'http://127.0.0.1:9292')
    service('neutron', 'network', 'http://127.0.0.1:9696')
    write_private(stamp_file, stamp)
    log('identity ready: projects admin, demo, service; users admin, viewer (reader), demo (member)')


# ------------------------------------------------------------------- compute
def until(what, seconds, check, interval=1.0):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise Failure(f'timeout after {seconds} s waiting for {what}; see {BASE}/log/')
        time.sleep(interval)


def warm_neutron(tok):
    # Neutron 21 bug: the first GET /v2.0/ports in a fresh API worker is a 500
    # (mappers not configured yet), which breaks Nova's GET /servers/{id}. Any
    # other query configures them.
    def ok():
        try:
            return call('GET', f'{NEUTRON}/networks', token=tok)[0] == 200
        except Failure:
            return False
    until('neutron to list networks', 60, ok)


def ensure_image(tok):
    for img in call('GET', f'{GLANCE}/images?name=cirros-fake', token=tok)[2]['images']:
        if img['status'] == 'active':
            return img['id']
        call('DELETE', f'{GLANCE}/images/{img["id"]}', token=tok)  # an interrupted upload
    log('uploading image cirros-fake (1 MiB of zeros; the fake driver never reads it)')
    img = call('POST', f'{GLANCE}/images', {'name': 'cirros-fake', 'disk_format': 'raw',
                                            'container_format': 'bare', 'visibility': 'public'}, tok)[2]
    call('PUT', f'{GLANCE}/images/{img["id"]}/file', token=tok, data=b'\0' * 1048576,
         headers={'Content-Type': 'application/octet-stream'})
    return img['id']


def ensure_flavors(tok):
    have = {f['name']: f['id'] for f in call('GET', f'{NOVA}/flavors?is_public=None', token=tok)[2]['flavors']}
    for name, disk in FLAVORS.items():
        if name not in have:
            log(f'creating flavor {name}')
            have[name] = call('POST', f'{NOVA}/flavors', {'flavor': {
                'name': name, 'ram': 64, 'vcpus': 1, 'disk': disk}}, tok)[2]['flavor']['id']
    return have


class Server:
    """Drives one named server to its wanted state, one look at a time."""

    def __init__(self, name, want, flavor, tok):
        self.name, self.want, self.flavor, self.tok = name, want, flavor, tok
        self.id, self.acted, self.gone = None, None, set()

    def create(self, image):
        log(f'creating server {self.name} (wanted {self.want})')
        self.id = call('POST', f'{NOVA}/servers', {'server': {
            'name': self.name, 'flavorRef': self.flavor, 'imageRef': image, 'networks': 'none'}},
            self.tok, headers={'X-OpenStack-Nova-API-Version': '2.37'})[2]['server']['id']
        self.acted = None

    def discard(self, reason):
        log(f'deleting server {self.name} {self.id}: {reason}')
        call('DELETE', f'{NOVA}/servers/{self.id}', token=self.tok)
        self.gone.add(self.id)
        self.id = None

    def step(self, listed, image):
        """One look at the server in its project's listing; True once it is as wanted."""
        if self.id is None or self.id not in listed:
            found = [s for s in listed.values() if s['name'] == self.name and s['id'] not in self.gone]
            if not found:
                if self.id is None:  # (a server just created may not be listed yet)
                    self.create(image)
                return False
            found.sort(key=lambda s: s['status'] != self.want)  # prefer one already right
            self.id = found[0]['id']
        s = listed[self.id]
        status, busy = s['status'], s.get('OS-EXT-STS:task_state')
        if busy or status == 'BUILD':
            return False
        if status == self.want:
            if status == 'ERROR' and s.get('OS-EXT-SRV-ATTR:host'):
                self.discard('ERROR on a host, but the suite needs one that was never scheduled')
                return False
            return True
        action = REPAIRS.get((self.want, status))
        if action and self.acted != action:
            log(f'server {self.name}: {status} -> {self.want} ({action})')
            call('POST', f'{NOVA}/servers/{self.id}/action', {action: None}, self.tok)
            self.acted = action
            return False
        self.discard(f'{status}, wanted {self.want}')
        return False


def ensure_servers(tokens, image, flavors):
    servers = {n: Server(n, want, flavors[fl], tokens[proj]) for n, (want, fl, proj) in SERVERS.items()}
    pending = dict(servers)

    def converged():
        # one GET /servers/detail per project per round (each asks Neutron too)
        listed = {proj: {s['id']: s for s in call('GET', f'{NOVA}/servers/detail', token=tok)[2]['servers']}
                  for proj, tok in tokens.items()}
        for name, srv in list(pending.items()):
            if srv.step(listed[SERVERS[name][2]], image):
                del pending[name]
        return not pending
    until('servers ' + ', '.join(f'{n} {s.want}' for n, s in pending.items()), 240, converged, 1.0)
    return {n: s.id for n, s in servers.items()}


def ensure_appcred(tok, user_id):
    """The suite's application credential (admin, project admin); the secret is shown
    only at creation, so it is kept in $BASE/state and reused while it still works."""
    path = f'{BASE}/state/appcred.json'
    if os.path.exists(path):
        with open(path) as f:
            saved = json.load(f)
        try:
            call('POST', f'{KS}/auth/tokens', {'auth': {'identity': {
                'methods': ['application_credential'],
                'application_credential': {'id': saved['id'], 'secret': saved['secret']}}}})
            return saved
        except HttpError:
            pass
    base = f'{KS}/users/{user_id}/application_credentials'
    for ac in call('GET', f'{base}?name={APPCRED_NAME}', token=tok)[2]['application_credentials']:
        call('DELETE', f'{base}/{ac["id"]}', token=tok)
    log(f'creating application credential {APPCRED_NAME}')
    ac = call('POST', base, {'application_credential': {
        'name': APPCRED_NAME, 'description': 'integration suite (test/openstack)'}}, tok)[2]['application_credential']
    saved = {'id': ac['id'], 'name': ac['name'], 'secret': ac['secret']}
    write_private(path, json.dumps(saved))
    return saved


def self_check(tok, server_id):
    status, _, body = call('POST', f'{NOVA}/servers/{server_id}/remote-consoles',
                           {'remote_console': {'protocol': 'vnc', 'type': 'novnc'}}, tok,
                           headers={'X-OpenStack-Nova-API-Version': '2.8'})
    if status != 200 or 'token%3D' not in body['remote_console']['url']:
        raise Failure(f'remote-consoles self-check answered {status} without a console token')
    log('remote-consoles self-check: 200 with a console URL')


def write_private(path, text):
    tmp = path + '.tmp'
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


def compute():
    admin_tok, admin_body = token('admin', 'admin', ADMIN_PASS)
    demo_tok, demo_body = token('demo', 'demo', DEMO_PASS)
    warm_neutron(admin_tok)
    image = ensure_image(admin_tok)
    flavors = ensure_flavors(admin_tok)
    ids = ensure_servers({'admin': admin_tok, 'demo': demo_tok}, image, flavors)
    ac = ensure_appcred(admin_tok, admin_body['user']['id'])
    self_check(admin_tok, ids['vm1'])
    env = {
        'OS_AUTH_URL': KS, 'OS_IDENTITY_API_VERSION': '3', 'OS_REGION_NAME': 'RegionOne',
        'OS_INTERFACE': 'public', 'OS_USERNAME': 'admin', 'OS_PASSWORD': ADMIN_PASS,
        'OS_PROJECT_NAME': 'admin', 'OS_USER_DOMAIN_NAME': 'Default', 'OS_PROJECT_DOMAIN_NAME': 'Default',
        'REAL_OPENSTACK_COMPUTE_URL': NOVA,
        'REAL_OPENSTACK_ADMIN_PROJECT_ID': admin_body['project']['id'],
        'REAL_OPENSTACK_DEMO_PROJECT_ID': demo_body['project']['id'],
        'REAL_OPENSTACK_DEMO_PASSWORD': DEMO_PASS,  # users viewer and demo
        'REAL_OPENSTACK_SERVER_ID': ids['vm1'],     # the name record.py reads
        'REAL_OPENSTACK_SERVER_ACTIVE': ids['vm1'],
        'REAL_OPENSTACK_SERVER_SHUTOFF': ids['vm-shutoff'],
        'REAL_OPENSTACK_SERVER_PAUSED': ids['vm-paused'],
        'REAL_OPENSTACK_SERVER_UNSCHEDULED': ids['vm-error'],
        'REAL_OPENSTACK_SERVER_DEMO': ids['vm-demo'],
        'REAL_OPENSTACK_APPCRED_ID': ac['id'], 'REAL_OPENSTACK_APPCRED_NAME': ac['name'],
        'REAL_OPENSTACK_APPCRED_USER': 'admin', 'REAL_OPENSTACK_APPCRED_SECRET': ac['secret'],
        'REAL_OPENSTACK_MYSQL_SOCKET': f'{BASE}/run/mysqld.sock',
        # the console chain up.sh starts (lib.sh): nova-novncproxy, the VNC server, its colour
        'REAL_OPENSTACK_NOVNC_URL': f'http://127.0.0.1:{os.environ.get("NOVNC_PORT", "6080")}/vnc_lite.html',
        'REAL_OPENSTACK_VNC_PORT': os.environ.get('VNC_PORT', '5969'),
        'REAL_OPENSTACK_VNC_COLOUR': os.environ.get('VNC_COLOUR', '#2e8b57'),
    }
    write_private(f'{BASE}/env.sh', ''.join(f'export {k}={shlex.quote(v)}\n' for k, v in env.items()))
    log(f'servers ready: {", ".join(f"{n} {SERVERS[n][0]}" for n in ids)}; wrote {BASE}/env.sh')


if __name__ == '__main__':
    phases = {'identity': identity, 'compute': compute}
    if len(sys.argv) != 2 or sys.argv[1] not in phases:
        print('seed.py: give one phase: identity or compute', file=sys.stderr)
        sys.exit(2)
    try:
        phases[sys.argv[1]]()
    except Failure as e:
        print(f'seed.py {sys.argv[1]}: {e}', file=sys.stderr)
        sys.exit(1)
