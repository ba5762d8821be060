/**
 * Every case of packages/openstack-emulator/__tests__/fixtures/recorded-real-nova-zed.md that the harness
 * reproduces, as a request built for one deployment (real or emulator) and the
 * observation the recording shows (titles are the recording's headings); then
 * cases beyond the recording that pin the order in which Nova checks a request
 * (lookup, policy, host, console type), with what the real services answer.
 *
 * Not in the table, on purpose: the two timing races (remote-consoles right
 * after create, 409 while BUILD, and right after DELETE, 500 while deleting:
 * the real outcome depends on scheduler timing; the never-scheduled server
 * covers the same 409 branch), and the POST/DELETE /servers calls themselves
 * (setup, not console behaviour).
 */
import { CLOUD_CASES } from "./differential-cloud-cases";
import type { Observation } from "./observe";
import { json, type RawRequest } from "./raw-http";

export interface Deployment {
  label: string;
  identityUrl: string; // ends with /v3
  computeUrl: string; // ends with /v2.1
  adminUserId: string;
  adminProjectId: string;
  adminPassword: string;
  tokens: { admin: string; viewer: string; demo: string; appcred: string };
  /** vm1, vm-shutoff, vm-paused, vm-error in project admin; vm-demo in project demo. */
  servers: { active: string; shutoff: string; paused: string; unscheduled: string; demo: string };
  /** An application credential that exists before the run (for the token case when creation is not possible). */
  appCredential: { id: string; secret: string };
  /** Filled by the "create" case: the credential it made (deleted after the run). */
  created?: { id: string; secret: string };
  /** Glance, Neutron and Placement, from the admin token's catalog. */
  imageUrl: string;
  networkUrl: string;
  placementUrl: string;
  /** The flavor m1.tiny and image cirros-fake the harness seeds (the emulator is given the same). */
  flavorId: string;
  imageId: string;
}

export interface DifferentialCase {
  title: string;
  compute: boolean;
  build(d: Deployment): RawRequest;
  /** What the real services answer (ids as placeholders): as recorded, or for the ordering cases as observed on the harness. */
  expected: Observation;
  origin: "recording" | "ordering" | "cloud";
  /** Runs after the answer, e.g. to keep what the case created. */
  after?(d: Deployment, body: string): void;
}

const NONEXISTENT_SERVER = "00000000-0000-4000-8000-000000000000";
const BOGUS_TOKEN = "gAAAAABnot-a-valid-token";
const APPCRED_CREATED_NAME = `differential-${process.pid}`;

const NOVNC = { remote_console: { protocol: "vnc", type: "novnc" } };
const NOT_FOUND = "The resource could not be found.";
const UNAUTHENTICATED = "The request you have made requires authentication.";
const POLICY = "Policy doesn't allow os_compute_api:os-remote-consoles to be performed.";
const CONSOLE_URL = "<origin>/vnc_lite.html?path=%3Ftoken%3D<uuid>";
const NOVNC_OK = `vnc/novnc ${CONSOLE_URL}`;
const V21 = "v2.1 CURRENT 2.1..2.93 self=<origin>/v2.1/";
const V20 = "v2.0 SUPPORTED -..- self=<origin>/v2/";

const computeRoot = (d: Deployment): string => d.computeUrl.replace(/\/v2\.1\/?$/, "");

type TokenName = keyof Deployment["tokens"];

interface ConsoleCall {
  server?: (d: Deployment) => string;
  mv?: string;
  token?: TokenName | "bogus" | "none";
  body?: unknown;
  rawBody?: string;
  extraHeaders?: Record<string, string>;
  path?: "remote-consoles" | "action";
  method?: "POST" | "GET";
  withProject?: boolean;
}

function consoleCall(c: ConsoleCall): (d: Deployment) => RawRequest {
  return (d) => {
    const headers: Record<string, string> = {};
    const method = c.method ?? "POST";
    if (method === "POST") headers["Content-Type"] = "application/json";
    if (c.mv) headers["X-OpenStack-Nova-API-Version"] = c.mv;
    const token = c.token ?? "admin";
    if (token === "bogus") headers["X-Auth-Token"] = BOGUS_TOKEN;
    else if (token !== "none") headers["X-Auth-Token"] = d.tokens[token];
    Object.assign(headers, c.extraHeaders);
    const server = (c.server ?? ((x: Deployment) => x.servers.active))(d);
    const prefix = c.withProject ? `${d.computeUrl}/${d.adminProjectId}` : d.computeUrl;
    return {
      method,
      url: `${prefix}/servers/${server}/${c.path ?? "remote-consoles"}`,
      headers,
      body: method === "GET" ? undefined : c.rawBody ?? JSON.stringify(c.body ?? NOVNC),
    };
  };
}

