/**
 * The emulator's console proxy, behaving as Nova's nova-novncproxy does for
 * the emulator's console tokens: it serves the console pages, upgrades the
 * WebSocket (websockify: `binary` must be among offered subprotocols), then
 * checks the token, the Origin and the VNC server, in Nova's order, closing
 * without a byte when one fails (what a browser shows as noVNC's code 1006);
 * then Nova's security proxy and a plain relay to the VNC server (a given
 * one, or the built-in one). Fault switches break each step on purpose.
 */
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { TlsMaterial } from "../http/listener";
import { notFoundPage, novncPage, spicePage, upgradeRefusedPage } from "./pages";
import { Closed, Reader } from "./reader";
import { resolveDesktop, startRfbServer, type RfbServer } from "./rfb-server";
import { negotiate } from "./security-proxy";
import type { ConsoleProxyFaults, ConsoleProxyOptions } from "./types";

/** What the proxy needs to know about a token: Nova's ConsoleAuthToken.validate. */
export type TokenCheck = (token: string) => { serverId: string; type: string } | undefined;

export interface ConsoleProxy {
  /** e.g. "http://127.0.0.1:41234" */
  readonly origin: string;
  /** Where it connects for a console (what GET /os-console-auth-tokens reports). */
  readonly vncTarget: { readonly host: string; readonly port: number };
  setFaults(faults: ConsoleProxyFaults): void;
  faults(): ConsoleProxyFaults;
  close(): Promise<void>;
}

export const PROXY_FAULTS: readonly (keyof ConsoleProxyFaults)[] = ["page404", "upgradeRefused", "tokenExpired", "vncUnreachable", "vncPasswordOnly", "hang"];

/** Checks a fault object from code or the control endpoint; throws Error with a one-line message. */
export function validateProxyFaults(value: unknown): ConsoleProxyFaults {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`console proxy faults: give an object such as {"tokenExpired": true}; switches: ${PROXY_FAULTS.join(", ")}`);
  }
  for (const [name, on] of Object.entries(value)) {
    if (!(PROXY_FAULTS as readonly string[]).includes(name)) throw new Error(`console proxy faults: unknown switch "${name}"; use ${PROXY_FAULTS.join(", ")}`);
    if (typeof on !== "boolean") throw new Error(`console proxy faults: "${name}" must be true or false`);
  }
  return { ...(value as ConsoleProxyFaults) };
}

function tokenOf(req: http.IncomingMessage): string {
  const query = new URL(req.url ?? "/", "http://proxy").searchParams.get("token");
  if (query) return query;
  // noVNC's own convention: the token as a cookie
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, v] = part.trim().split("=");
    if (k === "token" && v) return v;
  }
  return "";
}

/** Nova's Origin check: the Origin's host must be the Host header's (or allowed), its scheme the proxy's. */
function originAccepted(req: http.IncomingMessage, secure: boolean, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // a non-browser client
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const host = (req.headers.host ?? "").replace(/^\[([^\]]+)\].*$/, "$1").replace(/:\d+$/, "");
  const hostname = parsed.hostname.replace(/^\[|\]$/g, "");
  if (hostname === "" || (hostname !== host && !allowed.includes(hostname))) return false;
  return parsed.protocol === (secure ? "https:" : "http:");
}

export async function startConsoleProxy(host: string, options: ConsoleProxyOptions, checkToken: TokenCheck, tls?: TlsMaterial): Promise<ConsoleProxy> {
  let faults = validateProxyFaults(options.faults ?? {});
  const desktop = resolveDesktop(options.desktop);
  const builtIn: RfbServer | undefined = options.vncServer ? undefined : await startRfbServer(desktop, () => faults.vncPasswordOnly === true);
  const target = options.vncServer ?? { host: builtIn!.host, port: builtIn!.port };
  const allowed = options.allowedOrigins ?? [];
  const secure = tls !== undefined;
  const sockets = new Set<Duplex>();
  const track = (s: Duplex): void => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (faults.hang) return; // the response never comes
    const path = new URL(req.url ?? "/", "http://proxy").pathname;
    const page = faults.page404 ? undefined : path === "/vnc_lite.html" || path === "/vnc_auto.html" || path === "/vnc.html" ? novncPage(path) : path === "/spice_auto.html" ? spicePage() : undefined;
    const [status, body] = page ? [200, page] : [404, notFoundPage()];
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body), Server: "WebSockify Python/3.11" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.on("connection", track);
  server.on("secureConnection", track);
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => (offered.has("binary") ? "binary" : false) });

  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    track(socket);
    if (faults.hang) return;
    if (faults.upgradeRefused) {
      const body = upgradeRefusedPage();
      socket.end(`HTTP/1.1 400 Bad request\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const offered = req.headers["sec-websocket-protocol"];
    if (offered !== undefined && !offered.split(",").map((p) => p.trim()).includes("binary")) {
      const body = "Client must support 'binary' or 'base64' protocol";
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void bridge(ws, req);
    });
  });

  async function bridge(ws: WebSocket, req: http.IncomingMessage): Promise<void> {
    const tenant = new Reader();
    ws.on("message", (data: Buffer) => tenant.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
    ws.on("close", () => tenant.end());
    ws.on("error", () => tenant.end());
    // Nova's order: the token (and the console port, over RPC), then the Origin, then the connection.
    const valid = checkToken(tokenOf(req));
    // (tokenExpired is applied by the token store, so Nova's API agrees with the proxy.)
    if (!valid || !originAccepted(req, secure, allowed)) return void ws.terminate();
    const compute = await connect(faults.vncUnreachable ? { host: target.host, port: await closedPort() } : target);
    if (!compute) return void ws.terminate();
    const computeReader = new Reader();
    compute.on("data", (chunk: Buffer) => computeReader.push(chunk));
    compute.on("close", () => {
      computeReader.end();
      ws.terminate();
    });
    ws.on("close", () => compute.destroy());
    try {
      const result = await negotiate(tenant, (b) => ws.send(b), computeReader, (b) => compute.write(b));
      if (!result.ok) {
        compute.destroy();
        if (result.silent) return void ws.terminate();
        ws.send(result.tenantMessage);
        return void ws.close(1000);
      }
    } catch (err) {
      if (!(err instanceof Closed)) throw err;
      compute.destroy();
      return void ws.terminate();
    }
    // Relay: what each side sent meanwhile first, then as it comes.
    compute.removeAllListeners("data");
    ws.removeAllListeners("message");
    const pending = computeReader.drain();
    if (pending.length) ws.send(pending);
    const fromTenant = tenant.drain();
    if (fromTenant.length) compute.write(fromTenant);
    compute.on("data", (chunk: Buffer) => ws.send(chunk));
    ws.on("message", (data: Buffer) => compute.write(data));
  }

  function connect(to: { host: string; port: number }): Promise<net.Socket | undefined> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: to.host, port: to.port });
      track(socket);
      socket.setTimeout(5000, () => socket.destroy());
      socket.once("connect", () => {
        socket.setTimeout(0);
        resolve(socket);
      });
      socket.once("error", () => resolve(undefined));
      socket.once("close", () => resolve(undefined));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${secure ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    origin,
    vncTarget: target,
    setFaults: (next) => {
      faults = validateProxyFaults(next);
    },
    faults: () => ({ ...faults }),
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => server.close(() => done()));
      await builtIn?.close();
    },
  };
}

/** A port nothing listens on (bound, then released): what an unreachable VNC server looks like. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
