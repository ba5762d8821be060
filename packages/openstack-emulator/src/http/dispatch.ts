/**
 * The request handler shared by both listeners: read the body, route,
 * count, roll the fault dice (latency, unavailable, 429, 5xx, drop), answer,
 * and keep the console counters (in flight, created).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Counters } from "../counters";
import type { FaultBox, FaultOutcome } from "../faults";
import type { LatencyModel } from "../latency";
import { toCall, type IncomingCall, type Routed } from "./call";
import { proxyPage, isProxyStatus } from "./proxy-pages";
import { BodyTooLarge, readBody, writeReply, type Reply } from "./reply";

/** How one service words the failures the dispatcher produces. */
export interface FailureReplies {
  /** The service's own answer to an unexpected error with this 5xx status. */
  serverError(status: number): Reply;
  rateLimited(retryAfterSeconds: number): Reply;
  tooLarge(): Reply;
}

export interface DispatchDeps {
  route(call: IncomingCall): Routed;
  counters: Counters;
  faults: FaultBox;
  failures: FailureReplies;
  /** Latency timers, cleared when the emulator closes. */
  timers: Set<NodeJS.Timeout>;
  /** A cloud's service times, when the latency profile is on. */
  latency?: LatencyModel;
}

export function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

function faultReply(outcome: FaultOutcome, failures: FailureReplies): Reply | undefined {
  switch (outcome.kind) {
    case "unavailable":
      return proxyPage(503);
    case "rate-limit":
      return failures.rateLimited(outcome.retryAfterSeconds);
    case "error":
      return isProxyStatus(outcome.status) ? proxyPage(outcome.status) : failures.serverError(outcome.status);
    default:
      return undefined;
  }
}

export function dispatcher(deps: DispatchDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) writeReply(res, deps.failures.tooLarge());
      return;
    }
    const routed = deps.route(toCall(req.method ?? "GET", req.url ?? "/", req.headers, body));
    if (routed.internal) {
      writeReply(res, routed.handle());
      return;
    }
    deps.counters.route(routed.key);
    if (routed.endpoint) deps.counters.endpoint(routed.endpoint);
    const finished = routed.consoleServerId !== undefined ? deps.counters.consoleStarted(routed.consoleServerId) : undefined;
    try {
      if (deps.latency) await deps.latency.serve(routed.key, req.headers["x-auth-token"] as string | undefined, req.socket);
      const decision = deps.faults.decide(routed.key);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs, deps.timers);
      const reply = faultReply(decision.outcome, deps.failures) ?? routed.handle();
      const drop = decision.outcome.kind === "drop";
      writeReply(res, reply, drop);
      if (finished && reply.status === 200 && !drop) deps.counters.consoleCreated();
    } finally {
      finished?.();
    }
  };
  return (req, res) => {
    serve(req, res).catch(() => writeReply(res, deps.failures.serverError(500)));
  };
}