const rc = (title: string, call: ConsoleCall, expected: Observation): DifferentialCase => ({
  title,
  compute: true,
  build: consoleCall(call),
  expected,
  origin: "recording",
});

const ok = (mv: string, detail = NOVNC_OK): Observation => ({ status: 200, key: "remote_console", detail, version: mv });
const bad = (message: string, mv = "2.8"): Observation => ({ status: 400, key: "badRequest", detail: message, version: mv });
const missing = (mv: string, detail = NOT_FOUND): Observation => ({ status: 404, key: "itemNotFound", detail, version: mv });

const keystone: DifferentialCase[] = [
  {
    title: "POST /v3/auth/tokens (password, project-scoped)",
    compute: false,
    build: (d) => ({
      method: "POST",
      url: `${d.identityUrl}/auth/tokens`,
      ...json({
        auth: {
          identity: { methods: ["password"], password: { user: { name: "admin", domain: { name: "Default" }, password: d.adminPassword } } },
          scope: { project: { name: "admin", domain: { name: "Default" } } },
        },
      }),
    }),
    origin: "recording",
    expected: { status: 201, key: "token", detail: "methods=password project=admin subject-token=yes compute=admin,internal,public" },
  },
  {
    title: "POST /v3/users/{user_id}/application_credentials (create)",
    compute: false,
    build: (d) => ({
      method: "POST",
      url: `${d.identityUrl}/users/${d.adminUserId}/application_credentials`,
      headers: { "Content-Type": "application/json", "X-Auth-Token": d.tokens.admin },
      body: JSON.stringify({ application_credential: { name: APPCRED_CREATED_NAME } }),
    }),
    origin: "recording",
    expected: { status: 201, key: "application_credential", detail: `name=${APPCRED_CREATED_NAME} secret=yes project=<project>` },
    after: (d, body) => {
      try {
        const ac = (JSON.parse(body) as { application_credential?: { id?: string; secret?: string } }).application_credential;
        if (ac?.id && ac.secret) d.created = { id: ac.id, secret: ac.secret };
      } catch {
        // not created: the next case falls back to the existing credential
      }
    },
  },
  {
    title: "POST /v3/auth/tokens with application_credential (id + secret)",
    compute: false,
    build: (d) => {
      const ac = d.created ?? d.appCredential;
      return {
        method: "POST",
        url: `${d.identityUrl}/auth/tokens`,
        ...json({ auth: { identity: { methods: ["application_credential"], application_credential: { id: ac.id, secret: ac.secret } } } }),
      };
    },
    origin: "recording",
    expected: {
      status: 201,
      key: "token",
      detail: "methods=application_credential project=admin subject-token=yes compute=admin,internal,public appcred=restricted",
    },
  },
  {
    title: "POST /v3/auth/tokens with a wrong password",
    compute: false,
    build: (d) => ({
      method: "POST",
      url: `${d.identityUrl}/auth/tokens`,
      ...json({ auth: { identity: { methods: ["password"], password: { user: { name: "admin", domain: { name: "Default" }, password: "wrong" } } } } }),
    }),
    origin: "recording",
    expected: { status: 401, key: "error", detail: UNAUTHENTICATED },
  },
];

const get = (title: string, path: string, withToken: boolean, expected: Observation): DifferentialCase => ({
  title,
  compute: true,
  build: (d): RawRequest => {
    const headers: Record<string, string> = withToken ? { "X-Auth-Token": d.tokens.admin } : {};
    return { method: "GET", url: `${computeRoot(d)}${path}`, headers };
  },
  expected,
  origin: "recording",
});

