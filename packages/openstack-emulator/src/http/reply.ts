/**
 * A response as a value: handlers build Replies, one writer puts them on the
 * wire (whole, or cut mid-body when a fault drops the connection).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Header names are spelled as the real service spells them; arrays become repeated lines. */
export type Headers = Record<string, string | string[]>;

export interface Reply {
  status: number;
  /** Status text when the real service's differs from Node's (Keystone under uwsgi: "CREATED"). */
  reason?: string;
  headers: Headers;
  body: string;
  /** uwsgi (Keystone) sends no Date header; eventlet (Nova) does. */
  noDate?: boolean;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the whole request body, refusing more than MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Writes a reply. With `drop`, the status line, headers and half the body go
 * out and then the socket is destroyed, as when a proxy or worker dies mid-answer.
 */
export function writeReply(res: ServerResponse, reply: Reply, drop = false): void {
  if (res.destroyed || res.headersSent) return;
  const body = Buffer.from(reply.body, "utf8");
  res.sendDate = !reply.noDate;
  res.statusCode = reply.status;
  if (reply.reason) res.statusMessage = reply.reason;
  res.setHeader("Content-Length", String(body.length));
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  // eventlet says "Connection: keep-alive" and nothing more; left alone, Node adds "Keep-Alive: timeout=N".
  if (!res.hasHeader("Connection") && res.shouldKeepAlive) res.setHeader("Connection", "keep-alive");
  if (!drop) {
    res.end(body);
    return;
  }
  const socket = res.socket;
  res.flushHeaders();
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => socket?.destroy());
}
