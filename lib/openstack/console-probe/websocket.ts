/**
 * The WebSocket step: the upgrade a console page makes, with the token in the
 * URL, `Sec-WebSocket-Protocol: binary` (websockify requires it when a
 * protocol is offered) and the page's Origin, over the client's TLS options.
 * Once upgraded, the frames feed a ByteQueue for the RFB handshake.
 */
import WebSocket from "ws";
import { cloudSaid } from "../errors";
import type { TlsConnectOptions } from "../http/transport";
import { ByteQueue } from "./byte-queue";
import { ProbeStop } from "./outcome";
import { transportStop } from "./page";
import type { ProbeTarget } from "./target";

const MAX_BODY = 4096;

export interface OpenedSocket {
  readonly queue: ByteQueue;
  send(bytes: Buffer): void;
  /** Closes politely (1000) and stops reading. */
  close(): void;
}

export interface UpgradeOptions {
  /** The Origin header to send; undefined sends none (what tempest and other non-browser clients do). */
  readonly origin?: string;
  readonly tls: TlsConnectOptions;
  readonly signal: AbortSignal;
}

const HINT_UPGRADE =
  "Whatever answers the console URL must pass WebSocket upgrades through to nova-novncproxy (a load balancer or reverse proxy needs Upgrade/Connection forwarding and a long idle timeout).";

export function openWebSocket(target: ProbeTarget, options: UpgradeOptions): Promise<OpenedSocket> {
  const host = new URL(target.websocketUrl).host;
  return new Promise<OpenedSocket>((resolve, reject) => {
    const queue = new ByteQueue();
    let settled = false;
    const ws = new WebSocket(target.websocketUrl, ["binary"], {
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
      perMessageDeflate: false,
      followRedirects: false,
      rejectUnauthorized: options.tls.rejectUnauthorized,
      ...(options.tls.ca ? { ca: options.tls.ca } : {}),
      ...(options.tls.cert ? { cert: options.tls.cert } : {}),
      ...(options.tls.key ? { key: options.tls.key } : {}),
      headers: { "user-agent": "openstack-console-cdktf console probe" },
    });
    const fail = (stop: ProbeStop): void => {
      if (settled) return;
      settled = true;
      ws.terminate();
      reject(stop);
    };
    const onAbort = (): void => {
      queue.fail(options.signal.reason as Error);
      if (!settled) {
        settled = true;
        ws.terminate();
        reject(options.signal.reason);
      } else {
        ws.terminate();
      }
    };
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener("abort", onAbort, { once: true });

    ws.on("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      const done = (): void => {
        const said = cloudSaid(Buffer.concat(chunks).toString("utf8"));
        const status = res.statusCode ?? 0;
        fail(new ProbeStop("websocket", `the proxy answered the WebSocket upgrade with ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""}, not 101 Switching Protocols${said ? `: ${said}` : ""}`, HINT_UPGRADE));
      };
      res.on("end", done);
      res.on("error", done);
      res.on("close", done);
    });
    ws.on("error", (err: Error) => {
      if (settled) {
        queue.close();
        return;
      }
      const message = err.message;
      if (/subprotocol/i.test(message)) {
        fail(new ProbeStop("websocket", `the proxy upgraded without agreeing to the "binary" subprotocol (${cloudSaid(message)})`, "websockify and Nova's proxy answer Sec-WebSocket-Protocol: binary; something in front of the proxy answers instead."));
      } else if (/Sec-WebSocket-Accept|Upgrade header|Opening handshake/i.test(message)) {
        fail(new ProbeStop("websocket", `the WebSocket upgrade was not valid (${cloudSaid(message)})`, HINT_UPGRADE));
      } else {
        fail(transportStop(err, host, "WebSocket upgrade"));
      }
    });
    ws.on("open", () => {
      if (settled) return;
      settled = true;
      resolve({
        queue,
        send: (bytes) => ws.send(bytes, { binary: true }),
        close: () => {
          options.signal.removeEventListener("abort", onAbort);
          if (ws.readyState === WebSocket.OPEN) ws.close(1000);
          else ws.terminate();
          // A peer that never answers the close frame must not hold the probe.
          setTimeout(() => ws.terminate(), 1000).unref();
        },
      });
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      queue.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
    });
    ws.on("close", (code: number, reason: Buffer) => queue.close(code, reason.toString("utf8")));
  });
}
