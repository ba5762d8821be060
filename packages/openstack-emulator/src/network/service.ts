/**
 * The Neutron listener (networking API v2.0), the part clients read: the
 * version list, networks, subnets, ports and security groups (list with
 * Neutron's field filters and `fields`, show), extensions, and Neutron's
 * error bodies ({"NeutronError": {"type", "message", "detail"}}).
 */
import { randomUUID } from "node:crypto";
import type { IncomingCall, Routed } from "../http/call";
import type { Reply } from "../http/reply";
import type { Token, TokenStore } from "../identity/tokens";
import { ipv4, type NetworkEntry, type NetworkStore, type PortEntry, type SecurityGroupEntry, type SubnetEntry } from "./store";

export interface NetworkServiceDeps {
  networks: NetworkStore;
  tokens: TokenStore;
  origin: () => string;
  keystoneUri: () => string;
}

type View = Record<string, unknown>;

/** Neutron serialises compactly (no spaces), unlike Nova and Keystone. */
function json(status: number, body: unknown, withId = true): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json", ...(withId ? { "X-Openstack-Request-Id": `req-${randomUUID()}` } : {}) },
    body: JSON.stringify(body).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")),
  };
}

export function neutronError(status: number, type: string, message: string): Reply {
  return json(status, { NeutronError: { type, message, detail: "" } });
}

function networkView(n: NetworkEntry, isAdmin: boolean): View {
  const view: View = {
    id: n.id,
    name: n.name,
    tenant_id: n.projectId,
    admin_state_up: true,
    mtu: 1500,
    status: "ACTIVE",
    subnets: [n.subnet.id],
    shared: n.shared,
    availability_zone_hints: [],
    availability_zones: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    "router:external": n.external,
    description: "",
    port_security_enabled: true,
    tags: [],
    created_at: n.createdAt,
    updated_at: n.createdAt,
    revision_number: 2,
    project_id: n.projectId,
  };
  if (isAdmin) Object.assign(view, { "provider:network_type": n.external ? "flat" : "local", "provider:physical_network": n.external ? "public" : null, "provider:segmentation_id": null });
  return view;
}

function subnetView(s: SubnetEntry): View {
  return {
    id: s.id,
    name: s.name,
    tenant_id: s.projectId,
    network_id: s.networkId,
    ip_version: 4,
    subnetpool_id: null,
    enable_dhcp: true,
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    gateway_ip: s.gateway,
    cidr: s.cidr,
    allocation_pools: [{ start: ipv4(s.base + s.firstHost), end: ipv4(s.base + s.lastHost) }],
    host_routes: [],
    dns_nameservers: [],
    description: "",
    service_types: [],
    tags: [],
    created_at: s.createdAt,
    updated_at: s.createdAt,
    revision_number: 0,
    project_id: s.projectId,
  };
}

function portView(p: PortEntry): View {
  return {
    id: p.id,
    name: "",
    network_id: p.networkId,
    tenant_id: p.projectId,
    mac_address: p.mac,
    admin_state_up: true,
    status: "ACTIVE",
    device_id: p.deviceId,
    device_owner: "compute:nova",
    fixed_ips: [{ subnet_id: p.subnetId, ip_address: p.ip }],
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: [p.securityGroupId],
    description: "",
    "binding:vnic_type": "normal",
    port_security_enabled: true,
    tags: [],
    created_at: p.createdAt,
    updated_at: p.createdAt,
    revision_number: 1,
    project_id: p.projectId,
  };
}

function groupView(g: SecurityGroupEntry): View {
  return {
    id: g.id,
    name: g.name,
    tenant_id: g.projectId,
    description: g.description,
    security_group_rules: [],
    stateful: true,
    tags: [],
    created_at: g.createdAt,
    updated_at: g.createdAt,
    revision_number: 1,
    project_id: g.projectId,
  };
}

const NOT_FILTERS = new Set(["fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse"]);

function text(value: unknown): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  return value === null ? "" : String(value);
}

/** Neutron's list filters: every other query key is a field that must equal one of its values; `fields` picks fields. */
function filtered(views: View[], q: URLSearchParams): View[] {
  const keys = [...new Set(q.keys())].filter((k) => !NOT_FILTERS.has(k));
  const kept = views.filter((v) =>
    keys.every((k) => {
      const wanted = q.getAll(k).map((w) => w.toLowerCase());
      const have = v[k];
      if (Array.isArray(have)) return have.some((h) => wanted.includes(text(h).toLowerCase()));
      return wanted.includes(text(have).toLowerCase());
    }),
  );
  const fields = q.getAll("fields");
  if (fields.length === 0) return kept;
  return kept.map((v) => Object.fromEntries(Object.entries(v).filter(([k]) => fields.includes(k))));
}

const EXTENSIONS: Array<[string, string]> = [
  ["external-net", "Neutron external network"],
  ["security-group", "security-group"],
  ["port-security", "Port Security"],
  ["binding", "Port Binding"],
  ["quotas", "Quota management support"],
  ["standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip"],
  ["project-id", "project_id field enabled"],
];

type Collection = "networks" | "subnets" | "ports" | "security-groups";

export class NetworkService {
  constructor(private readonly deps: NetworkServiceDeps) {}

