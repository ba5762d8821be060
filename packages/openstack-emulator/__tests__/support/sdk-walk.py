"""openstacksdk (Debian's python3-openstacksdk) against whatever cloud the OS_* variables name.

Walks what a user's script does: lists, a key pair, a server on a network,
its console, stop/start, delete, and the refusals. Prints one JSON object;
exits 0 when the walk ran (assertions are the caller's).
"""
import json
import sys
import urllib.parse
import urllib.request

import openstack
from openstack import exceptions

PUBLIC_KEY = sys.argv[1]
CONTROL_URL = sys.argv[2]  # the emulator's control endpoint, to ask whether a console URL is live
out = {}


def console_url_live(url):
    query = urllib.parse.urlencode({"url": url})
    with urllib.request.urlopen(f"{CONTROL_URL}/console-urls/check?{query}") as answer:
        return json.load(answer)["issued"]


def refusal(call):
    try:
        call()
    except exceptions.HttpException as err:
        return {"status": err.status_code, "type": type(err).__name__, "details": err.details}
    return None


conn = openstack.connect()
out["flavors"] = sorted(f.name for f in conn.compute.flavors())
out["images"] = sorted(i.name for i in conn.image.images())
out["networks"] = sorted(n.name for n in conn.network.networks())
keypair = conn.compute.create_keypair(name="sdk-key", public_key=PUBLIC_KEY)
out["keypair_fingerprint"] = keypair.fingerprint
out["duplicate_keypair"] = refusal(lambda: conn.compute.create_keypair(name="sdk-key", public_key=PUBLIC_KEY))

image = conn.image.find_image("ubuntu-24.04")
flavor = conn.compute.find_flavor("m1.small")
network = conn.network.find_network("private")
server = conn.compute.create_server(
    name="sdk-vm", image_id=image.id, flavor_id=flavor.id, networks=[{"uuid": network.id}], key_name="sdk-key"
)
out["created_id"] = server.id
server = conn.compute.wait_for_server(server, status="ACTIVE", interval=0.2, wait=30)
out["active"] = {"status": server.status, "addresses": sorted(server.addresses), "key_name": server.key_name}
out["console"] = conn.compute.create_console(server, console_type="novnc")
out["console_live_before_delete"] = console_url_live(out["console"]["url"])
conn.compute.stop_server(server)
out["stopped"] = conn.compute.wait_for_server(server, status="SHUTOFF", interval=0.2, wait=30).status
conn.compute.start_server(server)
out["started"] = conn.compute.wait_for_server(server, status="ACTIVE", interval=0.2, wait=30).status

out["unknown_flavor"] = refusal(
    lambda: conn.compute.create_server(name="x", image_id=image.id, flavor_id="nope", networks="none")
)
out["unknown_network"] = refusal(
    lambda: conn.compute.create_server(
        name="x", image_id=image.id, flavor_id=flavor.id, networks=[{"uuid": "00000000-0000-4000-8000-000000000000"}]
    )
)
conn.compute.delete_server(server)
conn.compute.wait_for_delete(server, interval=0.2, wait=30)
out["after_delete"] = sorted(s.name for s in conn.compute.servers())
out["console_live_after_delete"] = console_url_live(out["console"]["url"])
conn.compute.delete_keypair("sdk-key")
out["keypairs_after"] = [k.name for k in conn.compute.keypairs()]
print(json.dumps(out))
