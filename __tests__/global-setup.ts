import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * Bundle the hook and the CLI once per jest run, before any worker starts, so
 * every suite runs the same dist/ files as Terraform and a shell would, and no
 * suite rebuilds them under another's feet (helpers/bundles.ts names them).
 * Both jest configs (unit and real OpenStack) use it.
 */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { cwd: root, stdio: "pipe" });
}
