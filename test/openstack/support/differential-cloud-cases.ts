/**
 * The cloud beyond consoles, as the openstack CLI, openstacksdk and the
 * Terraform provider use it: flavors, key pairs, Glance, Neutron, Placement,
 * and the refusals of a server create. Every real answer here was observed on
 * the harness (2026-12-01); the emulator must give the same status, body key
 * and stable message. Requests that would create something create only key
 * pairs (deleted by the cases, and again after the run); the server creates
 * are all refused before Nova makes anything.
 */
import type { Deployment, DifferentialCase } from "./differential-cases";
import type { Observation } from "./observe";
import type { RawRequest } from "./raw-http";

const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK16mLxovbHS+tGQpXBrjCE1/Qwc5yYI2zfDWfNYcz4O deployer@example";
const FINGERPRINT = "b6:18:4d:25:c0:49:47:ca:75:94:09:bc:0f:92:83:09";
const NONEXISTENT = "00000000-0000-4000-8000-000000000000";

/** Key pairs the cases make, by this run's pid so parallel runs do not collide; deleted after the run whatever happened. */
export const KEYPAIR_NAMES = { modern: `differential-${process.pid}-a`, legacy: `differential-${process.pid}-b` };

interface Call {
  method?: RawRequest["method"];
  service?: "compute" | "image" | "network" | "placement";
  path: string;
  mv?: string;
  token?: "admin" | "demo" | "none";
  body?: unknown;
}

function build(c: Call): (d: Deployment) => RawRequest {
  return (d) => {
    const base = { compute: d.computeUrl, image: d.imageUrl, network: d.networkUrl, placement: d.placementUrl }[c.service ?? "compute"];
    const headers: Record<string, string> = {};
    const token = c.token ?? "admin";
    if (token !== "none") headers["X-Auth-Token"] = d.tokens[token];
    if (c.mv) headers["X-OpenStack-Nova-API-Version"] = c.mv;
    if (c.body !== undefined) headers["Content-Type"] = "application/json";
    const path = c.path.replace("{flavor}", d.flavorId).replace("{image}", d.imageId).replace("{active}", d.servers.active);
    const body = c.body === undefined ? undefined : JSON.stringify(c.body).replace(/\{flavor\}/g, d.flavorId).replace(/\{image\}/g, d.imageId);
    return { method: c.method ?? "GET", url: `${base}${path}`, headers, body };
  };
}

const nova = (title: string, call: Call, expected: Observation): DifferentialCase => ({ title, compute: true, build: build(call), expected, origin: "cloud" });
const other = (title: string, call: Call, expected: Observation): DifferentialCase => ({ title, compute: false, build: build(call), expected, origin: "cloud" });

const badRequest = (detail: string, mv: string): Observation => ({ status: 400, key: "badRequest", detail, version: mv });

const createServer = (title: string, server: Record<string, unknown>, detail: string, mv = "2.37"): DifferentialCase =>
  nova(`POST /servers with ${title} (${mv})`, { method: "POST", path: "/servers", mv, body: { server } }, badRequest(detail, mv));

const SERVER = { name: "differential-refused", flavorRef: "{flavor}", imageRef: "{image}", networks: "none" };

