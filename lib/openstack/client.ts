import { BASE_MICROVERSION, DEFAULT_MICROVERSION, compareMicroversions, pairKey, type ConsolePair } from "../console-matrix";
import { parseComputeUrl, type ComputeEndpoint } from "./compute/endpoint";
import { novaFailure } from "./compute/errors";
import { computeHeaders } from "./compute/headers";
import { SHOW_TOKEN_CALL, TOKEN_LOOKUP_MICROVERSION, parseConnectInfo, tokenPath } from "./compute/console-auth-tokens";
import { ACTION_CALL, actionBody, actionPath, parseConsole } from "./compute/legacy-actions";
import { planConsole, type ConsoleMethod, type ConsolePlan } from "./compute/microversion";
import { CREATE_CALL, createBody, createPath, parseCreated } from "./compute/remote-consoles";
import { LIST_CALL, exactNameFilter, listPath, parseServerPage, type ListQuery, type ServerSummary } from "./compute/servers";
import { discoverCompute, type ComputeVersions } from "./compute/versions";
import type { CloudConfig, EndpointInterface } from "./config/types";
import { asOpenStackError, type OpenStackError } from "./errors";
import { WARMUP_RAMP, fanOut } from "./fan-out";
import { Deadline } from "./http/deadline";
import { HttpExecutor, type HttpStats } from "./http/executor";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry";
import { createDispatcher, tlsConnectOptions, type TlsConnectOptions } from "./http/transport";
import { describeProbe, type ProbeOutcome } from "./console-probe/outcome";
import { DEFAULT_PROBE_TIMEOUT_MS, probeConsole, type TokenVerdict } from "./console-probe/probe";
import { chooseEndpoint } from "./identity/catalog";
import { TokenSession } from "./identity/session";
import type { Dispatcher } from "undici";

/** A server to mint a console for: its Nova id, and the name messages call it by. */
export interface ConsoleServer {
  readonly id: string;
  readonly name?: string;
}

/** A console URL the client minted, with how and when. */
export interface MintedConsole {
  readonly serverId: string;
  readonly protocol: string;
  readonly type: string;
  /** Secret while its token lives: never log it. */
  readonly url: string;
  readonly microversion: string;
  readonly method: ConsoleMethod;
  /** When it was minted (epoch ms): Nova gives no expiry, the cloud's token_ttl (default 600 s) runs from here. */
  readonly mintedAt: number;
}

/** One server's result in a fleet call; `durationMs` is the time spent on it (requests, retries and polls). */
export type ConsoleOutcome =
  | { readonly name: string; readonly id: string; readonly ok: true; readonly console: MintedConsole; readonly durationMs: number }
  | { readonly name: string; readonly id: string; readonly ok: false; readonly error: OpenStackError; readonly durationMs: number };

export interface ConnectOptions {
  /** Warnings (and retry notes when logRetries), one line each, never secrets. Default: warnings to stderr. */
  readonly logger?: (line: string) => void;
  /** Also send the logger a line for every retry (for --debug style output). */
  readonly logRetries?: boolean;
  /** Overrides of the retry policy (tests use short delays). */
  readonly retry?: Partial<RetryPolicy>;
}

/**
 * What to do with a 409 "not ready" (the server has no host): "wait" polls
 * until the deadline (a server still building gets its console once
 * scheduled); "fail" reports it at once, for servers that will get no host
 * (ERROR, SHELVED_OFFLOADED). Transient failures are retried either way.
 */
export type NotReadyPolicy = "wait" | "fail";

/** Options of one minting call (createConsole, and createConsoles through FleetOptions). */
export interface MintOptions {
  /** Overall deadline of this call; default the config's deadlineMs. */
  readonly deadlineMs?: number;
  /** When the deadline started (epoch ms), if before this call (the hook counts its whole run); default now. */
  readonly startedAt?: number;
  /** Default "wait". */
  readonly notReady?: NotReadyPolicy;
}

