/**
 * Console tokens and the URLs that carry them, built as Nova's
 * ConsoleAuthToken.access_url builds them from the default proxy base URLs:
 * noVNC puts the token in `path`, the others in `token`. Tokens expire after
 * the console token TTL; a server's tokens die with the server.
 */
import { randomUUID } from "node:crypto";
import type { ConsoleType } from "../../console-matrix";

/** Nova's default *_base_url options. */
const BASE_URLS: Record<ConsoleType, string> = {
  novnc: "http://127.0.0.1:6080/vnc_auto.html",
  xvpvnc: "http://127.0.0.1:6081/console",
  "spice-html5": "http://127.0.0.1:6082/spice_auto.html",
  "spice-direct": "http://127.0.0.1:13002/nova",
  serial: "ws://127.0.0.1:6083/",
  "rdp-html5": "http://127.0.0.1:6083/",
  webmks: "http://127.0.0.1:6090/",
};

interface Issued {
  url: string;
  serverId: string;
  expiresAt: number;
}

export class ConsoleTokens {
  /** Insertion order is expiry order (one TTL for all), so expired tokens are pruned from the front. */
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly ttlSeconds: number,
    /** With TLS on the APIs, proxies are assumed to be TLS too (https/wss). */
    private readonly secure: boolean,
  ) {}

  private base(type: ConsoleType): string {
    const base = BASE_URLS[type];
    return this.secure ? base.replace(/^http:/, "https:").replace(/^ws:/, "wss:") : base;
  }

  issue(serverId: string, type: ConsoleType): string {
    const now = Date.now();
    this.prune(now);
    const token = randomUUID();
    const base = this.base(type);
    const url = type === "novnc" ? `${base}?path=%3Ftoken%3D${token}` : `${base}?token=${token}`;
    this.issued.set(token, { url, serverId, expiresAt: now + this.ttlSeconds * 1000 });
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
      token = path ? new URLSearchParams(path.replace(/^\?/, "")).get("token") : params.get("token");
    } catch {
      return false;
    }
    const entry = token ? this.issued.get(token) : undefined;
    return !!entry && entry.url === url && Date.now() < entry.expiresAt && serverExists(entry.serverId);
  }
}
