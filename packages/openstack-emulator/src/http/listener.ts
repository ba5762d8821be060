/** One HTTP(S) listener: start on host:port, report its origin, close with its sockets. */
import type { EventEmitter } from "node:events";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";

export interface TlsMaterial {
  key: string;
  cert: string;
}

export interface Listener {
  origin: string;
  port: number;
  close(): Promise<void>;
}

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Raised when a port cannot be bound; `message` is one line naming the address. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly port: number,
  ) {
    super(message);
  }
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** `onConnection` sees each connection as it is accepted: the socket later requests carry as `req.socket`. */
export function listen(host: string, port: number, handler: RequestHandler, tls?: TlsMaterial, onConnection?: (socket: EventEmitter) => void): Promise<Listener> {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  if (onConnection) server.on(tls ? "secureConnection" : "connection", onConnection);
  // Nova's eventlet server keeps idle connections for [wsgi] client_socket_timeout (900 s), without announcing it.
  server.keepAliveTimeout = 900_000;
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const why = err.code === "EADDRINUSE" ? "is already in use" : err.code === "EACCES" ? "needs privileges" : err.message;
      reject(new ListenError(`${host}:${port} ${why}`, err.code, port));
    });
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        origin: `${tls ? "https" : "http"}://${urlHost(host)}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
