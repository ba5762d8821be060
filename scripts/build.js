#!/usr/bin/env node
// Bundles the Terraform hook, the os-console CLI and the Terraform provider
// into self-contained JavaScript files with esbuild, so a synthesized stack
// runs with nothing but `node` on the machine that applies it. Runs on
// `npm ci` and before tests.
// The bench builds its floor with the same options (bundleOptions), so both
// pay the same start-up.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const { lazyEmbed } = require("./lazy-embed");
const { protoDescriptors } = require("./proto-descriptors");

const root = path.resolve(__dirname, "..");
const entries = [
  { in: "lib/hook/main.ts", out: "dist/hook/console-hook.js" },
  { in: "lib/cli/main.ts", out: "dist/cli/os-console.js" },
  // Terraform runs it as an executable (terraform-provider-osconsole_v<version>): a shebang and mode 0755.
  { in: "lib/provider/main.ts", out: "dist/provider/terraform-provider-osconsole.js", executable: true },
];

/** What every bundle (and each package lazy-embed bundles inside one) is built with. */
const BASE_OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "none",
  logLevel: "error",
};

/** esbuild options bundling `entry` (an absolute path) into `outfile`. */
function bundleOptions(entry, outfile) {
  return {
    ...BASE_OPTIONS,
    entryPoints: [entry],
    outfile,
    // The client loads these only once it talks to a cloud: keep them out of start-up.
    plugins: [lazyEmbed(["undici", "yaml"], BASE_OPTIONS), protoDescriptors()],
  };
}

async function main() {
  for (const entry of entries) {
    const outfile = path.join(root, entry.out);
    await esbuild.build({ ...bundleOptions(path.join(root, entry.in), outfile), ...(entry.executable ? { banner: { js: "#!/usr/bin/env node" } } : {}) });
    if (entry.executable) fs.chmodSync(outfile, 0o755);
  }
  console.log(`bundled ${entries.map((e) => e.out).join(", ")}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`build: ${String(err.message).split("\n")[0]}`);
    process.exit(1);
  });
}

module.exports = { bundleOptions };
