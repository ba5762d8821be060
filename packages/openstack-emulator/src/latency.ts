/**
 * Latency true to a cloud (shared/reference/real-nova-performance.md): each
 * request costs its route's service time; compute requests are served by one
 * of the nova-api workers (assigned per connection, each serving up to
 * `workerConcurrency` at once, as eventlet's green threads do), and a worker
 * that has not seen a token yet first validates it with Keystone, whose
 * processes validate a few at a time. A worker caches a
 * token only once its validation returns, so a fan-out on a fresh token pays
 * one validation per request of the first wave: the herd a client avoids by
 * sending a few calls first. Connections reach the workers round-robin, or
 * "idle-first" as eventlet's shared listening socket hands them out.
 */
import type { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { EmulatorConfigError, shown } from "./errors";
import type { LatencyProfile } from "./types";

export interface LatencyConfig {
  workers: number;
  workerConcurrency: number;
  tokenValidationMs: number;
  keystoneProcesses: number;
  accept: "round-robin" | "idle-first";
  /** By route key, service wildcard ("compute.*") or "*". */
  serviceMs: Record<string, number>;
}

/**
 * Figures from the real harness (nova-api with 2 workers, Keystone under
 * uwsgi with 2 processes, shared/reference/real-nova-performance.md and the
 * recording's timings): a password token 320-400 ms; a console call about
 * 30 ms with a token the worker knows; a fan-out of 16 on a fresh token about
 * 1.6 s slower than one warmed first (16 validations through 2 Keystone
 * processes: about 300 ms each under that load). Workers serve concurrently
 * (Nova's [wsgi] default_pool_size is 1000); the harness's own ceiling of
 * about 48 consoles/s is its 2 shared cores, which `workerConcurrency: 1`
 * with a 40 ms console time reproduces.
 */
export const REAL_NOVA_LATENCY: LatencyConfig = {
  workers: 2,
  workerConcurrency: 1000,
  tokenValidationMs: 300,
  keystoneProcesses: 2,
  accept: "round-robin",
  serviceMs: {
    "identity.tokens": 350,
    "identity.*": 5,
    "compute.versions": 5,
    "compute.remote-consoles": 30,
    "compute.action": 30,
    "compute.servers": 40,
    "compute.*": 20,
    "image.*": 20,
    "network.*": 20,
    "placement.*": 5,
  },
};

function count(field: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > 1000) {
    throw new EmulatorConfigError("latency", `${field} ${shown(value)} is not a whole number from ${min} to 1000`, "give e.g. 2");
  }
  return value;
}

function ms(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 60_000) {
    throw new EmulatorConfigError("latency", `${field} ${shown(value)} is not a delay`, "give milliseconds from 0 to 60000");
  }
  return value;
}

/** The latency option checked: "real-nova", an object overriding those figures field by field, or undefined for none. */
export function resolveLatency(option: unknown): LatencyConfig | undefined {
  if (option === undefined) return undefined;
  if (option === "real-nova") return structuredClone(REAL_NOVA_LATENCY);
  if (option === null || typeof option !== "object" || Array.isArray(option)) {
    throw new EmulatorConfigError("latency", `${shown(option)} is not a latency profile`, 'give "real-nova" or an object such as {"workers": 4}');
  }
  const p = option as LatencyProfile & Record<string, unknown>;
  const known = ["workers", "workerConcurrency", "tokenValidationMs", "keystoneProcesses", "accept", "serviceMs"];
  const unknown = Object.keys(p).find((k) => !known.includes(k));
  if (unknown) throw new EmulatorConfigError("latency", `unknown field "${unknown}"`, `use ${known.join(", ")}`);
  const serviceMs = { ...REAL_NOVA_LATENCY.serviceMs };
  if (p.serviceMs !== undefined) {
    if (p.serviceMs === null || typeof p.serviceMs !== "object" || Array.isArray(p.serviceMs)) {
      throw new EmulatorConfigError("latency", `serviceMs ${shown(p.serviceMs)} is not an object`, 'give {"compute.remote-consoles": 40}');
    }
    for (const [route, value] of Object.entries(p.serviceMs)) serviceMs[route] = ms(`serviceMs.${route}`, value);
  }
  if (p.accept !== undefined && p.accept !== "round-robin" && p.accept !== "idle-first") {
    throw new EmulatorConfigError("latency", `accept ${shown(p.accept)} is not a way to hand out connections`, 'give "round-robin" or "idle-first"');
  }
  return {
    workers: count("workers", p.workers, REAL_NOVA_LATENCY.workers, 1),
    workerConcurrency: count("workerConcurrency", p.workerConcurrency, REAL_NOVA_LATENCY.workerConcurrency, 1),
    tokenValidationMs: p.tokenValidationMs === undefined ? REAL_NOVA_LATENCY.tokenValidationMs : ms("tokenValidationMs", p.tokenValidationMs),
    keystoneProcesses: count("keystoneProcesses", p.keystoneProcesses, REAL_NOVA_LATENCY.keystoneProcesses, 1),
    accept: p.accept ?? REAL_NOVA_LATENCY.accept,
    serviceMs,
  };
}

