/**
 * Nova's remote-consoles API (microversion 2.6 and up): the request, its
 * URL and the answer of `POST /servers/{server_id}/remote-consoles`.
 */
import { OpenStackError } from "../errors";

export const CREATE_CALL = "POST /servers/{id}/remote-consoles";

/** POST {compute}/servers/{server_id}/remote-consoles */
export function createPath(basePath: string, serverId: string): string {
  return `${basePath}/servers/${encodeURIComponent(serverId)}/remote-consoles`;
}

/** {"remote_console": {"protocol": P, "type": T}}: both keys required, no others (Nova's schema). */
export function createBody(protocol: string, type: string): string {
  return JSON.stringify({ remote_console: { protocol, type } });
}

interface RemoteConsoleBody {
  readonly protocol: string;
  readonly type: string;
  readonly url: string;
}

/** 200 {"remote_console": {"protocol", "type", "url"}} */
export function parseCreated(text: string, call: string): RemoteConsoleBody {
  let doc: { remote_console?: Partial<RemoteConsoleBody> };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw malformed(call);
  }
  const body = doc?.remote_console;
  if (!body || typeof body.url !== "string" || body.url === "") throw malformed(call);
  return { protocol: String(body.protocol ?? ""), type: String(body.type ?? ""), url: body.url };
}

function malformed(call: string): OpenStackError {
  return new OpenStackError("server-error", `${call} answered 200 without a remote_console URL`, "The endpoint may not be Nova's compute API; check the compute endpoint.", { call, status: 200 });
}
