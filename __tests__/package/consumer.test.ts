/**
 * The package as a cdktf user gets it: `npm pack`, the tarball installed into
 * a new cdktf app in a temporary folder (from the registry, through a local
 * npm cache), type-checked with `tsc --strict`, synthesized, and the hook of
 * the synthesized stack run as Terraform runs it against the emulator. Then
 * the same app on CDK Terrain (cdktn 0.24), the maintained fork of cdktf.
 * The apps import only the package's public entry points.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../packages/openstack-emulator/src";
import { evaluateQueryValue } from "../apply-simulation/terraform-expressions";
import { ROOT } from "../helpers/bundles";
import { runProgram, type RunResult } from "../helpers/run";
import { TempTree } from "../helpers/temp-tree";

const PACKAGE = "openstack-console-cdktf";
/** Kept between runs (under node_modules, so `npm ci` clears it): a warm run downloads nothing. */
const NPM_CACHE = path.join(ROOT, "node_modules", ".cache", "consumer-npm");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

/**
 * The consumer's app: servers from the prebuilt bindings' raw resources, a ServerFleet with a console in the
 * default resource mode, a RemoteConsole on servers made elsewhere in the data-source mode (the hook).
 */
const MAIN_TS = `import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { FleetStack, OpenStackServer, RemoteConsole, ServerFlavor, ServerFleet, ServerImage, configureOpenStackProvider, loadFleetFile, type IOpenStackServer } from "${PACKAGE}";
import { computeInstanceV2, networkingNetworkV2 } from "${PACKAGE}/provider-openstack";

class ConsumerStack extends TerraformStack {
  constructor(scope: Construct, id: string, legacyServerId: string) {
    super(scope, id);
    configureOpenStackProvider(this, { region: "RegionOne" });
    const net = new networkingNetworkV2.NetworkingNetworkV2(this, "net", { name: "consumer-net" });
    const bastion = new computeInstanceV2.ComputeInstanceV2(this, "bastion", {
      name: "bastion",
      imageName: "cirros",
      flavorName: "m1.tiny",
      network: [{ uuid: net.id }],
    });
    const fleet = new ServerFleet(this, "web", {
      specs: [{ name: "web", count: 2, image: ServerImage.fromName("cirros"), flavor: ServerFlavor.fromName("m1.small") }],
      console: { profile: "zed" },
    });
    const legacy: IOpenStackServer = OpenStackServer.fromServerAttributes(this, "legacy", { id: legacyServerId, name: "legacy-1" });
    const others = new RemoteConsole(this, "others", { servers: { bastion, "legacy-1": legacy }, timeout: 60, mode: "data-source" });
    new TerraformOutput(this, "bastion_console", { value: others.urlOf("bastion"), sensitive: true });
    new TerraformOutput(this, "web_consoles", { value: fleet.console!.urls, sensitive: true });
  }
}

try {
  const app = new App();
  new ConsumerStack(app, "consumer", process.env.LEGACY_SERVER_ID ?? "");
  for (const definition of loadFleetFile("fleet.yaml").stacks) {
    new FleetStack(app, definition.stack, { definition, source: "fleet.yaml" });
  }
  app.synth();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
`;

/** A second stack, from a fleet file, as main.ts of this project builds it. */
const FLEET_YAML = `stack: fleet
fleets:
  - name: app
    count: 2
    imageName: cirros
    flavorName: m1.small
    console: { profile: zed }
`;

/**
 * What `cdktf init --template=typescript` writes, trimmed to what tsc reads,
 * except skipLibCheck: the package's own declarations (the 3 MB of bindings
 * included) are checked too.
 */
const TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    strict: true,
    target: "ES2018",
    skipLibCheck: false,
    types: ["node"],
    outDir: "out",
  },
  include: ["main.ts"],
};