export interface FleetOptions extends MintOptions {
  /**
   * Called with each server's outcome as it settles (for progress). A
   * callback that throws stops the fleet: servers not yet started are not
   * tried, and createConsoles rejects with that error once those in flight
   * have settled.
   */
  readonly onOutcome?: (outcome: ConsoleOutcome) => void;
}

/** A fleet minted for Terraform (mintFleet): every outcome, and why each server without a usable URL has none. */
export interface FleetConsoles {
  readonly outcomes: ConsoleOutcome[];
  /** Server name to one line: the mint's error, or why the minted console did not open (with `probe`). */
  readonly failures: ReadonlyMap<string, string>;
}

export interface ProbeSettings {
  /** Each probe's time limit; default 10 s. */
  readonly timeoutMs?: number;
  /** The Origin to send instead of the page's own. */
  readonly origin?: string;
  /** Also take a PNG thumbnail of the screen (noVNC), at most this wide. */
  readonly thumbnail?: { readonly width?: number };
}

/** A console to probe: what a mint returned (url and type are all it needs). */
export interface ProbeRequest {
  readonly url: string;
  readonly type: string;
}

/** What the client connected to; nothing secret. */
export interface CloudInfo {
  readonly source: string;
  readonly region?: string;
  readonly interface: EndpointInterface;
  readonly computeUrl: string;
  readonly versions: ComputeVersions;
  readonly projectId?: string;
}

interface PreparedPlan extends ConsolePlan {
  readonly callName: string;
  readonly body: string;
  readonly path: (serverId: string) => string;
  /** Headers for the current token, rebuilt only when the token changes. */
  headersToken?: string;
  headers?: Record<string, string>;
}

/**
 * A connection to one cloud: one token, one keep-alive pool, the compute
 * endpoint and its microversion range. Mints consoles one by one or for a
 * whole fleet at bounded concurrency.
 */
export class OpenStackClient {
  private readonly plans = new Map<string, PreparedPlan>();
  /** The token generation Nova has already answered console calls with: a fleet on it needs no warm-up. */
  private warmGeneration = 0;

  private constructor(
    private readonly config: CloudConfig,
    private readonly dispatcher: Dispatcher,
    private readonly executor: HttpExecutor,
    private readonly session: TokenSession,
    private readonly endpoint: ComputeEndpoint,
    private readonly versions: ComputeVersions,
    private readonly tls: TlsConnectOptions,
  ) {}

  /** Logs in (one token request), picks the compute endpoint from the catalog, and discovers its microversions. */
  static async connect(config: CloudConfig, options: ConnectOptions = {}): Promise<OpenStackClient> {
    const warn = options.logger ?? ((line: string) => void process.stderr.write(`${line}\n`));
    const dispatcher = await createDispatcher({
      tls: config.tls,
      connections: config.concurrency,
      connectTimeoutMs: Math.min(config.requestTimeoutMs, config.deadlineMs),
      warn,
    });
    const tls = tlsConnectOptions(config.tls);
    const stats: HttpStats = { tokenRequests: 0, requests: 0, retries: 0 };
    const executor = new HttpExecutor(dispatcher, { ...DEFAULT_RETRY_POLICY, ...options.retry }, config.requestTimeoutMs, stats, options.logRetries ? options.logger : undefined);
    try {
      const session = new TokenSession(executor, config);
      await session.login();
      const computeUrl = config.computeEndpoint ?? chooseEndpoint(session.catalog, "compute", config.region, config.interface);
      const parsed = parseComputeUrl(computeUrl, config.computeEndpoint ? "the compute endpoint setting" : "the catalog's compute URL");
      const { endpoint, versions } = await discoverCompute(executor, parsed, new Deadline(config.deadlineMs));
      return new OpenStackClient(config, dispatcher, executor, session, endpoint, versions, tls);
    } catch (err) {
      await dispatcher.destroy();
      throw err;
    }
  }

