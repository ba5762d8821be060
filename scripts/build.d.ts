/** Types of build.js for the TypeScript that imports it (the bench). */
import type { BuildOptions } from "esbuild";

/** esbuild options bundling `entry` (an absolute path) into `outfile`, as the hook and the CLI are bundled. */
export function bundleOptions(entry: string, outfile: string): BuildOptions;
