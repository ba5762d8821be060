/**
 * The example stack (fleet.yaml) taken through what `cdktf deploy` does up to
 * its console reads, in the data-source mode: synthesized as `cdktf synth` does and schema-checked,
 * then each data.external program run as Terraform runs it once the servers
 * exist. The emulator suite and the real-OpenStack suite both drive it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { FleetStack, loadFleetFile } from "../../lib/stacks";
import { ROOT } from "../helpers/bundles";
import { expectSchemaValid, type TfJson } from "../helpers/checked-synth";
import { runProgram, type RunResult } from "../helpers/run";
import { evaluateQueryValue } from "./terraform-expressions";

export interface ExternalBlock {
  readonly program: string[];
  readonly query: Record<string, string>;
}

export interface ExampleStack {
  /** The stack's folder under cdktf.out: Terraform runs the programs from there. */
  readonly dir: string;
  readonly tf: TfJson;
  readonly externals: ReadonlyArray<readonly [string, ExternalBlock]>;
  cleanup(): void;
}

export function synthExampleStack(prefix: string): ExampleStack {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const app = new App({ outdir });
  const [definition] = loadFleetFile(path.join(ROOT, "fleet.yaml")).stacks;
  // The hook's mode: what this simulation runs is the data.external programs.
  const stack = new FleetStack(app, definition.stack, { definition, source: "fleet.yaml", consoleMode: "data-source" });
  app.synth();
  const dir = path.join(outdir, "stacks", stack.node.id);
  const tf = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as TfJson;
  expectSchemaValid(tf);
  return {
    dir,
    tf,
    externals: Object.entries(tf.data!.external as unknown as Record<string, ExternalBlock>),
    cleanup: () => fs.rmSync(outdir, { recursive: true, force: true }),
  };
}

/**
 * Runs one data.external program as Terraform does: no shell, the stack
 * folder as cwd, the query on stdin with its references to the instances
 * replaced by the ids `terraform apply` gave them (logical id -> server id).
 */
export async function readExternal(
  stack: ExampleStack,
  block: ExternalBlock,
  instanceIds: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<{ servers: Record<string, string>; run: RunResult }> {
  const query = Object.fromEntries(Object.entries(block.query).map(([k, v]) => [k, evaluateQueryValue(v, instanceIds)]));
  const run = await runProgram(block.program[0], block.program.slice(1), { env, cwd: stack.dir, input: JSON.stringify(query), killAfterMs: 120_000 });
  return { servers: JSON.parse(query.servers) as Record<string, string>, run };
}
