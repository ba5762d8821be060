/**
 * What a load balancer in front of OpenStack answers when the service behind
 * it is down or broken: HAProxy's default pages. Real clients meet these, not
 * JSON, for 502/503/504, so the emulator answers injected gateway errors so.
 */
import type { Reply } from "./reply";

const PAGES: Record<number, [string, string]> = {
  502: ["Bad Gateway", "The server returned an invalid or incomplete response."],
  503: ["Service Unavailable", "No server is available to handle this request."],
  504: ["Gateway Time-out", "The server didn't respond in time."],
};

export function isProxyStatus(status: number): boolean {
  return status in PAGES;
}

export function proxyPage(status: number): Reply {
  const [title, text] = PAGES[status] ?? PAGES[503];
  return {
    status,
    headers: { "Cache-Control": "no-cache", Connection: "close", "Content-Type": "text/html" },
    body: `<html><body><h1>${status} ${title}</h1>\n${text}\n</body></html>\n`,
    noDate: true,
  };
}
