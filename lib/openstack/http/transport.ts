import { readFileSync } from "node:fs";
import type { Dispatcher } from "undici";
import type { TlsSettings } from "../config/types";
import { ConfigError } from "../errors";

export interface TransportOptions {
  readonly tls: TlsSettings;
  /** Sockets per origin: the client's concurrency, so undici never opens more than the client uses. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  /** Where the insecure warning goes. */
  readonly warn: (line: string) => void;
}

export const INSECURE_WARNING =
  "WARNING: TLS certificate verification is off (insecure): anyone on the network path can read tokens and console URLs. Use the cloud's CA bundle (cacert / OS_CACERT / --os-cacert) instead.";

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`cannot read the ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, "Check the path and its permissions.");
  }
}

/** The TLS options of node's tls.connect for these settings: undici's pool and the console probe's WebSockets share them. */
export interface TlsConnectOptions {
  readonly rejectUnauthorized: boolean;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export function tlsConnectOptions(tls: TlsSettings): TlsConnectOptions {
  return {
    rejectUnauthorized: !tls.insecure,
    ...(tls.cacert ? { ca: readPem(tls.cacert, "CA bundle") } : {}),
    ...(tls.cert ? { cert: readPem(tls.cert, "client certificate") } : {}),
    ...(tls.key ? { key: readPem(tls.key, "client key") } : {}),
  };
}

/**
 * The one keep-alive connection pool every request of a client goes through
 * (undici's Agent keeps a pool per origin: Keystone and Nova). Loaded on
 * demand so that runs that never reach the network start fast.
 */
export async function createDispatcher(options: TransportOptions): Promise<Dispatcher> {
  const { tls } = options;
  if (tls.insecure) options.warn(INSECURE_WARNING);
  const connect = { timeout: options.connectTimeoutMs, ...tlsConnectOptions(tls) };
  const { Agent } = await import("undici");
  return new Agent({ connections: options.connections, keepAliveTimeout: 10_000, connect });
}
