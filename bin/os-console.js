#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (run by npm ci in a clone, shipped in the package).
const path = require("node:path");
const bundle = path.join(__dirname, "..", "dist", "cli", "os-console.js");
try {
  require.resolve(bundle);
} catch {
  console.error("os-console: the CLI bundle dist/cli/os-console.js is missing; reinstall the package (npm ci), or run `npm run build` in a clone of it.");
  process.exit(2);
}
require(bundle);
