/**
 * The program a Terraform `data "external"` block runs (bundled into
 * dist/hook/console-hook.js): the query as JSON on stdin, `{name: url}` on
 * stdout, exit 0; on failure exit 1 with every reason on stderr. Module
 * load stays light (the HTTP stack loads only when a fleet needs the cloud),
 * so start-up costs little more than Node's own.
 */
import { readFileSync } from "node:fs";
import { QueryError, parseQuery } from "./query";
import { PREFIX, runHook } from "./run";

/** Beyond the query's timeout, give the client this long to report its own, more precise error. */
const GRACE_MS = 5_000;

/**
 * The whole of stdin. Read synchronously from fd 0 first: that skips setting
 * up process.stdin's stream, a good part of Node's start-up cost; a
 * non-blocking stdin (EAGAIN) falls back to the stream.
 */
function readStdin(): Promise<string> {
  try {
    return Promise.resolve(readFileSync(0, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EAGAIN") return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const stderr = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let query;
  try {
    query = parseQuery(await readStdin());
  } catch (err) {
    stderr(PREFIX + (err instanceof QueryError ? err.message : "cannot read the query from stdin"));
    return 1;
  }
  // Terraform gives external programs no timeout: bound the whole run ourselves.
  const seconds = Math.round(query.timeoutMs / 100) / 10;
  setTimeout(() => {
    stderr(`${PREFIX}gave up: the run took longer than the query's timeout of ${seconds} s; raise "timeout" or check the cloud's health`);
    process.exit(1);
  }, query.timeoutMs + GRACE_MS).unref();
  return runHook(query, { env: process.env, cwd: process.cwd(), stdout: (text) => void process.stdout.write(text), stderr });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    stderr(`${PREFIX}unexpected failure; run again, and report it if it persists`);
    process.exitCode = 1;
  },
);
