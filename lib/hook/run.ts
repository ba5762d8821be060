/**
 * One hook run after the query is parsed: resolve the cloud, connect once,
 * mint every server's console, and answer Terraform. All or nothing on
 * stdout: a failure prints no result, only every failing server and why.
 */
import { OpenStackClient, asOpenStackError, resolveCloudConfig, type ConsoleOutcome } from "../openstack";
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
    const { outcomes, failures } = await client.mintFleet(query.servers, query.pair, { deadlineMs: query.timeoutMs, startedAt: started, probe: query.probe });
    return report(outcomes, failures, query, io);
  } catch (err) {
    io.stderr(PREFIX + asOpenStackError(err).message);
    return 1;
  } finally {
    await client?.close();
  }
}

function report(outcomes: readonly ConsoleOutcome[], failures: ReadonlyMap<string, string>, query: HookQuery, io: HookIO): number {
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
