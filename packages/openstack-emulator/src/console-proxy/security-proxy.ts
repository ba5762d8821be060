/**
 * Nova's RFBSecurityProxy (nova/console/securityproxy/rfb.py), as the proxy
 * runs it between the browser ("tenant") and the VNC server ("compute"):
 * RFB 3.8 on both sides, only security type None offered to the tenant, and
 * the server's offer checked against [vnc] auth_schemes (here: none). Its
 * failures are reported to the tenant the way Nova does: `\x00` + length +
 * reason, then a close.
 */
import { Reader } from "./reader";

export type Negotiation = { ok: true } | { ok: false; silent: true } | { ok: false; silent: false; tenantMessage: Buffer };

const VERSION_38 = "RFB 003.008\n";

/** Nova's _fail: AUTH_STATUS_FAIL (b"\x00") + length + reason. */
function failure(text: string): Buffer {
  const reason = Buffer.from(text, "utf8");
  const out = Buffer.alloc(5 + reason.length);
  out[0] = 0;
  out.writeUInt32BE(reason.length, 1);
  reason.copy(out, 5);
  return out;
}

export async function negotiate(tenant: Reader, sendTenant: (b: Buffer) => void, compute: Reader, sendCompute: (b: Buffer) => void): Promise<Negotiation> {
  const computeVersion = (await compute.read(12)).toString("latin1");
  // "Security proxying requires RFB protocol version 3.8": raised before the tenant hears anything.
  if (computeVersion !== VERSION_38) return { ok: false, silent: true };
  sendCompute(Buffer.from(computeVersion, "latin1"));
  sendTenant(Buffer.from(computeVersion, "latin1"));
  const tenantVersion = (await tenant.read(12)).toString("latin1");
  if (tenantVersion !== VERSION_38) return { ok: false, silent: true };

  const count = (await compute.read(1))[0];
  if (count === 0) {
    const lengthBytes = await compute.read(4);
    const reason = await compute.read(lengthBytes.readUInt32BE(0));
    return { ok: false, silent: false, tenantMessage: Buffer.concat([Buffer.from([0]), lengthBytes, reason]) };
  }
  const offered = [...(await compute.read(count))];
  sendTenant(Buffer.from([1, 1])); // one type: None
  const chosen = (await tenant.read(1))[0];
  if (chosen !== 1) return { ok: false, silent: false, tenantMessage: failure("Only the security type 1 (NONE) is supported") };
  // auth_schemes = none: the server must offer None. "Intentionally don't tell client what really failed."
  if (!offered.includes(1)) return { ok: false, silent: false, tenantMessage: failure("Unable to negotiate security with server") };
  sendCompute(Buffer.from([1]));
  // The server's SecurityResult and everything after it are relayed as they come.
  return { ok: true };
}
