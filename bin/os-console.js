#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is bundled into dist/ by `npm run build` (run on install).
const path = require("node:path");
const bundle = path.join(__dirname, "..", "dist", "cli", "os-console.js");
try {
  require.resolve(bundle);
} catch {
  console.error("os-console: the CLI bundle is missing (dist/cli/os-console.js); run `npm run build` in the project first.");
  process.exit(2);
}
require(bundle);
