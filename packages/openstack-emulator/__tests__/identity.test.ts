/** Keystone v3 as emulated: discovery, every auth method and scope, errors, expiry and revocation. */
import { startEmulator, type Emulator } from "../src";
import { header, json, passwordBody, request, tokenFor, type RawResponse } from "./support/http";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ regions: ["RegionOne", "RegionTwo"], servers: 2 });
});
afterAll(() => emulator.close());

function auth(body: unknown): Promise<RawResponse> {
  return request(`${emulator.identityUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const listServers = (token: string) => request(`${emulator.computeUrl}/servers`, { headers: { "X-Auth-Token": token } });

const UNAUTHORIZED = '{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}';

describe("version discovery", () => {
  test("/ answers 300 with the v3 document and its Location, as Keystone does", async () => {
    const res = await request(new URL(emulator.identityUrl).origin + "/");
    expect(res.status).toBe(300);
    expect(header(res, "location")).toBe(`${emulator.identityUrl}/`);
    expect(json(res).versions.values.map((v: { id: string }) => v.id)).toEqual(["v3.14"]);
  });

  test("/v3 answers the version document with Keystone's headers", async () => {
    const res = await request(emulator.identityUrl);
    expect(res.status).toBe(200);
    expect(json(res).version.links[0].href).toBe(`${emulator.identityUrl}/`);
    expect(res.headers.connection).toEqual(["close"]);
    expect(res.headers.vary).toEqual(["X-Auth-Token"]);
    expect(res.headers.date).toBeUndefined();
  });
});

describe("password method", () => {
  test("user and project by id give a project token with roles and a catalog for every region", async () => {
    const admin = json(await auth(JSON.parse(passwordBody("admin", "admin-secret", "admin")))).token;
    const res = await auth({
      auth: {
        identity: { methods: ["password"], password: { user: { id: admin.user.id, password: "admin-secret" } } },
        scope: { project: { id: admin.project.id } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe("CREATED");
    expect(header(res, "x-subject-token")).toMatch(/^gAAAAAB[\w-]{170,}$/);
    const token = json(res).token;
    expect(token.methods).toEqual(["password"]);
    expect(token.project.name).toBe("admin");
    expect(token.roles.map((r: { name: string }) => r.name).sort()).toEqual(["admin", "member", "reader"]);
    const compute = token.catalog.find((e: { type: string }) => e.type === "compute");
    expect(compute.endpoints).toHaveLength(6);
    const url = (region: string, iface: string) =>
      compute.endpoints.find((e: { region: string; interface: string }) => e.region === region && e.interface === iface).url;
    expect(url("RegionOne", "public")).toBe(emulator.computeUrl);
    expect(url("RegionOne", "internal")).toBe(emulator.computeUrl);
    expect(url("RegionTwo", "admin")).toBe(emulator.computeUrl.replace("/v2.1", "/RegionTwo/v2.1"));
    expect(token.catalog.find((e: { type: string }) => e.type === "identity").endpoints[0].url).toBe(`${emulator.identityUrl}/`);
    expect(new Date(token.expires_at).getTime() - new Date(token.issued_at).getTime()).toBe(3600_000);
  });

  test("user by name with the domain by id, project by name with the domain by id", async () => {
    const res = await auth({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "demo", domain: { id: "default" }, password: "demo-secret" } } },
        scope: { project: { name: "demo", domain: { id: "default" } } },
      },
    });
    expect(res.status).toBe(201);
    expect(json(res).token.roles.map((r: { name: string }) => r.name).sort()).toEqual(["member", "reader"]);
  });

  test("no scope gives an unscoped token: no project, roles or catalog", async () => {
    const res = await auth(JSON.parse(passwordBody("demo", "demo-secret")));
    expect(res.status).toBe(201);
    expect(Object.keys(json(res).token).sort()).toEqual(["audit_ids", "expires_at", "issued_at", "methods", "user"]);
    // Nova refuses a token without a project: the list policy needs one.
    const list = await listServers(header(res, "x-subject-token")!);
    expect(list.status).toBe(403);
    expect(json(list).forbidden.message).toBe("Policy doesn't allow os_compute_api:servers:index to be performed.");
  });

  test("system scope: the admin gets a system token with a catalog; others are refused", async () => {
    const system = (user: string, password: string) => ({ auth: { ...JSON.parse(passwordBody(user, password)).auth, scope: { system: { all: true } } } });
    const admin = await auth(system("admin", "admin-secret"));
    expect(admin.status).toBe(201);
    expect(json(admin).token.system).toEqual({ all: true });
    expect(json(admin).token.project).toBeUndefined();
    expect(json(admin).token.catalog.map((s: { type: string }) => s.type).sort()).toEqual(["compute", "identity", "image", "network", "placement"]);
    const viewer = await auth(system("viewer", "demo-secret"));
    expect(viewer.status).toBe(401);
  });

  test.each([
    ["a wrong password", passwordBody("demo", "wrong", "demo")],
    ["an unknown user", passwordBody("nobody", "demo-secret", "demo")],
    ["a project the user has no role on", passwordBody("demo", "demo-secret", "admin")],
    ["an unknown project", passwordBody("demo", "demo-secret", "nowhere")],
  ])("%s gives Keystone's 401 body and WWW-Authenticate", async (_what, body) => {
    const res = await auth(body);
    expect(res.status).toBe(401);
    expect(res.statusText).toBe("UNAUTHORIZED");
    expect(res.body).toBe(UNAUTHORIZED);
    expect(header(res, "www-authenticate")).toBe(`Keystone uri="${emulator.identityUrl}"`);
  });
});

describe("malformed requests are 400", () => {
  test.each([
    ["not JSON", "{auth", "Expecting to find valid JSON in request body."],
    ["JSON that is not an object", "[1]", "Expecting to find valid JSON in request body."],
    ["no identity", { auth: {} }, "'identity' is a required property"],
    ["no methods", { auth: { identity: {} } }, "Invalid input for field 'identity': 'methods' is a required property"],
    ["a method without its data", { auth: { identity: { methods: ["password"] } } }, "Expecting to find password in identity."],
    ["a user without a domain", { auth: { identity: { methods: ["password"], password: { user: { name: "demo", password: "x" } } } } }, "Expecting to find domain in user."],
  ])("%s", async (_what, body, message) => {
    const res = await auth(body);
    expect(res.status).toBe(400);
    expect(json(res).error.title).toBe("Bad Request");
    expect(json(res).error.message.startsWith(message)).toBe(true);
  });
});

test("a body typed other than JSON is 400", async () => {
  const res = await request(`${emulator.identityUrl}/auth/tokens`, { method: "POST", headers: { "Content-Type": "text/xml" }, body: "<auth/>" });
  expect([res.status, json(res).error.message]).toEqual([
    400,
    "Expecting to find application/json in Content-Type header. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
  ]);
});

describe("application credentials", () => {
  test("id and secret give a token scoped to the credential's project", async () => {
    const credential = emulator.createApplicationCredential("demo", "ci");
    const res = await auth({ auth: { identity: { methods: ["application_credential"], application_credential: { id: credential.id, secret: credential.secret } } } });
    expect(res.status).toBe(201);
    const token = json(res).token;
    expect(token.methods).toEqual(["application_credential"]);
    expect(token.project.name).toBe("demo");
    expect(token.application_credential).toEqual({ id: credential.id, name: "ci", restricted: true });
    expect((await listServers(header(res, "x-subject-token")!)).status).toBe(200);
  });

  test("name, user and secret work too", async () => {
    const credential = emulator.createApplicationCredential("admin", "by-name");
    const res = await auth({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { name: "by-name", user: { name: "admin", domain: { name: "Default" } }, secret: credential.secret },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(json(res).token.project.name).toBe("admin");
  });

  test("a request that also names a scope, or a wrong secret, is refused with 401", async () => {
    const credential = emulator.createApplicationCredential("demo", "scoped");
    const identity = { methods: ["application_credential"], application_credential: { id: credential.id, secret: credential.secret } };
    expect((await auth({ auth: { identity, scope: { project: { name: "demo", domain: { name: "Default" } } } } })).status).toBe(401);
    const wrong = await auth({ auth: { identity: { ...identity, application_credential: { id: credential.id, secret: "nope" } } } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toBe(UNAUTHORIZED);
  });

  test("POST /v3/users/{id}/application_credentials creates one on the caller's project", async () => {
    const token = await tokenFor(emulator, "demo");
    const me = json(await request(`${emulator.identityUrl}/auth/tokens`, { headers: { "X-Auth-Token": token, "X-Subject-Token": token } })).token;
    const res = await request(`${emulator.identityUrl}/users/${me.user.id}/application_credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth-Token": token },
      body: JSON.stringify({ application_credential: { name: "api-made" } }),
    });
    expect(res.status).toBe(201);
    const created = json(res).application_credential;
    expect(created.project_id).toBe(me.project.id);
    expect(created.secret).toMatch(/^[\w-]{80,}$/);
    const again = await auth({ auth: { identity: { methods: ["application_credential"], application_credential: { id: created.id, secret: created.secret } } } });
    expect(again.status).toBe(201);
  });
});

