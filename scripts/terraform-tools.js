#!/usr/bin/env node
/**
 * npm run terraform:tools: the real Terraform CLI and both providers the
 * stacks use, for machines that cannot reach the Terraform registry (CI here).
 * A user who reaches the registry needs none of this: `cdktf deploy` runs
 * `terraform init`, which downloads the providers as usual.
 *
 * Everything lands in the git-ignored .tools/:
 *   mirror/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
 *            a filesystem mirror, for registry.terraform.io and registry.opentofu.org
 *   bin/     tofu, always (OpenTofu v1.12.6 from its Go module), beside the machine's terraform when it has one
 *   terraform.rc  provider_installation = the mirror for the registry hosts, and the stack's own
 *            terraform.d/plugins for the console provider (which every synthesized stack carries)
 *   env.sh   what a shell sources to use them
 *   tools.json    the same facts for programs (the test suites read it)
 *
 * Each provider is built from its Go module with the ordinary Go toolchain,
 * through the Go module proxy. Idempotent: a part already built for the same
 * module, version and Go is reused. Every failure ends with one line.
 *
 *   node scripts/terraform-tools.js [--cli auto|terraform|tofu] [--rebuild]
 *   (TERRAFORM_TOOLS_DIR=DIR puts them elsewhere than .tools/)
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
// TERRAFORM_TOOLS_DIR moves them (the tests use it to build into a scratch folder).
const TOOLS = path.resolve(process.env.TERRAFORM_TOOLS_DIR || path.join(ROOT, ".tools"));
const MIRROR = path.join(TOOLS, "mirror");
const HOSTS = ["registry.terraform.io", "registry.opentofu.org"];

/**
 * What is built. hashicorp/external: every 2.x is refused by the module proxy
 * these machines reach (it lists no version of the module; v2.4.0's commit
 * answers "403 Forbidden ... This module version is not available"); v1.2.0
 * is served, speaks the same data-source protocol (program, query, result,
 * working_dir), and meets the constraint the stacks declare.
 */
const PROVIDERS = [
  {
    address: "terraform-provider-openstack/openstack",
    version: "3.4.0",
    module: "github.com/terraform-provider-openstack/terraform-provider-openstack/v3",
    moduleVersion: "v3.4.0",
    how: "install",
  },
  {
    address: "hashicorp/external",
    version: "1.2.0",
    module: "github.com/terraform-providers/terraform-provider-external",
    moduleVersion: "v1.2.0",
    // `go install m@v` asks the proxy for the module's version list (for
    // deprecations), which it refuses: build inside a wrapper module instead.
    how: "wrapper",
  },
];

/** OpenTofu, built always (the tests run both CLIs): one replace, copied from its own go.mod. */
const TOFU = {
  module: "github.com/opentofu/opentofu",
  moduleVersion: "v1.12.6",
  pkg: "github.com/opentofu/opentofu/cmd/tofu",
  goDirective: "1.24.13",
  replace: "github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828",
  ldflags: "-s -w -X github.com/opentofu/opentofu/version.dev=no",
};

class ToolsError extends Error {}

function parseArgs(argv) {
  const opts = { cli: "auto", rebuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--rebuild") opts.rebuild = true;
    else if (a === "--cli" || a.startsWith("--cli=")) {
      const v = a.includes("=") ? a.slice(6) : argv[++i];
      if (!["auto", "terraform", "tofu"].includes(v)) {
        throw new ToolsError(`--cli: "${v}" is not one of auto, terraform, tofu; pass --cli auto (the machine's terraform, else OpenTofu built from its Go module)`);
      }
      opts.cli = v;
    } else if (a === "-h" || a === "--help") {
      process.stdout.write("usage: npm run terraform:tools -- [--cli auto|terraform|tofu] [--rebuild]\n");
      process.exit(0);
    } else {
      throw new ToolsError(`unknown argument "${a}"; usage: npm run terraform:tools -- [--cli auto|terraform|tofu] [--rebuild]`);
    }
  }
  return opts;
}

function log(msg) {
  process.stdout.write(`[terraform:tools] ${msg}\n`);
}

