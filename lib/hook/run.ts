/**
 * One hook run after the query is parsed: resolve the cloud, connect once,
 * mint every server's console, and answer Terraform. All or nothing on
 * stdout: a failure prints no result, only every failing server and why.
 */
import { OpenStackClient, OpenStackError, asOpenStackError, resolveCloudConfig, type ConsoleOutcome } from "../openstack";
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
    return report(outcomes, query, io);
  } catch (err) {
    io.stderr(PREFIX + asOpenStackError(err).message);
    return 1;
  } finally {
    await client?.close();
  }
}

function report(outcomes: ConsoleOutcome[], query: HookQuery, io: HookIO): number {
  const failed = outcomes.filter((o): o is Extract<ConsoleOutcome, { ok: false }> => !o.ok);
  const pair = `${query.pair.protocol}/${query.pair.type}`;
  if (failed.length > 0 && !query.tolerateUnavailable) {
    io.stderr(`${PREFIX}no ${pair} console URL for ${failed.length} of ${outcomes.length} servers; nothing was written:`);
    for (const f of failed) io.stderr(`  - ${describe(f.error)}`);
    return 1;
  }
  const result: Record<string, string> = {};
  for (const o of outcomes) result[o.name] = o.ok ? o.console.url : "";
  if (failed.length > 0) {
    io.stderr(`${PREFIX}note: tolerate_unavailable is set, so ${failed.length} of ${outcomes.length} servers get "" instead of a ${pair} console URL:`);
    for (const f of failed) io.stderr(`  - ${describe(f.error)}`);
  }
  io.stdout(`${JSON.stringify(result)}\n`);
  return 0;
}

function describe(error: OpenStackError): string {
  return error.message.replace(/\s*\n\s*/g, " ");
}
