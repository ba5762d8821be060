#!/usr/bin/env node
"use strict";
// Thin launcher: the command is bundled into dist/ by `node build.js` (run by npm pack, shipped in the package).
const path = require("node:path");
const bundle = path.join(__dirname, "..", "dist", "cli.js");
try {
  require.resolve(bundle);
} catch {
  console.error("openstack-emulator: dist/cli.js is missing; reinstall the package, or run `node build.js` in packages/openstack-emulator of a clone.");
  process.exit(2);
}
require(bundle);
