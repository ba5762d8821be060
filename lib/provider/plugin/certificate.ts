/**
 * go-plugin's AutoMTLS, the plugin's side: a fresh self-signed ECDSA P-256
 * certificate for every start, which the handshake line hands to Terraform.
 * Go checks the SAN (DNS:localhost) and uses the certificate as its only
 * root, so it is a CA for itself, good for server and client auth.
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { bitString, boolean, explicit, octetString, oid, sequence, set, tlv, unsignedInteger, utcTime, utf8String } from "./der";

const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const COMMON_NAME = "2.5.4.3";
const HOST = "localhost";
/** Long enough for any single Terraform run; the certificate dies with the process anyway. */
const VALID_DAYS = 30;
/** Leeway for a host clock a little behind ours. */
const BACKDATE_MS = 5 * 60_000;

export interface ServerIdentity {
  /** PEM, for the gRPC server. */
  readonly certPem: string;
  readonly keyPem: string;
  /** DER, base64 without padding: the handshake line's last field. */
  readonly certBase64: string;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

export function createServerIdentity(now: Date = new Date()): ServerIdentity {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8String(HOST))));
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const extensions = sequence(
    // basicConstraints: CA
    extension("2.5.29.19", true, sequence(boolean(true))),
    // keyUsage: digitalSignature, keyEncipherment, keyCertSign (bits 0, 2, 5: 0xa4, 2 bits unused)
    extension("2.5.29.15", true, bitString(Buffer.from([0xa4]), 2)),
    // extKeyUsage: serverAuth, clientAuth
    extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
    // subjectAltName: dNSName [2] localhost
    extension("2.5.29.17", false, sequence(tlv(0x82, Buffer.from(HOST, "ascii")))),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(serial),
    algorithm,
    name,
    sequence(utcTime(new Date(now.getTime() - BACKDATE_MS)), utcTime(new Date(now.getTime() + VALID_DAYS * 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, extensions),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString("base64");
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    certBase64: base64.replace(/=+$/, ""),
  };
}
