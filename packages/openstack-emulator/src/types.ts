/**
 * The emulator's public types: the contract other parts code against
 * (docs/emulator.md). Extra optional fields are additions only.
 */

import type { ConsoleProxyFaults, ConsoleProxyOptions } from "./console-proxy/types";

export type { ConsoleDesktop, ConsoleProxyFaults, ConsoleProxyOptions } from "./console-proxy/types";

export type ServerStatus =
  | "ACTIVE"
  | "SHUTOFF"
  | "PAUSED"
  | "SUSPENDED"
  | "BUILD"
  | "ERROR"
  /** After a resize, until confirmResize or revertResize. */
  | "VERIFY_RESIZE"
  /** After shelve (Nova offloads at once by default: no host). */
  | "SHELVED_OFFLOADED"
  | "RESCUE"
  /** Transient states an action shows for taskStateMs before it settles. */
  | "REBOOT"
  | "HARD_REBOOT"
  | "REBUILD"
  | "RESIZE"
  | "PASSWORD";

/** demo-reader: reader only, in project demo (a project reader, as tempest asks for). */
export type EmulatorUser = "demo" | "admin" | "viewer" | "demo-reader";

export type ProfileName = "upstream" | "zed" | "virtuozzo";

export interface ServerRecord {
  id: string;
  name: string;
  status: ServerStatus;
  projectId: string;
  host: string | null;
}

/** Routes that can be counted and faulted. */
export type RouteKey =
  | "identity.versions"
  | "identity.tokens"
  | "identity.credentials"
  | "compute.versions"
  | "compute.servers"
  | "compute.remote-consoles"
  | "compute.action"
  | "compute.flavors"
  | "compute.keypairs"
  | "image.versions"
  | "image.images"
  | "network.versions"
  | "network.networks"
  | "network.ports"
  | "placement.versions";

/** A route key, every route of one service ("identity.*", "compute.*", ...), or every route ("*"). */
export type FaultTarget = RouteKey | "identity.*" | "compute.*" | "image.*" | "network.*" | "placement.*" | "*";

export interface RouteFaults {
  /** Added delay before answering. */
  latencyMs?: number;
  /** 0..1 share answered with one of errorStatuses. */
  errorRate?: number;
  /** Statuses errorRate picks from (500..599); default [500, 502, 503]. */
  errorStatuses?: number[];
  /** 0..1 share whose connection is destroyed mid-response. */
  dropRate?: number;
  /** 0..1 share answered 429 with Retry-After. */
  rateLimitRate?: number;
  /** Retry-After of those 429s; default 1. */
  retryAfterSeconds?: number;
  /** The first N console requests per server answer Nova's 409 "is not ready". */
  notReadyFirstN?: number;
  /** Every request answers 503 (e.g. Keystone down). */
  unavailable?: boolean;
  /**
   * "identity.tokens" only: tokens issued while set stop working after this
   * many seconds, although their expires_at still promises the full lifetime
   * (a token revoked or expiring early under a client that caches it).
   */
  tokenLifetimeSeconds?: number;
}

export type FaultSpec = Partial<Record<FaultTarget, RouteFaults>>;

/** A Nova flavor the emulator offers. */
export interface FlavorSpec {
  name: string;
  /** Default: a UUID. */
  id?: string;
  /** MiB; default 512. */
  ram?: number;
  /** Default 1. */
  vcpus?: number;
  /** GiB; default 1. */
  disk?: number;
}

/** A public Glance image. */
export interface ImageSpec {
  name: string;
  /** Default: a UUID. */
  id?: string;
  /** ISO time; default now. Terraform's most_recent picks by it. */
  createdAt?: string;
}

/** A Neutron network with one IPv4 subnet. */
export interface NetworkSpec {
  name: string;
  /** Default: a UUID. */
  id?: string;
  /** Owning project; default "demo". */
  project?: "demo" | "admin";
  /** Default false. */
  shared?: boolean;
  /** router:external; default false. */
  external?: boolean;
  /** Default 10.0.<n>.0/24. */
  cidr?: string;
}

