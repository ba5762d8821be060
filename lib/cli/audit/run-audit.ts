/**
 * The audit: list every server (one project, or all with --all-projects),
 * try each for each console pair, and classify the answers. The client does
 * the HTTP, the retries, the 409 polling and the error mapping, all under
 * the audit's one deadline (--timeout, from its start): a server that may
 * still get a host (BUILD, REBUILD, MIGRATING, ...) is polled until then;
 * one that never will (ERROR, SHELVED_OFFLOADED) has its 409 reported at
 * once, so it does not hold the audit up.
 */
import {
  asOpenStackError,
  type ConsoleOutcome,
  type ErrorKind,
  type FleetOptions,
  type NotReadyPolicy,
  type OpenStackClient,
  type OpenStackError,
  type ProbeOutcome,
  type ServerSummary,
  pairKey,
} from "../../openstack";
import { usageError } from "../errors";
import type { ConsolePair } from "../../openstack";
import type { Progress } from "../progress";
import { probeFinding } from "../probe-finding";
import { AuditCheck, AuditReport, AuditServer, Outcome, byName, summarise } from "./report";

export interface AuditOptions {
  readonly pairs: readonly ConsolePair[];
  readonly allProjects: boolean;
  readonly showUrls: boolean;
  /** Overall deadline of the audit, from its start. */
  readonly timeoutMs: number;
  /** Open every minted URL as a browser would (--probe): each probe's own time limit, and an Origin to send instead of the page's. */
  readonly probe?: { readonly timeoutMs: number; readonly origin?: string; readonly thumbnails?: boolean };
}

export interface AuditHooks {
  /** Called once the servers are listed, with the number of checks to come. */
  readonly onListed?: (checks: number) => Progress;
  /** Each thumbnail as it arrives (probe.thumbnails): returns the file it was written to, if any. */
  readonly onThumbnail?: (server: { readonly id: string; readonly name: string }, pair: ConsolePair, png: Buffer) => string | undefined;
}

const OUTCOME_OF_KIND: Partial<Record<ErrorKind, Outcome>> = {
  "not-ready": "not-ready",
  unsupported: "unsupported",
  forbidden: "forbidden",
  "not-found": "not-found",
};

export async function runAudit(client: OpenStackClient, options: AuditOptions, hooks: AuditHooks = {}): Promise<AuditReport> {
  const started = Date.now();
  const pairKeys = options.pairs.map((p) => pairKey(p.protocol, p.type));
  const listed = await listServers(client, options.allProjects);
  const progress = hooks.onListed?.(listed.length * options.pairs.length);
  const checks = new Map<string, AuditCheck[]>(listed.map((s) => [s.id, []]));
  try {
    // Pair by pair, so --concurrency (the client's) bounds every request in flight.
    for (const pair of options.pairs) {
      for (const { notReady, servers } of readinessGroups(listed)) {
        // With --probe a minted console counts as done once probed.
        const outcomes = await checkPair(client, servers, pair, {
          deadlineMs: options.timeoutMs,
          startedAt: started,
          notReady,
          onOutcome: (o) => (options.probe && o.ok ? undefined : progress?.advance()),
        });
        const files = new Map<string, string>();
        const onProbed = (outcome: ConsoleOutcome, probe: ProbeOutcome): void => {
          progress?.advance();
          const shot = probe.opens && probe.reached === "server-init" ? probe.thumbnail : undefined;
          const file = shot?.ok ? hooks.onThumbnail?.(outcome, pair, shot.png) : undefined;
          if (file) files.set(outcome.id, file);
        };
        const probes = options.probe ? await probeMinted(client, outcomes, options.probe, onProbed) : new Map<string, ProbeOutcome>();
        for (const outcome of outcomes) checks.get(outcome.id)?.push(checkOf(pair, outcome, options.showUrls, probes.get(outcome.id), files.get(outcome.id)));
      }
    }
  } finally {
    progress?.stop();
  }
  // Servers that were building when listed have moved on: report the status they reached.
  const current = listed.some((s) => isTransitional(s.status)) ? await currentStatuses(client, options.allProjects) : undefined;
  const servers: AuditServer[] = listed
    .map((s) => {
      const status = current?.get(s.id) ?? s.status;
      const note = availabilityNote(status);
      return {
        id: s.id,
        name: s.name,
        status,
        ...(s.projectId !== undefined ? { projectId: s.projectId } : {}),
        // A probe that opened the console is better evidence than the status.
        checks: (checks.get(s.id) ?? []).map((c) => (c.outcome === "available" && note && !c.probe ? { ...c, note } : c)),
      };
    })
    .sort(byName);
  return {
    generatedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    allProjects: options.allProjects,
    pairs: pairKeys,
    servers,
    summary: summarise(pairKeys, servers),
    ...(options.probe ? { probe: { timeoutMs: options.probe.timeoutMs, ...(options.probe.origin ? { origin: options.probe.origin } : {}) } } : {}),
    requests: client.stats(),
  };
}

