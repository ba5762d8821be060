/** Each Keystone auth method against the emulator over real HTTP, and how 401s are handled. */
import { OpenStackError } from "../../lib/openstack";
import { connectClient, fleetOf, rawToken, rejection, useEmulator, VNC, withClient } from "./support/emulator";

const emulator = useEmulator({ servers: 3 });

function withoutPassword(env: Record<string, string>): Record<string, string> {
  const { OS_USERNAME: _u, OS_PASSWORD: _p, OS_PROJECT_NAME: _n, OS_PROJECT_DOMAIN_NAME: _d, OS_USER_DOMAIN_NAME: _ud, ...rest } = env;
  return rest;
}

it("password by user name and domain, project by name and domain", async () => {
  const emu = emulator();
  await withClient({ env: emu.env() }, async (client) => {
    const [server] = fleetOf(emu);
    const console = await client.createConsole(server, VNC);
    expect(emu.isIssuedConsoleUrl(console.url)).toBe(true);
    expect(client.stats().tokenRequests).toBe(1);
  });
  expect(emu.counters().tokenIssues).toBe(1);
});

it("password by user id, project by id", async () => {
  const emu = emulator();
  const { userId, projectId } = await rawToken(emu.env());
  const env = { ...withoutPassword(emu.env()), OS_USER_ID: userId, OS_PASSWORD: "demo-secret", OS_PROJECT_ID: projectId };
  await withClient({ env }, async (client) => {
    expect(client.info.projectId).toBe(projectId);
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
});

it("application credential by id (no scope sent) and by name with its user", async () => {
  const emu = emulator();
  const credential = emu.createApplicationCredential("demo", "ci");
  const byId = { ...withoutPassword(emu.env()), OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: credential.secret };
  await withClient({ env: byId }, async (client) => {
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
  const byName = {
    ...withoutPassword(emu.env()),
    OS_APPLICATION_CREDENTIAL_NAME: "ci",
    OS_APPLICATION_CREDENTIAL_SECRET: credential.secret,
    OS_USERNAME: "demo",
    OS_USER_DOMAIN_NAME: "Default",
  };
  await withClient({ env: byName }, async (client) => {
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[1], VNC)).url)).toBe(true);
  });
  expect(emu.counters().tokenIssues).toBe(2);
});

it("token auth: an existing token gets a scoped token and the catalog", async () => {
  const emu = emulator();
  const { token, projectId } = await rawToken(emu.env());
  const env = { ...withoutPassword(emu.env()), OS_TOKEN: token, OS_PROJECT_ID: projectId };
  await withClient({ env }, async (client) => {
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
});

it("bad credentials: one token request, an auth error naming the user and never the password", async () => {
  const emu = emulator();
  const err = await rejection(connectClient({ env: { ...emu.env(), OS_PASSWORD: "wrong-hunter2" } }));
  expect(err).toBeInstanceOf(OpenStackError);
  expect(err.kind).toBe("auth");
  expect(err.message).toContain('POST /v3/auth/tokens with the password of user "demo" (domain "Default"): Keystone answered 401 Unauthorized');
  expect(err.message).toContain("Bad credentials");
  expect(err.message).not.toContain("hunter2");
  expect(emu.counters().tokenRequests).toBe(1);
});

it("a wrong application-credential secret is refused the same way", async () => {
  const emu = emulator();
  const credential = emu.createApplicationCredential("demo", "ci");
  const env = { ...withoutPassword(emu.env()), OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: "not-the-secret" };
  const err = await rejection(connectClient({ env }));
  expect(err.kind).toBe("auth");
  expect(err.message).toContain(`with application credential ${credential.id}: Keystone answered 401`);
  expect(err.message).not.toContain(credential.secret);
});

it("an expired token: a fleet re-authenticates exactly once, not once per server", async () => {
  const emu = emulator();
  for (let i = 0; i < 37; i++) emu.createServer({ name: `extra-${i}` });
  await withClient({ env: emu.env(), settings: { concurrency: 8 } }, async (client) => {
    emu.expireTokens();
    emu.resetCounters();
    const outcomes = await client.createConsoles(fleetOf(emu), VNC);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes).toHaveLength(40);
    expect(client.stats().tokenRequests).toBe(2);
  });
  const counters = emu.counters();
  expect(counters.tokenRequests).toBe(1);
  expect(counters.consoleCreations).toBe(40);
  // At most the requests in flight when the token died were refused and sent again.
  expect(counters.consoleRequests).toBeLessThanOrEqual(40 + 8);
});

it("a token that keeps failing after the fresh login is an auth error, without a login loop", async () => {
  const emu = emulator();
  await withClient({ env: emu.env() }, async (client) => {
    // Every token issued from now on dies at once: the renewal cannot help.
    emu.setFaults({ "identity.tokens": { tokenLifetimeSeconds: 0 } });
    emu.expireTokens();
    emu.resetCounters();
    const outcomes = await client.createConsoles(fleetOf(emu), VNC);
    for (const o of outcomes) {
      expect(o.ok).toBe(false);
      if (!o.ok) {
        expect(o.error.kind).toBe("auth");
        expect(o.error.message).toContain("answered 401 Unauthorized");
        expect(o.error.message).toContain("Nova refused the token even after a fresh login");
      }
    }
  });
  expect(emu.counters().tokenRequests).toBe(1);
});

it("token auth with a dead token cannot renew: the 401 says to check the token", async () => {
  const emu = emulator();
  const { token, projectId } = await rawToken(emu.env());
  const env = { ...withoutPassword(emu.env()), OS_TOKEN: token, OS_PROJECT_ID: projectId };
  await withClient({ env }, async (client) => {
    emu.expireTokens();
    const err = await rejection(client.createConsole(fleetOf(emu)[0], VNC));
    expect((err as OpenStackError).kind).toBe("auth");
    expect(err.message).toContain("Keystone answered 40");
    expect(err.message).not.toContain(token);
  });
});

it("renews a token shortly before it expires, without waiting for a 401", async () => {
  const { startEmulator } = await import("../../packages/openstack-emulator/src");
  const shortLived = await startEmulator({ servers: 1, tokenTtlSeconds: 2 });
  try {
    const [server] = fleetOf(shortLived);
    await withClient({ env: shortLived.env() }, async (client) => {
      for (let i = 0; i < 5; i++) await client.createConsole(server, VNC);
      expect(client.stats().tokenRequests).toBe(1);
      await new Promise((r) => setTimeout(r, 2_000));
      await client.createConsole(server, VNC);
      expect(client.stats().tokenRequests).toBe(2);
    });
    // No request was refused: the renewal came first.
    expect(shortLived.counters().consoleRequests).toBe(6);
    expect(shortLived.counters().consoleCreations).toBe(6);
  } finally {
    await shortLived.close();
  }
});
