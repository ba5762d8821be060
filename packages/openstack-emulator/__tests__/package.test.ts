/**
 * The emulator as someone testing their own stack gets it: `npm pack` of
 * packages/openstack-emulator (prepack builds it), the tarball installed into
 * a new folder (its dependencies from the registry, through a local npm
 * cache), then driven with `npx openstack-emulator` and from code, in
 * JavaScript and in strict TypeScript against the shipped declarations.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { header, json, passwordBody, request } from "./support/http";

const PACKAGE_DIR = path.join(__dirname, "..");
const ROOT = path.join(PACKAGE_DIR, "..", "..");
/** Shared with the main package's consumer test: a warm run downloads nothing. */
const NPM_CACHE = path.join(ROOT, "node_modules", ".cache", "consumer-npm");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

// npm pack (a build) and npm install of three small dependencies: minutes only on a cold cache and a loaded machine.
jest.setTimeout(600_000);

let work: string;
let app: string;

function npm(args: string[], cwd: string): string {
  const r = spawnSync("npm", [...args, "--cache", NPM_CACHE, "--no-audit", "--no-fund", "--loglevel", "error"], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed: ${r.stderr.trim().split("\n").slice(-5).join(" | ")}`);
  return r.stdout;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-package-"));
  // prepack (the build) prints its line before npm's JSON.
  const out = npm(["pack", "--json", "--pack-destination", work], PACKAGE_DIR);
  const packed = JSON.parse(out.slice(out.indexOf("["))) as Array<{ filename: string }>;
  const tarball = path.join(work, packed[0].filename);
  app = path.join(work, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "my-stack-tests", version: "1.0.0", private: true }));
  npm(["install", tarball], app);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the bundles (the command is its bin) and the declarations, and nothing of the repository's sources", () => {
  const installed = path.join(app, "node_modules", "openstack-emulator");
  const files = spawnSync("find", [".", "-type", "f"], { cwd: installed, encoding: "utf8" }).stdout.split("\n").filter(Boolean).sort();
  expect(files).toEqual(expect.arrayContaining(["./dist/index.js", "./dist/cli.js", "./package.json", "./README.md"]));
  expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  expect(files.some((f) => f.startsWith("./__tests__") || f.startsWith("./src"))).toBe(false);
});

test("its dependencies are what its sources import, at the versions the repository tests with", () => {
  const own = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const imported = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else for (const m of fs.readFileSync(full, "utf8").matchAll(/from "([^".][^"]*)"/g)) if (!m[1].startsWith("node:")) imported.add(m[1]);
    }
  };
  walk(path.join(PACKAGE_DIR, "src"));
  expect(Object.keys(own.dependencies).sort()).toEqual([...imported].sort());
  for (const [name, version] of Object.entries(own.dependencies)) expect(`${name}@${version}`).toBe(`${name}@${root.devDependencies[name]}`);
});

test("npx openstack-emulator serves Keystone and Nova, prints the exports, and stops on SIGTERM", async () => {
  const child = spawn("npx", ["--no-install", "openstack-emulator", "--port", "0", "--servers", "3", "--profile", "zed"], {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  try {
    const out = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        text += d;
        if (text.includes("# Serving until Ctrl-C.")) resolve(text);
      });
      child.on("close", (code) => reject(new Error(`openstack-emulator exited ${code} before its banner: ${text}`)));
    });
    const env = Object.fromEntries([...out.matchAll(/^export (OS_\w+)=(.*)$/gm)].map((m) => [m[1], m[2].replace(/^'|'$/g, "")]));
    expect(env.OS_AUTH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    const login = await request(`${env.OS_AUTH_URL}/auth/tokens`, { method: "POST", body: passwordBody(env.OS_USERNAME, env.OS_PASSWORD, env.OS_PROJECT_NAME) });
    expect(login.status).toBe(201);
    const nova = /Nova (\S+)/.exec(out)![1];
    const servers = await request(`${nova}/servers`, { headers: { "X-Auth-Token": header(login, "X-Subject-Token")! } });
    expect((json(servers) as { servers: Array<{ name: string }> }).servers.map((s) => s.name).sort()).toEqual(["server-1", "server-2", "server-3"]);
  } finally {
    const closed = new Promise((resolve) => child.once("close", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await closed;
  }
});

test("from code: require('openstack-emulator').startEmulator, in JavaScript and in strict TypeScript", () => {
  fs.writeFileSync(
    path.join(app, "use.js"),
    `const { startEmulator } = require("openstack-emulator");
(async () => {
  const emu = await startEmulator({ servers: 2, profile: "virtuozzo" });
  const created = emu.createServer({ name: "mine" });
  console.log(JSON.stringify({ names: emu.listServers().map((s) => s.name).sort(), id: created.id, auth: emu.env("demo").OS_AUTH_URL }));
  await emu.close();
})();
`,
  );
  const ran = spawnSync(process.execPath, ["use.js"], { cwd: app, encoding: "utf8" });
  expect(ran.stderr).toBe("");
  const result = JSON.parse(ran.stdout) as { names: string[]; id: string; auth: string };
  expect(result.names).toEqual(["mine", "server-1", "server-2"]);
  expect(result.auth).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);

  fs.writeFileSync(
    path.join(app, "use.ts"),
    `import { startEmulator, type Emulator, type EmulatorOptions } from "openstack-emulator";
const options: EmulatorOptions = { servers: 1, profile: "zed" };
export async function start(): Promise<Emulator> {
  const emu = await startEmulator(options);
  const url: string = emu.computeUrl;
  void url;
  return emu;
}
`,
  );
  const typeRoots = path.join(ROOT, "node_modules", "@types");
  const checked = spawnSync(process.execPath, [TSC, "--noEmit", "--strict", "--module", "commonjs", "--target", "es2022", "--typeRoots", typeRoots, "--types", "node", "use.ts"], {
    cwd: app,
    encoding: "utf8",
  });
  expect(checked.stdout + checked.stderr).toBe("");
  expect(checked.status).toBe(0);
});
