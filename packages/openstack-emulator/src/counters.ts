/** Request counts, so tests and benchmarks can assert how many calls a client made. */
import type { EmulatorCounters } from "./types";

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export class Counters {
  private data: EmulatorCounters = Counters.empty();
  private consolesInFlight = 0;

  private static empty(): EmulatorCounters {
    return {
      tokenIssues: 0,
      tokenRequests: 0,
      consoleRequests: 0,
      consoleCreations: 0,
      byRoute: {},
      consoleRequestsByServer: {},
      maxConsoleInFlight: 0,
      byEndpoint: {},
      tokenValidations: 0,
    };
  }

  /** A nova-api worker validated a token it had not seen (latency profile only). */
  tokenValidated(): void {
    this.data.tokenValidations++;
  }

  route(key: string): void {
    bump(this.data.byRoute, key);
  }

  endpoint(key: string): void {
    bump(this.data.byEndpoint, key);
  }

  tokenRequest(): void {
    this.data.tokenRequests++;
  }

  tokenIssued(): void {
    this.data.tokenIssues++;
  }

  /** A console request begins; call the returned function once when it has been answered. */
  consoleStarted(serverId: string): () => void {
    this.data.consoleRequests++;
    bump(this.data.consoleRequestsByServer, serverId);
    this.consolesInFlight++;
    this.data.maxConsoleInFlight = Math.max(this.data.maxConsoleInFlight, this.consolesInFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.consolesInFlight--;
    };
  }

  consoleCreated(): void {
    this.data.consoleCreations++;
  }

  snapshot(): EmulatorCounters {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = Counters.empty();
    this.data.maxConsoleInFlight = this.consolesInFlight;
  }
}
