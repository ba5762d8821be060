#!/usr/bin/env node
// Records which jsii assembly the wheel in dist-jsii/python was made from (the
// assembly's fingerprint, stable while the API is), so the Python suite builds
// the wheel again only when the assembly changed, not each time jsii recompiles
// (CI makes the wheel in one part and runs the suite in the next).
// Runs after jsii-pacmak in `npm run package:python`; `--check` exits 1 when the
// stamp is missing or stale.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
// Beside the folder, not in it: jsii-pacmak runs `twine check` over every file in dist-jsii/python.
const stamp = path.join(root, "dist-jsii", "python.assembly-fingerprint");
const fingerprint = JSON.parse(fs.readFileSync(path.join(root, ".jsii"), "utf8")).fingerprint;

if (process.argv.includes("--check")) {
  const current = fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  process.exit(current ? 0 : 1);
}
fs.writeFileSync(stamp, fingerprint);
