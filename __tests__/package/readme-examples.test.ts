/**
 * The README's examples work as written: each TypeScript block type-checks
 * strictly against the library (the package name mapped to lib/index.ts, as
 * the installed package maps it to lib-dist), and both apps synthesize: the
 * constructs example into its servers and consoles, the fleet-file example
 * from the README's own fleet.yaml block.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers/bundles";
import { runProgram } from "../helpers/run";

const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

jest.setTimeout(300_000);

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const blocks = (lang: string) => [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-examples-"));
  // "cdktf" and "constructs" resolve as in an app: the project's own copies.
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const [constructsApp, fleetApp] = blocks("ts");
  fs.writeFileSync(path.join(dir, "constructs-app.ts"), constructsApp);
  fs.writeFileSync(path.join(dir, "fleet-app.ts"), fleetApp);
  // To run them, the package name points at the library's source directly.
  const runnable = (code: string) => code.replace(/from "openstack-console-cdktf"/g, `from ${JSON.stringify(path.join(ROOT, "lib", "index"))}`);
  fs.writeFileSync(path.join(dir, "run-constructs-app.ts"), runnable(constructsApp));
  fs.writeFileSync(path.join(dir, "run-fleet-app.ts"), runnable(fleetApp));
  fs.writeFileSync(path.join(dir, "tsconfig.run.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", esModuleInterop: true } }));
  fs.writeFileSync(path.join(dir, "fleet.yaml"), blocks("yaml")[0]);
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
        // baseUrl the examples' own folder: the project root's would resolve "cdktf" to its cdktf.json.
        baseUrl: ".",
        paths: { "openstack-console-cdktf": [path.join(ROOT, "lib", "index.ts")] },
      },
      files: ["constructs-app.ts", "fleet-app.ts"],
    }),
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the README has its two TypeScript examples and a fleet file", () => {
  expect(blocks("ts")).toHaveLength(2);
  expect(blocks("yaml")).toHaveLength(1);
});

test("both type-check with --strict", async () => {
  const r = await runProgram(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: dir });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.code).toBe(0);
});

async function synth(app: string): Promise<Record<string, any>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-synth-"));
  try {
    const r = await runProgram(process.execPath, [TSX, "--tsconfig", "tsconfig.run.json", `run-${app}`], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: outdir } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [stack] = fs.readdirSync(path.join(outdir, "stacks"));
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test("the constructs example synthesizes four servers and two consoles, outputs sensitive", async () => {
  const stack = await synth("constructs-app.ts");
  const servers = Object.values(stack.resource.openstack_compute_instance_v2 as Record<string, { name: string }>).map((s) => s.name);
  expect(servers.sort()).toEqual(["bastion", "web-1", "web-2", "web-3"]);
  // The README's consoles use the default mode, resource: the package's provider's osconsole_urls.
  expect(Object.keys(stack.resource.osconsole_urls)).toHaveLength(2);
  expect(stack.output.web_consoles.sensitive).toBe(true);
  expect(stack.output.bastion_console.sensitive).toBe(true);
  expect(JSON.stringify(stack.resource.osconsole_urls)).toContain('"protocol":"spice"');
});

test("the fleet-file example synthesizes the README's fleet with its console outputs", async () => {
  const stack = await synth("fleet-app.ts");
  expect(Object.keys(stack.resource.openstack_compute_instance_v2)).toHaveLength(40);
  expect(stack.output.console_urls.sensitive).toBe(true);
  expect(stack.output.console_url_web_1.sensitive).toBe(true);
});