describe("token method, validation, revocation and expiry", () => {
  test("a token rescopes to a project and keeps its expiry", async () => {
    const unscoped = await auth(JSON.parse(passwordBody("demo", "demo-secret")));
    const res = await auth({
      auth: {
        identity: { methods: ["token"], token: { id: header(unscoped, "x-subject-token") } },
        scope: { project: { name: "demo", domain: { name: "Default" } } },
      },
    });
    expect(res.status).toBe(201);
    const token = json(res).token;
    expect(token.methods.sort()).toEqual(["password", "token"]);
    expect(token.expires_at).toBe(json(unscoped).token.expires_at);
    expect(token.project.name).toBe("demo");
  });

  test("an unknown token in the token method is 404", async () => {
    const res = await auth({ auth: { identity: { methods: ["token"], token: { id: "gAAAAABnope" } } } });
    expect(res.status).toBe(404);
  });

  test("GET validates a token; DELETE revokes it and Nova then answers 401", async () => {
    const token = await tokenFor(emulator, "demo");
    const check = await request(`${emulator.identityUrl}/auth/tokens`, { headers: { "X-Auth-Token": token, "X-Subject-Token": token } });
    expect(check.status).toBe(200);
    expect(json(check).token.user.name).toBe("demo");
    const revoke = await request(`${emulator.identityUrl}/auth/tokens`, { method: "DELETE", headers: { "X-Auth-Token": token, "X-Subject-Token": token } });
    expect(revoke.status).toBe(204);
    const list = await listServers(token);
    expect(list.status).toBe(401);
  });

  test("expireTokens() makes every issued token answer Nova's 401", async () => {
    const token = await tokenFor(emulator, "demo");
    expect((await listServers(token)).status).toBe(200);
    emulator.expireTokens();
    const res = await listServers(token);
    expect(res.status).toBe(401);
    expect(json(res)).toEqual({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
    expect(header(res, "www-authenticate")).toBe(`Keystone uri="${new URL(emulator.identityUrl).origin}/"`);
    expect((await listServers(await tokenFor(emulator, "demo"))).status).toBe(200);
  });

  test("tokens expire after tokenTtlSeconds", async () => {
    const short = await startEmulator({ tokenTtlSeconds: 0.3 });
    try {
      const token = await tokenFor(short, "demo");
      const list = () => request(`${short.computeUrl}/servers`, { headers: { "X-Auth-Token": token } });
      expect((await list()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 350));
      expect((await list()).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

test("counters count token requests and issues", async () => {
  emulator.resetCounters();
  await auth(passwordBody("demo", "wrong", "demo"));
  await tokenFor(emulator, "demo");
  const c = emulator.counters();
  expect([c.tokenRequests, c.tokenIssues, c.byRoute["identity.tokens"]]).toEqual([2, 1, 2]);
});
