import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A file the package ships, by its path under the package root: the nearest
 * folder above this file with a package.json (the clone's root for
 * lib/constructs, the installed package's for its compiled
 * lib-dist/lib/constructs).
 */
export function packageFile(relative: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "../..", relative);
  }
}

/** A bundle is a build output, not a prop: its absence needs a build or a reinstall, not a change of props. */
export function bundleMissingMessage(what: string, bundle: string): string {
  return `the ${what} bundle ${path.relative(process.cwd(), bundle) || bundle} is missing; reinstall the package (npm ci), or run npm run build in a clone of it, then synth again`;
}

/** Whether `file` is a regular file (a bundle that can be copied). */
export function isFile(file: string): boolean {
  return fs.existsSync(file) && fs.statSync(file).isFile();
}
