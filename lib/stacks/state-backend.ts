/**
 * Where a fleet stack keeps its Terraform state: the backends teams use
 * (local, pg, s3 and S3-compatible stores, GitLab-style http), each with a
 * state key unique per stack by default. Credentials never come from here:
 * whatever a fleet file holds lands in cdk.tf.json and the plans, so they are
 * refused, pointing to the variables Terraform reads them from.
 */
import { HttpBackend, LocalBackend, PgBackend, S3Backend, TerraformStack } from "cdktf";

export interface LocalStateBackend {
  /** State file. Relative paths are the stack directory's. @default cdktf's `<project>/terraform.<stack>.tfstate` */
  readonly path?: string;
}

export interface PgStateBackend {
  /**
   * libpq connection string, without a password. `{stack}` is the stack's name:
   * stacks need a database each, since the pg backend locks per database
   * (hashicorp/terraform#22833). @default PG_CONN_STR from the environment
   */
  readonly connStr?: string;
  /** Schema that holds this stack's state. `{stack}` is the stack's name. @default terraform_<stack> */
  readonly schemaName?: string;
  readonly skipSchemaCreation?: boolean;
  readonly skipTableCreation?: boolean;
  readonly skipIndexCreation?: boolean;
}

export interface S3StateBackend {
  readonly bucket: string;
  /** Object key. `{stack}` is the stack's name. @default <stack>/terraform.tfstate */
  readonly key?: string;
  readonly region: string;
  /** An S3-compatible store (Ceph RGW, Swift's S3 API, MinIO): its URL. @default AWS */
  readonly endpoint?: string;
  /** Server-side encryption. @default false */
  readonly encrypt?: boolean;
  /** Locking with a lock object beside the state (Terraform 1.10+). @default false */
  readonly useLockfile?: boolean;
  /** Path-style addressing, which most S3-compatible stores need. @default false */
  readonly usePathStyle?: boolean;
  /** The checks a store that is not AWS fails. @default false each */
  readonly skipCredentialsValidation?: boolean;
  readonly skipRegionValidation?: boolean;
  readonly skipRequestingAccountId?: boolean;
  readonly skipMetadataApiCheck?: boolean;
  readonly skipS3Checksum?: boolean;
  /** AWS shared-config profile (a name, not a credential). @default none */
  readonly profile?: string;
}

export interface HttpStateBackend {
  /** State URL (GitLab: .../terraform/state/<name>). `{stack}` is the stack's name. */
  readonly address: string;
  readonly lockAddress?: string;
  readonly unlockAddress?: string;
  readonly lockMethod?: string;
  readonly unlockMethod?: string;
  readonly updateMethod?: string;
  /** @default TF_HTTP_USERNAME from the environment */
  readonly username?: string;
  readonly retryMax?: number;
}

/** Exactly one backend. @default local */
export interface StateBackend {
  readonly local?: LocalStateBackend;
  readonly pg?: PgStateBackend;
  readonly s3?: S3StateBackend;
  readonly http?: HttpStateBackend;
}

export const BACKEND_TYPES = ["local", "pg", "s3", "http"] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

