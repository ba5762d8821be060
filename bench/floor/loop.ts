/**
 * The floor's loop: bare undici POSTs to remote-consoles with a token issued
 * beforehand, at the client's concurrency. No config, no catalog, no version
 * discovery, no retries: what any client must pay at least per console.
 */
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { DEFAULT_MICROVERSION } from "../../lib/console-matrix";
import { computeHeaders } from "../../lib/openstack/compute/headers";
import { createBody, createPath } from "../../lib/openstack/compute/remote-consoles";
import { fanOut } from "../../lib/openstack/fan-out";

export interface FloorJob {
  computeUrl: string;
  serverIds: string[];
  concurrency: number;
  /** In-flight totals to widen through before the full concurrency (the client's WARMUP_RAMP); default [], all at once. */
  ramp?: readonly number[];
}

/** Mints one vnc/novnc console per server; returns the wall time of the loop in ms. */
export async function mintLoop(job: FloorJob, token: string): Promise<number> {
  const base = new URL(job.computeUrl);
  const basePath = base.pathname.replace(/\/$/, "");
  const pool = new Pool(base.origin, { connections: job.concurrency });
  // The client's own request builders: the same request as the hook's, without the client around it.
  const headers = computeHeaders(token, DEFAULT_MICROVERSION, true);
  const body = createBody("vnc", "novnc");
  try {
    const mint = async (id: string): Promise<void> => {
      const res = await pool.request({ method: "POST", path: createPath(basePath, id), headers, body });
      const answer = (await res.body.json()) as { remote_console?: { url?: string } };
      if (res.statusCode !== 200 || typeof answer.remote_console?.url !== "string") {
        throw new Error(`floor: remote-consoles answered ${res.statusCode}`);
      }
    };
    const started = performance.now();
    // The client's own scheduler, so the floor's warm-up is the client's, not a copy of it.
    await fanOut(job.serverIds.length, { width: job.concurrency, ramp: job.ramp ?? [] }, (index) => mint(job.serverIds[index]));
    return performance.now() - started;
  } finally {
    await pool.close();
  }
}
