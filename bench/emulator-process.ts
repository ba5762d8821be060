/**
 * Runs the emulator in its own process so the client under test has its CPU
 * measured alone. Usage: `node --import tsx bench/emulator-process.ts SERVERS [LATENCY]`
 * (LATENCY: "real-nova" or a latency profile as JSON).
 * Prints one JSON line (see EmulatorHandle in emulator-client.ts), then serves
 * until its stdin closes, which also happens when the parent dies.
 */
import { startEmulator, type LatencyProfile } from "../packages/openstack-emulator/src";
import type { EmulatorHandle } from "./emulator-client";

async function main(): Promise<void> {
  const servers = Number(process.argv[2] ?? "0");
  if (!Number.isInteger(servers) || servers < 0) {
    console.error(`emulator-process: server count "${process.argv[2]}" is not a whole number; pass e.g. 1000`);
    process.exit(2);
  }
  const latencyArg = process.argv[3];
  const latency = latencyArg === undefined ? undefined : latencyArg === "real-nova" ? "real-nova" : (JSON.parse(latencyArg) as LatencyProfile);
  const emulator = await startEmulator({ servers, latency });
  const line: EmulatorHandle = {
    identityUrl: emulator.identityUrl,
    computeUrl: emulator.computeUrl,
    env: emulator.env("demo"),
    servers: emulator.listServers().map((s) => ({ name: s.name, id: s.id })),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.close().finally(() => process.exit(0));
  };
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
}

main().catch((err: Error) => {
  console.error(`emulator-process: ${err.message}`);
  process.exit(1);
});
