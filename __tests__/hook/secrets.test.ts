/**
 * Secrets planted in the hook's environment (a password, an application
 * credential secret, a token) never appear in its stdout or stderr, whether
 * the run succeeds or fails.
 */
import { startEmulator, type Emulator } from "../../lib/emulator";
import { rawToken } from "../openstack/support/emulator";
import { buildHook, runHook, serversQuery } from "./support";

let emu: Emulator;
beforeAll(async () => {
  buildHook();
  emu = await startEmulator({ servers: 3, profile: "zed" });
});
afterAll(async () => emu.close());

const base = () => {
  const { OS_USERNAME: _u, OS_PASSWORD: _p, ...rest } = emu.env();
  return rest;
};

it("password, application-credential secret and token stay out of every output", async () => {
  const servers = emu.listServers().map((s) => ({ name: s.name, id: s.id }));
  const credential = emu.createApplicationCredential("demo", "hook");
  const { token, projectId } = await rawToken(emu.env());
  const deleted = emu.createServer({ name: "gone" });
  emu.deleteServer(deleted.id);
  const withGone = serversQuery([...servers, { name: "gone", id: deleted.id }]);

  const password = { ...emu.env() };
  const appCred = { ...base(), OS_APPLICATION_CREDENTIAL_ID: credential.id, OS_APPLICATION_CREDENTIAL_SECRET: credential.secret };
  const tokenAuth = { ...base(), OS_TOKEN: token, OS_PROJECT_ID: projectId };
  const secrets = [password.OS_PASSWORD, credential.secret, token];

  const runs = await Promise.all([
    runHook({ servers: serversQuery(servers) }, password),
    runHook({ servers: serversQuery(servers) }, appCred),
    runHook({ servers: serversQuery(servers) }, tokenAuth),
    runHook({ servers: withGone }, password),
    runHook({ servers: withGone }, appCred),
    runHook({ servers: withGone, tolerate_unavailable: "true" }, tokenAuth),
    runHook({ servers: serversQuery(servers) }, { ...password, OS_PASSWORD: `${password.OS_PASSWORD}-wrong` }),
    runHook({ servers: serversQuery(servers) }, { ...appCred, OS_APPLICATION_CREDENTIAL_SECRET: `${credential.secret}x` }),
    runHook({ servers: serversQuery(servers), protocol: "spice", type: "spice-html5" }, tokenAuth),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 1, 1, 0, 1, 1, 1]);
  for (const run of runs) {
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    // Console URLs only ever go to stdout.
    expect(run.stderr).not.toMatch(/token(=|%3D)/i);
  }
});
