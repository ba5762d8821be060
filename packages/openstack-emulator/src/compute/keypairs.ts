/**
 * Key pairs (os-keypairs), per user as in Nova: list, create (an uploaded
 * public key, or below 2.92 a generated RSA key whose private half is
 * returned once), show and delete, with the status codes and fields each
 * microversion gives and Nova's refusals as recorded (duplicate 409,
 * unknown 404, a key that gives no fingerprint 400).
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import type { Reply } from "../http/reply";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { novaEmpty, novaFault, novaJson } from "./replies";
import { bodyProblem, type Schema } from "./schema";

export interface Keypair {
  id: number;
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: "ssh" | "x509";
  createdAt: string;
}

const KEY_TYPES = new Set(["ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"]);

/** Nova's fingerprint: the MD5 of the key blob, colon-separated; undefined when the key does not parse. */
export function fingerprintOf(publicKey: string): string | undefined {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (!type || !data || !KEY_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, "base64");
  // The blob starts with its own type as a length-prefixed string.
  if (blob.length < 4 || blob.readUInt32BE(0) !== Buffer.byteLength(type) || blob.subarray(4, 4 + blob.readUInt32BE(0)).toString() !== type) return undefined;
  return createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function mpint(base64url: string): Buffer {
  const raw = Buffer.from(base64url, "base64url");
  return sshString(raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
}

/** An RSA key as Nova generates one: PKCS#1 PEM private key and an OpenSSH public key. */
function generateRsa(): { privateKey: string; publicKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(jwk.e), mpint(jwk.n)]);
  return {
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey: `ssh-rsa ${blob.toString("base64")} Generated-by-Nova`,
  };
}

export class KeypairStore {
  private readonly byKey = new Map<string, Keypair>();
  private nextId = 1;

  private static key(userId: string, name: string): string {
    return `${userId}\u0000${name}`;
  }

  get(userId: string, name: string): Keypair | undefined {
    return this.byKey.get(KeypairStore.key(userId, name));
  }

  of(userId: string): Keypair[] {
    return [...this.byKey.values()].filter((k) => k.userId === userId).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  add(k: Omit<Keypair, "id" | "createdAt">): Keypair {
    const entry: Keypair = { ...k, id: this.nextId++, createdAt: new Date().toISOString().replace(/\.\d+Z$/, ".000000") };
    this.byKey.set(KeypairStore.key(k.userId, k.name), entry);
    return entry;
  }

  remove(userId: string, name: string): boolean {
    return this.byKey.delete(KeypairStore.key(userId, name));
  }
}

function createSchema(version: string): Schema {
  const at = (v: string) => novaVersionAtLeast(version, v);
  const properties: Record<string, Schema> = {
    name: { type: "string", minLength: 1, maxLength: 255 },
    public_key: { type: "string" },
  };
  if (at("2.2")) properties.type = { type: "string", enum: ["ssh", "x509"] };
  if (at("2.10")) properties.user_id = { type: "string" };
  return {
    type: "object",
    properties: {
      keypair: { type: "object", properties, required: at("2.92") ? ["name", "public_key"] : ["name"], additionalProperties: false },
    },
    required: ["keypair"],
    additionalProperties: false,
  };
}

const SAFE_292 = /^[@._\- 0-9a-zA-Z]+$/;
const SAFE = /^[_\- 0-9a-zA-Z]+$/;

export const keypairNotFound = (version: string, name: string, userId: string): Reply =>
  novaFault(version, 404, `Keypair ${name} not found for user ${userId}`);

/** The user whose key pairs a request means: the caller, or from 2.10 an admin's user_id. */
function ownerOf(api: ApiCall, requested: string | null | undefined): string | Reply {
  if (requested && requested !== api.caller.userId) {
    if (!novaVersionAtLeast(api.version, "2.10")) return api.caller.userId;
    if (!api.caller.isAdmin) return novaFault(api.version, 403, "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.");
    return requested;
  }
  return api.caller.userId;
}

export function listKeypairs(api: ApiCall, deps: ComputeDeps): Reply {
  const owner = ownerOf(api, api.call.query.get("user_id"));
  if (typeof owner !== "string") return owner;
  const typed = novaVersionAtLeast(api.version, "2.2");
  const keypairs = deps.keypairs.of(owner).map((k) => ({
    keypair: { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint, ...(typed ? { type: k.type } : {}) },
  }));
  return novaJson(api.version, 200, { keypairs });
}

export function createKeypair(api: ApiCall, deps: ComputeDeps): Reply {
  const { version } = api;
  const problem = bodyProblem(createSchema(version), api.body);
  if (problem) return novaFault(version, 400, problem);
  const spec = (api.body as { keypair: { name: string; public_key?: string; type?: "ssh" | "x509"; user_id?: string } }).keypair;
  if (novaVersionAtLeast(version, "2.92") ? !SAFE_292.test(spec.name) : !SAFE.test(spec.name)) {
    return novaFault(
      version,
      400,
      novaVersionAtLeast(version, "2.92")
        ? "An invalid 'name' value was provided. The name must be: Only expected characters: [@._- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]"
        : "Keypair data is invalid: Keypair name contains unsafe characters",
    );
  }
  if (!api.caller.canWrite) return novaFault(version, 403, "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.");
  const owner = ownerOf(api, spec.user_id);
  if (typeof owner !== "string") return owner;
  if (deps.keypairs.get(owner, spec.name)) return novaFault(version, 409, `Key pair '${spec.name}' already exists.`);
  let publicKey = spec.public_key;
  let privateKey: string | undefined;
  if (publicKey === undefined) ({ publicKey, privateKey } = generateRsa());
  const fingerprint = fingerprintOf(publicKey);
  if (!fingerprint) return novaFault(version, 400, "Keypair data is invalid: failed to generate fingerprint");
  const type = spec.type ?? "ssh";
  deps.keypairs.add({ name: spec.name, userId: owner, publicKey, fingerprint, type });
  const typed = novaVersionAtLeast(version, "2.2");
  const body = {
    ...(typed ? { type } : {}),
    name: spec.name,
    public_key: publicKey,
    fingerprint,
    ...(privateKey ? { private_key: privateKey } : {}),
    user_id: owner,
  };
  return novaJson(version, typed ? 201 : 200, { keypair: body });
}

export function showKeypair(api: ApiCall, deps: ComputeDeps, name: string): Reply {
  const owner = ownerOf(api, api.call.query.get("user_id"));
  if (typeof owner !== "string") return owner;
  const k = deps.keypairs.get(owner, name);
  if (!k) return keypairNotFound(api.version, name, owner);
  return novaJson(api.version, 200, {
    keypair: {
      name: k.name,
      public_key: k.publicKey,
      fingerprint: k.fingerprint,
      user_id: k.userId,
      created_at: k.createdAt,
      deleted: false,
      deleted_at: null,
      id: k.id,
      updated_at: null,
      ...(novaVersionAtLeast(api.version, "2.2") ? { type: k.type } : {}),
    },
  });
}

export function deleteKeypair(api: ApiCall, deps: ComputeDeps, name: string): Reply {
  const owner = ownerOf(api, api.call.query.get("user_id"));
  if (typeof owner !== "string") return owner;
  if (!api.caller.canWrite) return novaFault(api.version, 403, "Policy doesn't allow os_compute_api:os-keypairs:delete to be performed.");
  if (!deps.keypairs.remove(owner, name)) return keypairNotFound(api.version, name, owner);
  return novaEmpty(api.version, novaVersionAtLeast(api.version, "2.2") ? 204 : 202);
}