  get info(): CloudInfo {
    return {
      source: this.config.source,
      region: this.config.region,
      interface: this.config.interface,
      computeUrl: `${this.endpoint.origin}${this.endpoint.basePath}`,
      versions: this.versions,
      projectId: this.session.projectId,
    };
  }

  /** Mints one console. Throws OpenStackError naming the server, the call, Nova's answer and the fix. */
  async createConsole(server: ConsoleServer, pair: ConsolePair, options: MintOptions = {}): Promise<MintedConsole> {
    const plan = this.plan(pair);
    try {
      return await this.mint(server, plan, this.deadline(options), options.notReady ?? "wait");
    } catch (err) {
      throw asOpenStackError(err).forServer(server);
    }
  }

  /**
   * Mints a console for every server at bounded concurrency under one
   * deadline. Per-server failures come back as outcomes, in the servers'
   * order; only a problem with the pair itself (unknown, or not servable on
   * this cloud) throws.
   */
  async createConsoles(servers: ReadonlyArray<{ name: string; id: string }>, pair: ConsolePair, options: FleetOptions = {}): Promise<ConsoleOutcome[]> {
    const plan = this.plan(pair);
    const deadline = this.deadline(options);
    const notReady = options.notReady ?? "wait";
    const outcomes = new Array<ConsoleOutcome>(servers.length);
    let stopped: { error: unknown } | undefined;
    const mintOne = async (index: number, onAnswer: () => void): Promise<void> => {
      const server = servers[index];
      const started = Date.now();
      let outcome: ConsoleOutcome;
      try {
        const minted = await this.mint(server, plan, deadline, notReady, onAnswer);
        outcome = { name: server.name, id: server.id, ok: true, console: minted, durationMs: Date.now() - started };
      } catch (err) {
        outcome = { name: server.name, id: server.id, ok: false, error: asOpenStackError(err).forServer(server), durationMs: Date.now() - started };
      }
      outcomes[index] = outcome;
      try {
        options.onOutcome?.(outcome);
      } catch (error) {
        stopped ??= { error };
      }
    };
    // On a token Nova has not answered yet, widen in stages so each nova-api worker validates it once (fan-out.ts).
    const generation = this.session.generation;
    const ramp = generation === this.warmGeneration ? [] : WARMUP_RAMP;
    await fanOut(servers.length, { width: this.config.concurrency, ramp, stopped: () => stopped !== undefined }, mintOne);
    this.warmGeneration = generation;
    if (stopped) throw stopped.error;
    return outcomes;
  }

  /**
   * What the hook and the console provider run: createConsoles, then, with
   * `probe`, each minted console opened within what is left of the deadline;
   * every server without a usable URL in `failures`, in one line.
   */
  async mintFleet(servers: ReadonlyArray<{ name: string; id: string }>, pair: ConsolePair, options: FleetOptions & { readonly probe?: boolean } = {}): Promise<FleetConsoles> {
    const startedAt = options.startedAt ?? Date.now();
    const outcomes = await this.createConsoles(servers, pair, { ...options, startedAt });
    const failures = new Map<string, string>();
    for (const o of outcomes) if (!o.ok) failures.set(o.name, o.error.oneLine);
    if (options.probe) {
      const minted = outcomes.flatMap((o) => (o.ok ? [o] : []));
      const leftMs = (options.deadlineMs ?? this.config.deadlineMs) - (Date.now() - startedAt);
      const results = await this.probeConsoles(
        minted.map((o) => o.console),
        { timeoutMs: Math.max(1000, Math.min(DEFAULT_PROBE_TIMEOUT_MS, leftMs)) },
      );
      minted.forEach((o, i) => {
        if (!results[i].opens) failures.set(o.name, `server "${o.name}" (${o.id}): the console was minted but ${describeProbe(results[i])}. ${results[i].hint}`);
      });
    }
    return { outcomes, failures };
  }

