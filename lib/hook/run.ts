/**
 * One hook run after the query is parsed: resolve the cloud, connect once,
 * mint every server's console, and answer Terraform. All or nothing on
 * stdout: a failure prints no result, only every failing server and why.
 */
import {
  DEFAULT_PROBE_TIMEOUT_MS,
  OpenStackClient,
  OpenStackError,
  asOpenStackError,
  describeProbe,
  resolveCloudConfig,
  type ConsoleOutcome,
  type ProbeOutcome,
} from "../openstack";
import type { HookQuery } from "./query";

export interface HookIO {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  /** One line at a time, without the newline. */
  readonly stderr: (line: string) => void;
}

export const PREFIX = "console-hook: ";

/** Runs the fleet; returns the exit code. */
export async function runHook(query: HookQuery, io: HookIO): Promise<number> {
  if (query.servers.length === 0) {
    // Nothing to mint: answer without touching the cloud (or needing credentials).
    io.stdout("{}\n");
    return 0;
  }
  const started = Date.now();
  let client: OpenStackClient | undefined;
  try {
    const config = resolveCloudConfig(query.settings, io.env, io.cwd);
    client = await OpenStackClient.connect(config, { logger: (line) => io.stderr(PREFIX + line) });
    const outcomes = await client.createConsoles(query.servers, query.pair, { deadlineMs: query.timeoutMs, startedAt: started });
    const probes = query.probe ? await probeMinted(client, outcomes, query.timeoutMs - (Date.now() - started)) : new Map<string, ProbeOutcome>();
    return report(outcomes, probes, query, io);
  } catch (err) {
    io.stderr(PREFIX + asOpenStackError(err).message);
    return 1;
  } finally {
    await client?.close();
  }
}

/** Probes the minted consoles (the query's probe = "true"), each within the time left, keyed by server name. */
async function probeMinted(client: OpenStackClient, outcomes: readonly ConsoleOutcome[], leftMs: number): Promise<Map<string, ProbeOutcome>> {
  const minted = outcomes.flatMap((o) => (o.ok ? [o] : []));
  const timeoutMs = Math.max(1000, Math.min(DEFAULT_PROBE_TIMEOUT_MS, leftMs));
  const results = await client.probeConsoles(minted.map((o) => o.console), { timeoutMs });
  return new Map(minted.map((o, i) => [o.name, results[i]]));
}

function report(outcomes: ConsoleOutcome[], probes: ReadonlyMap<string, ProbeOutcome>, query: HookQuery, io: HookIO): number {
  const failures = new Map<string, string>();
  for (const o of outcomes) {
    if (!o.ok) failures.set(o.name, describe(o.error));
    const probe = probes.get(o.name);
    if (probe && !probe.opens) failures.set(o.name, `server "${o.name}" (${o.id}): the console was minted but ${describeProbe(probe)}. ${probe.hint}`);
  }
  const pair = `${query.pair.protocol}/${query.pair.type}`;
  const what = query.probe ? `${pair} console URL that opens` : `${pair} console URL`;
  if (failures.size > 0 && !query.tolerateUnavailable) {
    io.stderr(`${PREFIX}no ${what} for ${failures.size} of ${outcomes.length} servers; nothing was written:`);
    for (const line of failures.values()) io.stderr(`  - ${line}`);
    return 1;
  }
  const result: Record<string, string> = {};
  for (const o of outcomes) result[o.name] = o.ok && !failures.has(o.name) ? o.console.url : "";
  if (failures.size > 0) {
    io.stderr(`${PREFIX}note: tolerate_unavailable is set, so ${failures.size} of ${outcomes.length} servers get "" instead of a ${what}:`);
    for (const line of failures.values()) io.stderr(`  - ${line}`);
  }
  io.stdout(`${JSON.stringify(result)}\n`);
  return 0;
}

function describe(error: OpenStackError): string {
  return error.message.replace(/\s*\n\s*/g, " ");
}
