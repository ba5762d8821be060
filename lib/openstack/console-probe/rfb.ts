/**
 * The client side of the RFB (VNC) handshake, RFC 6143, up to ServerInit, as
 * noVNC does it through Nova's proxy: ProtocolVersion, security type None,
 * SecurityResult, ClientInit with shared=1 (so nobody already on the console
 * is disconnected), ServerInit's size and desktop name. It never sends input.
 */
import { cloudSaid } from "../errors";
import { ByteQueue, StreamClosed } from "./byte-queue";
import { ProbeStop, type Desktop } from "./outcome";

const SECURITY_NAMES: Record<number, string> = {
  1: "None",
  2: "VNC authentication",
  5: "RA2",
  6: "RA2ne",
  16: "Tight",
  18: "TLS",
  19: "VeNCrypt",
  22: "XVP",
  30: "Apple remote desktop",
};

const NONE = 1;
/** Names longer than this in ServerInit are a broken or hostile server, not a desktop. */
const MAX_NAME_LENGTH = 64 * 1024;

const HINT_SERVER =
  "The VNC server behind the proxy must speak RFB 3.8 and offer security type None to it (Nova's [vnc] auth_schemes, default none); check the hypervisor's VNC settings and nova-novncproxy's log.";

export interface RfbHandshake {
  readonly version: string;
  readonly desktop: Desktop;
}

function securityName(type: number): string {
  return `${type} (${SECURITY_NAMES[type] ?? "unknown"})`;
}

function printable(bytes: Buffer): string {
  return cloudSaid(bytes.toString("latin1").replace(/[^\x20-\x7e]/g, "."));
}

async function reasonString(queue: ByteQueue): Promise<string> {
  const length = (await queue.read(4)).readUInt32BE(0);
  if (length > MAX_NAME_LENGTH) return "(a reason too long to be one)";
  return cloudSaid((await queue.read(length)).toString("utf8")) || "(no reason given)";
}

/**
 * Nova's proxy reports a failed negotiation with the VNC server as
 * `\x00` + length + reason after the client picked None, then closes; read
 * as RFB that is a SecurityResult of 0 followed by garbage. Recognised in the
 * bytes received since the security type was chosen.
 */
export function novaRefusal(bytes: Buffer): string | undefined {
  if (bytes.length < 5 || bytes[0] !== 0) return undefined;
  const length = bytes.readUInt32BE(1);
  if (length === 0 || length !== bytes.length - 5) return undefined;
  const text = bytes.subarray(5).toString("utf8");
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/** Runs the handshake on the queue's bytes, sending with `send`. Throws ProbeStop("rfb") naming what the server did. */
export async function rfbHandshake(queue: ByteQueue, send: (bytes: Buffer) => void): Promise<RfbHandshake> {
  const banner = await queue.read(12);
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(banner.toString("latin1"));
  if (!m) throw new ProbeStop("rfb", `the proxy sent "${printable(banner)}" where an RFB ProtocolVersion belongs: what is behind it is not a VNC server`, HINT_SERVER);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 3 || minor < 3) throw new ProbeStop("rfb", `the server speaks RFB ${major}.${minor}, which no VNC client knows`, HINT_SERVER);
  // RFC 6143: 3.3, 3.7 and 3.8 exist; anything else above 3.3 is answered with the highest the client knows, below 3.8.
  const agreed = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
  const version = `3.${agreed}`;
  send(Buffer.from(`RFB 003.00${agreed}\n`, "latin1"));

  if (agreed === 3) {
    const type = (await queue.read(4)).readUInt32BE(0);
    if (type === 0) throw new ProbeStop("rfb", `the server refused the connection: ${await reasonString(queue)}`, HINT_SERVER);
    if (type !== NONE) throw new ProbeStop("rfb", `the server requires security type ${securityName(type)}, not None`, HINT_SERVER);
  } else {
    const count = (await queue.read(1))[0];
    if (count === 0) throw new ProbeStop("rfb", `the server refused the connection: ${await reasonString(queue)}`, HINT_SERVER);
    const types = [...(await queue.read(count))];
    if (!types.includes(NONE)) {
      throw new ProbeStop("rfb", `the server offers security types ${types.map(securityName).join(", ")}, not 1 (None)`, HINT_SERVER);
    }
    queue.startTranscript();
    send(Buffer.from([NONE]));
  }
  // From here on, anything odd may be Nova's refusal read as RFB: check the bytes as the proxy sent them.
  const refusal = (): string | undefined => novaRefusal(queue.transcript());
  try {
    if (agreed === 8) {
      const result = (await queue.read(4)).readUInt32BE(0);
      // A server says nothing more before ClientInit; more bytes now are a message, not RFB.
      const extra = queue.peekAll().length > 0 ? refusal() : undefined;
      if (extra) throw refusedByProxy(extra);
      if (result !== 0) throw new ProbeStop("rfb", `SecurityResult is failed: ${await reasonString(queue).catch(() => "(no reason given)")}`, HINT_SERVER);
    }
    send(Buffer.from([1])); // ClientInit, shared-flag 1: keep other viewers connected
    const init = await queue.read(24);
    const width = init.readUInt16BE(0);
    const height = init.readUInt16BE(2);
    const nameLength = init.readUInt32BE(20);
    if (nameLength > MAX_NAME_LENGTH) {
      const said = refusal();
      throw said ? refusedByProxy(said) : new ProbeStop("rfb", `ServerInit names a desktop of ${nameLength} bytes: not a VNC server`, HINT_SERVER);
    }
    const name = (await queue.read(nameLength)).toString("utf8");
    if (width === 0 || height === 0) throw new ProbeStop("rfb", `ServerInit gives a ${width}x${height} screen: the VNC server has no display`, HINT_SERVER);
    return { version, desktop: { name: cloudSaid(name), width, height } };
  } catch (err) {
    const said = err instanceof StreamClosed ? refusal() : undefined;
    if (said) throw refusedByProxy(said);
    throw err;
  }
}

function refusedByProxy(reason: string): ProbeStop {
  return new ProbeStop(
    "rfb",
    `the proxy could not negotiate security with the VNC server: "${cloudSaid(reason)}"`,
    "The VNC server asks for a password or a security type that Nova's [vnc] auth_schemes does not allow (default: none); configure the hypervisor's VNC server without a password, or add the scheme (vencrypt) to auth_schemes.",
  );
}