  route(call: IncomingCall): Routed {
    const path = call.path.replace(/\/+$/, "").replace(/\.json$/, "");
    if (path === "" && call.method === "GET") {
      return { key: "network.versions", handle: () => json(200, { versions: [{ id: "v2.0", status: "CURRENT", links: [{ rel: "self", href: `${this.deps.origin()}/v2.0/` }] }] }, false) };
    }
    const m = /^\/v2\.0\/(networks|subnets|ports|security-groups|extensions)(?:\/([^/]+))?$/.exec(path);
    if (m?.[1] === "security-groups" && ((call.method === "POST" && m[2] === undefined) || (call.method === "DELETE" && m[2] !== undefined))) {
      const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
      return { key: "network.networks", handle: () => this.authed(call, (token) => this.changeGroup(call, id, token)) };
    }
    if (!m || call.method !== "GET") {
      return { key: "network.other", handle: () => this.authed(call, () => json(404, { NeutronError: { type: "HTTPNotFound", message: "The resource could not be found.", detail: "" } })) };
    }
    const collection = m[1];
    const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const key = collection === "ports" ? "network.ports" : "network.networks";
    return { key, handle: () => this.authed(call, (token) => (collection === "extensions" ? this.extensions() : this.read(collection as Collection, id, call.query, token))) };
  }

  private authed(call: IncomingCall, then: (token: Token) => Reply): Reply {
    const token = this.deps.tokens.valid(call.header("x-auth-token"));
    if (!token) {
      const reply = json(401, { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
      reply.headers["Www-Authenticate"] = `Keystone uri="${this.deps.keystoneUri()}"`;
      return reply;
    }
    return then(token);
  }

  /** POST /security-groups (201) and DELETE /security-groups/{id} (204): what Terraform's openstack_networking_secgroup_v2 does. */
  private changeGroup(call: IncomingCall, id: string | undefined, token: Token): Reply {
    const projectId = token.scope.kind === "project" ? token.scope.project.id : null;
    const isAdmin = token.roles.some((r) => r.name === "admin");
    const store = this.deps.networks;
    if (projectId === null) return neutronError(403, "HTTPForbidden", "A project-scoped token is required.");
    if (id !== undefined) {
      const group = store.groupsOf(projectId, isAdmin).find((g) => g.id === id);
      if (!group) return neutronError(404, "SecurityGroupNotFound", `Security group ${id} does not exist`);
      if (group.name === "default") return neutronError(409, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
      store.deleteGroup(id);
      return { status: 204, headers: { "X-Openstack-Request-Id": `req-${randomUUID()}` }, body: "" };
    }
    let body: { security_group?: { name?: unknown; description?: unknown } };
    try {
      body = JSON.parse(call.body.toString("utf8")) as typeof body;
    } catch {
      return neutronError(400, "HTTPBadRequest", "Malformed request body");
    }
    const spec = body?.security_group;
    if (!spec || typeof spec !== "object") return neutronError(400, "HTTPBadRequest", "Resource body required");
    const name = typeof spec.name === "string" ? spec.name : "";
    if (name === "default") return neutronError(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    const group = store.createGroup(projectId, name, typeof spec.description === "string" ? spec.description : "");
    return json(201, { security_group: groupView(group) });
  }

  private extensions(): Reply {
    return json(200, { extensions: EXTENSIONS.map(([alias, name]) => ({ name, alias, description: name, updated: "2013-01-01T10:00:00-00:00", links: [] })) });
  }

  private read(collection: Collection, id: string | undefined, q: URLSearchParams, token: Token): Reply {
    const projectId = token.scope.kind === "project" ? token.scope.project.id : null;
    const isAdmin = token.roles.some((r) => r.name === "admin");
    const store = this.deps.networks;
    const networks = store.visibleNetworks(projectId, isAdmin);
    const visible = (owner: string) => isAdmin || owner === projectId;
    let views: View[];
    let singular: string;
    let missing: [string, string];
    switch (collection) {
      case "networks":
        views = networks.map((n) => networkView(n, isAdmin));
        [singular, missing] = ["network", ["NetworkNotFound", "Network"]];
        break;
      case "subnets":
        views = networks.filter((n) => visible(n.projectId) || n.shared || n.external).map((n) => subnetView(n.subnet));
        [singular, missing] = ["subnet", ["SubnetNotFound", "Subnet"]];
        break;
      case "ports":
        views = store.allPorts().filter((p) => visible(p.projectId)).map(portView);
        [singular, missing] = ["port", ["PortNotFound", "Port"]];
        break;
      case "security-groups":
        views = store.groupsOf(projectId, isAdmin).map(groupView);
        [singular, missing] = ["security_group", ["SecurityGroupNotFound", "Security group"]];
        break;
    }
    const plural = collection.replace("-", "_");
    if (id === undefined) return json(200, { [plural]: filtered(views, q) });
    const found = views.find((v) => v.id === id);
    if (!found) return neutronError(404, missing[0], `${missing[1]} ${id} could not be found.`);
    return json(200, { [singular]: filtered([found], new URLSearchParams(q.getAll("fields").map((f): [string, string] => ["fields", f]))) [0] });
  }
}
