/**
 * The provider executable on its own, as go-plugin's host starts it: what
 * it says without the handshake, which protocol it refuses, and a real
 * gRPC health check over the handshake's address with TLS off.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { runProgram } from "../helpers/run";
import { PROVIDER_BUNDLE } from "./workdir";

const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

test("run without Terraform's cookie, it says what it is in one line and exits 1", async () => {
  const run = await runProgram(PROVIDER_BUNDLE, []);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  expect(run.stderr).toMatch(/^This is terraform-provider-osconsole, a Terraform provider for OpenStack console URLs \(osconsole_urls\); Terraform and OpenTofu start it themselves/);
});

test("a host offering only protocol 5 is refused by name", async () => {
  const run = await runProgram(PROVIDER_BUNDLE, [], { env: { TF_PLUGIN_MAGIC_COOKIE: COOKIE, PLUGIN_PROTOCOL_VERSIONS: "5" } });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe("osconsole: the host offers plugin protocol 5, but this provider speaks only 6; use Terraform 1.0 or later, or OpenTofu\n");
});

test("with TLS off it prints the handshake line, serves the health check, and exits after Shutdown", async () => {
  const child = spawn(PROVIDER_BUNDLE, [], {
    env: { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: COOKIE, PLUGIN_PROTOCOL_VERSIONS: "6", PLUGIN_MIN_PORT: "20000", PLUGIN_MAX_PORT: "20100", TF_DISABLE_PLUGIN_TLS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const line = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString("utf8"))));
    const match = /^1\|6\|tcp\|127\.0\.0\.1:(\d+)\|grpc\|\n$/.exec(line);
    expect(match).not.toBeNull();
    const port = Number(match![1]);
    expect(port).toBeGreaterThanOrEqual(20000);
    expect(port).toBeLessThanOrEqual(20100);
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (path: string, request: Buffer): Promise<Buffer> =>
      new Promise((resolve, reject) =>
        client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, request, (err, value) => (err ? reject(err) : resolve(value!))),
      );
    // HealthCheckRequest{service: "plugin"} → HealthCheckResponse{status: SERVING (1)}
    expect(await call("/grpc.health.v1.Health/Check", Buffer.from([0x0a, 6, ...Buffer.from("plugin")]))).toEqual(Buffer.from([0x08, 1]));
    await call("/plugin.GRPCController/Shutdown", Buffer.alloc(0));
    client.close();
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
});

/** Whether process `pid` has ended (gone, or a zombie nobody has reaped yet). */
function ended(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

test("a host killed outright (no Shutdown) does not leave the provider running", async () => {
  // The host: a shell that starts the provider as Terraform would, says its pid, and waits.
  const host = spawn("/bin/sh", ["-c", `"$0" & echo "pid $!"; wait`, PROVIDER_BUNDLE], {
    env: { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: COOKIE, PLUGIN_PROTOCOL_VERSIONS: "6", PLUGIN_MIN_PORT: "20000", PLUGIN_MAX_PORT: "20100", TF_DISABLE_PLUGIN_TLS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  host.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const until = async (what: string, holds: () => boolean): Promise<void> => {
    for (let waited = 0; !holds(); waited += 100) {
      if (waited > 30_000) throw new Error(`gave up waiting for ${what}; output so far: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  let pid: number | undefined;
  try {
    await until("the provider's handshake line", () => /pid \d+/.test(out) && /\|grpc\|/.test(out));
    pid = Number(/pid (\d+)/.exec(out)![1]);
    expect(ended(pid)).toBe(false);
    host.kill("SIGKILL");
    await until("the orphaned provider to end", () => ended(pid!));
    expect(ended(pid)).toBe(true);
  } finally {
    host.kill("SIGKILL");
    if (pid !== undefined && !ended(pid)) process.kill(pid, "SIGKILL");
  }
});
