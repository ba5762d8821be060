import * as fs from "node:fs";
import { CORPUS_ENV, validateCorpus } from "./helpers/synth-corpus";

/**
 * The real `terraform validate` on every distinct stack the run synthesized
 * (recorded by expectSchemaValid); the run fails when one is invalid, naming
 * the test that built it and Terraform's diagnostics.
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[CORPUS_ENV];
  if (!dir || !fs.existsSync(dir)) return;
  try {
    const verdict = await validateCorpus(dir);
    if (verdict.stacks === 0) return;
    if (verdict.failures.length > 0) {
      const lines = verdict.failures.map((f) => `  ${f.test}: ${f.why}`);
      throw new Error(`terraform validate rejected ${verdict.failures.length} of ${verdict.stacks} synthesized stacks that the schema check accepted:\n${lines.join("\n")}`);
    }
    process.stdout.write(`terraform validate: all ${verdict.stacks} synthesized stacks valid (${(verdict.ms / 1000).toFixed(1)} s)\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
