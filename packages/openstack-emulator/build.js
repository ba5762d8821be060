#!/usr/bin/env node
// Builds the emulator's package (npm pack runs it as prepack): src/index.ts and
// the command src/cli.ts bundled by esbuild into dist/, with the console matrix
// it answers by (lib/console-matrix, which imports nothing) inside, so the
// tarball stands alone; its dependencies stay dependencies. Declarations come
// from tsc, laid out as the repository is (dist/types/packages/..., dist/types/lib/console-matrix).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const here = __dirname;
const dist = path.join(here, "dist");
const dependencies = Object.keys(require("./package.json").dependencies);

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  const options = { bundle: true, platform: "node", target: "node20", format: "cjs", external: dependencies, logLevel: "error", legalComments: "none" };
  await esbuild.build({ ...options, entryPoints: [path.join(here, "src", "index.ts")], outfile: path.join(dist, "index.js") });
  // The command is the package's bin itself.
  await esbuild.build({ ...options, entryPoints: [path.join(here, "src", "cli.ts")], outfile: path.join(dist, "cli.js"), banner: { js: "#!/usr/bin/env node" } });
  const tsc = require.resolve("typescript/bin/tsc");
  const types = spawnSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.build.json")], { encoding: "utf8" });
  if (types.status !== 0) throw new Error(`tsc (declarations) failed: ${(types.stdout + types.stderr).trim().split("\n")[0]}`);
  console.log("built packages/openstack-emulator/dist: index.js, cli.js, types/");
}

main().catch((err) => {
  console.error(`openstack-emulator build: ${String(err.message).split("\n")[0]}`);
  process.exit(1);
});
