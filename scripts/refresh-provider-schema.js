#!/usr/bin/env node
// Moves the OpenStack provider pin: fetches the provider schema of a given
// version with a real `terraform providers schema -json` (needs terraform on
// PATH and network to the registry), rewrites providers/openstack/schema.json
// and provider.json, and regenerates the bindings.
//
//   npm run providers:refresh -- --version 3.5.0 [--constraint "~> 3.5"]
//                               [--providers-dir providers/openstack] [--no-generate]
//
// On failure it prints one line and leaves the committed files as they were.
"use strict";
process.env.CHECKPOINT_DISABLE = "1";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const SOURCE = "terraform-provider-openstack/openstack";
const ADDRESS = `registry.terraform.io/${SOURCE}`;

class RefreshError extends Error {}

function parseArgs(argv) {
  const args = { version: undefined, constraint: undefined, providersDir: path.join(root, "providers/openstack"), generate: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new RefreshError(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === "--version") args.version = value();
    else if (flag === "--constraint") args.constraint = value();
    else if (flag === "--providers-dir") args.providersDir = path.resolve(value());
    else if (flag === "--no-generate") args.generate = false;
    else throw new RefreshError(`unknown option ${flag}; use --version X.Y.Z [--constraint "~> X.Y"] [--providers-dir DIR] [--no-generate]`);
  }
  if (!args.version) throw new RefreshError('--version is missing; give the provider version to pin, e.g. --version 3.5.0');
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(args.version);
  if (!m) throw new RefreshError(`--version "${args.version}" is not an exact version X.Y.Z; give one, e.g. 3.5.0`);
  args.constraint = args.constraint || `~> ${m[1]}.${m[2]}`;
  return args;
}

function run(cwd, argv, what) {
  const result = spawnSync("terraform", argv, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.error && result.error.code === "ENOENT") {
    throw new RefreshError("terraform is not on PATH; install Terraform 1.x (and network to the registry), then retry");
  }
  if (result.error) throw new RefreshError(`${what} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split("\n").map((l) => l.trim()).filter(Boolean);
    const reason = lines.find((l) => /^Error:/.test(l)) || lines[lines.length - 1] || `exit ${result.status}`;
    throw new RefreshError(`${what} failed: ${reason}`);
  }
  return result.stdout;
}

function fetchSchema(version) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-refresh-"));
  try {
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    openstack = {\n      source  = "${SOURCE}"\n      version = "= ${version}"\n    }\n  }\n}\n`,
    );
    run(dir, ["init", "-input=false", "-no-color", "-backend=false"], "terraform init");
    const text = run(dir, ["providers", "schema", "-json"], "terraform providers schema -json").trim();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RefreshError("terraform providers schema -json did not print JSON; check the terraform version (1.x needed)");
    }
    const schema = parsed && parsed.provider_schemas && parsed.provider_schemas[ADDRESS];
    if (!schema || !schema.resource_schemas || !schema.provider) {
      throw new RefreshError(`the schema terraform printed has no ${ADDRESS} provider; check the version exists in the registry`);
    }
    return { text, resources: Object.keys(schema.resource_schemas).length, dataSources: Object.keys(schema.data_source_schemas || {}).length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces files together: each written beside its target, then renamed over it; returns how to undo. */
function replaceFiles(files) {
  const previous = files.map(({ file }) => ({ file, text: fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined }));
  for (const { file, text } of files) fs.writeFileSync(`${file}.refresh-tmp`, text);
  for (const { file } of files) fs.renameSync(`${file}.refresh-tmp`, file);
  return () => {
    for (const { file, text } of previous) {
      if (text === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, text);
    }
  };
}

function generate() {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/generate-bindings.js")], { encoding: "utf8" });
  if (result.status !== 0) {
    const line = (result.stderr || "").trim().split("\n").pop() || `exit ${result.status}`;
    throw new RefreshError(`generating bindings failed: ${line}`);
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const fetched = fetchSchema(args.version);
  const schemaFile = path.join(args.providersDir, "schema.json");
  const providerFile = path.join(args.providersDir, "provider.json");
  const provider = { source: SOURCE, version: args.version, constraint: args.constraint };
  const undo = replaceFiles([
    { file: schemaFile, text: `${fetched.text}\n` },
    { file: providerFile, text: `${JSON.stringify(provider, null, 2)}\n` },
  ]);
  if (args.generate) {
    try {
      generate();
    } catch (err) {
      undo();
      throw new RefreshError(`${err.message}; the previous schema and provider.json are back in place (run npm run providers:generate)`);
    }
  }
  console.log(
    `providers:refresh: pinned ${SOURCE} ${args.constraint} from v${args.version} (${fetched.resources} resources, ${fetched.dataSources} data sources)` +
      (args.generate ? "; bindings regenerated" : ""),
  );
}

try {
  main();
} catch (err) {
  console.error(`providers:refresh: ${err instanceof RefreshError ? err.message : err && err.message ? err.message : err}`);
  process.exit(1);
}
