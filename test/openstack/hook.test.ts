/**
 * The bundled hook (dist/hook/console-hook.js) run as Terraform's external
 * data source runs it: the query on stdin, OS_* in the environment, against
 * the real Keystone and Nova. Keystone sits behind a counting proxy, so the
 * number of token requests is what Keystone saw, not what the hook reports.
 */
import { runHook as runHookProcess } from "../../__tests__/helpers/run";
import { startCountingProxy, type CountingProxy } from "./support/counting-proxy";
import { expectIssuedFor } from "./support/real-client";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
let keystone: CountingProxy;

beforeAll(async () => {
  keystone = await startCountingProxy(new URL(real.authUrl).origin);
});

afterAll(async () => {
  await keystone?.close();
});

/** Runs the hook with admin's OS_* settings, Keystone reached through the counting proxy. */
async function runHook(query: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const before = keystone.count("POST", "/v3/auth/tokens");
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin"), OS_AUTH_URL: `${keystone.origin}/v3`, ...extraEnv };
  const result = await runHookProcess(query, { env });
  for (const secret of knownSecrets()) {
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  }
  return { ...result, tokenRequests: keystone.count("POST", "/v3/auth/tokens") - before };
}

test("a fleet of real servers gets one real noVNC URL each, with a single token request", async () => {
  const fleet = { "web-1": real.servers.active, "web-2": real.servers.shutoff, "web-3": real.servers.paused };
  const run = await runHook({ servers: JSON.stringify(fleet), protocol: "vnc", type: "novnc", microversion: "2.8", timeout: "60" });

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const result = JSON.parse(run.stdout) as Record<string, string>;
  expect(Object.keys(result).sort()).toEqual(["web-1", "web-2", "web-3"]);
  for (const [name, id] of Object.entries(fleet)) expectIssuedFor(result[name], id);
  expect(new Set(Object.values(result)).size).toBe(3);
  expect(run.tokenRequests).toBe(1);
});

test("the default query (no pair, no microversion) asks for vnc/novnc at 2.8 and gets a real URL", async () => {
  const run = await runHook({ servers: JSON.stringify({ only: real.servers.active }) });

  expect(run.code).toBe(0);
  expectIssuedFor((JSON.parse(run.stdout) as Record<string, string>).only, real.servers.active);
  expect(run.tokenRequests).toBe(1);
});

test("a never-scheduled server fails the run: nothing on stdout, the server and Nova's 409 on stderr", async () => {
  const fleet = { "web-1": real.servers.active, broken: real.servers.unscheduled };
  const run = await runHook({ servers: JSON.stringify(fleet), timeout: "8" });

  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain("console-hook: no vnc/novnc console URL for 1 of 2 servers; nothing was written:");
  expect(run.stderr).toContain(`server "broken" (${real.servers.unscheduled})`);
  expect(run.stderr).toContain(`409 Conflict`);
  expect(run.stderr).toContain(`Instance ${real.servers.unscheduled} is not ready`);
  expect(run.stderr).not.toMatch(/token%3D|token=/);
  expect(run.tokenRequests).toBe(1);
});

test('tolerate_unavailable gives the never-scheduled server "" and the others their URL', async () => {
  const fleet = { "web-1": real.servers.active, broken: real.servers.unscheduled };
  const run = await runHook({ servers: JSON.stringify(fleet), timeout: "8", tolerate_unavailable: "true" });

  expect(run.code).toBe(0);
  const result = JSON.parse(run.stdout) as Record<string, string>;
  expect(result.broken).toBe("");
  expectIssuedFor(result["web-1"], real.servers.active);
  expect(run.stderr).toContain('note: tolerate_unavailable is set, so 1 of 2 servers get ""');
  expect(run.stderr).toContain(`server "broken" (${real.servers.unscheduled})`);
});

test("a reader's credentials fail with the policy named, and no secret or URL in the output", async () => {
  const run = await runHook({ servers: JSON.stringify({ "web-1": real.servers.active }), timeout: "20" }, {
    OS_USERNAME: "viewer",
    OS_PASSWORD: real.demoPassword,
  });

  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain("403 Forbidden");
  expect(run.stderr).toContain("os_compute_api:os-remote-consoles");
  expect(run.tokenRequests).toBe(1);
});

test("an application credential from the environment works the same way", async () => {
  const run = await runHook(
    { servers: JSON.stringify({ "web-1": real.servers.active }) },
    {
      OS_AUTH_TYPE: "v3applicationcredential",
      OS_USERNAME: "",
      OS_PASSWORD: "",
      OS_PROJECT_NAME: "",
      OS_PROJECT_DOMAIN_NAME: "",
      OS_USER_DOMAIN_NAME: "",
      OS_APPLICATION_CREDENTIAL_ID: real.appCredential.id,
      OS_APPLICATION_CREDENTIAL_SECRET: real.appCredential.secret,
    },
  );

  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expectIssuedFor((JSON.parse(run.stdout) as Record<string, string>)["web-1"], real.servers.active);
  expect(run.tokenRequests).toBe(1);
});
