/**
 * go-plugin's handshake, the plugin's side (hashicorp/go-plugin
 * docs/guide-plugin-write-non-go.md): read what the host put in the
 * environment, listen, and print the one line that tells it where and how
 * to connect.
 */
import * as grpc from "@grpc/grpc-js";
import { createServerIdentity } from "./certificate";

/** The value Terraform (and OpenTofu) set in TF_PLUGIN_MAGIC_COOKIE for every provider they start. */
export const MAGIC_COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** The only plugin protocol this provider speaks. */
const PROTOCOL_VERSION = 6;
/** go-plugin's own handshake version (the line's first field). */
const CORE_PROTOCOL_VERSION = 1;
const HOST = "127.0.0.1";

export class HandshakeError extends Error {}

export interface Handshake {
  readonly minPort: number;
  readonly maxPort: number;
  /** PEM of the host's certificate: the only root our server trusts for clients. Absent: plain TCP. */
  readonly clientCert?: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new HandshakeError(`${name} is ${JSON.stringify(text)}, not a port number; leave it to Terraform, which sets it`);
  return n;
}

/** What the host asks for; throws HandshakeError when it cannot be served. */
export function readHandshake(env: NodeJS.ProcessEnv): Handshake {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? "").split(",").map((v) => v.trim());
  if (!offered.includes(String(PROTOCOL_VERSION))) {
    throw new HandshakeError(
      `the host offers plugin protocol ${offered.filter(Boolean).join(", ") || "(none)"}, but this provider speaks only ${PROTOCOL_VERSION}; use Terraform 1.0 or later, or OpenTofu`,
    );
  }
  const minPort = port(env, "PLUGIN_MIN_PORT", 10000);
  const maxPort = port(env, "PLUGIN_MAX_PORT", 25000);
  if (minPort > maxPort) throw new HandshakeError(`PLUGIN_MIN_PORT ${minPort} is above PLUGIN_MAX_PORT ${maxPort}; leave both to Terraform`);
  const tlsOff = env.TF_DISABLE_PLUGIN_TLS !== undefined && env.TF_DISABLE_PLUGIN_TLS !== "";
  const clientCert = tlsOff ? undefined : env.PLUGIN_CLIENT_CERT;
  if (!tlsOff && !clientCert) throw new HandshakeError("PLUGIN_CLIENT_CERT is not set, so mutual TLS cannot be set up; leave it to Terraform, or set TF_DISABLE_PLUGIN_TLS for plain TCP");
  return { minPort, maxPort, clientCert };
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound))));
}

/**
 * Binds the server to a free port of the host's range (starting at a random
 * one, so parallel providers rarely collide) and returns the handshake line.
 */
export async function listen(server: grpc.Server, handshake: Handshake): Promise<string> {
  let credentials = grpc.ServerCredentials.createInsecure();
  let cert = "";
  if (handshake.clientCert) {
    const identity = createServerIdentity();
    credentials = grpc.ServerCredentials.createSsl(Buffer.from(handshake.clientCert), [{ private_key: Buffer.from(identity.keyPem), cert_chain: Buffer.from(identity.certPem) }], true);
    cert = identity.certBase64;
  }
  const span = handshake.maxPort - handshake.minPort + 1;
  const first = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const candidate = handshake.minPort + ((first + i) % span);
    try {
      const bound = await bind(server, `${HOST}:${candidate}`, credentials);
      return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|tcp|${HOST}:${bound}|grpc|${cert}`;
    } catch {
      // In use: try the next one.
    }
  }
  throw new HandshakeError(`no free port on ${HOST} between ${handshake.minPort} and ${handshake.maxPort}; free one, or widen PLUGIN_MIN_PORT..PLUGIN_MAX_PORT`);
}
