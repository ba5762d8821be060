/**
 * Nova's answers as recorded (shared/reference/recorded-real-nova-zed.md):
 * JSON bodies serialised as Python does, fault bodies named by status,
 * microversion headers with two Vary lines whenever a version was negotiated,
 * a request id on every API answer.
 */
import { randomUUID } from "node:crypto";
import { pythonJson } from "../http/python-format";
import type { Headers, Reply } from "../http/reply";

/** nova.api.openstack.wsgi.Fault._fault_names; anything else is computeFault. */
const FAULT_NAMES: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  501: "notImplemented",
  503: "serviceUnavailable",
};

const JSON_TYPE = "application/json";
const FAULT_TYPE = "application/json; charset=UTF-8";

export const UNEXPECTED_ERROR =
  "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n";

function requestIds(): Headers {
  const id = `req-${randomUUID()}`;
  return { "X-Openstack-Request-Id": id, "X-Compute-Request-Id": id };
}

/** Headers of an API answer; `version` null when none was negotiated (bad version string). */
function apiHeaders(version: string | null, contentType: string): Headers {
  const headers: Headers = { "Content-Type": contentType };
  if (version !== null) {
    headers["Openstack-Api-Version"] = `compute ${version}`;
    headers["X-Openstack-Nova-Api-Version"] = version;
    headers["Vary"] = ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"];
  }
  return { ...headers, ...requestIds() };
}

export function novaJson(version: string | null, status: number, body: unknown, extra: Headers = {}): Reply {
  return { status, headers: { ...extra, ...apiHeaders(version, JSON_TYPE) }, body: pythonJson(body) };
}

/** 202/204 without a body, as Nova sends them (still typed application/json). */
export function novaEmpty(version: string, status: 202 | 204): Reply {
  return { status, headers: apiHeaders(version, JSON_TYPE), body: "" };
}

export function novaFault(version: string | null, status: number, message: string, extra: Record<string, string> = {}): Reply {
  const name = FAULT_NAMES[status] ?? "computeFault";
  return {
    status,
    headers: apiHeaders(version, FAULT_TYPE),
    body: pythonJson({ [name]: { code: status, message, ...extra } }),
  };
}

/** The 500 an unhandled exception becomes (FaultWrapper), naming the exception class. */
export function unexpectedError(version: string | null, exceptionClass: string): Reply {
  return novaFault(version, 500, `${UNEXPECTED_ERROR}<class '${exceptionClass}'>`);
}

export function notReady(version: string, serverId: string): Reply {
  return novaFault(version, 409, `Instance ${serverId} is not ready`);
}

export function instanceNotFound(version: string, serverId: string): Reply {
  return novaFault(version, 404, `Instance ${serverId} could not be found.`);
}

export function policyRefused(version: string, rule: string): Reply {
  return novaFault(version, 403, `Policy doesn't allow ${rule} to be performed.`);
}

/** A route that exists but not at this microversion (VersionNotFoundForAPIMethod). */
export function versionedNotFound(version: string): Reply {
  return novaFault(version, 404, "The resource could not be found.");
}

/** No route for this method and path: the routes mapper's plain webob page, no microversion headers. */
export function routeNotFound(): Reply {
  return {
    status: 404,
    headers: { "Content-Type": "text/html; charset=UTF-8", ...requestIds() },
    body:
      "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n" +
      "  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>",
  };
}

/** keystonemiddleware's refusal: before routing, so no microversion headers. */
export function unauthorized(keystoneUri: string): Reply {
  return {
    status: 401,
    headers: { "Content-Type": JSON_TYPE, "Www-Authenticate": `Keystone uri="${keystoneUri}"`, ...requestIds() },
    body: pythonJson({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } }),
  };
}

/** Rate limiting in front of Nova: its overLimit fault with retryAfter, and Retry-After. */
export function rateLimited(retryAfterSeconds: number): Reply {
  const retry = String(retryAfterSeconds);
  const reply = novaFault(null, 429, "This request was rate-limited.", { retryAfter: retry });
  reply.headers["Retry-After"] = retry;
  return reply;
}

/** Version documents carry no request id at the root, only a Date. */
export function plainJson(status: number, body: unknown): Reply {
  return { status, headers: { "Content-Type": JSON_TYPE }, body: pythonJson(body) };
}

/** The same answer under a request id chosen beforehand (an instance action records it). */
export function withRequestId(reply: Reply, id: string): Reply {
  return { ...reply, headers: { ...reply.headers, "X-Openstack-Request-Id": id, "X-Compute-Request-Id": id } };
}

export function withRequestIds(reply: Reply): Reply {
  return { ...reply, headers: { ...reply.headers, ...requestIds() } };
}
