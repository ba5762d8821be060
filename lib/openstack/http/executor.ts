import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { OpenStackError } from "../errors";
import type { Deadline } from "./deadline";
import { ResponseCollector } from "./response-collector";
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry";
import { isRetryableTransportError, transportErrorCode, transportFailure } from "./transport-errors";

export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** "https://nova.example.com:8774" */
  readonly origin: string;
  /** "/v2.1/servers/...", with any query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** The token source of authenticated calls; a 401 lets it re-authenticate once for everyone. */
export interface Authenticator {
  readonly token: string;
  /** Bumped on every new token, so a 401 on an old token does not trigger another login. */
  readonly generation: number;
  /** Resolves when the token is usable (renewed first if it is about to expire). */
  ready(): Promise<void> | undefined;
  /** After a 401 on the token of `generation`: true when a (possibly shared) new token is there to retry with. */
  renewAfterUnauthorized(generation: number): Promise<boolean>;
  /** A request with the current token succeeded. */
  confirm(generation: number): void;
}

export interface Call {
  /** For messages and logs, e.g. "POST /servers/{id}/remote-consoles (vnc/novnc at 2.8)"; never secrets. */
  readonly name: string;
  readonly deadline: Deadline;
  readonly build: (token: string | undefined) => HttpRequest;
  readonly auth?: Authenticator;
  /** Retry 409 until the deadline: on console calls it means the server has no host yet. */
  readonly conflictMeansNotReady?: boolean;
}

export interface Outcome {
  readonly response: HttpResponse;
  readonly attempts: number;
  /** Set when a retryable answer was still coming back when attempts or time ran out. */
  readonly gaveUp?: "deadline" | "attempts";
}

export interface HttpStats {
  tokenRequests: number;
  requests: number;
  retries: number;
}

/**
 * Sends calls through the shared pool with the retry policy: per-attempt
 * timeout, overall deadline, backoff with jitter on connection errors, 5xx
 * and 429 (Retry-After honoured), 409 "not ready" until the deadline, and one
 * re-authentication on 401. Returns the final answer; the caller maps
 * non-2xx answers to errors with its own context.
 */
export class HttpExecutor {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly policy: RetryPolicy,
    private readonly requestTimeoutMs: number,
    readonly stats: HttpStats,
    private readonly log?: (line: string) => void,
  ) {}

  async run(call: Call): Promise<Outcome> {
    let attempts = 0;
    let retries = 0;
    let renewed = false;
    // What the last retried attempt got, to report when time runs out.
    let lastResponse: HttpResponse | undefined;
    let lastCode: string | undefined;
    for (;;) {
      const auth = call.auth;
      if (auth) await auth.ready();
      const generation = auth ? auth.generation : 0;
      const request = call.build(auth?.token);
      const remaining = call.deadline.remaining();
      if (remaining <= 0) {
        if (lastResponse) return { response: lastResponse, attempts, gaveUp: "deadline" };
        if (lastCode) throw transportFailure(lastCode, call.name, hostOf(request.origin), attempts);
        throw deadlineFailure(call, attempts);
      }
      attempts++;
      this.stats.requests++;

      let response: HttpResponse;
      try {
        response = await this.send(request, Math.min(this.requestTimeoutMs, remaining));
      } catch (err) {
        const code = transportErrorCode(err);
        const host = hostOf(request.origin);
        // An attempt cut short by the overall deadline is the deadline's failure, not a slow request's.
        if (call.deadline.expired()) throw deadlineFailure(call, attempts, code);
        if (!isRetryableTransportError(code) || attempts >= this.policy.maxAttempts) throw transportFailure(code, call.name, host, attempts);
        const wait = backoffDelay(retries, this.policy.maxDelayMs, this.policy);
        if (wait >= call.deadline.remaining()) throw transportFailure(code, call.name, host, attempts);
        this.note(call, code, wait, attempts);
        lastCode = code;
        lastResponse = undefined;
        await sleep(wait);
        retries++;
        this.stats.retries++;
        continue;
      }

      if (response.status === 401 && auth && !renewed) {
        renewed = true;
        if (await auth.renewAfterUnauthorized(generation)) continue;
        return { response, attempts };
      }
      if (response.status < 300 && auth) auth.confirm(generation);
      if (!isRetryableStatus(response.status, call.conflictMeansNotReady === true)) return { response, attempts };

      const notReady = response.status === 409;
      if (!notReady && attempts >= this.policy.maxAttempts) return { response, attempts, gaveUp: "attempts" };
      let wait = backoffDelay(retries, notReady ? this.policy.notReadyMaxDelayMs : this.policy.maxDelayMs, this.policy);
      const asked = parseRetryAfter(response.headers["retry-after"]);
      // Never sooner than the cloud asked.
      if (asked !== undefined) wait = Math.max(wait, asked);
      if (wait >= call.deadline.remaining()) return { response, attempts, gaveUp: "deadline" };
      this.note(call, String(response.status), wait, attempts);
      lastResponse = response;
      lastCode = undefined;
      await sleep(wait);
      retries++;
      this.stats.retries++;
    }
  }

  private send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      this.dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        new ResponseCollector(resolve, reject),
      );
    });
  }

  private note(call: Call, cause: string, waitMs: number, attempts: number): void {
    this.log?.(`retrying ${call.name} after ${cause} in ${waitMs} ms (attempt ${attempts + 1})`);
  }
}

function hostOf(origin: string): string {
  return origin.replace(/^[a-z]+:\/\//, "");
}

function deadlineFailure(call: Call, attempts: number, lastCode?: string): OpenStackError {
  const tried = attempts > 0 ? ` after ${attempts} attempt${attempts > 1 ? "s" : ""}` : "";
  const last = lastCode ? `; the last one got no answer in time (${lastCode})` : "";
  return new OpenStackError("timeout", `${call.name}: the deadline of ${call.deadline.describe()} passed${tried}${last}`, "Raise the timeout, or check the cloud's health.", {
    call: call.name,
  });
}