  /**
   * Opens a minted console as a browser would (page, WebSocket with the token
   * and the page's Origin, RFB to ServerInit for noVNC) over this client's TLS
   * settings, and reports whether it opens or the step that failed. Never
   * throws for the console's failures; the token is never in the outcome.
   */
  async probeConsole(console: ProbeRequest, settings: ProbeSettings = {}): Promise<ProbeOutcome> {
    return probeConsole(console.url, {
      type: console.type,
      tls: this.tls,
      dispatcher: this.dispatcher,
      timeoutMs: settings.timeoutMs,
      origin: settings.origin,
      thumbnail: settings.thumbnail,
      checkToken: (token, signal) => this.checkConsoleToken(token, signal),
    });
  }

  /** Probes many consoles at the client's concurrency; outcomes in the input's order. */
  async probeConsoles(consoles: readonly ProbeRequest[], settings: ProbeSettings & { onOutcome?: (index: number, outcome: ProbeOutcome) => void } = {}): Promise<ProbeOutcome[]> {
    const outcomes = new Array<ProbeOutcome>(consoles.length);
    // Console proxies validate nothing with Keystone: no warm-up ramp.
    await fanOut(consoles.length, { width: this.config.concurrency, ramp: [] }, async (index) => {
      outcomes[index] = await this.probeConsole(consoles[index], settings);
      settings.onOutcome?.(index, outcomes[index]);
    });
    return outcomes;
  }

  /**
   * Whether Nova knows a console token, and where its proxy connects for it:
   * GET /os-console-auth-tokens/{token} (admin only, microversion 2.31).
   * Never throws: a cloud that cannot or will not tell gives `known: "unknown"`.
   */
  async checkConsoleToken(token: string, signal?: AbortSignal): Promise<TokenVerdict> {
    if (compareMicroversions(this.versions.max ?? BASE_MICROVERSION, TOKEN_LOOKUP_MICROVERSION) < 0) {
      return { known: "unknown", why: `this cloud's compute API stops at microversion ${this.versions.max ?? BASE_MICROVERSION}, below the ${TOKEN_LOOKUP_MICROVERSION} that console token lookups need` };
    }
    const deadline = new Deadline(Math.min(this.config.requestTimeoutMs, 15_000));
    const lookup = this.executor.run({
      name: SHOW_TOKEN_CALL,
      deadline,
      auth: this.session,
      build: (current) => ({
        method: "GET",
        origin: this.endpoint.origin,
        path: tokenPath(this.endpoint.basePath, token),
        headers: computeHeaders(current ?? "", TOKEN_LOOKUP_MICROVERSION, false),
      }),
    });
    try {
      const outcome = await (signal ? raceAbort(lookup, signal) : lookup);
      const { status, text } = outcome.response;
      if (status === 200) return { known: true, ...parseConnectInfo(text) };
      if (status === 404) return { known: false };
      if (status === 403) return { known: "unknown", why: "only an admin may ask Nova about console tokens, and these credentials are not one" };
      return { known: "unknown", why: `Nova answered ${status} to ${SHOW_TOKEN_CALL}` };
    } catch (err) {
      return { known: "unknown", why: `asking Nova failed: ${asOpenStackError(err).detail}` };
    }
  }

  /** Servers visible to the credentials (all projects' with allProjects, which needs admin), page by page. */
  async *listServers(opts: { allProjects?: boolean; pageSize?: number } = {}): AsyncIterable<ServerSummary> {
    yield* this.pages({ allProjects: opts.allProjects, limit: opts.pageSize });
  }

  /** Servers whose name is exactly `name` (Nova filters by regex; this anchors and escapes it). */
  async findServersByName(name: string): Promise<ServerSummary[]> {
    const found: ServerSummary[] = [];
    for await (const server of this.pages({ name: exactNameFilter(name) })) if (server.name === name) found.push(server);
    return found;
  }

