/**
 * Keystone's answers as recorded: Flask under uwsgi, so status texts in
 * capitals, no Date header, "Connection: close", "Vary: X-Auth-Token" and a
 * lower-case request id header. Success bodies are Python's json.dumps;
 * error bodies are Flask's compact, key-sorted jsonify.
 */
import { randomUUID } from "node:crypto";
import { pythonJson } from "../http/python-format";
import type { Headers, Reply } from "../http/reply";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

export const MALFORMED_SUFFIX =
  "The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.";
export const AUTH_REQUIRED = "The request you have made requires authentication.";

function keystoneHeaders(extra: Headers = {}): Headers {
  return {
    "Content-Type": "application/json",
    ...extra,
    Vary: "X-Auth-Token",
    "x-openstack-request-id": `req-${randomUUID()}`,
    Connection: "close",
  };
}

const reason = (status: number, fallback: string): string => (TITLES[status] ?? fallback).toUpperCase();

export function keystoneJson(status: number, body: unknown, extra: Headers = {}): Reply {
  return { status, reason: reason(status, status === 201 ? "Created" : status === 300 ? "Multiple Choices" : "OK"), headers: keystoneHeaders(extra), body: pythonJson(body), noDate: true };
}

export function keystoneEmpty(status: 204): Reply {
  return { status, reason: "NO CONTENT", headers: keystoneHeaders(), body: "", noDate: true };
}

/**
 * An error; `authUri` adds WWW-Authenticate (Keystone sends it with every 401).
 */
export function keystoneError(status: number, message: string, authUri?: string): Reply {
  const title = TITLES[status] ?? "Error";
  const extra: Headers = status === 401 && authUri ? { "WWW-Authenticate": `Keystone uri="${authUri}"` } : {};
  return {
    status,
    reason: title.toUpperCase(),
    headers: keystoneHeaders(extra),
    body: JSON.stringify({ error: { code: status, message, title } }),
    noDate: true,
  };
}

/** Keystone's ValidationError: "Expecting to find X in Y. <the malformed sentence>". */
export function expecting(attribute: string, target: string): Reply {
  return keystoneError(400, `Expecting to find ${attribute} in ${target}. ${MALFORMED_SUFFIX}`);
}

export function rateLimited(retryAfterSeconds: number): Reply {
  const reply = keystoneError(429, "This request was rate-limited.");
  reply.headers["Retry-After"] = String(retryAfterSeconds);
  return reply;
}