const discovery: DifferentialCase[] = [
  get("GET / (no token)", "/", false, { status: 200, key: "versions", detail: `${V20}; ${V21}`, version: "-" }),
  get("GET /v2.1 (no token)", "/v2.1", false, { status: 200, key: "version", detail: V21, version: "2.1" }),
  get("GET /v2.1/ (no token)", "/v2.1/", false, { status: 200, key: "version", detail: V21, version: "2.1" }),
  get("GET /v2.1/ (with token)", "/v2.1/", true, { status: 200, key: "version", detail: V21, version: "2.1" }),
  get("GET /v2/ (with token)", "/v2/", true, { status: 200, key: "version", detail: V20, version: "-" }),
];

const unsupported = (mv: string): Observation => ({
  status: 406,
  key: "computeFault",
  detail: `Version ${mv} is not supported by the API. Minimum is 2.1 and maximum is 2.93.`,
  version: mv,
});

const remoteConsoles: DifferentialCase[] = [
  rc(
    "Virtuozzo-doc form, verbatim (only host/scheme/id/token changed)",
    { mv: "2.8", rawBody: '\n{\n"remote_console": {\n"protocol": "vnc",\n"type": "novnc"\n}\n}' },
    ok("2.8"),
  ),
  rc("microversion (no header)", {}, missing("2.1")),
  rc("microversion 2.1", { mv: "2.1" }, missing("2.1")),
  rc("microversion 2.5", { mv: "2.5" }, missing("2.5")),
  rc("microversion 2.6", { mv: "2.6" }, ok("2.6")),
  rc("microversion 2.7", { mv: "2.7" }, ok("2.7")),
  rc("microversion 2.8", { mv: "2.8" }, ok("2.8")),
  rc("microversion 2.93", { mv: "2.93" }, ok("2.93")),
  rc("microversion latest", { mv: "latest" }, ok("2.93")),
  rc("microversion 2.94", { mv: "2.94" }, unsupported("2.94")),
  rc("microversion 3.0", { mv: "3.0" }, unsupported("3.0")),
  rc("microversion bogus", { mv: "bogus" }, {
    status: 400,
    key: "badRequest",
    detail: "API Version String bogus is of invalid format. Must be of format MajorNum.MinorNum.",
    version: "-",
  }),
  rc("microversion via `OpenStack-API-Version: compute 2.8` header only", { extraHeaders: { "OpenStack-API-Version": "compute 2.8" } }, ok("2.8")),
  rc("project id in the URL: POST /v2.1/{project_id}/servers/{id}/remote-consoles (2.8)", { mv: "2.8", withProject: true }, ok("2.8")),
  rc("application-credential token, 2.8", { mv: "2.8", token: "appcred" }, ok("2.8")),
];

const pairBody = (protocol: string, type: string): unknown => ({ remote_console: { protocol, type } });

