import { cloudSaid } from "../errors";

/**
 * What an OpenStack error body says, made safe for a message. Nova answers
 * {"itemNotFound": {"code": 404, "message": "..."}}, Keystone
 * {"error": {"code": 401, "title": ..., "message": "..."}}; proxies and
 * routes may answer HTML or text.
 */
export function errorBodyMessage(text: string): string {
  if (text.trim() === "") return "(empty body)";
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc && typeof doc === "object") {
      for (const value of Object.values(doc as Record<string, unknown>)) {
        const message = (value as { message?: unknown } | null)?.message;
        if (typeof message === "string") return cloudSaid(message);
      }
    }
  } catch {
    // not JSON: fall through to the text itself
  }
  return cloudSaid(text);
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  406: "Not Acceptable",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function statusLine(status: number): string {
  const text = STATUS_TEXT[status];
  return text ? `${status} ${text}` : String(status);
}
