/**
 * One minting run, as the hook's (lib/hook/run.ts) but answering with
 * values and diagnostics: resolve the cloud from the environment, connect
 * once (one Keystone token), mint every server's console with the client's
 * fan-out and warm-up, probe when asked. All or nothing: unless
 * tolerate_unavailable, one failing server fails the run and no URL is kept.
 */
// Types only at load: the client (and its HTTP stack) loads on the first mint, after the handshake.
import type { ConnectionSettings, ConsoleOutcome, OpenStackClient } from "../openstack";
import { CONSOLE_ATTRIBUTES } from "../hook-contract";
import { attributePath, error, warning, type Diagnostic } from "./diagnostics";
import type { MintRequest } from "./config";
import { log } from "./log";

export interface Minted {
  /** Server name to URL ("" for a tolerated failure). */
  readonly urls: Record<string, string>;
  /** Server name to RFC 3339 time of minting ("" where no URL was had). */
  readonly mintedAt: Record<string, string>;
  /** Warnings (tolerated failures). */
  readonly diagnostics: Diagnostic[];
}

/** Thrown into the client's fan-out when Terraform asks the provider to stop. */
class Stopped extends Error {}

/** Terraform's StopProvider: runs fail at once, their requests in flight abandoned, and start no more servers. */
export class StopSignal {
  private readonly controller = new AbortController();

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  stop(): void {
    this.controller.abort();
  }

  /** Calls `then` when stopped; returns what forgets it. */
  onStop(then: () => void): () => void {
    const signal = this.controller.signal;
    signal.addEventListener("abort", then, { once: true });
    return () => signal.removeEventListener("abort", then);
  }
}

const STOPPED: Diagnostic[] = [error("Stopped: no console URL was kept", "Terraform asked the provider to stop (Ctrl-C) while it minted; run the apply again.")];

function connectionSettings(request: MintRequest, deadlineMs: number): ConnectionSettings {
  const s = request.settings;
  return {
    cloud: s.cloud,
    region: s.region,
    interface: s.interface,
    computeEndpoint: s.computeEndpoint,
    cacert: s.cacert,
    insecure: s.insecure,
    // Absent, resolveCloudConfig takes clouds.yaml's compute_api_version, else the client's default.
    microversion: s.microversion,
    deadlineMs,
  };
}

const rfc3339 = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Mints every server's console; a failure comes back as its diagnostics in
 * the result's place. A stop answers at once: Terraform waits for this answer
 * before it ends, so the requests in flight (a slow or hung cloud holds them
 * up to the deadline) are abandoned, not awaited.
 */
export async function mintConsoles(request: MintRequest, stop: StopSignal): Promise<Minted | Diagnostic[]> {
  if (request.servers.length === 0) return { urls: {}, mintedAt: {}, diagnostics: [] };
  if (stop.stopped) return STOPPED;
  let forgetStop: (() => void) | undefined;
  const stopped = new Promise<Diagnostic[]>((resolve) => {
    forgetStop = stop.onStop(() => resolve(STOPPED));
  });
  const client: { current?: OpenStackClient } = {};
  try {
    return await Promise.race([mintRun(request, stop, client), stopped]);
  } finally {
    forgetStop?.();
    // Stopped: end the requests in flight now (they fail, and the run's own close follows).
    if (stop.stopped) client.current?.destroy().catch(() => undefined);
  }
}

async function mintRun(request: MintRequest, stop: StopSignal, holder: { current?: OpenStackClient }): Promise<Minted | Diagnostic[]> {
  const started = Date.now();
  const deadlineMs = Math.round(request.settings.timeoutSeconds * 1000);
  const pair = { protocol: request.settings.protocol, type: request.settings.type };
  const { OpenStackClient, asOpenStackError, resolveCloudConfig } = await import("../openstack");
  let client: OpenStackClient | undefined;
  try {
    const config = resolveCloudConfig(connectionSettings(request, deadlineMs), process.env, process.cwd());
    if (stop.stopped) throw new Stopped("stopped");
    client = await OpenStackClient.connect(config, { logger: log });
    holder.current = client;
    if (stop.stopped) throw new Stopped("stopped");
    log(`minting ${request.servers.length} ${pair.protocol}/${pair.type} console(s)`);
    const { outcomes, failures } = await client.mintFleet(request.servers, pair, {
      deadlineMs,
      startedAt: started,
      probe: request.settings.probe,
      onOutcome: () => {
        if (stop.stopped) throw new Stopped("stopped");
      },
    });
    log(`minted ${outcomes.length - failures.size} of ${outcomes.length} in ${Date.now() - started} ms`);
    return answer(outcomes, failures, request);
  } catch (err) {
    if (err instanceof Stopped || stop.stopped) return STOPPED;
    return [error(asOpenStackError(err).oneLine, "No console URL was kept; fix the cause above and apply again.")];
  } finally {
    await client?.close();
  }
}

function answer(outcomes: readonly ConsoleOutcome[], failures: ReadonlyMap<string, string>, request: MintRequest): Minted | Diagnostic[] {
  const pair = `${request.settings.protocol}/${request.settings.type}`;
  if (failures.size > 0 && !request.settings.tolerateUnavailable) {
    return [...failures].map(([name, why]) =>
      error(`No ${pair} console URL for server "${name}"`, `${why} No console URL was kept; set tolerate_unavailable = true to get "" for such servers instead.`, attributePath(CONSOLE_ATTRIBUTES.servers, name)),
    );
  }
  const urls: Record<string, string> = {};
  const mintedAt: Record<string, string> = {};
  for (const o of outcomes) {
    const ok = o.ok && !failures.has(o.name);
    urls[o.name] = ok && o.ok ? o.console.url : "";
    mintedAt[o.name] = ok && o.ok ? rfc3339(o.console.mintedAt) : "";
  }
  const diagnostics = [...failures].map(([name, why]) => warning(`Server "${name}" gets "" instead of a ${pair} console URL`, `${why} (tolerate_unavailable is set).`));
  return { urls, mintedAt, diagnostics };
}
