import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { configureOpenStackProvider } from "../../lib/constructs";
import { checkStack, formatProblems } from "../../tooling/schema-check";
import { recordSynthesized } from "./synth-corpus";

/** The parts of a synthesized cdk.tf.json the tests read. */
export interface TfJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  terraform?: { required_providers?: Record<string, { source: string; version?: string }>; backend?: Record<string, unknown> };
  [key: string]: unknown;
}

/**
 * Throws when a synthesized stack fails the provider schema check: every stack
 * a test synthesizes goes through it. It also goes to the real `terraform
 * validate` at the end of the run (helpers/synth-corpus.ts).
 */
export function expectSchemaValid(json: unknown): void {
  const problems = checkStack(json);
  if (problems.length > 0) throw new Error(`synthesized stack fails the schema check:\n${formatProblems(problems)}`);
  recordSynthesized(json);
}

/** Testing.synth, parsed and schema-checked. */
export function synthChecked(stack: TerraformStack): TfJson {
  const json = JSON.parse(Testing.synth(stack)) as TfJson;
  expectSchemaValid(json);
  return json;
}

/** A test app and stack with the OpenStack provider configured, as every real stack has. */
export function providerStack(name = "test"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, name);
  configureOpenStackProvider(stack, { cloud: "test-cloud" });
  return { app, stack };
}

/** A stand-in hook bundle for construct tests that do not run it; removed when the test file ends. */
export function stubHookBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hook-stub-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "console-hook.js");
  fs.writeFileSync(file, "process.stdout.write('{}');\n");
  return file;
}

/** The resources of one type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/**
 * A stand-in provider bundle for construct tests that synthesize but do not run it
 * (a Node script, as the real one is); removed when the test file ends.
 */
export function stubProviderBundle(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-stub-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "terraform-provider-osconsole.js");
  fs.writeFileSync(file, "#!/usr/bin/env node\nprocess.exit(1);\n", { mode: 0o644 });
  return file;
}
