/**
 * When each console request reached the emulator, per server, taken from
 * Node's own `http.server.request.start` diagnostics channel: it fires in
 * this process the moment a request's headers are parsed, before the
 * emulator answers, so a measured gap between a 429 and its retry is never
 * longer than the real one.
 */
import * as diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

const CONSOLE_PATH = /\/servers\/([0-9a-f-]{36})\/(remote-consoles|action)(\?|$)/;

export interface ArrivalTracker {
  /** Stops listening; arrival times (performance.now() ms) per server id. */
  stop(): Map<string, number[]>;
}

export function trackConsoleArrivals(): ArrivalTracker {
  const arrivals = new Map<string, number[]>();
  const listener = (message: unknown): void => {
    const now = performance.now();
    const request = (message as { request: IncomingMessage }).request;
    const m = request.method === "POST" ? CONSOLE_PATH.exec(request.url ?? "") : null;
    if (!m) return;
    const times = arrivals.get(m[1]) ?? [];
    times.push(now);
    arrivals.set(m[1], times);
  };
  diagnostics.subscribe("http.server.request.start", listener);
  return {
    stop() {
      diagnostics.unsubscribe("http.server.request.start", listener);
      return arrivals;
    },
  };
}

/** Gaps between a server's successive requests, over all servers. */
export function retryGaps(arrivals: Map<string, number[]>): number[] {
  const gaps: number[] = [];
  for (const times of arrivals.values()) for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
  return gaps;
}