const errors: DifferentialCase[] = [
  rc("vnc + type spice-html5 (2.8)", { mv: "2.8", body: pairBody("vnc", "spice-html5") }, bad("Invalid console type spice-html5")),
  rc("vnc + type xvpvnc (2.8)", { mv: "2.8", body: pairBody("vnc", "xvpvnc") }, bad("Invalid console type xvpvnc")),
  rc(
    'protocol "bogus" (2.8)',
    { mv: "2.8", body: pairBody("bogus", "novnc") },
    bad("Invalid input for field/attribute protocol. Value: bogus. 'bogus' is not one of ['vnc', 'spice', 'rdp', 'serial', 'mks']"),
  ),
  rc(
    'type "bogus" (2.8)',
    { mv: "2.8", body: pairBody("vnc", "bogus") },
    bad("Invalid input for field/attribute type. Value: bogus. 'bogus' is not one of ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5', 'serial', 'webmks']"),
  ),
  rc(
    "missing type (2.8)",
    { mv: "2.8", body: { remote_console: { protocol: "vnc" } } },
    bad("Invalid input for field/attribute remote_console. Value: {'protocol': 'vnc'}. 'type' is a required property"),
  ),
  rc(
    "extra property (2.8)",
    { mv: "2.8", body: { remote_console: { protocol: "vnc", type: "novnc", x: 1 } } },
    bad(
      "Invalid input for field/attribute remote_console. Value: {'protocol': 'vnc', 'type': 'novnc', 'x': 1}. Additional properties are not allowed ('x' was unexpected)",
    ),
  ),
  rc(
    "protocol mks at 2.6 (mks needs 2.8)",
    { mv: "2.6", body: pairBody("mks", "webmks") },
    bad("Invalid input for field/attribute protocol. Value: mks. 'mks' is not one of ['vnc', 'spice', 'rdp', 'serial']", "2.6"),
  ),
  rc("spice/spice-html5 with [spice] enabled=false (2.8)", { mv: "2.8", body: pairBody("spice", "spice-html5") }, bad("Unavailable console type spice-html5.")),
  rc("rdp/rdp-html5 with [rdp] enabled=false (2.8)", { mv: "2.8", body: pairBody("rdp", "rdp-html5") }, bad("Unavailable console type rdp-html5.")),
  rc("serial/serial with [serial_console] enabled=false (2.8)", { mv: "2.8", body: pairBody("serial", "serial") }, bad("Unavailable console type serial.")),
  // The recording had [mks] disabled (400 "Unavailable console type webmks."); the harness now enables
  // mks beside vnc for the Terraform suite's second console pair, and the emulator is set up the same way.
  rc("mks/webmks with [mks] enabled (2.8)", { mv: "2.8", body: pairBody("mks", "webmks") }, ok("2.8", "mks/webmks <origin>/?token=<uuid>")),
  rc("nonexistent server UUID (2.8)", { mv: "2.8", server: () => NONEXISTENT_SERVER }, missing("2.8", "Instance <uuid> could not be found.")),
  rc("server id not a UUID (2.8)", { mv: "2.8", server: () => "not-a-uuid" }, missing("2.8", "Instance not-a-uuid could not be found.")),
  rc("no X-Auth-Token (2.8)", { mv: "2.8", token: "none" }, { status: 401, key: "error", detail: UNAUTHENTICATED, version: "-" }),
  rc("reader-only user in the server's project (2.8)", { mv: "2.8", token: "viewer" }, { status: 403, key: "forbidden", detail: POLICY, version: "2.8" }),
  rc("member of another project (2.8)", { mv: "2.8", token: "demo" }, missing("2.8", "Instance <active> could not be found.")),
  rc("server SHUTOFF (openstack server stop) (2.8)", { mv: "2.8", server: (d) => d.servers.shutoff }, ok("2.8")),
  rc("server PAUSED (openstack server pause) (2.8)", { mv: "2.8", server: (d) => d.servers.paused }, ok("2.8")),
  rc("server ERROR, never scheduled (NoValidHost, host=None) (2.8)", { mv: "2.8", server: (d) => d.servers.unscheduled }, {
    status: 409,
    key: "conflictingRequest",
    detail: "Instance <unscheduled> is not ready",
    version: "2.8",
  }),
  rc("invalid X-Auth-Token (2.8)", { mv: "2.8", token: "bogus" }, { status: 401, key: "error", detail: UNAUTHENTICATED, version: "-" }),
  rc("malformed JSON body (2.8)", { mv: "2.8", rawBody: '{"remote_console": ' }, bad("Malformed request body")),
  rc("GET instead of POST (2.8)", { mv: "2.8", method: "GET" }, { status: 404, key: "(html)", detail: "404 Not Found", version: "-" }),
];

const vncAction = (type: string): unknown => ({ "os-getVNCConsole": { type } });
const legacyOk = (mv: string): Observation => ({ status: 200, key: "console", detail: `novnc ${CONSOLE_URL}`, version: mv });

const legacy: DifferentialCase[] = [
  rc("os-getVNCConsole, microversion (no header)", { path: "action", body: vncAction("novnc") }, legacyOk("2.1")),
  rc("os-getVNCConsole, microversion 2.1", { path: "action", mv: "2.1", body: vncAction("novnc") }, legacyOk("2.1")),
  rc("os-getVNCConsole, microversion 2.5", { path: "action", mv: "2.5", body: vncAction("novnc") }, legacyOk("2.5")),
  rc("os-getVNCConsole, microversion 2.6", { path: "action", mv: "2.6", body: vncAction("novnc") }, missing("2.6")),
  rc("os-getVNCConsole, microversion 2.8", { path: "action", mv: "2.8", body: vncAction("novnc") }, missing("2.8")),
  rc(
    'os-getVNCConsole type "bogus", 2.1',
    { path: "action", mv: "2.1", body: vncAction("bogus") },
    bad("Invalid input for field/attribute type. Value: bogus. 'bogus' is not one of ['novnc', 'xvpvnc']", "2.1"),
  ),
  rc("os-getVNCConsole as reader-only user, 2.1", { path: "action", mv: "2.1", token: "viewer", body: vncAction("novnc") }, {
    status: 403,
    key: "forbidden",
    detail: POLICY,
    version: "2.1",
  }),
];

