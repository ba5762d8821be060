/**
 * Consoles that open, on the real chain: URLs minted by real Nova (through
 * the hook and the CLI) opened through Debian's nova-novncproxy to the
 * harness's Xtigervnc, to RFB ServerInit; and each way the chain fails,
 * named as the probe names it: a made-up or expired token at the WebSocket
 * step, a wrong Origin, a stopped VNC server as the proxy's failure to reach
 * the console (the server is started again afterwards).
 */
import { runCli, runHook } from "../../__tests__/helpers/run";
import { describeProbe, type OpenStackClient, type ProbeOutcome } from "../../lib/openstack";
import { expireConsoleToken, restoreConsoleChain, stopVncServer } from "./support/console-chain";
import { NOVNC, expectIssuedFor, sandbox, type Sandbox } from "./support/real-client";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
let box: Sandbox;
let admin: OpenStackClient;

beforeAll(async () => {
  box = sandbox();
  admin = await box.connect(passwordEnv("admin"));
});
afterAll(() => box.dispose());

const tokenOf = (url: string): string => /token%3D([0-9a-f-]{36})/.exec(url)![1];

function noSecrets(text: string, url?: string): void {
  for (const secret of knownSecrets()) expect(text).not.toContain(secret);
  if (url) expect(text).not.toContain(tokenOf(url));
}

function opened(outcome: ProbeOutcome): void {
  expect(describeProbe(outcome)).toBe('opens: "fakevm" 800x600 (RFB 3.8)');
}

function failure(outcome: ProbeOutcome): { step: string; reason: string } {
  if (outcome.opens) throw new Error(`expected the console not to open: ${describeProbe(outcome)}`);
  return outcome;
}

test("the chain under test: nova-novncproxy's noVNC 1.3 vnc_lite.html is what Nova's URLs point at", async () => {
  const c = await admin.createConsole({ id: real.servers.active }, NOVNC);
  expectIssuedFor(c.url, real.servers.active);
  expect(c.url.startsWith(`${real.consoleChain.novncUrl}?path=`)).toBe(true);
});

test("a URL minted by the hook opens through the real proxy to ServerInit (and the hook's own probe says so)", async () => {
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin") };
  const run = await runHook({ servers: JSON.stringify({ vm1: real.servers.active }), probe: "true" }, { env });
  expect([run.code, run.stderr]).toEqual([0, ""]);
  const url = (JSON.parse(run.stdout) as Record<string, string>).vm1;
  expectIssuedFor(url, real.servers.active);
  const outcome = await admin.probeConsole({ url, type: "novnc" });
  opened(outcome);
  noSecrets(JSON.stringify(outcome), url);
});

test("a URL minted by the CLI opens: os-console url --probe, and the client's probe of the printed URL", async () => {
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin") };
  const probed = await runCli(["url", "vm1", "--probe", "-f", "json"], { env });
  expect(probed.code).toBe(0);
  const [row] = JSON.parse(probed.stdout) as Array<{ url: string; probe: unknown }>;
  expect(row.probe).toMatchObject({ opens: true, reached: "server-init", desktop: { name: "fakevm", width: 800, height: 600 } });
  noSecrets(probed.stderr, row.url);

  const value = await runCli(["url", real.servers.active, "-f", "value"], { env });
  const url = value.stdout.trim();
  expectIssuedFor(url, real.servers.active);
  opened(await admin.probeConsole({ url, type: "novnc" }));
});

test("os-console audit --probe: the real servers' consoles open, the unscheduled one is not ready; exit 1", async () => {
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin") };
  const r = await runCli(["audit", "--probe", "-f", "json"], { env, killAfterMs: 100_000 });
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { servers: Array<{ id: string; checks: Array<{ outcome: string; probe?: { opens: boolean; desktop?: { name: string } } }> }> };
  const check = (id: string) => report.servers.find((s) => s.id === id)!.checks[0];
  expect(check(real.servers.active)).toMatchObject({ outcome: "available", probe: { opens: true, desktop: { name: "fakevm" } } });
  expect(check(real.servers.unscheduled)).toMatchObject({ outcome: "not-ready" });
  noSecrets(r.stdout + r.stderr);
});

test("a made-up token: refused at the websocket step, and Nova confirms it does not know it", async () => {
  const c = await admin.createConsole({ id: real.servers.active }, NOVNC);
  const url = c.url.replace(/token%3D[0-9a-f-]{36}/, "token%3D00000000-0000-4000-8000-000000000000");
  const f = failure(await admin.probeConsole({ url, type: "novnc" }));
  expect(f.step).toBe("websocket");
  expect(f.reason).toBe("the proxy closed the WebSocket right after the upgrade without sending a byte, and Nova does not know the console token: it is invalid or has expired");
});

test("an expired token (Nova's record past its expiry): refused at the websocket step", async () => {
  const c = await admin.createConsole({ id: real.servers.active }, NOVNC);
  opened(await admin.probeConsole(c)); // valid until...
  expireConsoleToken(c.url);
  const f = failure(await admin.probeConsole(c));
  expect(f).toMatchObject({ step: "websocket", reason: expect.stringMatching(/Nova does not know the console token: it is invalid or has expired$/) });
  noSecrets(JSON.stringify(f), c.url);
});

test("a wrong Origin is named: nova-novncproxy refuses it, the same token opens without one", async () => {
  const c = await admin.createConsole({ id: real.servers.active }, NOVNC);
  const f = failure(await admin.probeConsole(c, { origin: "https://dashboard.example.com" }));
  expect(f).toMatchObject({ step: "websocket", reason: "the proxy refused the Origin https://dashboard.example.com (the same token opens without an Origin)" });
  // the page's own origin (what a browser sends) passes
  opened(await admin.probeConsole(c));
});

test("a stopped VNC server is the proxy failing to reach the console, not a token problem", async () => {
  const c = await admin.createConsole({ id: real.servers.active }, NOVNC);
  try {
    stopVncServer();
    const f = failure(await admin.probeConsole(c));
    expect(f.step).toBe("rfb");
    expect(f.reason).toBe(`the proxy accepted the WebSocket but could not reach the console's VNC server at 127.0.0.1:${real.consoleChain.vncPort} (Nova knows the token; the proxy closed without sending RFB)`);
  } finally {
    restoreConsoleChain();
  }
  opened(await admin.probeConsole(await admin.createConsole({ id: real.servers.active }, NOVNC)));
});

test("a project member's probe may not ask Nova about tokens, and says it cannot tell which refusal it was", async () => {
  const demo = await box.connect(passwordEnv("demo"));
  const c = await demo.createConsole({ id: real.servers.demo }, NOVNC);
  opened(await demo.probeConsole(c));
  const url = c.url.replace(/token%3D[0-9a-f-]{36}/, "token%3D00000000-0000-4000-8000-000000000000");
  const f = failure(await demo.probeConsole({ url, type: "novnc" }));
  expect(f).toMatchObject({ step: "websocket", reason: expect.stringMatching(/the token is invalid or expired, or the proxy cannot reach the VNC server \(.*admin/) });
});