  stats(): { tokenRequests: number; requests: number; retries: number } {
    const { tokenRequests, requests, retries } = this.executor.stats;
    return { tokenRequests, requests, retries };
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Ends every request in flight at once (each fails) and closes the connections: for a caller told to stop. */
  async destroy(): Promise<void> {
    await this.dispatcher.destroy();
  }

  private plan(pair: ConsolePair): PreparedPlan {
    const key = pairKey(pair.protocol, pair.type);
    let prepared = this.plans.get(key);
    if (!prepared) {
      const plan = planConsole(pair.protocol, pair.type, this.config.microversion, this.versions);
      const base = this.endpoint.basePath;
      prepared =
        plan.method === "remote-consoles"
          ? { ...plan, callName: `${CREATE_CALL} (${key} at ${plan.microversion})`, body: createBody(plan.pair.protocol, plan.pair.type), path: (id) => createPath(base, id) }
          : {
              ...plan,
              callName: `${ACTION_CALL} ${plan.pair.legacyAction} (${key} at ${plan.microversion})`,
              body: actionBody(plan.pair.legacyAction!, plan.pair.type),
              path: (id) => actionPath(base, id),
            };
      this.plans.set(key, prepared);
    }
    return prepared;
  }

  private deadline(options: MintOptions): Deadline {
    return new Deadline(options.deadlineMs ?? this.config.deadlineMs, options.startedAt);
  }

  /** `onAnswer`: called once Nova has answered this call's first attempt (a retry begins, or the call ends). */
  private async mint(server: ConsoleServer, plan: PreparedPlan, deadline: Deadline, notReady: NotReadyPolicy, onAnswer?: () => void): Promise<MintedConsole> {
    let attempts = 0;
    const call = this.executor.run({
      name: plan.callName,
      deadline,
      auth: this.session,
      pollNotReady: notReady === "wait",
      retryUntilDeadline: true,
      build: (token) => {
        if (attempts++ > 0) onAnswer?.();
        return { method: "POST", origin: this.endpoint.origin, path: plan.path(server.id), headers: headersFor(plan, token ?? ""), body: plan.body };
      },
    });
    const outcome = await (onAnswer ? call.finally(onAnswer) : call);
    const { status, text } = outcome.response;
    if (status !== 200) {
      throw novaFailure(outcome, { call: plan.callName, server, pair: pairKey(plan.pair.protocol, plan.pair.type), deadline });
    }
    const url = plan.method === "remote-consoles" ? parseCreated(text, plan.callName).url : parseConsole(text, plan.callName).url;
    return {
      serverId: server.id,
      protocol: plan.pair.protocol,
      type: plan.pair.type,
      url,
      microversion: plan.microversion,
      method: plan.method,
      mintedAt: Date.now(),
    };
  }

  /** The microversion of non-console calls: the caller's, within the cloud's range. */
  private baseMicroversion(): string {
    const wish = this.config.microversion ?? DEFAULT_MICROVERSION;
    const max = this.versions.max ?? BASE_MICROVERSION;
    return compareMicroversions(wish, max) > 0 ? max : wish;
  }

  private async *pages(query: ListQuery): AsyncIterable<ServerSummary> {
    const microversion = this.baseMicroversion();
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const path = listPath(this.endpoint.basePath, { ...query, marker });
      const outcome = await this.executor.run({
        name: LIST_CALL,
        deadline: new Deadline(this.config.deadlineMs),
        auth: this.session,
        build: (token) => ({ method: "GET", origin: this.endpoint.origin, path, headers: computeHeaders(token ?? "", microversion, false) }),
      });
      if (outcome.response.status !== 200) throw novaFailure(outcome, { call: LIST_CALL });
      const page = parseServerPage(outcome.response.text, LIST_CALL);
      yield* page.servers;
      // Stop on a repeated marker too: a broken cloud must not make this loop forever.
      if (!page.nextMarker || page.servers.length === 0 || seen.has(page.nextMarker)) return;
      seen.add(page.nextMarker);
      marker = page.nextMarker;
    }
  }
}

function headersFor(plan: PreparedPlan, token: string): Record<string, string> {
  if (plan.headersToken !== token || !plan.headers) {
    plan.headers = computeHeaders(token, plan.microversion, true);
    plan.headersToken = token;
  }
  return plan.headers;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
