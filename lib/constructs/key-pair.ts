import { Construct } from "constructs";
import { ComputeKeypairV2 } from "../../.gen/providers/openstack/compute-keypair-v2";
import { ConstructLabel, PropsError } from "./props-error";
import { constructIdFor, isLiteralString } from "./literals";
import { stackSingleton } from "./stack-scope";

/** A key pair for the server: an existing one by name, or a public key uploaded as a new key pair of that name. */
export interface KeyPairSpec {
  /** Nova key pair name. */
  readonly name: string;
  /**
   * OpenSSH public key (the content of a `.pub` file). When set, the stack
   * creates the key pair (once per stack and name) instead of using an existing one.
   * @default none: the key pair `name` must already exist
   */
  readonly publicKey?: string;
}

const PUBLIC_KEY_RE = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;

function publicKeyProblem(key: string): { problem: string; fix: string } | undefined {
  // Say so without echoing it: a private key pasted here is a secret.
  if (key.includes("PRIVATE KEY")) {
    return { problem: "holds a private key", fix: "give the public key (the .pub file) and keep the private key out of the stack" };
  }
  if (!PUBLIC_KEY_RE.test(key.trim())) {
    return { problem: "is not an OpenSSH public key", fix: 'paste one line of a .pub file, e.g. "ssh-ed25519 AAAA... user@host"' };
  }
  return undefined;
}

interface CreatedKeyPair {
  readonly resource: ComputeKeypairV2;
  readonly publicKey: string;
}

/**
 * The key pair name to give Nova. With a public key, creates the key pair
 * (once per stack and name) and returns a reference to it, so servers are
 * created after it.
 */
export function keyPairName(scope: Construct, label: ConstructLabel, spec: KeyPairSpec): string {
  if (isLiteralString(spec.name) && spec.name.trim() === "") {
    throw new PropsError(label, "keyPair.name", "is empty", "name an existing key pair, or the one to create from publicKey");
  }
  if (spec.publicKey === undefined) return spec.name;
  if (isLiteralString(spec.publicKey)) {
    const bad = publicKeyProblem(spec.publicKey);
    if (bad) throw new PropsError(label, "keyPair.publicKey", bad.problem, bad.fix);
  }
  const created = stackSingleton<CreatedKeyPair>(scope, `keypair:${spec.name}`, (stack) => ({
    publicKey: spec.publicKey!,
    resource: new ComputeKeypairV2(stack, `keypair-${constructIdFor(spec.name)}`, {
      name: spec.name,
      publicKey: spec.publicKey,
    }),
  }));
  if (created.publicKey !== spec.publicKey) {
    throw new PropsError(
      label,
      "keyPair.publicKey",
      `differs from the public key another server gave for key pair ${JSON.stringify(spec.name)}`,
      "use one public key per key pair name, or another name",
    );
  }
  return created.resource.name;
}
