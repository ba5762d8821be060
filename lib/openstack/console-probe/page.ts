/**
 * The page step: GET the console URL as a browser does and check it is the
 * console client (for noVNC, as tempest checks: 200, an HTML document with
 * `noVNC` and a `<script>`). Connection and TLS failures are reported as
 * their own steps.
 */
import type { Dispatcher } from "undici";
import { cloudSaid } from "../errors";
import { isTlsErrorCode, transportErrorCode } from "../http/transport-errors";
import { ProbeStop } from "./outcome";
import type { ProbeTarget } from "./target";

const MAX_PAGE_BYTES = 2 * 1024 * 1024;
const USER_AGENT = "openstack-console-cdktf console probe";

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "EADDRNOTAVAIL"]);

const HINT_BASE_URL =
  "The console URL comes from Nova's [vnc] novncproxy_base_url (spice: [spice] html5proxy_base_url) on the compute hosts: it must name the proxy as users reach it, and a page it serves (vnc_lite.html with noVNC 1.x).";

/** A transport failure as the step it belongs to: connect (DNS, TCP) or tls (handshake, certificate). */
export function transportStop(err: unknown, host: string, during: string): ProbeStop {
  const code = transportErrorCode(err);
  if (isTlsErrorCode(code)) {
    return new ProbeStop(
      "tls",
      `the TLS handshake with ${host} failed (${code})`,
      "The console proxy's certificate is not trusted: pass its CA bundle with --os-cacert, OS_CACERT or cacert in clouds.yaml, as for the APIs (insecure skips verification, for test clouds only).",
    );
  }
  if (CONNECT_CODES.has(code)) {
    const what = code === "ENOTFOUND" || code === "EAI_AGAIN" ? `the proxy's host name ${host.replace(/:\d+$/, "")} does not resolve` : `cannot connect to the console proxy at ${host}`;
    return new ProbeStop(
      "connect",
      `${what} (${code})`,
      "Users open the URL from their own machines: the proxy must listen there and be reachable; check novncproxy_base_url's host and port, the proxy service, and any firewall.",
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProbeStop(during === "page" ? "page" : "websocket", `the connection to ${host} failed during the ${during} (${code === "unknown" ? cloudSaid(message) : code})`, "Retry; if it persists, check the proxy and anything between it and here (load balancer, proxy).");
}

export interface PageCheck {
  /** Things a person should know although the page loaded (e.g. the full noVNC client, which waits for a click). */
  readonly notes: string[];
}

export async function checkPage(target: ProbeTarget, pageUrl: string, dispatcher: Dispatcher, signal: AbortSignal): Promise<PageCheck> {
  const host = new URL(pageUrl).host;
  let status: number;
  let body: string;
  try {
    const { request } = await import("undici");
    const res = await request(pageUrl, {
      dispatcher,
      method: "GET",
      signal,
      headers: { accept: "text/html,*/*", "user-agent": USER_AGENT },
    });
    status = res.statusCode;
    body = await readBounded(res.body);
  } catch (err) {
    if (signal.aborted || err instanceof ProbeStop) throw err;
    throw transportStop(err, host, "page");
  }
  if (status !== 200) {
    const said = cloudSaid(body);
    throw new ProbeStop("page", `GET ${target.display} answered ${status}${said ? `: ${said}` : ""}`, HINT_BASE_URL);
  }
  const lower = body.toLowerCase();
  const isHtml = lower.includes("<html") && lower.includes("<script");
  if (target.type === "novnc") {
    if (!isHtml || !body.includes("noVNC")) {
      const said = cloudSaid(body);
      throw new ProbeStop("page", `GET ${target.display} answered 200 but not with a noVNC page${said ? `: "${said.slice(0, 120)}"` : " (empty)"}`, HINT_BASE_URL);
    }
    const notes: string[] = [];
    // noVNC 1.x: vnc.html (and vnc_auto.html, a link to it) waits for a Connect click unless autoconnect=true.
    if (body.includes("noVNC_connect_button") && !/[?&]autoconnect=(true|1)\b/.test(pageUrl)) {
      notes.push("the URL opens noVNC's full client, which waits for a click on Connect: point novncproxy_base_url at vnc_lite.html (noVNC 1.x)");
    }
    return { notes };
  }
  if (!isHtml) throw new ProbeStop("page", `GET ${target.display} answered 200 but not with an HTML page`, HINT_BASE_URL);
  return { notes: [] };
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_PAGE_BYTES) {
      body.destroy?.();
      throw new ProbeStop("page", `the page is larger than ${MAX_PAGE_BYTES / 1024 / 1024} MiB: not a console page`, HINT_BASE_URL);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
