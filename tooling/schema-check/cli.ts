/**
 * Checks synthesized stacks against the committed provider schemas:
 *   npx tsx tooling/schema-check/cli.ts [cdktf.out/stacks/<stack>/cdk.tf.json ...]
 * With no argument, every stack under cdktf.out/stacks. Exit 1 on any problem.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkStack } from "./stack";
import { formatProblems } from "./problems";

function stackFiles(args: string[]): string[] {
  if (args.length > 0) return args;
  const root = "cdktf.out/stacks";
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).map((s) => path.join(root, s, "cdk.tf.json")).filter((f) => fs.existsSync(f));
}

function main(): number {
  const files = stackFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error("schema-check: no stack to check; run npm run synth first, or name cdk.tf.json files");
    return 2;
  }
  let failed = false;
  for (const file of files) {
    let tf: unknown;
    try {
      tf = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      console.error(`${file}: cannot read it as JSON: ${(err as Error).message.split("\n")[0]}`);
      failed = true;
      continue;
    }
    const problems = checkStack(tf);
    if (problems.length > 0) {
      failed = true;
      console.error(`${file}: ${problems.length} problem(s)\n${formatProblems(problems)}`);
    } else {
      console.log(`${file}: matches the provider schemas`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