/** Keys that carry a credential, per backend, and where Terraform reads it instead. */
const CREDENTIAL_KEYS: Readonly<Record<BackendType, Readonly<Record<string, string>>>> = {
  local: {},
  pg: { password: "PGPASSWORD (or a password in PG_CONN_STR)" },
  s3: {
    accessKey: "AWS_ACCESS_KEY_ID",
    secretKey: "AWS_SECRET_ACCESS_KEY",
    token: "AWS_SESSION_TOKEN",
    sseCustomerKey: "AWS_SSE_CUSTOMER_KEY",
  },
  http: { password: "TF_HTTP_PASSWORD", clientPrivateKeyPem: "TF_HTTP_CLIENT_PRIVATE_KEY_PEM" },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A password inside a libpq URL (postgres://user:secret@...) or keyword string (password=...). */
function connStrHasPassword(connStr: string): boolean {
  if (/(^|\s)password\s*=/i.test(connStr)) return true;
  const m = /^postgres(?:ql)?:\/\/([^@/]*)@/i.exec(connStr);
  return m !== null && m[1].includes(":");
}

/**
 * Refuses credentials in a backend block before anything else looks at it;
 * `fail(key, problem, fix)` names the key under `at`. The message never
 * repeats the value.
 */
export function refuseBackendCredentials(backend: unknown, at: string, fail: (key: string, problem: string, fix: string) => never): void {
  if (!isObject(backend)) return;
  for (const type of BACKEND_TYPES) {
    const settings = backend[type];
    if (!isObject(settings)) continue;
    for (const [key, env] of Object.entries(CREDENTIAL_KEYS[type])) {
      const found = Object.keys(settings).find((k) => k.toLowerCase() === key.toLowerCase());
      if (found !== undefined) {
        fail(`${at}.${type}.${found}`, "is a credential, and what the fleet file holds lands in cdk.tf.json", `remove it and set ${env} in the environment Terraform runs in`);
      }
    }
    if (type === "pg" && typeof settings.connStr === "string" && connStrHasPassword(settings.connStr)) {
      fail(`${at}.pg.connStr`, "holds a password, and what the fleet file holds lands in cdk.tf.json", "remove the password from it and set PGPASSWORD in the environment Terraform runs in (or leave connStr out and set PG_CONN_STR)");
    }
  }
}

/** The one backend type a block names; undefined when it names none or several. */
export function backendTypeOf(backend: StateBackend): BackendType | undefined {
  const set = BACKEND_TYPES.filter((t) => backend[t] !== undefined);
  return set.length === 1 ? set[0] : undefined;
}

const withStack = (template: string, stack: string): string => template.split("{stack}").join(stack);

/** A Postgres identifier from a stack name: lower case, [a-z0-9_]. */
const pgIdentifier = (stack: string): string => `terraform_${stack.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;

export interface ResolvedBackend {
  readonly type: BackendType;
  /** The settings as the stack's backend block gets them (placeholders filled, defaults made). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** What identifies the state: two stacks with the same key would overwrite each other. */
  readonly stateKey: string;
  /** What the backend's locks cover, where that is wider than one state: pg locks a whole database. */
  readonly lockScope?: string;
}

/** The database a libpq URL or keyword string names (host, port, dbname); the environment's when there is no string. */
function pgDatabaseOf(connStr: string | undefined): string {
  if (connStr === undefined) return "$PG_CONN_STR";
  const url = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^/?]*)\/?([^?]*)/i.exec(connStr);
  if (url) return `${url[1]}/${url[2]}`;
  const kw = (k: string) => new RegExp(`(?:^|\\s)${k}\\s*=\\s*(\\S+)`, "i").exec(connStr)?.[1] ?? "";
  return `${kw("host")}:${kw("port")}/${kw("dbname")}`;
}

/** The backend for `stack`, with its per-stack defaults; local when none is given. */
export function resolveBackend(backend: StateBackend | undefined, stack: string): ResolvedBackend {
  const type = backend ? backendTypeOf(backend) ?? "local" : "local";
  switch (type) {
    case "local": {
      const path = backend?.local?.path;
      return { type, settings: path ? { path: withStack(path, stack) } : {}, stateKey: `local ${path ? withStack(path, stack) : `terraform.${stack}.tfstate`}` };
    }
    case "pg": {
      const pg = backend!.pg!;
      const schemaName = pg.schemaName ? withStack(pg.schemaName, stack) : pgIdentifier(stack);
      const connStr = pg.connStr === undefined ? undefined : withStack(pg.connStr, stack);
      return {
        type,
        settings: { ...pg, ...(connStr === undefined ? {} : { connStr }), schemaName },
        stateKey: `pg ${connStr ?? "$PG_CONN_STR"} ${schemaName}`,
        lockScope: `pg ${pgDatabaseOf(connStr)}`,
      };
    }
    case "s3": {
      const s3 = backend!.s3!;
      const key = s3.key ? withStack(s3.key, stack) : `${stack}/terraform.tfstate`;
      return { type, settings: { ...s3, key }, stateKey: `s3 ${s3.endpoint ?? "aws"} ${s3.bucket} ${key}` };
    }
    case "http": {
      const http = backend!.http!;
      const fill = (v: string | undefined) => (v === undefined ? undefined : withStack(v, stack));
      const settings = { ...http, address: withStack(http.address, stack), lockAddress: fill(http.lockAddress), unlockAddress: fill(http.unlockAddress) };
      return { type, settings, stateKey: `http ${settings.address}` };
    }
  }
}

/** Gives `stack` its backend block; a local backend without a path keeps cdktf's default. */
export function configureStateBackend(stack: TerraformStack, resolved: ResolvedBackend): void {
  const s = resolved.settings as Record<string, never>;
  switch (resolved.type) {
    case "local":
      if (s.path) new LocalBackend(stack, { path: s.path });
      return;
    case "pg": {
      const { connStr, ...rest } = s as unknown as PgStateBackend;
      const pg = new PgBackend(stack, { connStr: connStr ?? "", ...rest });
      // Without conn_str in the block, Terraform reads PG_CONN_STR.
      if (connStr === undefined) pg.addOverride("conn_str", undefined);
      return;
    }
    case "s3": {
      const { useLockfile, skipS3Checksum, endpoint, ...rest } = s as unknown as S3StateBackend;
      // `endpoints.s3`, not the deprecated `endpoint`.
      const s3 = new S3Backend(stack, { ...rest, key: rest.key!, endpoints: endpoint ? { s3: endpoint } : undefined });
      // Newer than cdktf 0.21's S3BackendConfig: Terraform 1.10+ settings, written as Terraform names them.
      if (useLockfile !== undefined) s3.addOverride("use_lockfile", useLockfile);
      if (skipS3Checksum !== undefined) s3.addOverride("skip_s3_checksum", skipS3Checksum);
      return;
    }
    case "http":
      new HttpBackend(stack, s as unknown as HttpStateBackend);
      return;
  }
}
