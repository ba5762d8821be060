/**
 * The floor as a process, bundled like the hook (see process.ts): reads a
 * FloorJob as JSON on stdin and the token from FLOOR_TOKEN (never argv, which
 * `ps` shows), runs the loop, prints {"loop_ms": ...}.
 */
import { mintLoop, type FloorJob } from "./loop";

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8")) as FloorJob;
  const token = process.env.FLOOR_TOKEN;
  if (!token) throw new Error("FLOOR_TOKEN is not set");
  const loopMs = await mintLoop(job, token);
  process.stdout.write(`${JSON.stringify({ loop_ms: loopMs })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`floor: ${err.message}\n`);
  process.exitCode = 1;
});
