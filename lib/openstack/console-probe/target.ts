/**
 * A minted console URL read as a browser reads it: the page to load, the
 * WebSocket the page opens (noVNC: its `path` parameter; the other types:
 * the proxy's root with `?token=`), and the Origin the browser sends. The
 * token stays inside this object: `display` is the URL without its query.
 */
import { ProbeStop } from "./outcome";

/** The console types the probe knows how to open, and how far. */
export type ProbeDepth = "rfb" | "upgrade";

const DEPTH: Record<string, ProbeDepth> = {
  novnc: "rfb",
  "spice-html5": "upgrade",
  serial: "upgrade",
  webmks: "upgrade",
};

export interface ProbeTarget {
  readonly type: string;
  readonly depth: ProbeDepth;
  /** The page a browser loads first (noVNC, SPICE); undefined when the URL is the WebSocket itself (serial) or the page is a vendor's (webmks). */
  readonly pageUrl?: string;
  readonly websocketUrl: string;
  /** What a browser on that page sends as Origin: the page's origin. */
  readonly origin: string;
  /** Scheme, host, port and path, without the query that holds the token: safe to print. */
  readonly display: string;
  /** The console token, for asking Nova about it; never printed. */
  readonly token: string;
}

const HINT_URL = "Mint the URL with os-console url (or the stack's console outputs) and pass it whole, quoted.";

function parse(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new ProbeStop("url", "the console URL is not a URL", HINT_URL);
  }
}

function webSocketScheme(httpScheme: string): string {
  return httpScheme === "https:" ? "wss:" : "ws:";
}

function httpScheme(wsScheme: string): string {
  return wsScheme === "wss:" ? "https:" : "http:";
}

/** noVNC's token travels in `path` (`?path=%3Ftoken%3D...`, a path relative to the proxy's root); other types' in `token`. */
function novncWebSocketPath(url: URL): { path: string; token: string | null } {
  const path = url.searchParams.get("path");
  if (path !== null) {
    const relative = path.replace(/^\/+/, "");
    const query = relative.includes("?") ? relative.slice(relative.indexOf("?") + 1) : "";
    return { path: `/${relative}`, token: new URLSearchParams(query).get("token") };
  }
  const token = url.searchParams.get("token");
  // noVNC's default path is "websockify"; websockify and Nova's proxy accept the token on any path.
  return { path: `/websockify?token=${encodeURIComponent(token ?? "")}`, token };
}

export function probeTarget(url: string, type: string): ProbeTarget {
  const depth = DEPTH[type];
  if (!depth) {
    throw new ProbeStop("url", `${type} consoles have no browser client the probe can play`, "Probe a novnc, spice-html5, serial or webmks console.");
  }
  const parsed = parse(url);
  const display = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  const wantsWebSocket = type === "serial";
  const schemes = wantsWebSocket ? ["ws:", "wss:", "http:", "https:"] : ["http:", "https:"];
  if (!schemes.includes(parsed.protocol)) {
    const expected = wantsWebSocket ? "ws(s) or http(s)" : "http(s)";
    throw new ProbeStop("url", `the console URL's scheme is ${parsed.protocol.replace(/:$/, "")}, not ${expected}`, HINT_URL);
  }
  if (!parsed.hostname) throw new ProbeStop("url", "the console URL has no host", HINT_URL);

  const isWs = parsed.protocol === "ws:" || parsed.protocol === "wss:";
  const origin = `${isWs ? httpScheme(parsed.protocol) : parsed.protocol}//${parsed.host}`;
  const wsBase = `${isWs ? parsed.protocol : webSocketScheme(parsed.protocol)}//${parsed.host}`;
  if (type === "novnc") {
    const { path, token } = novncWebSocketPath(parsed);
    if (!token) throw new ProbeStop("url", "the console URL carries no token (no path=?token=... or token=...)", HINT_URL);
    return { type, depth, pageUrl: parsed.href, websocketUrl: `${wsBase}${path}`, origin, display, token };
  }
  const token = parsed.searchParams.get("token");
  if (!token) throw new ProbeStop("url", "the console URL carries no token (no token=...)", HINT_URL);
  const websocketUrl = isWs ? parsed.href : `${wsBase}/?token=${encodeURIComponent(token)}`;
  const pageUrl = type === "spice-html5" && !isWs ? parsed.href : undefined;
  return { type, depth, pageUrl, websocketUrl, origin, display, token };
}
