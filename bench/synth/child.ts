/**
 * One synth measurement in a fresh process:
 * `node --import tsx bench/synth/child.ts plain|project SERVERS OUTDIR`.
 * cdktf itself is loaded before the clock starts (both sides need it); the
 * clock covers loading the side's own modules, building the stack and writing
 * cdk.tf.json. Prints one JSON line: {"ms": ..., "cpu_ms": ..., "max_rss_kb": ...,
 * "shape": ...} (CPU time too, because on a shared machine it moves less than
 * wall time; `shape` is what was declared, read after the clock stops, so the
 * bench can check both sides synthesize the same Terraform).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { App } from "cdktf";

type Side = "plain" | "project";

function main(): void {
  const [side, rawServers, outdir] = process.argv.slice(2);
  const servers = Number(rawServers);
  if ((side !== "plain" && side !== "project") || !Number.isInteger(servers) || servers < 1 || !outdir) {
    console.error("synth child: usage: child.ts plain|project SERVERS OUTDIR (SERVERS a whole number of at least 1)");
    process.exit(2);
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const app = new App({ outdir });
  build(side, app, servers);
  app.synth();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  const shape = declaredShape(path.join(outdir, "stacks", "bench", "cdk.tf.json"));
  process.stdout.write(`${JSON.stringify({ ms, cpu_ms: cpuMs, max_rss_kb: maxRssKb, shape })}\n`);
}

/**
 * What the stack declares, by block: provider names, how many resources and
 * data sources of each type (construct paths name them differently on the
 * two sides), outputs with their sensitivity.
 */
function declaredShape(file: string): Record<string, string[]> {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, Record<string, unknown>>>;
  const counts = (block: string) => Object.entries(doc[block] ?? {}).map(([type, byName]) => `${type} x ${Object.keys(byName).length}`).sort();
  return {
    provider: Object.keys(doc.provider ?? {}).sort(),
    resource: counts("resource"),
    data: counts("data"),
    output: Object.entries(doc.output ?? {}).map(([name, o]) => `${name}${(o as { sensitive?: boolean }).sensitive ? " (sensitive)" : ""}`).sort(),
  };
}

/** Required lazily so the clock includes each side loading its own modules. */
function build(side: Side, app: App, servers: number): void {
  if (side === "plain") {
    const { buildPlainStack } = require("./plain-stack") as typeof import("./plain-stack");
    buildPlainStack(app, servers);
  } else {
    const { buildProjectStack } = require("./project-stack") as typeof import("./project-stack");
    buildProjectStack(app, servers);
  }
}

main();