/** Servers that will get no host first (their answers come at once), then those worth waiting for. */
function readinessGroups(servers: readonly ServerSummary[]): Array<{ notReady: NotReadyPolicy; servers: ServerSummary[] }> {
  const hostless = servers.filter((s) => HOSTLESS_STATUSES.has(s.status));
  const others = servers.filter((s) => !HOSTLESS_STATUSES.has(s.status));
  const groups: Array<{ notReady: NotReadyPolicy; servers: ServerSummary[] }> = [
    { notReady: "fail", servers: hostless },
    { notReady: "wait", servers: others },
  ];
  return groups.filter((g) => g.servers.length > 0);
}

/**
 * One pair for a group of servers. A pair this cloud cannot serve at all
 * (its microversion range lacks it) is each server's "unsupported", not the
 * end of the audit.
 */
async function checkPair(client: OpenStackClient, servers: readonly ServerSummary[], pair: ConsolePair, fleet: FleetOptions): Promise<ConsoleOutcome[]> {
  try {
    return await client.createConsoles(servers, pair, fleet);
  } catch (err) {
    const error = asOpenStackError(err);
    if (error.kind !== "unsupported") throw err;
    return servers.map((s) => {
      const outcome: ConsoleOutcome = { name: s.name, id: s.id, ok: false, error: error.forServer(s), durationMs: 0 };
      fleet.onOutcome?.(outcome);
      return outcome;
    });
  }
}

/** Probes every minted console of one pair at the client's concurrency, keyed by server id. */
async function probeMinted(
  client: OpenStackClient,
  outcomes: readonly ConsoleOutcome[],
  probe: NonNullable<AuditOptions["probe"]>,
  onProbed: (outcome: ConsoleOutcome, probe: ProbeOutcome) => void,
): Promise<Map<string, ProbeOutcome>> {
  const minted = outcomes.flatMap((o) => (o.ok ? [o] : []));
  const results = await client.probeConsoles(
    minted.map((o) => o.console),
    { timeoutMs: probe.timeoutMs, origin: probe.origin, ...(probe.thumbnails ? { thumbnail: {} } : {}), onOutcome: (i, p) => onProbed(minted[i], p) },
  );
  return new Map(minted.map((o, i) => [o.id, results[i]]));
}


function checkOf(pair: ConsolePair, outcome: ConsoleOutcome, showUrls: boolean, probe: ProbeOutcome | undefined, file: string | undefined): AuditCheck {
  const base = { protocol: pair.protocol, type: pair.type, durationMs: outcome.durationMs + (probe?.durationMs ?? 0) };
  if (!outcome.ok) return { ...base, ...failure(outcome.error) };
  const url = showUrls ? { url: outcome.console.url } : {};
  if (!probe) return { ...base, outcome: "available", ...url };
  const note = probe.notes.length > 0 ? { note: probe.notes.join("; ") } : {};
  if (probe.opens) return { ...base, outcome: "available", ...url, ...note, probe: probeFinding(probe, file) };
  return { ...base, outcome: "does-not-open", reason: probe.reason, hint: probe.hint, ...url, ...note, probe: probeFinding(probe) };
}

async function listServers(client: OpenStackClient, allProjects: boolean): Promise<ServerSummary[]> {
  const servers: ServerSummary[] = [];
  try {
    for await (const server of client.listServers({ allProjects })) servers.push(server);
  } catch (err) {
    if (allProjects && asOpenStackError(err).kind === "forbidden") {
      throw usageError("--all-projects: the credentials' role may not list the servers of every project", "Use a user with the admin role, or leave out --all-projects");
    }
    throw err;
  }
  return servers;
}

/** Best effort: when the cloud cannot list again, the statuses seen at the start stand. */
async function currentStatuses(client: OpenStackClient, allProjects: boolean): Promise<Map<string, string> | undefined> {
  try {
    return new Map((await listServers(client, allProjects)).map((s) => [s.id, s.status]));
  } catch {
    return undefined;
  }
}

function failure(error: OpenStackError): Pick<AuditCheck, "outcome" | "status" | "reason" | "hint"> {
  return {
    outcome: OUTCOME_OF_KIND[error.kind] ?? "error",
    ...(error.status !== undefined ? { status: error.status } : {}),
    reason: error.detail,
    hint: error.hint,
  };
}

// ---- what a server's Nova status says about its console ----
// A 409 "not ready" means the server has no host yet: worth waiting for while it is in a
// transitional state, pointless once it failed (ERROR, never scheduled) or was offloaded
// (SHELVED_OFFLOADED).

/** Statuses a server passes through on its way to a settled one. */
const TRANSITIONAL_STATUSES: ReadonlySet<string> = new Set([
  "BUILD",
  "REBUILD",
  "REBOOT",
  "HARD_REBOOT",
  "RESIZE",
  "REVERT_RESIZE",
  "MIGRATING",
  "PASSWORD",
]);

/** Settled statuses in which a server may have no host, so "not ready" is final: the audit does not poll them. */
const HOSTLESS_STATUSES: ReadonlySet<string> = new Set(["ERROR", "SHELVED_OFFLOADED"]);

function isTransitional(status: string): boolean {
  return TRANSITIONAL_STATUSES.has(status);
}

/** Nova issues URLs for servers that are not running; they do not connect. */
function availabilityNote(status: string): string | undefined {
  return status === "ACTIVE" ? undefined : `server is ${status}: the URL is issued but will not connect until the server is ACTIVE`;
}
