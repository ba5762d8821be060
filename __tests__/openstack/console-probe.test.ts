/**
 * The console probe against the emulator's console proxy (Nova's behaviour:
 * page, WebSocket, token and Origin checks, security proxy, a VNC server
 * behind it), one test per step that can fail, and the bad input a real
 * deployment throws at it: a URL that is not http(s), HTML that is not noVNC,
 * a proxy that hangs, a WebSocket that speaks something else than RFB.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { OpenStackClient, describeProbe, probeConsole, tlsConnectOptions, type ProbeOutcome } from "../../lib/openstack";
import { connectClient } from "./support/emulator";

let emulator: Emulator;
let admin: OpenStackClient;
let demo: OpenStackClient;
let serverId: string;

beforeAll(async () => {
  emulator = await startEmulator({ servers: 1, profile: "upstream" });
  serverId = emulator.listServers()[0].id;
  admin = await connectClient({ env: emulator.env("admin") });
  demo = await connectClient({ env: emulator.env("demo") });
});
afterEach(() => emulator.setConsoleProxyFaults({}));
afterAll(async () => {
  await Promise.all([admin.close(), demo.close()]);
  await emulator.close();
});

async function mint(client: OpenStackClient, type = "novnc", protocol = "vnc") {
  return client.createConsole({ id: serverId }, { protocol, type });
}

function tokenOf(url: string): string {
  return /token(?:%3D|=)([0-9a-f-]{36})/.exec(url)![1];
}

/** The outcome, with the guarantee every test relies on: no token in anything it says. */
function checked(outcome: ProbeOutcome, url: string): ProbeOutcome {
  expect(JSON.stringify(outcome)).not.toContain(tokenOf(url));
  expect(describeProbe(outcome)).not.toContain(tokenOf(url));
  return outcome;
}

function failed(outcome: ProbeOutcome): { step: string; reason: string; hint: string } {
  if (outcome.opens) throw new Error(`expected a failure, got ${describeProbe(outcome)}`);
  return outcome;
}

