import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import path from "node:path";
import { CORPUS_ENV } from "./helpers/synth-corpus";

/**
 * Bundle the hook and the CLI once per jest run, before any worker starts, so
 * every suite runs the same dist/ files as Terraform and a shell would, and no
 * suite rebuilds them under another's feet (helpers/bundles.ts names them).
 * Also opens the run's corpus of synthesized stacks, which globalTeardown hands
 * to the real `terraform validate`. Every jest config uses it.
 */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { cwd: root, stdio: "pipe" });
  // Workers are started after this and inherit the variable.
  process.env[CORPUS_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), "synth-corpus-"));
}
