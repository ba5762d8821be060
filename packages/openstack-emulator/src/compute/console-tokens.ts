/**
 * Console tokens and the URLs that carry them, built as Nova's
 * ConsoleAuthToken.access_url builds them from the proxy base URLs: noVNC
 * puts the token in `path`, the others in `token`. The base URLs are the
 * emulator's own console proxy on the paths of Nova's defaults (vnc_auto.html
 * for noVNC); before it listens, Nova's default origin. The virtuozzo style
 * mints noVNC URLs in the shape Virtuozzo's document shows
 * (`vnc_auto.html?path=websockify%3Ftoken%3D<t>&token=<t>`). Tokens expire
 * after the console token TTL; a server's tokens die with the server.
 */
import { randomUUID } from "node:crypto";
import type { ConsoleType } from "../../../../lib/console-matrix";

/** Path (and scheme) of each type's base URL on a proxy: Nova's defaults. */
const BASE_PATHS: Record<ConsoleType, { ws?: true; path: string }> = {
  novnc: { path: "/vnc_auto.html" },
  xvpvnc: { path: "/console" },
  "spice-html5": { path: "/spice_auto.html" },
  "spice-direct": { path: "/nova" },
  serial: { ws: true, path: "/" },
  "rdp-html5": { path: "/" },
  webmks: { path: "/" },
};

/** How noVNC URLs carry their token: Nova's `path=%3Ftoken%3D<t>`, or Virtuozzo's websockify path plus `token`. */
export type NovncUrlStyle = "nova" | "virtuozzo";

interface Issued {
  url: string;
  serverId: string;
  type: ConsoleType;
  expiresAt: number;
}

export class ConsoleTokens {
  /** Insertion order is expiry order (one TTL for all), so expired tokens are pruned from the front. */
  private readonly issued = new Map<string, Issued>();
  private proxyOrigin: string;

  constructor(
    private readonly ttlSeconds: number,
    /** With TLS on the APIs, proxies are TLS too (https/wss). */
    secure: boolean,
    private readonly novncStyle: NovncUrlStyle = "nova",
    /** The noVNC page of the deployment's novncproxy_base_url. */
    private readonly novncPage: string = BASE_PATHS.novnc.path,
  ) {
    this.proxyOrigin = `${secure ? "https" : "http"}://127.0.0.1:6080`;
  }

  /** Where the console proxy listens, e.g. "http://127.0.0.1:41234": every URL minted from now on points there. */
  useProxy(origin: string): void {
    this.proxyOrigin = origin;
  }

  private base(type: ConsoleType): string {
    const { ws } = BASE_PATHS[type];
    const path = type === "novnc" ? this.novncPage : BASE_PATHS[type].path;
    const origin = ws ? this.proxyOrigin.replace(/^http/, "ws") : this.proxyOrigin;
    return `${origin}${path}`;
  }

  /** While set, every token counts as expired (the console proxy's tokenExpired fault). */
  expireAll = false;

  /** The proxy's (and os-console-auth-tokens') check: the console of an unexpired token whose server still exists. */
  check(token: string, serverExists: (id: string) => boolean): { serverId: string; type: string } | undefined {
    const entry = this.issued.get(token);
    if (!entry || this.expireAll || Date.now() >= entry.expiresAt || !serverExists(entry.serverId)) return undefined;
    return { serverId: entry.serverId, type: entry.type };
  }

  issue(serverId: string, type: ConsoleType): string {
    const now = Date.now();
    this.prune(now);
    const token = randomUUID();
    const base = this.base(type);
    const url =
      type !== "novnc"
        ? `${base}?token=${token}`
        : this.novncStyle === "virtuozzo"
          ? `${base}?path=websockify%3Ftoken%3D${token}&token=${token}`
          : `${base}?path=%3Ftoken%3D${token}`;
    this.issued.set(token, { url, serverId, type, expiresAt: now + this.ttlSeconds * 1000 });
    return url;
  }

  private prune(now: number): void {
    for (const [token, entry] of this.issued) {
      if (entry.expiresAt > now) break;
      this.issued.delete(token);
    }
  }

  /** True if this exact URL was minted here, has not expired, and its server still exists. */
  isIssued(url: string, serverExists: (id: string) => boolean): boolean {
    let token: string | null;
    try {
      const params = new URL(url).searchParams;
      const path = params.get("path");
      // path is "?token=<t>" (Nova) or "websockify?token=<t>" (Virtuozzo): the token is in its query.
      token = path ? new URLSearchParams(path.slice(path.indexOf("?") + 1)).get("token") : params.get("token");
    } catch {
      return false;
    }
    const entry = token ? this.issued.get(token) : undefined;
    return !!entry && entry.url === url && Date.now() < entry.expiresAt && serverExists(entry.serverId);
  }
}