/** `size` jobs at a time, the rest waiting in arrival order. */
class Slots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly size: number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async run(ms: number): Promise<void> {
    if (ms <= 0) return;
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy++;
    try {
      await this.sleep(ms);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}

interface Worker {
  queue: Slots;
  /** Tokens this worker has validated (keystonemiddleware's cache). */
  seen: Set<string>;
  /** Connections this worker holds open. */
  connections: number;
}

/** Connections accepted this soon after the previous one are part of its burst (idle-first). */
const ACCEPT_BURST_MS = 20;

export class LatencyModel {
  private readonly workers: Worker[];
  private readonly keystone: Slots;
  private readonly byConnection = new WeakMap<EventEmitter, Worker>();
  private nextWorker = 0;
  private lastAccept = { worker: 0, at: -Infinity };

  constructor(
    private readonly config: LatencyConfig,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly onValidation: () => void = () => undefined,
  ) {
    this.workers = Array.from({ length: config.workers }, () => ({ queue: new Slots(config.workerConcurrency, sleep), seen: new Set<string>(), connections: 0 }));
    this.keystone = new Slots(config.keystoneProcesses, sleep);
  }

  private serviceMs(route: string): number {
    const s = this.config.serviceMs;
    return s[route] ?? s[route.slice(0, route.indexOf(".") + 1) + "*"] ?? s["*"] ?? 0;
  }

  /**
   * A new connection to compute: picks the worker that serves every request
   * on it. Idle-first, the worker holding the fewest connections accepts it
   * (ties to the one that accepted last), and keeps accepting the burst
   * right behind it, as an eventlet worker loops on accept() while
   * connections are queued.
   */
  accept(connection: EventEmitter): void {
    if (this.byConnection.has(connection)) return;
    let index: number;
    if (this.config.accept === "idle-first") {
      const now = performance.now();
      index = this.lastAccept.worker;
      if (now - this.lastAccept.at > ACCEPT_BURST_MS) {
        this.workers.forEach((w, i) => {
          if (w.connections < this.workers[index].connections) index = i;
        });
      }
      this.lastAccept = { worker: index, at: now };
    } else {
      index = this.nextWorker++ % this.workers.length;
    }
    const worker = this.workers[index];
    worker.connections++;
    connection.once("close", () => worker.connections--);
    this.byConnection.set(connection, worker);
  }

  private workerFor(connection: EventEmitter): Worker {
    this.accept(connection);
    return this.byConnection.get(connection)!;
  }

  /** Waits as long as the cloud would take to serve this request. */
  async serve(route: string, token: string | undefined, connection: EventEmitter): Promise<void> {
    const service = this.serviceMs(route);
    if (route.startsWith("identity.")) return this.keystone.run(service);
    if (!route.startsWith("compute.")) return this.sleep(service);
    const worker = this.workerFor(connection);
    if (token && route !== "compute.versions" && !worker.seen.has(token)) {
      this.onValidation();
      await this.keystone.run(this.config.tokenValidationMs);
      worker.seen.add(token);
    }
    await worker.queue.run(service);
  }
}
