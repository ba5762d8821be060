/**
 * The bench's side of the emulator: starts bench/emulator-process.ts and talks
 * to it through the control endpoint on its compute listener.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { request } from "undici";
import { ROOT } from "./paths";

export interface EmulatorHandle {
  identityUrl: string;
  computeUrl: string;
  env: Record<string, string>;
  servers: Array<{ name: string; id: string }>;
}

/** The figures of the emulator's counters the bench reports. */
export interface RequestCounts {
  tokenRequests: number;
  consoleRequests: number;
  maxConsoleInFlight: number;
  /** With a latency profile: Keystone validations of tokens a nova-api worker had not seen. */
  tokenValidations: number;
}

export class EmulatorProcess {
  private constructor(
    readonly handle: EmulatorHandle,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {}

  /** `latency`: the emulator's latency option ("real-nova", or a profile as JSON); none answers at once. */
  static async start(servers: number, latency?: string): Promise<EmulatorProcess> {
    const script = path.join(ROOT, "bench", "emulator-process.ts");
    // cwd is the project so `--import tsx` resolves from its node_modules.
    const child = spawn(process.execPath, ["--import", "tsx", script, String(servers), ...(latency ? [latency] : [])], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const handle = await new Promise<EmulatorHandle>((resolve, reject) => {
      let buffered = "";
      let stderr = "";
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`the emulator process exited (${code}) before starting: ${stderr.trim().split("\n")[0] ?? ""}`));
      };
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("the emulator process did not start within 60 s"));
      }, 60_000);
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
      child.stdout.on("data", (b: Buffer) => {
        buffered += b.toString("utf8");
        const newline = buffered.indexOf("\n");
        if (newline < 0) return;
        clearTimeout(timer);
        child.off("exit", onExit);
        try {
          resolve(JSON.parse(buffered.slice(0, newline)) as EmulatorHandle);
        } catch {
          reject(new Error("the emulator process printed something other than its JSON line"));
        }
      });
      child.once("exit", onExit);
    });
    return new EmulatorProcess(handle, child);
  }

  private controlUrl(route: string): string {
    return `${new URL(this.handle.computeUrl).origin}/__emulator/${route}`;
  }

  async resetCounters(): Promise<void> {
    const res = await request(this.controlUrl("counters/reset"), { method: "POST" });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error(`emulator counters reset answered ${res.statusCode}`);
  }

  async counts(): Promise<RequestCounts> {
    const res = await request(this.controlUrl("counters"));
    if (res.statusCode >= 300) {
      await res.body.dump();
      throw new Error(`emulator counters answered ${res.statusCode}`);
    }
    const c = (await res.body.json()) as RequestCounts;
    return { tokenRequests: c.tokenRequests, consoleRequests: c.consoleRequests, maxConsoleInFlight: c.maxConsoleInFlight, tokenValidations: c.tokenValidations };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
