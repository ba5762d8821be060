import type { Secret } from "./secret";

export type EndpointInterface = "public" | "internal" | "admin";

/** Non-secret connection settings: what may travel in a hook query or CLI flags. */
export interface ConnectionSettings {
  cloud?: string;
  region?: string;
  interface?: EndpointInterface;
  /** Use this compute URL instead of the catalog's (still authenticates with Keystone). */
  computeEndpoint?: string;
  cacert?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  /** The caller's microversion; default "2.8". */
  microversion?: string;
  requestTimeoutMs?: number;
  deadlineMs?: number;
  concurrency?: number;
}

export type DomainRef = { readonly id: string } | { readonly name: string };
export type UserRef = { readonly id: string } | { readonly name: string; readonly domain: DomainRef };
export type ProjectRef = { readonly id: string } | { readonly name: string; readonly domain: DomainRef };

export type AuthMethod =
  | { readonly type: "password"; readonly user: UserRef; readonly password: Secret }
  | {
      readonly type: "application_credential";
      readonly credential: { readonly id: string } | { readonly name: string; readonly user: UserRef };
      readonly secret: Secret;
    }
  | { readonly type: "token"; readonly token: Secret };

export type AuthScope =
  | { readonly kind: "project"; readonly project: ProjectRef }
  | { readonly kind: "system" }
  | { readonly kind: "unscoped" };

export interface TlsSettings {
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
  /** Skip certificate verification: an explicit, warned opt-in. */
  readonly insecure: boolean;
}

/** Everything needed to connect, resolved and validated. Secrets are `Secret`s, so logging it is safe. */
export interface CloudConfig {
  /** Where the credentials came from, for messages: e.g. `cloud "prod" in /home/u/.config/openstack/clouds.yaml`. */
  readonly source: string;
  readonly cloud?: string;
  readonly authUrl: string;
  readonly auth: AuthMethod;
  readonly scope: AuthScope;
  readonly region?: string;
  readonly interface: EndpointInterface;
  readonly computeEndpoint?: string;
  readonly tls: TlsSettings;
  /** The caller's microversion when one was given (settings, compute_api_version, OS_COMPUTE_API_VERSION). */
  readonly microversion?: string;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly concurrency: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_CONCURRENCY = 16;
