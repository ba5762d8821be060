import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { OpenStackError } from "../errors";
import type { Deadline } from "./deadline";
import type { HttpRequest, HttpResponse } from "./messages";
import { ResponseCollector } from "./response-collector";
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry";
import { isRetryableTransportError, transportErrorCode, transportFailure } from "./transport-errors";

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
  /** Poll 409 until the deadline: on console calls it means the server has no host yet. */
  readonly pollNotReady?: boolean;
  /**
   * Retry transient failures until the deadline instead of maxAttempts in a
   * row: for console calls, which a pipeline waits on and which have no side
   * effect worth sparing, so a flaky cloud cannot fail a fleet that a retry
   * would have saved. Logins keep the bounded budget, so an outage is
   * reported soon.
   */
  readonly retryUntilDeadline?: boolean;
}

export interface Outcome {
  readonly response: HttpResponse;
  /** Requests sent in all: polls, retries and the first try. */
  readonly attempts: number;
  /** Set when a retryable answer was still coming back when time ran out, or when a run of transient failures used up maxAttempts. */
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
 * and 429 (Retry-After honoured), 409 "not ready" polled until the deadline,
 * and one re-authentication on 401. Polls and transient failures keep
 * separate counts (see RetryPolicy). Returns the final answer; the caller
 * maps non-2xx answers to errors with its own context.
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
    // 409 answers so far: their waits grow with them, and only the deadline ends them.
    let polls = 0;
    // Transient failures since the last answer that showed the cloud working (a 409): bounded by maxAttempts.
    let failuresInRow = 0;
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
        // An attempt cut short by the overall deadline is the deadline's failure, not a slow request's;
        // when an earlier attempt got an answer (a 409 "not ready", say), that answer is the news.
        if (call.deadline.expired()) {
          if (lastResponse) return { response: lastResponse, attempts, gaveUp: "deadline" };
          throw deadlineFailure(call, attempts, code);
        }
        failuresInRow++;
        if (!isRetryableTransportError(code) || this.attemptsUsedUp(call, failuresInRow)) throw transportFailure(code, call.name, host, attempts);
        const wait = fitWait(backoffDelay(failuresInRow - 1, this.policy.maxDelayMs, this.policy), call.deadline.remaining());
        if (wait === undefined) throw transportFailure(code, call.name, host, attempts);
        await this.pause(call, code, wait, attempts);
        lastCode = code;
        lastResponse = undefined;
        continue;
      }

      if (response.status === 401 && auth && !renewed) {
        renewed = true;
        if (await auth.renewAfterUnauthorized(generation)) continue;
        return { response, attempts };
      }
      if (response.status < 300 && auth) auth.confirm(generation);
      if (!isRetryableStatus(response.status, call.pollNotReady === true)) return { response, attempts };

      let backoff: number;
      if (response.status === 409) {
        failuresInRow = 0;
        backoff = backoffDelay(polls++, this.policy.notReadyMaxDelayMs, this.policy);
      } else {
        failuresInRow++;
        if (this.attemptsUsedUp(call, failuresInRow)) return { response, attempts, gaveUp: "attempts" };
        backoff = backoffDelay(failuresInRow - 1, this.policy.maxDelayMs, this.policy);
      }
      const remainingMs = call.deadline.remaining();
      const asked = parseRetryAfter(response.headers["retry-after"]);
      // Never sooner than the cloud asked: when that is past the deadline, give up now.
      if (asked !== undefined && asked >= remainingMs) return { response, attempts, gaveUp: "deadline" };
      const wait = fitWait(Math.max(backoff, asked ?? 0), remainingMs);
      if (wait === undefined) return { response, attempts, gaveUp: "deadline" };
      await this.pause(call, String(response.status), wait, attempts);
      lastResponse = response;
      lastCode = undefined;
    }
  }

  private attemptsUsedUp(call: Call, failuresInRow: number): boolean {
    return !call.retryUntilDeadline && failuresInRow >= this.policy.maxAttempts;
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

  /** Logs the retry (when asked), counts it, and waits. */
  private async pause(call: Call, cause: string, waitMs: number, attempts: number): Promise<void> {
    this.log?.(`retrying ${call.name} after ${cause} in ${waitMs} ms (attempt ${attempts + 1})`);
    this.stats.retries++;
    await sleep(waitMs);
  }
}

/** Below this much time left, another attempt is not worth sending. */
const LAST_ATTEMPT_MIN_MS = 50;

/**
 * The wait before the next attempt, shortened when the backoff would pass
 * the deadline so that one last attempt still lands before it (halving the
 * time left keeps room for the answer); undefined when no attempt fits.
 */
function fitWait(backoffMs: number, remainingMs: number): number | undefined {
  if (backoffMs < remainingMs) return backoffMs;
  const wait = Math.floor(remainingMs / 2);
  return remainingMs - wait < LAST_ATTEMPT_MIN_MS ? undefined : wait;
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