/**
 * Service times of a cloud: each compute request is served by one of
 * `workers` nova-api workers (assigned per connection, up to
 * `workerConcurrency` requests at once each), and a worker that has not seen
 * a token yet validates it with Keystone first (through `keystoneProcesses`
 * slots of `tokenValidationMs`), caching it only once the validation
 * returns, as keystonemiddleware does.
 */
export interface LatencyProfile {
  /** nova-api workers; default 2. */
  workers?: number;
  /** Requests one worker serves at once; default 1000 (eventlet's pool). 1 models a CPU-bound worker. */
  workerConcurrency?: number;
  /** A first-seen token's validation; default 300 ms. */
  tokenValidationMs?: number;
  /** Keystone processes validating tokens at once; default 2. */
  keystoneProcesses?: number;
  /**
   * Which worker accepts a new connection: "round-robin" (a balancer in front,
   * as HAProxy spreads a production nova-api; the default) or "idle-first"
   * (eventlet workers sharing one listening socket, as on the real harness:
   * the worker holding the fewest connections accepts, ties to the one that
   * accepted last, and a burst of connections lands on one worker).
   */
  accept?: "round-robin" | "idle-first";
  /** Service time per route key (or service wildcard "compute.*", or "*"); defaults from the real-Nova measurements. */
  serviceMs?: Partial<Record<FaultTarget, number>>;
}

export interface EmulatorOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Keystone listener; default 0 (ephemeral). */
  identityPort?: number;
  /** Nova listener; default 0 (ephemeral). */
  computePort?: number;
  /** Default "upstream". */
  profile?: ProfileName;
  /** Overrides the profile's maximum microversion. */
  maxMicroversion?: string;
  /** Overrides the profile's enabled pairs, e.g. ["vnc/novnc"]. */
  enabledPairs?: string[];
  /** Pairs whose hypervisor driver has no such console: Nova answers 501. */
  notImplementedPairs?: string[];
  /** ACTIVE servers seeded in project "demo", named server-1..server-N. */
  servers?: number;
  /** Default ["RegionOne"]. */
  regions?: string[];
  /**
   * Give the internal and admin compute endpoints their own path prefix
   * (/internal, /admin), so a test can see which interface a client used.
   * Default false: one URL for all three, as on the recorded cloud.
   */
  interfacePaths?: boolean;
  /** HTTPS on both listeners with a CA made at start. */
  tls?: boolean;
  /** Keystone token lifetime; default 3600. */
  tokenTtlSeconds?: number;
  /** Console token lifetime; default 600. */
  consoleTokenTtlSeconds?: number;
  /**
   * The noVNC page noVNC URLs name, as a deployment's `novncproxy_base_url` does: "/vnc_auto.html" (Nova's
   * default), "/vnc_lite.html" (noVNC 1.x's page that connects by itself, as the project's real harness sets)
   * or "/vnc.html"; default "/vnc_auto.html".
   */
  novncPage?: string;
  /**
   * How long a server created through the API stays BUILD without a host, and
   * a server deleted through the API stays in task_state "deleting"; default 100.
   */
  taskStateMs?: number;
  /** Nova's [api] max_limit: the largest page of a server list; default 1000. */
  maxPageSize?: number;
  /** Seed of the fault dice, so fault tests are deterministic. */
  seed?: number;
  faults?: FaultSpec;
  /** The console proxy the minted URLs point at (port, VNC server, allowed origins, faults). */
  consoleProxy?: ConsoleProxyOptions;
  /** Glance listener; default 0 (ephemeral). */
  imagePort?: number;
  /** Neutron listener; default 0 (ephemeral). */
  networkPort?: number;
  /** Placement listener; default 0 (ephemeral). */
  placementPort?: number;
  /**
   * The CIDR of the default `private` network (default "10.0.0.0/24": 253 servers), e.g.
   * "10.0.0.0/16" for a fleet of thousands; only with the default networks (give `cidr` in `networks` otherwise).
   */
  networkCidr?: string;
  /** Flavors; default m1.tiny, m1.small, m1.medium, m1.large, m1.xlarge (ids "1".."5"). */
  flavors?: FlavorSpec[];
  /** Public images; default cirros-0.6.2-x86_64-disk and ubuntu-24.04. */
  images?: ImageSpec[];
  /** Networks; default "private" (project demo, 10.0.0.0/24) and "public" (external, 172.24.4.0/24). */
  networks?: NetworkSpec[];
  /**
   * Service times and the first-seen-token cost: "real-nova" for the measured
   * figures (shared/reference/real-nova-performance.md), an object to set
   * them, or none (default: answers at once).
   */
  latency?: "real-nova" | LatencyProfile;
}

