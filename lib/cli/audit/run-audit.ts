/**
 * The audit: list every server (one project, or all with --all-projects),
 * try each for each console pair at bounded concurrency, and classify the
 * answer. The client does the HTTP, retries and error mapping; this decides
 * how long each server may take: until the overall deadline for servers that
 * may still get a host (a server in a transitional state gets further rounds
 * while it is not ready or the cloud falters), a short grace for those that
 * never will.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { asOpenStackError, type ErrorKind, type OpenStackClient, type OpenStackError, type ServerSummary } from "../../openstack";
import { usageError } from "../errors";
import type { Pair } from "../options/pairs";
import type { Progress } from "../progress";
import { forEachBounded } from "./pool";
import { AuditCheck, AuditReport, AuditServer, Outcome, byName, summarise } from "./report";
import { HOSTLESS_CHECK_MS, HOSTLESS_STATUSES, availabilityNote, isTransitional } from "./statuses";

export interface AuditOptions {
  readonly pairs: readonly Pair[];
  readonly allProjects: boolean;
  readonly showUrls: boolean;
  readonly concurrency: number;
  /** Overall deadline of the audit, from its start. */
  readonly timeoutMs: number;
}

export interface AuditHooks {
  /** Called once the servers are listed, with the number of checks to come. */
  readonly onListed?: (checks: number) => Progress;
}

/** Failures of a transitional server that a later round may not see: still no host, or the cloud faltering meanwhile. */
const RETRY_TRANSITIONAL: ReadonlySet<ErrorKind> = new Set(["not-ready", "server-error", "network"]);
const TRANSITIONAL_PAUSE_MS = 1_000;

const OUTCOME_OF_KIND: Partial<Record<ErrorKind, Outcome>> = {
  "not-ready": "not-ready",
  unsupported: "unsupported",
  forbidden: "forbidden",
  "not-found": "not-found",
};

export async function runAudit(client: OpenStackClient, options: AuditOptions, hooks: AuditHooks = {}): Promise<AuditReport> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const listed = await listServers(client, options.allProjects);
  const progress = hooks.onListed?.(listed.length * options.pairs.length);
  const checks = new Map<string, AuditCheck[]>(listed.map((s) => [s.id, []]));
  const tasks = listed.flatMap((server) => options.pairs.map((pair) => ({ server, pair })));
  try {
    await forEachBounded(tasks, options.concurrency, async ({ server, pair }) => {
      checks.get(server.id)?.push(await checkConsole(client, server, pair, deadline, options.showUrls));
      progress?.advance();
    });
  } finally {
    progress?.stop();
  }
  // Servers that were building when listed have moved on: report the status they reached.
  const current = listed.some((s) => isTransitional(s.status)) ? await currentStatuses(client, options.allProjects) : undefined;
  const pairKeys = options.pairs.map((p) => `${p.protocol}/${p.type}`);
  const order = (c: AuditCheck): number => pairKeys.indexOf(`${c.protocol}/${c.type}`);
  const servers: AuditServer[] = listed
    .map((s) => {
      const status = current?.get(s.id) ?? s.status;
      const note = availabilityNote(status);
      return {
        id: s.id,
        name: s.name,
        status,
        ...(s.projectId !== undefined ? { projectId: s.projectId } : {}),
        checks: (checks.get(s.id) ?? []).map((c) => (c.outcome === "available" && note ? { ...c, note } : c)).sort((a, b) => order(a) - order(b)),
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
    requests: client.stats(),
  };
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

async function checkConsole(client: OpenStackClient, server: ServerSummary, pair: Pair, deadline: number, showUrls: boolean): Promise<AuditCheck> {
  const started = Date.now();
  const base = { protocol: pair.protocol, type: pair.type };
  if (deadline <= started) {
    return { ...base, outcome: "error", reason: "not tried: the audit's --timeout passed before this check began", durationMs: 0 };
  }
  for (;;) {
    const remaining = deadline - Date.now();
    const budget = HOSTLESS_STATUSES.has(server.status) ? Math.min(remaining, HOSTLESS_CHECK_MS) : remaining;
    const [outcome] = await client.createConsoles([{ name: server.name, id: server.id }], pair, { deadlineMs: budget });
    if (outcome.ok) return { ...base, outcome: "available", ...(showUrls ? { url: outcome.console.url } : {}), durationMs: Date.now() - started };
    // A server on its way to a settled state is worth another round while the audit has time; anything else is final.
    const again = isTransitional(server.status) && RETRY_TRANSITIONAL.has(outcome.error.kind) && deadline - Date.now() > TRANSITIONAL_PAUSE_MS;
    if (!again) return { ...base, ...failure(outcome.error), durationMs: Date.now() - started };
    await sleep(TRANSITIONAL_PAUSE_MS);
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