/** Beyond the recording: which check wins when a request fails more than one (real answers observed on the harness). */
const ordering: DifferentialCase[] = [
  rc("disabled type on the never-scheduled server: host before type (2.8)", { mv: "2.8", server: (d) => d.servers.unscheduled, body: pairBody("spice", "spice-html5") }, {
    status: 409,
    key: "conflictingRequest",
    detail: "Instance <unscheduled> is not ready",
    version: "2.8",
  }),
  rc("vnc + type xvpvnc on the never-scheduled server (2.8)", { mv: "2.8", server: (d) => d.servers.unscheduled, body: pairBody("vnc", "xvpvnc") }, {
    status: 409,
    key: "conflictingRequest",
    detail: "Instance <unscheduled> is not ready",
    version: "2.8",
  }),
  rc("disabled type on a nonexistent server: lookup before type (2.8)", { mv: "2.8", server: () => NONEXISTENT_SERVER, body: pairBody("spice", "spice-html5") }, missing("2.8", "Instance <uuid> could not be found.")),
  rc("bogus protocol on a nonexistent server: schema first (2.8)", { mv: "2.8", server: () => NONEXISTENT_SERVER, body: pairBody("bogus", "novnc") }, bad("Invalid input for field/attribute protocol. Value: bogus. 'bogus' is not one of ['vnc', 'spice', 'rdp', 'serial', 'mks']")),
  rc("reader on a nonexistent server: lookup before policy (2.8)", { mv: "2.8", token: "viewer", server: () => NONEXISTENT_SERVER }, missing("2.8", "Instance <uuid> could not be found.")),
  rc("reader on the never-scheduled server: policy before host (2.8)", { mv: "2.8", token: "viewer", server: (d) => d.servers.unscheduled }, { status: 403, key: "forbidden", detail: POLICY, version: "2.8" }),
  rc("reader asking a disabled type: policy before type (2.8)", { mv: "2.8", token: "viewer", body: pairBody("spice", "spice-html5") }, { status: 403, key: "forbidden", detail: POLICY, version: "2.8" }),
  rc("member of another project, never-scheduled server (2.8)", { mv: "2.8", token: "demo", server: (d) => d.servers.unscheduled }, missing("2.8", "Instance <unscheduled> could not be found.")),
  rc("member on its own project's server (2.8)", { mv: "2.8", token: "demo", server: (d) => d.servers.demo }, ok("2.8")),
  rc("admin on another project's server (2.8)", { mv: "2.8", server: (d) => d.servers.demo }, ok("2.8")),
  rc("os-getVNCConsole on the never-scheduled server, 2.1", { path: "action", mv: "2.1", server: (d) => d.servers.unscheduled, body: vncAction("novnc") }, {
    status: 409,
    key: "conflictingRequest",
    detail: "Instance <unscheduled> is not ready",
    version: "2.1",
  }),
  rc("os-getVNCConsole on a nonexistent server, 2.1", { path: "action", mv: "2.1", server: () => NONEXISTENT_SERVER, body: vncAction("novnc") }, missing("2.1", "Instance <uuid> could not be found.")),
  rc("os-getVNCConsole as member of another project, 2.1", { path: "action", mv: "2.1", token: "demo", body: vncAction("novnc") }, missing("2.1", "Instance <active> could not be found.")),
  rc("os-getSPICEConsole with [spice] enabled=false, 2.1", { path: "action", mv: "2.1", body: { "os-getSPICEConsole": { type: "spice-html5" } } }, bad("Unavailable console type spice-html5.", "2.1")),
].map((c) => ({ ...c, origin: "ordering" as const }));

export const DIFFERENTIAL_CASES: readonly DifferentialCase[] = [...keystone, ...discovery, ...remoteConsoles, ...errors, ...legacy, ...ordering, ...CLOUD_CASES];
