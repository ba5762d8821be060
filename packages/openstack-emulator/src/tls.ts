/**
 * TLS for both listeners: a throwaway CA and a server certificate it signs
 * for 127.0.0.1, ::1 and localhost (EC keys, so start-up stays fast). The CA
 * goes to a temp file (the emulator's caFile, OS_CACERT) removed on close.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import type { TlsMaterial } from "./http/listener";

export interface TlsSetup {
  material: TlsMaterial;
  caFile: string;
  remove(): void;
}

export async function makeTls(host: string): Promise<TlsSetup> {
  const notAfterDate = new Date(Date.now() + 7 * 86_400_000);
  const ca = await generate([{ name: "commonName", value: "OpenStack emulator test CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const isIp = /^[\d.]+$|:/.test(host);
  const altNames = [
    { type: 2 as const, value: "localhost" },
    { type: 7 as const, ip: "127.0.0.1" },
    { type: 7 as const, ip: "::1" },
    ...(host === "127.0.0.1" || host === "::1" || host === "localhost" ? [] : [isIp ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }]),
  ];
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), "os-emulator-ca-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.cert);
  return {
    material: { key: server.private, cert: server.cert },
    caFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
