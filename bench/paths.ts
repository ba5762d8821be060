/** Where the bench finds the project's built artefacts. */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
export const HOOK_BUNDLE = path.join(ROOT, "dist", "hook", "console-hook.js");
export const CLI_LAUNCHER = path.join(ROOT, "bin", "os-console.js");
export const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "os-console.js");
export const PROVIDER_BUNDLE = path.join(ROOT, "dist", "provider", "terraform-provider-osconsole.js");

/** Fails with the fix when a bundle is missing, rather than timing an error. */
export function requireBundle(file: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`bench: ${path.relative(ROOT, file)} is missing; run \`npm run build\` first`);
  }
  return file;
}

/**
 * PATH with this Node's folder first: the provider bundle starts through
 * `#!/usr/bin/env node`, and must find the Node the bench runs on, whatever PATH
 * the bench was given.
 */
export function pathWithNode(base = process.env.PATH ?? "/usr/bin:/bin"): string {
  return [path.dirname(process.execPath), base].join(path.delimiter);
}

/** The first `name` on PATH, or null: the bench measures other tools only where installed. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}

/** The parent's environment without any OpenStack settings, so only the emulator's reach a child. */
export function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("OS_")) env[key] = value;
  }
  return { ...env, ...extra };
}
