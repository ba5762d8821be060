/**
 * Every stack a test synthesizes also goes through the real `terraform
 * validate`, beside the project's schema check: expectSchemaValid records each
 * stack here, and the jest run's globalTeardown validates them all at the end
 * (one init + validate per distinct stack, two at a time), failing the run
 * with Terraform's diagnostics and the test that built the stack.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CONSOLE_PROVIDER_PLATFORMS, CONSOLE_PROVIDER_TYPE, consoleProviderMirrorPath } from "../../lib/hook-contract";
import { PROVIDER_BUNDLE } from "./bundles";
import { ToolsManifest, loadToolsManifest, terraform, terraformError, terraformInit } from "./terraform";

/** Set by globalSetup for the workers of one jest run. */
export const CORPUS_ENV = "SYNTH_CORPUS_DIR";

interface CorpusEntry {
  readonly test: string;
  readonly file: string;
}

/** Keeps `json` for the end-of-run validation (a no-op outside a jest run that set the corpus up). */
export function recordSynthesized(json: unknown): void {
  const dir = process.env[CORPUS_ENV];
  if (!dir) return;
  const text = JSON.stringify(json);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const file = path.join(dir, `${hash}.tf.json`);
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, text);
  const state = expect.getState();
  const test = `${path.relative(process.cwd(), state.testPath ?? "?")} › ${state.currentTestName ?? "(file setup)"}`;
  fs.writeFileSync(`${file}.test`, test);
}

function entries(dir: string): CorpusEntry[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".tf.json"))
    .map((f) => ({ file: path.join(dir, f), test: fs.readFileSync(path.join(dir, `${f}.test`), "utf8") }));
}

/**
 * The stack with each provider the mirror holds asked at the mirror's release.
 * Some tests synthesize other constraints on purpose (a user's own `~> 2.3`
 * for hashicorp/external, which only the registry can meet); validation is
 * about the configuration, and the constraint text is those tests' to check.
 */
function pinnedToMirror(tf: { terraform?: { required_providers?: Record<string, { source?: string; version?: string }> } }, tools: ToolsManifest): unknown {
  const required = tf.terraform?.required_providers ?? {};
  for (const [name, entry] of Object.entries(required)) {
    const source = (entry.source ?? name).replace(/^registry\.terraform\.io\//, "");
    const mirrored = tools.providers.find((p) => p.address === source || p.address === `hashicorp/${source}`);
    if (mirrored) entry.version = mirrored.version;
  }
  return tf;
}

/**
 * The corpus holds only cdk.tf.json; a stack that uses the console provider
 * also carries it in terraform.d/plugins, as synth lays it (the tools' CLI
 * config names that folder), so the real bundle goes there.
 */
function layConsoleProvider(tf: { terraform?: { required_providers?: Record<string, unknown> } }, cwd: string): void {
  if (tf.terraform?.required_providers?.[CONSOLE_PROVIDER_TYPE] === undefined) return;
  if (!fs.existsSync(PROVIDER_BUNDLE)) throw new Error(`${path.relative(process.cwd(), PROVIDER_BUNDLE)} is missing, so the stack's console provider cannot be validated; build it (npm run build)`);
  for (const platform of CONSOLE_PROVIDER_PLATFORMS) {
    const target = path.join(cwd, "terraform.d", "plugins", consoleProviderMirrorPath(platform));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(PROVIDER_BUNDLE, target);
    fs.chmodSync(target, 0o755);
  }
}

export interface CorpusVerdict {
  readonly stacks: number;
  readonly failures: ReadonlyArray<{ readonly test: string; readonly why: string }>;
  readonly ms: number;
}

/** `terraform init -backend=false` and `terraform validate` on each recorded stack. */
export async function validateCorpus(dir: string, concurrency = 2): Promise<CorpusVerdict> {
  const started = Date.now();
  const all = entries(dir);
  if (all.length === 0) return { stacks: 0, failures: [], ms: 0 };
  const tools = loadToolsManifest();
  const failures: Array<{ test: string; why: string }> = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tf-validate-"));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const entry = all[next++];
      const cwd = path.join(work, path.basename(entry.file, ".tf.json"));
      fs.mkdirSync(cwd);
      const tf = JSON.parse(fs.readFileSync(entry.file, "utf8"));
      fs.writeFileSync(path.join(cwd, "cdk.tf.json"), JSON.stringify(pinnedToMirror(tf, tools)));
      try {
        layConsoleProvider(tf, cwd);
        await terraformInit(tools, { cwd, backend: false, killAfterMs: 120_000 });
        const result = await terraform(tools, ["validate", "-json", "-no-color"], { cwd, killAfterMs: 120_000 });
        const verdict = JSON.parse(result.stdout || "{}") as { valid?: boolean; diagnostics?: Array<{ severity: string; summary: string; detail?: string; address?: string }> };
        if (result.code !== 0 || verdict.valid !== true) {
          const why = verdict.diagnostics?.length
            ? verdict.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ""}${d.detail ? `: ${d.detail}` : ""}`).join("; ")
            : terraformError(result);
          failures.push({ test: entry.test, why });
        }
      } catch (err) {
        failures.push({ test: entry.test, why: (err as Error).message });
      } finally {
        fs.rmSync(cwd, { recursive: true, force: true });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, all.length) }, worker));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { stacks: all.length, failures, ms: Date.now() - started };
}