export interface EmulatorCounters {
  /** Successful POST /v3/auth/tokens. */
  tokenIssues: number;
  /** All POST /v3/auth/tokens. */
  tokenRequests: number;
  /** All POST .../remote-consoles and legacy console actions. */
  consoleRequests: number;
  /** Those answered 200 (and not dropped). */
  consoleCreations: number;
  /** Route key (or "identity.other"/"compute.other") -> requests. */
  byRoute: Record<string, number>;
  consoleRequestsByServer: Record<string, number>;
  /** Most console requests being served at one moment. */
  maxConsoleInFlight: number;
  /** Compute requests per catalog endpoint: "RegionOne", or "RegionOne/internal" with interfacePaths. */
  byEndpoint: Record<string, number>;
  /** With a latency profile: Keystone validations of tokens a nova-api worker had not seen (a fresh-token herd shows here). */
  tokenValidations: number;
}

export interface CreateServerSpec {
  name: string;
  status?: ServerStatus;
  project?: "demo" | "admin";
  /** false: never scheduled, so consoles answer 409. */
  host?: boolean;
}

export interface Emulator {
  /** OS_AUTH_URL, e.g. "http://127.0.0.1:41234/v3". */
  identityUrl: string;
  /** Catalog image (Glance) URL, e.g. "http://127.0.0.1:41236". */
  imageUrl: string;
  /** Catalog network (Neutron) URL, e.g. "http://127.0.0.1:41237". */
  networkUrl: string;
  /** Catalog placement URL. */
  placementUrl: string;
  /** Catalog compute URL of the first region, public interface, e.g. "http://127.0.0.1:41235/v2.1". */
  computeUrl: string;
  /** Base of the control endpoint, e.g. "http://127.0.0.1:41235/__emulator". */
  controlUrl: string;
  /** The console proxy's origin, e.g. "http://127.0.0.1:41236": every console URL points there. */
  consoleProxyUrl: string;
  /** Replaces the console proxy's fault switches (throws Error on an unknown switch). */
  setConsoleProxyFaults(faults: ConsoleProxyFaults): void;
  consoleProxyFaults(): ConsoleProxyFaults;
  /** PEM of the CA when tls. */
  caFile?: string;
  env(user?: EmulatorUser): Record<string, string>;
  createServer(spec: CreateServerSpec): ServerRecord;
  setServerStatus(id: string, status: ServerStatus): void;
  deleteServer(id: string): void;
  markDeleting(id: string): void;
  listServers(): ServerRecord[];
  createApplicationCredential(user: EmulatorUser, name: string): { id: string; name: string; secret: string };
  expireTokens(): void;
  /** Replaces every fault (validated; throws EmulatorConfigError). Tokens' real lifetime: "identity.tokens".tokenLifetimeSeconds. */
  setFaults(spec: FaultSpec): void;
  clearFaults(): void;
  currentFaults(): FaultSpec;
  counters(): EmulatorCounters;
  resetCounters(): void;
  isIssuedConsoleUrl(url: string): boolean;
  close(): Promise<void>;
}