/** Runs one step, printing its name and its time. */
function step(name, fn) {
  const t0 = Date.now();
  const result = fn();
  log(`${name}: ${result || "done"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.error && r.error.code === "ENOENT") return { status: 127, stdout: "", stderr: `${cmd}: not found` };
  return { status: r.status === null ? 1 : r.status, stdout: r.stdout || "", stderr: r.stderr || "" };
}

function which(cmd) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, cmd);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * Go's own words for a failed build: the line that names a refused module
 * (the proxy's 403/404/410 and "not available"), else the last error line.
 */
function goFailure(what, moduleVersion, stderr) {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("go: downloading"));
  const refusedAt = lines.findIndex((l) => /40[34] (Forbidden|Not Found)|410 Gone|not available|invalid version|unknown revision/.test(l));
  if (refusedAt >= 0) {
    const next = lines[refusedAt + 1] || "";
    const words = /^server response/.test(next) ? `${lines[refusedAt]} ${next}` : lines[refusedAt];
    return new ToolsError(`the Go module proxy refused a module while building ${what} ${moduleVersion}: ${words}; nothing was installed for it (a wrapper module that requires a served version may get round it: see scripts/terraform-tools.js)`);
  }
  const last = lines.slice(-3).join(" | ") || "no output";
  return new ToolsError(`building ${what} ${moduleVersion} failed: ${last}; rerun with --rebuild, or build it by hand with go to see the whole output`);
}

function goEnv() {
  const go = which("go");
  if (!go) throw new ToolsError("Go is not on PATH: the providers are built from their Go modules; install Go 1.24 or newer (on this machine kind it is /usr/local/go/bin/go), then rerun");
  const r = run(go, ["env", "-json", "GOOS", "GOARCH", "GOVERSION"]);
  if (r.status !== 0) throw new ToolsError(`go env failed: ${r.stderr.trim().split("\n").pop()}`);
  const env = JSON.parse(r.stdout);
  return { go, os: env.GOOS, arch: env.GOARCH, version: env.GOVERSION };
}

function stampMatches(file, stamp) {
  try {
    return fs.readFileSync(file, "utf8") === stamp;
  } catch {
    return false;
  }
}

function buildProvider(go, p) {
  const type = p.address.split("/")[1];
  const buildDir = path.join(TOOLS, "build", type);
  const binary = path.join(buildDir, "bin", `terraform-provider-${type}`);
  const stampFile = path.join(buildDir, "stamp");
  const stamp = `${p.module}@${p.moduleVersion} ${go.version} ${go.os}_${go.arch}\n`;
  if (!opts.rebuild && fs.existsSync(binary) && stampMatches(stampFile, stamp)) return { binary, reused: true };

  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(buildDir, "bin"), { recursive: true });
  const env = { ...process.env, GOBIN: path.join(buildDir, "bin"), GOFLAGS: "-buildvcs=false", CGO_ENABLED: "0" };
  const flags = ["-trimpath", "-ldflags=-s -w"];
  let r;
  if (p.how === "install") {
    r = run(go.go, ["install", ...flags, `${p.module}@${p.moduleVersion}`], { cwd: buildDir, env });
  } else {
    const src = path.join(buildDir, "wrapper");
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, "go.mod"), `module terraform-tools/${type}\n\ngo 1.21\n\nrequire ${p.module} ${p.moduleVersion}\n`);
    r = run(go.go, ["mod", "download", p.module], { cwd: src, env });
    if (r.status === 0) r = run(go.go, ["build", "-mod=mod", ...flags, "-o", binary, p.module], { cwd: src, env });
  }
  if (r.status !== 0 || !fs.existsSync(binary)) throw goFailure(p.address, p.moduleVersion, r.stderr);
  fs.writeFileSync(stampFile, stamp);
  return { binary, reused: false };
}

/** Links (or copies) the binary into the mirror for both registry hosts. */
function mirror(go, p, binary) {
  const [namespace, type] = p.address.split("/");
  for (const host of HOSTS) {
    const dir = path.join(MIRROR, host, namespace, type, p.version, `${go.os}_${go.arch}`);
    fs.rmSync(path.join(MIRROR, host, namespace, type), { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `terraform-provider-${type}_v${p.version}`);
    try {
      fs.linkSync(binary, target);
    } catch {
      fs.copyFileSync(binary, target);
    }
    fs.chmodSync(target, 0o755);
  }
}

function cliVersion(binary) {
  const r = run(binary, ["version", "-json"], { env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: path.join(TOOLS, "terraform.rc") } });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout).terraform_version;
  } catch {
    return undefined;
  }
}

function buildTofu(go) {
  const buildDir = path.join(TOOLS, "build", "tofu");
  const binary = path.join(TOOLS, "bin", "tofu");
  const stampFile = path.join(buildDir, "stamp");
  const stamp = `${TOFU.module}@${TOFU.moduleVersion} ${go.version} ${go.os}_${go.arch}\n`;
  if (!opts.rebuild && fs.existsSync(binary) && stampMatches(stampFile, stamp)) return { binary, reused: true };
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(buildDir, { recursive: true });
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.writeFileSync(
    path.join(buildDir, "go.mod"),
    `module terraform-tools/tofu\n\ngo ${TOFU.goDirective}\n\nrequire ${TOFU.module} ${TOFU.moduleVersion}\n\nreplace ${TOFU.replace}\n`,
  );
  // A build-tagged import lets `go mod tidy` resolve the command's whole graph.
  fs.writeFileSync(path.join(buildDir, "tools.go"), `//go:build tools\n\npackage tools\n\nimport _ "${TOFU.pkg}"\n`);
  const env = { ...process.env, GOFLAGS: "-buildvcs=false -mod=mod", CGO_ENABLED: "0" };
  let r = run(go.go, ["mod", "tidy"], { cwd: buildDir, env });
  if (r.status === 0) r = run(go.go, ["build", "-trimpath", `-ldflags=${TOFU.ldflags}`, "-o", binary, TOFU.pkg], { cwd: buildDir, env });
  if (r.status !== 0 || !fs.existsSync(binary)) throw goFailure("OpenTofu", TOFU.moduleVersion, r.stderr);
  fs.writeFileSync(stampFile, stamp);
  return { binary, reused: false };
}

/**
 * The console provider's host (lib/hook-contract/console-provider.ts): the
 * synthesized stack carries the provider in its own terraform.d/plugins, which
 * an explicit provider_installation hides, so the config names that folder.
 */
const CONSOLE_PROVIDER_HOST = "openstack-console.invalid";

function writeConfig() {
  // No `direct` block: init must never reach for a registry. A relative mirror
  // path is resolved against the working directory (checked with Terraform
  // 1.11 and OpenTofu 1.12): cdktf runs them in cdktf.out/stacks/<stack>.
  const lines = [
    "# Written by npm run terraform:tools: providers come from the mirror only,",
    "# and the console provider from the stack's own terraform.d/plugins.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = "terraform.d/plugins"`,
    `    include = [${JSON.stringify(`${CONSOLE_PROVIDER_HOST}/*/*`)}]`,
    "  }",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(MIRROR)}`,
    `    include = [${HOSTS.map((h) => JSON.stringify(`${h}/*/*`)).join(", ")}]`,
    "  }",
    "}",
  ];
  fs.writeFileSync(path.join(TOOLS, "terraform.rc"), lines.join("\n") + "\n");
}

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

function writeEnv(cli, tofu) {
  const lines = [
    "# Written by npm run terraform:tools; source it: . .tools/env.sh",
    `export TF_CLI_CONFIG_FILE=${shellQuote(path.join(TOOLS, "terraform.rc"))}`,
    `export PATH=${shellQuote(path.join(TOOLS, "bin"))}:"$PATH"`,
    "export CHECKPOINT_DISABLE=1",
  ];
  if (cli.name === "tofu") lines.push("export TERRAFORM_BINARY_NAME=tofu");
  fs.writeFileSync(path.join(TOOLS, "env.sh"), lines.join("\n") + "\n");
  const manifest = {
    cli: { name: cli.name, path: cli.path, version: cli.version },
    tofu: { path: tofu.path, version: tofu.version },
    cliConfigFile: path.join(TOOLS, "terraform.rc"),
    binDir: path.join(TOOLS, "bin"),
    mirror: MIRROR,
    providers: PROVIDERS.map((p) => ({ address: p.address, version: p.version, module: `${p.module}@${p.moduleVersion}` })),
  };
  fs.writeFileSync(path.join(TOOLS, "tools.json"), JSON.stringify(manifest, null, 2) + "\n");
}

/** `init` of a configuration that needs both providers, from the mirror only: proves the layout. */
function smokeInit(cli) {
  const dir = fs.mkdtempSync(path.join(TOOLS, "smoke-"));
  try {
    const requiredProviders = Object.fromEntries(
      PROVIDERS.map((p) => [p.address.split("/")[1], { source: p.address, version: p.version }]),
    );
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(TOOLS, "terraform.rc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const r = run(cli.path, ["init", "-input=false", "-no-color", "-backend=false"], { cwd: dir, env, timeout: 120000 });
    if (r.status !== 0) {
      const why = (r.stderr || r.stdout).split("\n").map((l) => l.replace(/^[│╷╵\s]+/, "").trim()).filter(Boolean).slice(0, 3).join(" ");
      throw new ToolsError(`${cli.name} init from the mirror failed: ${why}; rerun with --rebuild`);
    }
    return `${cli.name} init found ${PROVIDERS.map((p) => `${p.address} ${p.version}`).join(" and ")} in the mirror`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let opts;
function main() {
  opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  fs.mkdirSync(TOOLS, { recursive: true });
  let go;
  step("Go", () => {
    go = goEnv();
    return `${go.version} ${go.os}/${go.arch} (proxy ${run(go.go, ["env", "GOPROXY"]).stdout.trim()})`;
  });
  // Which CLI comes first: a missing one must not wait for the provider builds.
  const machine = opts.cli !== "tofu" ? which("terraform") : undefined;
  if (!machine && opts.cli === "terraform") {
    throw new ToolsError("no terraform on PATH and --cli terraform was given; install Terraform, or pass --cli auto to build OpenTofu from its Go module");
  }
  for (const p of PROVIDERS) {
    step(`${p.address} ${p.version}`, () => {
      const { binary, reused } = buildProvider(go, p);
      mirror(go, p, binary);
      return `${reused ? "reused" : "built from"} ${p.module}@${p.moduleVersion}, ${(fs.statSync(binary).size / 1e6).toFixed(0)} MB, mirrored for ${HOSTS.join(" and ")}`;
    });
  }
  writeConfig();
  // OpenTofu always: the tests run every stack with both CLIs.
  let tofu;
  step("OpenTofu", () => {
    const { binary, reused } = buildTofu(go);
    const version = cliVersion(binary);
    if (!version) throw new ToolsError(`the OpenTofu built at ${binary} does not answer "tofu version -json"; rerun with --rebuild`);
    tofu = { name: "tofu", path: binary, version };
    return `${reused ? "reused" : "built"} OpenTofu ${version} at ${binary} (cdktf drives it through TERRAFORM_BINARY_NAME=tofu)`;
  });
  let cli;
  step("Terraform CLI", () => {
    if (!machine) {
      cli = tofu;
      return `OpenTofu ${tofu.version} (${opts.cli === "tofu" ? "--cli tofu" : "no terraform on PATH"})`;
    }
    const version = cliVersion(machine);
    if (!version) throw new ToolsError(`${machine} does not answer "terraform version -json"; fix or remove it, or pass --cli tofu`);
    cli = { name: "terraform", path: machine, version };
    return `the machine's ${machine}, Terraform ${version}`;
  });
  writeEnv(cli, tofu);
  step("mirror check", () => smokeInit(cli));
  if (cli !== tofu) step("mirror check (OpenTofu)", () => smokeInit(tofu));
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: . .tools/env.sh`);
}

try {
  main();
} catch (err) {
  if (err instanceof ToolsError) {
    process.stderr.write(`terraform:tools: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
