#!/usr/bin/env node
// `npm run build:lib`: compiles lib/ with jsii into lib-dist/ and .jsii, then makes the bindings' submodule lazy
// (scripts/lazy-submodule.js). jsii's output is shown only when it fails: on success it prints a summary line
// ("Errors: 0 | ...") and, on Node 20, an end-of-life banner, which `npm ci` would show every user as alarming
// lines. The engines field says which Node the package supports; the banner is jsii's own support window.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const jsii = require.resolve("jsii/bin/jsii");
const run = spawnSync(process.execPath, [jsii, "--generate-tsconfig", "tsconfig.jsii.json", "--silence-warnings=reserved-word"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split(".")[0] },
});
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  console.error(`build:lib: jsii failed (exit ${run.status ?? run.signal}); its diagnostics are above`);
  process.exit(1);
}
require("./lazy-submodule");
