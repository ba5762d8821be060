/** The audit's findings as plain data: every format renders this and nothing else. */

import type { ProbeFinding } from "../probe-finding";

export { probeLine, type ProbeFinding } from "../probe-finding";

/**
 * Why a console type is or is not available on a server. "does-not-open"
 * (only with --probe): Nova minted a URL, but the console did not open.
 */
export const OUTCOMES = ["available", "not-ready", "unsupported", "forbidden", "not-found", "error", "does-not-open"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcomes a report shows: "does-not-open" only when it probed. */
export function reportOutcomes(report: AuditReport): readonly Outcome[] {
  return report.probe ? OUTCOMES : OUTCOMES.filter((o) => o !== "does-not-open");
}


export interface AuditCheck {
  readonly protocol: string;
  readonly type: string;
  readonly outcome: Outcome;
  /** HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** The client's message for an unavailable console (never a URL or a secret). */
  readonly reason?: string;
  /** Present only with --show-urls. */
  readonly url?: string;
  /** Something a person should know although the console was issued (e.g. the server is off). */
  readonly note?: string;
  /** What to do about an unavailable console. */
  readonly hint?: string;
  /** With --probe, for every minted URL. */
  readonly probe?: ProbeFinding;
  readonly durationMs: number;
}

export interface AuditServer {
  readonly id: string;
  readonly name: string;
  /** Nova status when the audit last saw it. */
  readonly status: string;
  readonly projectId?: string;
  /** With several clouds or regions (--os-cloud a,b / --os-region-name r1,r2): where the server is. */
  readonly cloud?: string;
  readonly region?: string;
  readonly checks: readonly AuditCheck[];
}

/** A cloud or region of a several-cloud audit that could not be audited at all (configuration, login, catalog, listing). */
export interface UnreachableCloud {
  readonly cloud: string;
  readonly region: string;
  /** The client's message (never a secret). */
  readonly reason: string;
}

/** "cloud/region" of a server or cloud of a several-cloud audit; undefined otherwise. */
export function locationOf(where: { readonly cloud?: string; readonly region?: string }): string | undefined {
  return where.cloud === undefined && where.region === undefined ? undefined : `${where.cloud ?? "-"}/${where.region ?? "-"}`;
}

/** The server as rows name it: with its cloud and region in a several-cloud audit. */
export function serverLabel(server: AuditServer): string {
  const at = locationOf(server);
  return at ? `${server.name} @ ${at}` : server.name;
}

export interface AuditSummary {
  readonly servers: number;
  readonly statuses: Record<string, number>;
  readonly checks: number;
  readonly available: number;
  readonly unavailable: number;
  readonly outcomes: Record<Outcome, number>;
  readonly byPair: Record<string, Record<Outcome, number>>;
}

export interface AuditReport {
  readonly generatedAt: string;
  readonly durationMs: number;
  readonly allProjects: boolean;
  readonly pairs: readonly string[];
  readonly servers: readonly AuditServer[];
  readonly summary: AuditSummary;
  /** Present when the audit probed every minted URL (--probe). */
  readonly probe?: { readonly timeoutMs: number; readonly origin?: string };
  /** What the audit cost: token requests, HTTP requests, retries. */
  readonly requests?: { readonly tokenRequests: number; readonly requests: number; readonly retries: number };
  /** A several-cloud audit: every cloud/region asked, and those that could not be audited (one row each). */
  readonly clouds?: { readonly audited: readonly string[]; readonly unreachable: readonly UnreachableCloud[] };
}

/** Every console available (or opening), and every cloud reached. */
export function auditPassed(report: AuditReport): boolean {
  return report.summary.unavailable === 0 && (report.clouds?.unreachable.length ?? 0) === 0;
}

function zeroOutcomes(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

export function summarise(pairs: readonly string[], servers: readonly AuditServer[]): AuditSummary {
  const statuses: Record<string, number> = {};
  const outcomes = zeroOutcomes();
  const byPair: Record<string, Record<Outcome, number>> = Object.fromEntries(pairs.map((p) => [p, zeroOutcomes()]));
  let checks = 0;
  for (const server of servers) {
    statuses[server.status] = (statuses[server.status] ?? 0) + 1;
    for (const check of server.checks) {
      checks += 1;
      outcomes[check.outcome] += 1;
      const pair = `${check.protocol}/${check.type}`;
      (byPair[pair] ??= zeroOutcomes())[check.outcome] += 1;
    }
  }
  return {
    servers: servers.length,
    statuses,
    checks,
    available: outcomes.available,
    unavailable: checks - outcomes.available,
    outcomes,
    byPair,
  };
}

/** Servers ordered by name, then id: reports are stable from run to run. */
export function byName(a: AuditServer, b: AuditServer): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A short human reason: "available", "not ready (409)", "unsupported (501)", ... */
export function outcomeLabel(check: AuditCheck): string {
  const words: Record<Outcome, string> = {
    available: "available",
    "not-ready": "not ready",
    unsupported: "unsupported",
    forbidden: "forbidden by policy",
    "not-found": "server gone",
    error: "error",
    "does-not-open": "does not open",
  };
  if (check.probe?.opens) {
    const d = check.probe.desktop;
    return d ? `opens "${d.name}" ${d.width}x${d.height}` : "opens (WebSocket upgrade only)";
  }
  if (check.outcome === "does-not-open") return `does not open (${check.probe?.step ?? "?"})`;
  const word = words[check.outcome];
  return check.status === undefined || check.outcome === "available" ? word : `${word} (${check.status})`;
}

