/**
 * The console provider's start-up: the bundle spawned as Terraform spawns it
 * (go-plugin's environment, mutual TLS with a client certificate), timed from
 * spawn to its handshake line on stdout, then killed; against `node -e 0`,
 * spawn to exit, interleaved. Three samples of each per run, as the hook's.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createServerIdentity } from "../lib/provider/plugin/certificate";
import { MAGIC_COOKIE } from "../lib/provider/plugin/handshake";
import { expectSuccess, runChild } from "./child";
import { pathWithNode, PROVIDER_BUNDLE, requireBundle, ROOT } from "./paths";
import { repeat, round, summarize, type Summary } from "./stats";

const SAMPLES_PER_RUN = 3;
/** A start that never says its handshake is a broken bundle, not a slow one. */
const HANDSHAKE_TIMEOUT_MS = 30_000;
/** go-plugin's handshake: core version 1, protocol 6, a TCP address, gRPC, and (with TLS) the server's certificate. */
const HANDSHAKE_LINE = /^1\|6\|tcp\|[^|]+:\d+\|grpc\|[A-Za-z0-9+/=_-]*$/;

export interface ProviderStartupFigures {
  provider_ms: number;
  node_ms: number;
  delta_ms: number;
  provider: Summary;
  node: Summary;
}

/** What Terraform gives the plugin: the cookie, protocol 6, a port range, and its own client certificate (AutoMTLS). */
function pluginEnv(clientCertPem: string): NodeJS.ProcessEnv {
  return {
    PATH: pathWithNode(),
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
    PLUGIN_CLIENT_CERT: clientCertPem,
  };
}

/** Spawn to the handshake line, in ms; the provider is killed once it has said it. */
export function providerToHandshake(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Run as Terraform runs it: the file itself (its #!/usr/bin/env node line), not `node file`.
    const child = spawn(PROVIDER_BUNDLE, [], { env, cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let settled = false;
    const finish = (fail?: Error, ms?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      if (fail) reject(fail);
      else resolve(ms as number);
    };
    const timer = setTimeout(() => finish(new Error(`the console provider printed no handshake line within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)), HANDSHAKE_TIMEOUT_MS);
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString("utf8");
      const newline = out.indexOf("\n");
      if (newline < 0) return;
      const ms = performance.now() - started;
      const line = out.slice(0, newline);
      finish(HANDSHAKE_LINE.test(line) ? undefined : new Error(`the console provider's first line is not a go-plugin handshake: ${line.slice(0, 40)}`), ms);
    });
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    child.on("error", (e) => finish(new Error(`could not start the console provider: ${e.message}`)));
    child.on("close", (code) => finish(new Error(`the console provider exited (${code}) before its handshake: ${err.split("\n")[0] || "(no stderr)"}`)));
  });
}

export async function measureProviderStartup(runs: number, warmup: number): Promise<ProviderStartupFigures> {
  requireBundle(PROVIDER_BUNDLE);
  // One client certificate for the run, as each Terraform run makes one for all its plugins.
  const env = pluginEnv(createServerIdentity().certPem);
  const pairs = await repeat(warmup * SAMPLES_PER_RUN, runs * SAMPLES_PER_RUN, async () => {
    const node = expectSuccess("node -e 0", await runChild(process.execPath, ["-e", "0"], { env, cwd: ROOT }));
    return { node: node.wallMs, provider: await providerToHandshake(env) };
  });
  const provider = summarize(pairs.map((p) => p.provider));
  const node = summarize(pairs.map((p) => p.node));
  return { provider_ms: provider.median, node_ms: node.median, delta_ms: round(provider.median - node.median), provider, node };
}
