#!/usr/bin/env node
// Bundles the Terraform hook and the os-console CLI into self-contained
// JavaScript files with esbuild, so a synthesized stack runs with nothing but
// `node` on the machine that applies it. Runs on `npm ci` and before tests.
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "..");
const entries = [
  { in: "lib/hook/main.ts", out: "dist/hook/console-hook.js" },
  { in: "lib/cli/main.ts", out: "dist/cli/os-console.js" },
];

try {
  for (const entry of entries) {
    esbuild.buildSync({
      entryPoints: [path.join(root, entry.in)],
      outfile: path.join(root, entry.out),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify: true,
      legalComments: "none",
      logLevel: "error",
    });
  }
  console.log(`bundled ${entries.map((e) => e.out).join(", ")}`);
} catch (err) {
  console.error(`build: ${err.message.split("\n")[0]}`);
  process.exit(1);
}