/** The environment npm runs with: ours (its config, any CA file) with a local cache, and no OpenStack settings. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_") && !k.startsWith("npm_")));
  return { ...env, npm_config_cache: NPM_CACHE, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

function npm(args: readonly string[], cwd: string): Promise<RunResult> {
  return runProgram("npm", args, { cwd, env: npmEnv(), killAfterMs: 180_000 });
}

function expectOk(run: RunResult, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-2000)}`);
}

interface TarballFile {
  readonly path: string;
}

const tree = new TempTree("consumer-app-");
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  // The bundles come from jest's globalSetup; the compiled library is brought up to date here.
  // jsii compiles the library (as `npm run build` does), so the tarball holds what other languages' packages wrap.
  expectOk(await npm(["run", "build:lib", "--silent"], ROOT), "npm run build:lib");
  const packed = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", tree.root], ROOT);
  expectOk(packed, "npm pack");
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: TarballFile[] }>;
  tarball = path.join(tree.root, info.filename);
  packedFiles = info.files.map((f) => f.path);
}, 300_000);

afterAll(() => tree.cleanup());

describe("npm pack", () => {
  it("gives one tarball: the compiled library with types, the prebuilt bindings, the console provider, the hook and the CLI, and no sources", () => {
    expect(fs.readdirSync(tree.root).filter((f) => f.endsWith(".tgz"))).toEqual([path.basename(tarball)]);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "lib-dist/lib/index.js",
        "lib-dist/lib/index.d.ts",
        "lib-dist/lib/provider-openstack.js",
        "lib-dist/lib/provider-openstack.d.ts",
        "lib-dist/.gen/providers/openstack/compute-instance-v2/index.js",
        "lib-dist/.gen/providers/openstack/compute-instance-v2/index.d.ts",
        "dist/hook/console-hook.js",
        "dist/provider/terraform-provider-osconsole.js",
        "dist/cli/os-console.js",
        "bin/os-console.js",
        "package.json",
        "README.md",
      ]),
    );
    // The whole provider: 108 resources and 61 data sources, plus the provider block.
    const bindings = packedFiles.filter((f) => /^lib-dist\/\.gen\/providers\/openstack\/[^/]+\/index\.js$/.test(f));
    expect(bindings).toHaveLength(108 + 61 + 1);
    const sources = packedFiles.filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || /^(__tests__|scripts|test|bench|\.gen)\//.test(f) || f.includes(".tsbuildinfo"));
    expect(sources).toEqual([]);
  });
});

/** A new cdktf app in its own folder with the tarball installed; `dependencies` carry its framework (cdktf, constructs, the external provider). */
async function consumerApp(name: string, dependencies: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const dir = tree.dir(name);
  const manifest = {
    name: `consumer-${name}`,
    version: "1.0.0",
    private: true,
    dependencies: { [PACKAGE]: `file:${tarball}`, ...dependencies },
    devDependencies: { "@types/node": "20.19.9" },
    ...extra,
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node out/main.js", terraformProviders: [], terraformModules: [] }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  fs.writeFileSync(path.join(dir, "main.ts"), MAIN_TS);
  fs.writeFileSync(path.join(dir, "fleet.yaml"), FLEET_YAML);
  expectOk(await npm(["install", "--prefer-offline", "--no-package-lock"], dir), `npm install in ${name}`);
  return dir;
}

interface ExternalBlock {
  program: string[];
  query: Record<string, string>;
}
interface Synthesized {
  terraform: { required_providers: Record<string, { source: string; version: string }> };
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: { external: Record<string, ExternalBlock> };
  output: Record<string, { value: unknown; sensitive?: boolean }>;
}

/** Type-checks, compiles, synthesizes; then runs every data.external program of the stack as Terraform would once its servers exist. */
function describeConsumer(framework: string, install: () => Promise<string>): void {
  describe(`a new cdktf app on ${framework} with the tarball installed`, () => {
    let dir: string;
    let emulator: Emulator;
    let legacyId: string;
    let tf: Synthesized;
    const stackDir = () => path.join(dir, "cdktf.out", "stacks", "consumer");
    const synth = () => runProgram(process.execPath, ["out/main.js"], { cwd: dir, env: { LEGACY_SERVER_ID: legacyId } });

    beforeAll(async () => {
      dir = await install();
      emulator = await startEmulator({ profile: "zed" });
      legacyId = emulator.createServer({ name: "legacy-1" }).id;
    }, 300_000);

    afterAll(async () => {
      await emulator?.close();
    });

    it("installs no generator and no build tools: the bindings and the hook come prebuilt", () => {
      const installed = fs.readdirSync(path.join(dir, "node_modules")).flatMap((d) => (d.startsWith("@") ? fs.readdirSync(path.join(dir, "node_modules", d)).map((s) => `${d}/${s}`) : [d]));
      expect(installed).toEqual(expect.arrayContaining([PACKAGE, "cdktf", "constructs", "@cdktf/provider-external"]));
      // yaml travels inside the tarball (bundledDependencies): jsii admits no dependency that is not a jsii module.
      expect(fs.existsSync(path.join(dir, "node_modules", PACKAGE, "node_modules", "yaml", "package.json"))).toBe(true);
      for (const absent of ["@cdktf/provider-generator", "@cdktf/commons", "cdktf-cli", "esbuild", "typescript", "tsx", "jsii", "undici", "commander"]) expect(installed).not.toContain(absent);
      expect(fs.existsSync(path.join(dir, "node_modules", ".bin", "os-console"))).toBe(true);
    });

    it("type-checks with tsc --strict (cdktf init's settings, declarations included) and compiles", async () => {
      const run = await runProgram(process.execPath, [TSC, "--strict", "-p", "."], { cwd: dir });
      expect({ code: run.code, out: run.stdout + run.stderr }).toEqual({ code: 0, out: "" });
      expect(fs.existsSync(path.join(dir, "out", "main.js"))).toBe(true);
    });

    it("synthesizes the raw resources, the fleet and both consoles, with the providers pinned", async () => {
      const run = await synth();
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      tf = JSON.parse(fs.readFileSync(path.join(stackDir(), "cdk.tf.json"), "utf8")) as Synthesized;
      expect(tf.terraform.required_providers).toEqual({
        openstack: { source: "terraform-provider-openstack/openstack", version: "~> 3.4" },
        external: { source: "external", version: ">= 1.2.0, < 3.0.0" },
        osconsole: { source: "openstack-console.invalid/cdktf/osconsole", version: "0.1.0" },
      });
      expect(Object.keys(tf.resource.openstack_networking_network_v2)).toEqual(["net"]);
      expect(Object.values(tf.resource.openstack_compute_instance_v2).map((r) => r.name).sort()).toEqual(["bastion", "web-1", "web-2"]);
      // The fleet's console is the provider's resource, the others' the hook's data source.
      expect(Object.keys(tf.resource.osconsole_urls)).toHaveLength(1);
      expect(Object.keys(tf.data.external)).toHaveLength(1);
      // The provider laid into the stack as Terraform's implied local mirror, executable, from the installed package.
      const plugin = path.join(stackDir(), "terraform.d", "plugins", "openstack-console.invalid", "cdktf", "osconsole", "0.1.0", "linux_amd64", "terraform-provider-osconsole_v0.1.0");
      expect(fs.statSync(plugin).mode & 0o777).toBe(0o755);
      expect(fs.readFileSync(plugin, "utf8")).toBe(fs.readFileSync(path.join(dir, "node_modules", PACKAGE, "dist", "provider", "terraform-provider-osconsole.js"), "utf8"));
      // The library claims no outputs: the two are the app's own.
      expect(Object.keys(tf.output).sort()).toEqual(["bastion_console", "web_consoles"]);
      for (const output of Object.values(tf.output)) expect(output.sensitive).toBe(true);

      // FleetStack from a fleet file: its console outputs are on by default.
      const fleet = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", "fleet", "cdk.tf.json"), "utf8")) as Synthesized;
      expect(Object.keys(fleet.output).sort()).toEqual(["console_url_app_1", "console_url_app_2", "console_urls", "server_access_ipv4", "server_access_ipv6", "server_ids"]);
      expect(fleet.output.console_urls.sensitive).toBe(true);
    });

    it("the hook of the synthesized stack mints a URL per server of its console from the emulator", async () => {
      const instanceIds = new Map<string, string>();
      for (const [logicalId, body] of Object.entries(tf.resource.openstack_compute_instance_v2)) {
        instanceIds.set(logicalId, emulator.createServer({ name: body.name as string }).id);
      }
      const env = emulator.env();
      const urls: Record<string, string> = {};
      for (const block of Object.values(tf.data.external)) {
        expect(block.program[0]).toBe("node");
        expect(fs.existsSync(path.join(stackDir(), block.program[1]))).toBe(true);
        const query = Object.fromEntries(Object.entries(block.query).map(([k, v]) => [k, evaluateQueryValue(v, instanceIds)]));
        const run = await runProgram(block.program[0], block.program.slice(1), { cwd: stackDir(), env, input: JSON.stringify(query) });
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
        Object.assign(urls, JSON.parse(run.stdout) as Record<string, string>);
      }
      expect(Object.keys(urls).sort()).toEqual(["bastion", "legacy-1"]);
      for (const url of Object.values(urls)) expect(emulator.isIssuedConsoleUrl(url)).toBe(true);
    });

    it("resolves only the public entry points", async () => {
      const probe = `for (const p of ["${PACKAGE}", "${PACKAGE}/provider-openstack", "${PACKAGE}/lib-dist/lib/constructs"]) { try { require.resolve(p); console.log("ok " + p); } catch (e) { console.log(e.code + " " + p); } }`;
      const run = await runProgram(process.execPath, ["-e", probe], { cwd: dir });
      expect(run.stdout.trim().split("\n")).toEqual([`ok ${PACKAGE}`, `ok ${PACKAGE}/provider-openstack`, `ERR_PACKAGE_PATH_NOT_EXPORTED ${PACKAGE}/lib-dist/lib/constructs`]);
    });

    it("a hook bundle missing from the installed package fails synth with one line", async () => {
      const bundle = path.join(dir, "node_modules", PACKAGE, "dist", "hook", "console-hook.js");
      fs.renameSync(bundle, `${bundle}.away`);
      try {
        const run = await synth();
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          new RegExp(`^the console hook bundle \\S*node_modules/${PACKAGE}/dist/hook/console-hook\\.js is missing; reinstall the package \\(npm ci\\), or run npm run build in a clone of it, then synth again\\n$`),
        );
      } finally {
        fs.renameSync(`${bundle}.away`, bundle);
      }
    });
  });
}