describe("a console that opens", () => {
  test("noVNC: page, WebSocket, RFB 3.8 to ServerInit with the desktop's name and size", async () => {
    const c = await mint(admin);
    const outcome = checked(await admin.probeConsole(c), c.url);
    expect(outcome).toMatchObject({ opens: true, reached: "server-init", rfbVersion: "3.8", desktop: { name: "emulator", width: 800, height: 600 }, notes: [] });
    expect(describeProbe(outcome)).toBe('opens: "emulator" 800x600 (RFB 3.8)');
  });

  test("the virtuozzo profile's URLs, in the Virtuozzo document's shape, open through the websockify path", async () => {
    const vz = await startEmulator({ servers: 1, profile: "virtuozzo" });
    const client = await connectClient({ env: vz.env("admin") });
    try {
      const c = await client.createConsole({ id: vz.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
      expect(c.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html\?path=websockify%3Ftoken%3D([0-9a-f-]{36})&token=\1$/);
      expect(vz.isIssuedConsoleUrl(c.url)).toBe(true);
      const outcome = checked(await client.probeConsole(c), c.url);
      expect(outcome).toMatchObject({ opens: true, reached: "server-init", notes: [] });
    } finally {
      await client.close();
      await vz.close();
    }
  });

  test("the full noVNC client (vnc.html) opens, with a note that it waits for a click", async () => {
    const c = await mint(admin);
    const url = c.url.replace("/vnc_auto.html", "/vnc.html");
    const outcome = checked(await admin.probeConsole({ url, type: "novnc" }), url);
    expect(outcome.opens).toBe(true);
    expect(outcome.notes).toEqual([expect.stringMatching(/waits for a click on Connect: point novncproxy_base_url at vnc_lite\.html/)]);
  });

  test.each([
    ["spice", "spice-html5"],
    ["serial", "serial"],
    ["mks", "webmks"],
  ])("%s/%s: as far as the WebSocket upgrade, and the outcome says so", async (protocol, type) => {
    const c = await mint(admin, type, protocol);
    const outcome = checked(await admin.probeConsole(c), c.url);
    expect(outcome).toMatchObject({ opens: true, reached: "websocket" });
    expect(outcome.notes.join(" ")).toMatch(new RegExp(`went as far as the WebSocket upgrade.*does not speak ${type}'s protocol`));
  });

  test("over TLS, verified with the cloud's CA, as the client's other calls", async () => {
    const tls = await startEmulator({ servers: 1, tls: true });
    const client = await connectClient({ env: tls.env("admin") });
    try {
      const c = await client.createConsole({ id: tls.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
      expect(c.url.startsWith(`${tls.consoleProxyUrl}/`)).toBe(true);
      expect(checked(await client.probeConsole(c), c.url).opens).toBe(true);
      // Without the CA the same URL fails at the tls step, not later.
      const { Agent } = await import("undici");
      const agent = new Agent();
      const outcome = await probeConsole(c.url, { type: "novnc", tls: tlsConnectOptions({ insecure: false }), dispatcher: agent });
      await agent.close();
      expect(failed(checked(outcome, c.url))).toMatchObject({ step: "tls", reason: expect.stringMatching(/TLS handshake with 127\.0\.0\.1:\d+ failed \(/) });
      expect(failed(outcome).hint).toMatch(/--os-cacert/);
    } finally {
      await client.close();
      await tls.close();
    }
  });
});

describe("each step that fails is named, with the proxy's words", () => {
  test("page: the proxy answers 404 (the base URL names a page it does not serve)", async () => {
    emulator.setConsoleProxyFaults({ page404: true });
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c), c.url));
    expect(f.step).toBe("page");
    expect(f.reason).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html answered 404: .*File not found/);
    expect(f.hint).toMatch(/novncproxy_base_url/);
  });

  test("websocket: the upgrade is refused (a balancer that does not pass it through)", async () => {
    emulator.setConsoleProxyFaults({ upgradeRefused: true });
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c), c.url));
    expect(f).toMatchObject({ step: "websocket", reason: expect.stringMatching(/^the proxy answered the WebSocket upgrade with 400 Bad request, not 101 Switching Protocols: 400 Bad request Your browser sent an invalid request/) });
  });

  test("websocket: an expired token, named as such when Nova (admin) says it does not know it", async () => {
    emulator.setConsoleProxyFaults({ tokenExpired: true });
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c), c.url));
    expect(f.step).toBe("websocket");
    expect(f.reason).toMatch(/closed the WebSocket right after the upgrade without sending a byte, and Nova does not know the console token: it is invalid or has expired/);
    expect(f.hint).toMatch(/token_ttl/);
  });

  test("websocket: a made-up token is refused the same way", async () => {
    const c = await mint(admin);
    const url = c.url.replace(/token%3D[0-9a-f-]{36}/, "token%3D00000000-0000-4000-8000-000000000000");
    const f = failed(await admin.probeConsole({ url, type: "novnc" }));
    expect(f).toMatchObject({ step: "websocket", reason: expect.stringMatching(/Nova does not know the console token/) });
  });

  test("websocket: without admin rights the probe says it cannot tell a bad token from an unreachable console, and why", async () => {
    emulator.setConsoleProxyFaults({ tokenExpired: true });
    const c = await mint(demo);
    const f = failed(checked(await demo.probeConsole(c), c.url));
    expect(f.step).toBe("websocket");
    expect(f.reason).toMatch(/the token is invalid or expired, or the proxy cannot reach the VNC server \(only an admin may ask Nova about console tokens/);
  });

  test("websocket: an Origin the proxy refuses is named (the same token opens without one)", async () => {
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c, { origin: "https://dashboard.example.com" }), c.url));
    expect(f.step).toBe("websocket");
    expect(f.reason).toBe("the proxy refused the Origin https://dashboard.example.com (the same token opens without an Origin)");
    expect(f.hint).toMatch(/allowed_origins/);
  });

  test("an Origin listed in allowed_origins passes", async () => {
    const allowing = await startEmulator({ servers: 1, consoleProxy: { allowedOrigins: ["dashboard.example.com"] } });
    const client = await connectClient({ env: allowing.env("admin") });
    try {
      const c = await client.createConsole({ id: allowing.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
      expect((await client.probeConsole(c, { origin: "http://dashboard.example.com" })).opens).toBe(true);
      // the scheme must still match the proxy's
      expect(failed(await client.probeConsole(c, { origin: "https://dashboard.example.com" })).step).toBe("websocket");
    } finally {
      await client.close();
      await allowing.close();
    }
  });

  test("rfb: the proxy cannot reach the VNC server (Nova knows the token, so it is not a token problem)", async () => {
    emulator.setConsoleProxyFaults({ vncUnreachable: true });
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c), c.url));
    expect(f.step).toBe("rfb");
    expect(f.reason).toMatch(/^the proxy accepted the WebSocket but could not reach the console's VNC server at 127\.0\.0\.1:\d+ \(Nova knows the token/);
    expect(f.hint).toMatch(/server_proxyclient_address/);
  });

  test("rfb: a VNC server that offers only password authentication, in Nova's proxy's words", async () => {
    emulator.setConsoleProxyFaults({ vncPasswordOnly: true });
    const c = await mint(admin);
    const f = failed(checked(await admin.probeConsole(c), c.url));
    expect(f).toMatchObject({ step: "rfb", reason: 'the proxy could not negotiate security with the VNC server: "Unable to negotiate security with server"' });
    expect(f.hint).toMatch(/auth_schemes/);
  });

  test("page: a proxy that accepts and never answers ends at the probe's own timeout", async () => {
    emulator.setConsoleProxyFaults({ hang: true });
    const c = await mint(admin);
    const started = Date.now();
    const f = failed(checked(await admin.probeConsole(c, { timeoutMs: 500 }), c.url));
    expect(f).toMatchObject({ step: "page", reason: "the page got no answer within 0.5 s" });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("bad input: one line each, never the token", () => {
  const probeOf = (url: string, type = "novnc") => admin.probeConsole({ url, type }, { timeoutMs: 1500 });

  test.each([
    ["ftp://127.0.0.1:6080/vnc_lite.html?path=%3Ftoken%3D0b5c5e0e-3c39-4f5e-9d3e-6c0e1f7d2a11", /^the console URL's scheme is ftp, not http\(s\)$/],
    ["not a url ?token=0b5c5e0e-3c39-4f5e-9d3e-6c0e1f7d2a11", /^the console URL is not a URL$/],
    ["http://127.0.0.1:6080/vnc_lite.html", /carries no token/],
  ])("%s: url step", async (url, reason) => {
    const f = failed(await probeOf(url));
    expect(f).toMatchObject({ step: "url", reason: expect.stringMatching(reason) });
    expect(JSON.stringify(f)).not.toContain("0b5c5e0e");
  });

  test("a type the probe cannot open (rdp-html5) is said so at the url step", async () => {
    expect(failed(await probeOf("http://127.0.0.1:6083/?token=abc", "rdp-html5"))).toMatchObject({ step: "url", reason: "rdp-html5 consoles have no browser client the probe can play" });
  });

  test("connect: nothing listens at the proxy's address", async () => {
    const port = await closedPort();
    const f = failed(await probeOf(`http://127.0.0.1:${port}/vnc_lite.html?path=%3Ftoken%3Dabc`));
    expect(f).toMatchObject({ step: "connect", reason: `cannot connect to the console proxy at 127.0.0.1:${port} (ECONNREFUSED)` });
  });

  describe("servers that are not Nova's proxy", () => {
    let server: http.Server;
    let origin: string;
    let hangs: net.Server;
    let hangOrigin: string;
    const held = new Set<net.Socket>();
    beforeAll(async () => {
      const wss = new WebSocketServer({ noServer: true, handleProtocols: () => "binary" });
      server = http.createServer((req, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(req.url?.startsWith("/novnc") ? "<html><head><title>noVNC</title><script></script></head></html>" : "<html><body><h1>It works!</h1></body></html>");
      });
      server.on("upgrade", (req, socket, head) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          if (req.url?.includes("ssh")) ws.send(Buffer.from("SSH-2.0-OpenSSH_9.2p1\r\n"));
          // "silent": upgrade, then say nothing
        });
      });
      hangs = net.createServer((s) => held.add(s)); // accepts, never answers
      await Promise.all([new Promise<void>((r) => server.listen(0, "127.0.0.1", r)), new Promise<void>((r) => hangs.listen(0, "127.0.0.1", r))]);
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      hangOrigin = `http://127.0.0.1:${(hangs.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const s of held) s.destroy();
      server.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => hangs.close(r))]);
    });

    test("HTML that is not noVNC: page step, with what the page says", async () => {
      const f = failed(await probeOf(`${origin}/vnc_lite.html?path=%3Ftoken%3Dabc`));
      expect(f).toMatchObject({ step: "page", reason: expect.stringMatching(/answered 200 but not with a noVNC page: "It works!"/) });
    });

    test("a proxy that hangs: the probe's own timeout, at the step it hung", async () => {
      const f = failed(await admin.probeConsole({ url: `${hangOrigin}/vnc_lite.html?path=%3Ftoken%3Dabc`, type: "novnc" }, { timeoutMs: 400 }));
      expect(f).toMatchObject({ step: "page", reason: "the page got no answer within 0.4 s" });
    });

    test("something that is not a VNC server behind the WebSocket: rfb step, with what it sent", async () => {
      const f = failed(await probeOf(`${origin}/novnc?path=ssh%3Ftoken%3Dabc`));
      expect(f).toMatchObject({ step: "rfb", reason: expect.stringMatching(/sent "SSH-2.0-Open" where an RFB ProtocolVersion belongs/) });
    });

    test("a WebSocket that stays silent: rfb step at the timeout", async () => {
      const f = failed(await admin.probeConsole({ url: `${origin}/novnc?path=%3Ftoken%3Dabc`, type: "novnc" }, { timeoutMs: 400 }));
      expect(f).toMatchObject({ step: "rfb", reason: "the proxy upgraded the WebSocket but sent no RFB ProtocolVersion within 0.4 s" });
    });
  });
});

describe("the emulator's proxy and Nova's API agree on tokens", () => {
  test("os-console-auth-tokens: admin sees where the proxy connects; others are refused; unknown is 404", async () => {
    const c = await mint(admin);
    expect(await admin.checkConsoleToken(tokenOf(c.url))).toEqual({ known: true, instanceUuid: serverId, host: "127.0.0.1", port: expect.any(Number) });
    expect(await admin.checkConsoleToken("00000000-0000-4000-8000-000000000000")).toEqual({ known: false });
    expect(await demo.checkConsoleToken(tokenOf(c.url))).toMatchObject({ known: "unknown", why: expect.stringMatching(/only an admin/) });
  });

  test("a token past the console TTL is refused by the proxy and unknown to Nova", async () => {
    const short = await startEmulator({ servers: 1, consoleTokenTtlSeconds: 0.2 });
    const client = await connectClient({ env: short.env("admin") });
    try {
      const c = await client.createConsole({ id: short.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
      await new Promise((r) => setTimeout(r, 300));
      expect(failed(await client.probeConsole(c))).toMatchObject({ step: "websocket", reason: expect.stringMatching(/invalid or has expired/) });
    } finally {
      await client.close();
      await short.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
