/** A request as the route handlers see it, and a route's answer to the dispatcher. */
import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./reply";

export interface IncomingCall {
  method: string;
  /** Path without the query, percent-encoding kept. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  header(name: string): string | undefined;
}

export interface Routed {
  /** Route key for counters and faults ("compute.servers", "identity.other", ...). */
  key: string;
  /** Compute endpoint the request came through ("RegionOne/public"). */
  endpoint?: string;
  /** Set for console requests (remote-consoles and legacy console actions): the server id in the path. */
  consoleServerId?: string;
  /** Control-endpoint requests are neither counted nor faulted. */
  internal?: boolean;
  handle(): Reply;
}

export function toCall(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): IncomingCall {
  const q = url.indexOf("?");
  return {
    method,
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : url.slice(q + 1)),
    headers,
    body,
    header(name: string) {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    },
  };
}