describeConsumer("cdktf 0.21", () => consumerApp("cdktf", { cdktf: "0.21.0", constructs: "10.4.2", "@cdktf/provider-external": "11.0.1" }));

// CDK Terrain is a rename of cdktf: the library (and @cdktf/provider-external) import "cdktf", so the app
// aliases that name to cdktn, and overrides it for the peer dependencies that ask for cdktf ^0.21.
describeConsumer("CDK Terrain (cdktn 0.24, as an npm alias of cdktf)", () =>
  consumerApp(
    "cdktn",
    { cdktf: "npm:cdktn@0.24.0", constructs: "10.6.0", "@cdktf/provider-external": "11.0.1" },
    { overrides: { cdktf: "npm:cdktn@0.24.0" } },
  ),
);

describe("a consumer whose framework the peer dependencies do not allow", () => {
  it("gets npm's own resolution error naming the peer dependency", async () => {
    const dir = tree.dir("old-cdktf");
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "consumer-old", version: "1.0.0", private: true, dependencies: { [PACKAGE]: `file:${tarball}`, cdktf: "0.20.12", constructs: "10.4.2" } }),
    );
    const run = await npm(["install", "--dry-run", "--prefer-offline", "--no-package-lock"], dir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("ERESOLVE");
    expect(run.stderr).toMatch(/peer cdktf@"\^0\.21\.0" from (openstack-console-cdktf|@cdktf\/provider-external)/);
  }, 120_000);
});
