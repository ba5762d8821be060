/**
 * npm run terraform:tools, as a subprocess: its failures end with one line
 * saying which part and what to do. A refused module is played by a Go module
 * proxy on loopback that answers as the restricted mirror does (403, "This
 * module version is not available."), with an empty module cache so Go must
 * ask it. The successful build is what `npm test` and CI run first; the suites
 * that use the tools prove it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers/bundles";
import { runProgram } from "../helpers/run";
import { CONSOLE_PROVIDER_HOSTNAME, CONSOLE_PROVIDER_SOURCE, CONSOLE_PROVIDER_VERSION, consoleProviderMirrorPath } from "../../lib/hook-contract";
import { TOOLS_MANIFEST, loadToolsManifest, terraform, withTofu } from "../helpers/terraform";

const SCRIPT = path.join(ROOT, "scripts", "terraform-tools.js");
const GO_DIR = path.dirname(fs.realpathSync("/usr/local/go/bin/go"));

let proxy: Server;
let proxyUrl: string;
let scratch: string;

beforeAll(async () => {
  proxy = createServer((_req, res) => {
    res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
    res.end("This module version is not available.\n");
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tf-tools-"));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

function tools(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runProgram(process.execPath, [SCRIPT, ...args], {
    env: {
      PATH: `${GO_DIR}:/usr/bin:/bin`,
      TERRAFORM_TOOLS_DIR: path.join(scratch, "tools"),
      GOPROXY: proxyUrl,
      GOMODCACHE: path.join(scratch, "modcache"),
      GOCACHE: path.join(scratch, "gocache"),
      GOPATH: path.join(scratch, "gopath"),
      GOSUMDB: "off",
      GOTOOLCHAIN: "local",
      ...env,
    },
    killAfterMs: 120_000,
  });
}

const lastLine = (text: string): string => text.trimEnd().split("\n").pop() ?? "";

describe("npm run terraform:tools refuses in one line", () => {
  it("a module the proxy refuses: the module, the version and Go's own words", async () => {
    const run = await tools([]);
    expect(run.code).toBe(1);
    const line = run.stderr.trimEnd();
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(/^terraform:tools: the Go module proxy refused a module while building terraform-provider-openstack\/openstack v3\.4\.0: /);
    expect(line).toContain("github.com/terraform-provider-openstack/terraform-provider-openstack/v3@v3.4.0");
    expect(line).toMatch(/403 Forbidden/);
    expect(line).toMatch(/This module version is not available\./);
    // The steps before it were printed with their times; nothing was mirrored.
    expect(run.stdout).toMatch(/\[terraform:tools\] Go: go1\.\d+.* \(\d+\.\d s\)/);
    expect(fs.existsSync(path.join(scratch, "tools", "mirror", "registry.terraform.io", "terraform-provider-openstack"))).toBe(false);
    expect(fs.existsSync(path.join(scratch, "tools", "env.sh"))).toBe(false);
  });

  it("--cli terraform on a machine without terraform, before building anything", async () => {
    const run = await tools(["--cli", "terraform"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "terraform:tools: no terraform on PATH and --cli terraform was given; install Terraform, or pass --cli auto to build OpenTofu from its Go module\n",
    );
    expect(run.wallMs).toBeLessThan(30_000);
  });

  it("no Go on PATH", async () => {
    const run = await tools([], { PATH: "/nonexistent" });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(/^terraform:tools: Go is not on PATH: the providers are built from their Go modules; install Go 1\.24 or newer/);
  });

  it("an unknown --cli value or argument", async () => {
    const bad = await tools(["--cli", "pulumi"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('terraform:tools: --cli: "pulumi" is not one of auto, terraform, tofu; pass --cli auto (the machine\'s terraform, else OpenTofu built from its Go module)\n');
    const unknown = await tools(["--fast"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^terraform:tools: unknown argument "--fast"; usage: npm run terraform:tools -- \[--cli auto\|terraform\|tofu\] \[--rebuild\]\n$/);
  });
});

describe("the installed tools (npm test builds them first)", () => {
  it("are a mirror of both providers for both registry hosts, a mirror-only CLI config and env.sh", () => {
    const manifest = JSON.parse(fs.readFileSync(TOOLS_MANIFEST, "utf8")) as {
      cli: { name: string; version: string };
      mirror: string;
      cliConfigFile: string;
      providers: Array<{ address: string; version: string }>;
    };
    expect(manifest.providers.map((p) => `${p.address} ${p.version}`)).toEqual(["terraform-provider-openstack/openstack 3.4.0", "hashicorp/external 1.2.0"]);
    for (const host of ["registry.terraform.io", "registry.opentofu.org"]) {
      for (const p of manifest.providers) {
        const type = p.address.split("/")[1];
        const binary = path.join(manifest.mirror, host, p.address, p.version, "linux_amd64", `terraform-provider-${type}_v${p.version}`);
        expect(fs.statSync(binary).mode & 0o111).not.toBe(0);
      }
    }
    const config = fs.readFileSync(manifest.cliConfigFile, "utf8");
    expect(config).toContain(`filesystem_mirror {\n    path    = ${JSON.stringify(manifest.mirror)}`);
    expect(config).not.toMatch(/direct/);
    const env = fs.readFileSync(path.join(path.dirname(TOOLS_MANIFEST), "env.sh"), "utf8");
    expect(env).toContain(`export TF_CLI_CONFIG_FILE='${manifest.cliConfigFile}'`);
    expect(env).toContain("export CHECKPOINT_DISABLE=1");
    expect(env).toMatch(/^export PATH='.*\/\.tools\/bin':"\$PATH"$/m);
    if (manifest.cli.name === "tofu") expect(env).toContain("export TERRAFORM_BINARY_NAME=tofu");
    else expect(env).not.toContain("TERRAFORM_BINARY_NAME");
  });

  it("record OpenTofu beside the machine's CLI, and let both find the console provider in the stack's terraform.d/plugins", async () => {
    const tools = loadToolsManifest();
    const tofu = withTofu(tools);
    expect(tofu.cli).toEqual({ name: "tofu", path: expect.stringMatching(/\/tofu$/), version: "1.12.6" });
    const config = fs.readFileSync(tools.cliConfigFile, "utf8");
    // The stack's own folder first, for the console provider's host only; the registry hosts from the mirror.
    expect(config).toContain(`filesystem_mirror {\n    path    = "terraform.d/plugins"\n    include = ["${CONSOLE_PROVIDER_HOSTNAME}/*/*"]`);
    expect(config).toContain('include = ["registry.terraform.io/*/*", "registry.opentofu.org/*/*"]');
    // A relative mirror path is the working directory's: init in a folder that holds the provider installs it from there.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-plugins-"));
    try {
      const target = path.join(dir, "terraform.d", "plugins", consoleProviderMirrorPath("linux_amd64"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, "#!/usr/bin/env node\n", { mode: 0o755 });
      fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { osconsole: { source: CONSOLE_PROVIDER_SOURCE, version: CONSOLE_PROVIDER_VERSION } } } }));
      for (const cli of [tools, tofu]) {
        const init = await terraform(cli, ["init", "-input=false", "-no-color", "-backend=false"], { cwd: dir });
        expect({ cli: cli.cli.name, code: init.code, installed: init.stdout.includes(`Installed ${CONSOLE_PROVIDER_SOURCE} v${CONSOLE_PROVIDER_VERSION}`) }).toEqual({ cli: cli.cli.name, code: 0, installed: true });
        fs.rmSync(path.join(dir, ".terraform"), { recursive: true, force: true });
        fs.rmSync(path.join(dir, ".terraform.lock.hcl"), { force: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
