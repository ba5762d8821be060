/**
 * The shipped programs the suites run as subprocesses. Jest's globalSetup
 * (__tests__/global-setup.ts, in both jest configs) bundles them once per
 * run, before any worker starts, so every suite runs the files a stack
 * ships and none rebuilds them under another's feet.
 */
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/** The Terraform hook: `node <HOOK_BUNDLE>`, the query as JSON on stdin. */
export const HOOK_BUNDLE = path.join(ROOT, "dist/hook/console-hook.js");
/** The console provider (lib/provider), as synth lays it into every stack that uses it. */
export const PROVIDER_BUNDLE = path.join(ROOT, "dist/provider/terraform-provider-osconsole.js");
/** `os-console`: the bin launcher, which loads dist/cli/os-console.js. */
export const CLI_BIN = path.join(ROOT, "bin/os-console.js");
