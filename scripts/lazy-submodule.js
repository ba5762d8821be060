#!/usr/bin/env node
// jsii sees the OpenStack bindings as a submodule only in the form
// `export * as providerOpenstack from "./provider-openstack"`, which tsc
// compiles to an eager require of all 172 resources and data sources: about
// 110 ms more for every `cdktf synth` that imports the package root, whether or
// not the app uses the raw bindings. After jsii has compiled, the require
// becomes a getter, loaded on first use (as jsii's runtime and TypeScript
// users both reach it through the property). Runs in `npm run build:lib`.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const file = path.resolve(__dirname, "..", "lib-dist", "lib", "index.js");
const EAGER = 'exports.providerOpenstack = require("./provider-openstack");';
const LAZY = 'Object.defineProperty(exports, "providerOpenstack", { enumerable: true, configurable: true, get: () => require("./provider-openstack") });';

const text = fs.readFileSync(file, "utf8");
if (text.includes(LAZY)) process.exit(0);
if (!text.includes(EAGER)) {
  console.error(`lazy-submodule: ${path.relative(process.cwd(), file)} has no \`${EAGER}\`; update scripts/lazy-submodule.js to what jsii now emits`);
  process.exit(1);
}
// `exports.providerOpenstack = void 0` at the top would shadow the getter: drop the name from that chain too.
fs.writeFileSync(file, text.replace(EAGER, LAZY).replace("exports.providerOpenstack = exports.", "exports."));