export const CLOUD_CASES: readonly DifferentialCase[] = [
  // Flavors: what `openstack flavor list` and the provider's flavor_name lookup read.
  nova("GET /flavors", { path: "/flavors" }, { status: 200, key: "flavors", detail: "m1.huge,m1.tiny", version: "2.1" }),
  nova("GET /flavors/detail?is_public=None (2.61)", { path: "/flavors/detail?is_public=None", mv: "2.61" }, { status: 200, key: "flavors", detail: "m1.huge,m1.tiny", version: "2.61" }),
  nova("GET /flavors/{id} (2.61)", { path: "/flavors/{flavor}", mv: "2.61" }, {
    status: 200,
    key: "flavor",
    detail: "name=m1.tiny ram=64 disk=1 vcpus=1 swap= description=null extra_specs={}",
    version: "2.61",
  }),
  nova("GET /flavors/{name}: a name where an id goes", { path: "/flavors/m1.tiny" }, { status: 404, key: "itemNotFound", detail: "Flavor m1.tiny could not be found.", version: "2.1" }),
  nova("GET /flavors/{id}/os-extra_specs (2.61)", { path: "/flavors/{flavor}/os-extra_specs", mv: "2.61" }, { status: 200, key: "extra_specs", detail: "", version: "2.61" }),

  // Key pairs: `openstack keypair create/list/delete` and openstack_compute_keypair_v2.
  nova("POST /os-keypairs with a public key (2.92)", { method: "POST", path: "/os-keypairs", mv: "2.92", body: { keypair: { name: KEYPAIR_NAMES.modern, public_key: PUBLIC_KEY } } }, {
    status: 201,
    key: "keypair",
    detail: `name=${KEYPAIR_NAMES.modern} type=ssh fingerprint=${FINGERPRINT} user=<user>`,
    version: "2.92",
  }),
  nova("POST /os-keypairs with a public key (2.1): 200, no type", { method: "POST", path: "/os-keypairs", mv: "2.1", body: { keypair: { name: KEYPAIR_NAMES.legacy, public_key: PUBLIC_KEY } } }, {
    status: 200,
    key: "keypair",
    detail: `name=${KEYPAIR_NAMES.legacy} type=- fingerprint=${FINGERPRINT} user=<user>`,
    version: "2.1",
  }),
  nova("POST /os-keypairs with a duplicate name (2.92)", { method: "POST", path: "/os-keypairs", mv: "2.92", body: { keypair: { name: KEYPAIR_NAMES.modern, public_key: PUBLIC_KEY } } }, {
    status: 409,
    key: "conflictingRequest",
    detail: `Key pair '${KEYPAIR_NAMES.modern}' already exists.`,
    version: "2.92",
  }),
  nova("GET /os-keypairs (2.92)", { path: "/os-keypairs", mv: "2.92" }, { status: 200, key: "keypairs", detail: [KEYPAIR_NAMES.modern, KEYPAIR_NAMES.legacy].sort().join(","), version: "2.92" }),
  nova("GET /os-keypairs/{name} (2.2)", { path: `/os-keypairs/${KEYPAIR_NAMES.modern}`, mv: "2.2" }, {
    status: 200,
    key: "keypair",
    detail: `name=${KEYPAIR_NAMES.modern} type=ssh fingerprint=${FINGERPRINT} user=<user>`,
    version: "2.2",
  }),
  nova("POST /os-keypairs without a public key (2.92)", { method: "POST", path: "/os-keypairs", mv: "2.92", body: { keypair: { name: "differential-nokey" } } }, badRequest(
    "Invalid input for field/attribute keypair. Value: {'name': 'differential-nokey'}. 'public_key' is a required property",
    "2.92",
  )),
  nova("POST /os-keypairs with a key that gives no fingerprint (2.92)", { method: "POST", path: "/os-keypairs", mv: "2.92", body: { keypair: { name: "differential-badkey", public_key: "not a key" } } }, badRequest(
    "Keypair data is invalid: failed to generate fingerprint",
    "2.92",
  )),
  nova("POST /os-keypairs with a slash in the name (2.92)", { method: "POST", path: "/os-keypairs", mv: "2.92", body: { keypair: { name: "bad/name", public_key: PUBLIC_KEY } } }, badRequest(
    "An invalid 'name' value was provided. The name must be: Only expected characters: [@._- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]",
    "2.92",
  )),
  nova("DELETE /os-keypairs/{name} (2.1): 202", { method: "DELETE", path: `/os-keypairs/${KEYPAIR_NAMES.legacy}`, mv: "2.1" }, { status: 202, key: "(empty)", detail: "", version: "2.1" }),
  nova("DELETE /os-keypairs/{name} (2.2): 204", { method: "DELETE", path: `/os-keypairs/${KEYPAIR_NAMES.modern}`, mv: "2.2" }, { status: 204, key: "(empty)", detail: "", version: "2.2" }),
  nova("DELETE /os-keypairs/{name} again: 404 naming the user", { method: "DELETE", path: `/os-keypairs/${KEYPAIR_NAMES.modern}` }, {
    status: 404,
    key: "itemNotFound",
    detail: `Keypair ${KEYPAIR_NAMES.modern} not found for user <user>`,
    version: "2.1",
  }),

  // Server create refusals, in Nova's order (nothing is created).
  createServer("an unknown flavor", { ...SERVER, flavorRef: "nope" }, "Flavor nope could not be found."),
  createServer("an unknown image", { ...SERVER, imageRef: NONEXISTENT }, "Can not find requested image"),
  createServer("an image that is not a UUID", { ...SERVER, imageRef: "nope" }, "Invalid input for field/attribute imageRef. Value: nope. 'nope' is not valid under any of the given schemas"),
  createServer("no image", { name: "differential-refused", flavorRef: "{flavor}", networks: "none" }, "Missing imageRef attribute"),
  createServer("an unknown network", { ...SERVER, networks: [{ uuid: NONEXISTENT }] }, "Network <uuid> could not be found."),
  createServer(
    "a network id that is not a UUID",
    { ...SERVER, networks: [{ uuid: "nope" }] },
    "Invalid input for field/attribute networks. Value: [{'uuid': 'nope'}]. [{'uuid': 'nope'}] is not valid under any of the given schemas",
  ),
  createServer("an unknown key pair", { ...SERVER, key_name: "nope" }, "Invalid key_name provided."),
  createServer("an unknown security group", { ...SERVER, security_groups: [{ name: "nope" }] }, "Unable to find security_group with name or id 'nope'"),
  createServer("networks auto and no network to pick", { ...SERVER, networks: "auto" }, "Unable to automatically allocate a network for project <project>"),
  createServer(
    "no networks at 2.37",
    { name: "differential-refused", flavorRef: "{flavor}", imageRef: "{image}" },
    "Invalid input for field/attribute server. Value: {'name': 'differential-refused', 'flavorRef': '<uuid>', 'imageRef': '<uuid>'}. 'networks' is a required property",
  ),
  createServer(
    "an extra property",
    { ...SERVER, tags: ["a"], bogus: 1 },
    "Invalid input for field/attribute server. Value: {'name': 'differential-refused', 'flavorRef': '<uuid>', 'imageRef': '<uuid>', 'networks': 'none', 'tags': ['a'], 'bogus': 1}. Additional properties are not allowed ('bogus' was unexpected)",
    "2.52",
  ),

  // What clients read after a create.
  nova("GET /servers/{id}/tags (2.26)", { path: "/servers/{active}/tags", mv: "2.26" }, { status: 200, key: "tags", detail: "", version: "2.26" }),
  nova("GET /servers/{id}/os-interface, a server without networks", { path: "/servers/{active}/os-interface" }, { status: 200, key: "interfaceAttachments", detail: "", version: "2.1" }),

  // Glance: `openstack image list`, the provider's image lookup.
  other("GET / (Glance)", { service: "image", path: "/", token: "none" }, {
    status: 300,
    key: "versions",
    detail: ["v2.15 CURRENT", ...["2.13", "2.12", "2.11", "2.10", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"].map((v) => `v${v} SUPPORTED`)]
      .map((v) => `${v} -..- self=<origin>/v2/`)
      .join("; "),
  }),
  other("GET /v2/images?name=cirros-fake", { service: "image", path: "/v2/images?name=cirros-fake" }, { status: 200, key: "images", detail: "cirros-fake" }),
  other("GET /v2/images?name=nope", { service: "image", path: "/v2/images?name=nope" }, { status: 200, key: "images", detail: "" }),
  other("GET /v2/images/{id}", { service: "image", path: "/v2/images/{image}" }, { status: 200, key: "name", detail: "cirros-fake" }),
  other("GET /v2/images/{unknown id}: HTML 404", { service: "image", path: `/v2/images/${NONEXISTENT}` }, { status: 404, key: "(html)", detail: "404 Not Found" }),
  other("GET /v2/images without a token: HTML 401", { service: "image", path: "/v2/images", token: "none" }, { status: 401, key: "(html)", detail: "401 Unauthorized" }),

  // Neutron: `openstack network list`, the provider's network lookup by name.
  other("GET / (Neutron)", { service: "network", path: "/", token: "none" }, { status: 200, key: "versions", detail: "v2.0 CURRENT -..- self=<origin>/v2.0/" }),
  other("GET /v2.0/networks?name=nope", { service: "network", path: "/v2.0/networks?name=nope" }, { status: 200, key: "networks", detail: "" }),
  other("GET /v2.0/networks/{unknown id}", { service: "network", path: `/v2.0/networks/${NONEXISTENT}` }, { status: 404, key: "NeutronError", detail: "Network <uuid> could not be found." }),
  other("GET /v2.0/networks/{not an id}", { service: "network", path: "/v2.0/networks/nope" }, { status: 404, key: "NeutronError", detail: "Network nope could not be found." }),
  other("GET /v2.0/ports?device_id={server without networks}", { service: "network", path: `/v2.0/ports?device_id=${NONEXISTENT}` }, { status: 200, key: "ports", detail: "" }),
  other("GET /v2.0/networks without a token", { service: "network", path: "/v2.0/networks", token: "none" }, {
    status: 401,
    key: "error",
    detail: "The request you have made requires authentication.",
  }),

  // Placement: version discovery only.
  other("GET / (Placement)", { service: "placement", path: "/", token: "none" }, { status: 200, key: "versions", detail: "v1.0 CURRENT 1.0..- self=" }),
];
