/**
 * Fault injection: validating a FaultSpec, resolving the faults of one route
 * ("*" < "identity.*"/"compute.*" < the route's own key, field by field) and
 * rolling seeded dice so a test with a seed sees the same faults every run.
 */
import { EmulatorConfigError, shown } from "./errors";
import type { FaultSpec, FaultTarget, RouteFaults, RouteKey } from "./types";

export const ROUTE_KEYS: readonly RouteKey[] = [
  "identity.versions",
  "identity.tokens",
  "identity.credentials",
  "compute.versions",
  "compute.servers",
  "compute.remote-consoles",
  "compute.action",
  "compute.flavors",
  "compute.keypairs",
  "image.versions",
  "image.images",
  "network.versions",
  "network.networks",
  "network.ports",
  "placement.versions",
];

export const FAULT_TARGETS: readonly FaultTarget[] = [...ROUTE_KEYS, "identity.*", "compute.*", "image.*", "network.*", "placement.*", "*"];

export const DEFAULT_ERROR_STATUSES: readonly number[] = [500, 502, 503];

type FieldKind = "ms" | "rate" | "statuses" | "seconds" | "count" | "flag";

const FIELDS: Record<keyof RouteFaults, FieldKind> = {
  latencyMs: "ms",
  errorRate: "rate",
  errorStatuses: "statuses",
  dropRate: "rate",
  rateLimitRate: "rate",
  retryAfterSeconds: "seconds",
  notReadyFirstN: "count",
  unavailable: "flag",
  tokenLifetimeSeconds: "seconds",
};

function fieldProblem(kind: FieldKind, value: unknown): [string, string] | undefined {
  const number = typeof value === "number" && Number.isFinite(value);
  switch (kind) {
    case "ms":
      return number && value >= 0 && value <= 600_000 ? undefined : ["is not a delay", "give milliseconds from 0 to 600000"];
    case "rate":
      return number && value >= 0 && value <= 1 ? undefined : ["is not a share", "give a number from 0 to 1"];
    case "seconds":
      return number && value >= 0 && value <= 86_400 ? undefined : ["is not a duration", "give seconds from 0 to 86400"];
    case "count":
      return number && Number.isInteger(value) && value >= 0 ? undefined : ["is not a count", "give a whole number from 0"];
    case "flag":
      return typeof value === "boolean" ? undefined : ["is not true or false", "give true or false"];
    case "statuses":
      return Array.isArray(value) &&
        value.length > 0 &&
        value.every((s) => Number.isInteger(s) && s >= 500 && s <= 599)
        ? undefined
        : ["is not a list of 5xx statuses", "give a non-empty list such as [500, 502, 503]"];
  }
}

/** Checks a fault spec from code, a flag or the control endpoint; throws EmulatorConfigError. */
export function validateFaultSpec(spec: unknown, field = "faults"): FaultSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new EmulatorConfigError(field, `${shown(spec)} is not an object`, `give an object keyed by route, e.g. {"compute.remote-consoles": {"errorRate": 0.1}}`);
  }
  for (const [target, faults] of Object.entries(spec)) {
    if (!(FAULT_TARGETS as readonly string[]).includes(target)) {
      throw new EmulatorConfigError(field, `unknown route "${target}"`, `use one of ${FAULT_TARGETS.join(", ")}`);
    }
    if (faults === null || typeof faults !== "object" || Array.isArray(faults)) {
      throw new EmulatorConfigError(field, `"${target}" is ${shown(faults)}, not an object`, `give an object such as {"latencyMs": 100}`);
    }
    for (const [name, value] of Object.entries(faults)) {
      const kind = FIELDS[name as keyof RouteFaults];
      if (!kind) {
        throw new EmulatorConfigError(field, `"${target}" has unknown fault "${name}"`, `use ${Object.keys(FIELDS).join(", ")}`);
      }
      const problem = fieldProblem(kind, value);
      if (problem) throw new EmulatorConfigError(field, `"${target}".${name} ${shown(value)} ${problem[0]}`, problem[1]);
    }
  }
  return structuredClone(spec) as FaultSpec;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultOutcome =
  | { kind: "pass" }
  | { kind: "drop" }
  | { kind: "unavailable" }
  | { kind: "rate-limit"; retryAfterSeconds: number }
  | { kind: "error"; status: number };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
}

export class FaultBox {
  private spec: FaultSpec = {};
  private readonly random: () => number;
  /** Console requests per server that reached the readiness check under the current spec. */
  private readonly readiness = new Map<string, number>();

  constructor(seed: number, spec: FaultSpec = {}) {
    this.random = seededRandom(seed);
    this.set(spec);
  }

  set(spec: FaultSpec): void {
    this.spec = validateFaultSpec(spec);
    this.readiness.clear();
  }

  current(): FaultSpec {
    return structuredClone(this.spec);
  }

  /** The faults in force on a route. */
  resolve(route: string): RouteFaults {
    const service = route.slice(0, route.indexOf(".") + 1) + "*";
    return {
      ...this.spec["*"],
      ...this.spec[service as FaultTarget],
      ...this.spec[route as FaultTarget],
    };
  }

  decide(route: string): FaultDecision {
    const f = this.resolve(route);
    return { latencyMs: f.latencyMs ?? 0, outcome: this.roll(f) };
  }

  private hits(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }

  private roll(f: RouteFaults): FaultOutcome {
    if (f.unavailable) return { kind: "unavailable" };
    if (this.hits(f.rateLimitRate)) return { kind: "rate-limit", retryAfterSeconds: f.retryAfterSeconds ?? 1 };
    if (this.hits(f.errorRate)) {
      const statuses = f.errorStatuses ?? DEFAULT_ERROR_STATUSES;
      return { kind: "error", status: statuses[Math.floor(this.random() * statuses.length)] };
    }
    if (this.hits(f.dropRate)) return { kind: "drop" };
    return { kind: "pass" };
  }

  /** True while this server is within its first notReadyFirstN console requests. */
  notReady(route: string, serverId: string): boolean {
    const limit = this.resolve(route).notReadyFirstN ?? 0;
    if (limit === 0) return false;
    const seen = (this.readiness.get(serverId) ?? 0) + 1;
    this.readiness.set(serverId, seen);
    return seen <= limit;
  }

  /** Real lifetime of tokens issued now, when a fault shortens it. */
  tokenLifetimeSeconds(): number | undefined {
    return this.resolve("identity.tokens").tokenLifetimeSeconds;
  }
}
