#!/usr/bin/env node
// Bundles the Terraform hook and the os-console CLI into self-contained
// JavaScript files with esbuild, so a synthesized stack runs with nothing but
// `node` on the machine that applies it. Runs on `npm ci` and before tests.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");
const { lazyEmbed } = require("./lazy-embed");

const root = path.resolve(__dirname, "..");
const entries = [
  { in: "lib/hook/main.ts", out: "dist/hook/console-hook.js" },
  { in: "lib/cli/main.ts", out: "dist/cli/os-console.js" },
];
const target = "node20";

async function main() {
  for (const entry of entries) {
    await esbuild.build({
      entryPoints: [path.join(root, entry.in)],
      outfile: path.join(root, entry.out),
      bundle: true,
      platform: "node",
      target,
      format: "cjs",
      minify: true,
      legalComments: "none",
      logLevel: "error",
      // The client loads these only once it talks to a cloud: keep them out of start-up.
      plugins: [lazyEmbed(["undici", "yaml"], { target })],
    });
  }
  console.log(`bundled ${entries.map((e) => e.out).join(", ")}`);
}

main().catch((err) => {
  console.error(`build: ${String(err.message).split("\n")[0]}`);
  process.exit(1);
});
