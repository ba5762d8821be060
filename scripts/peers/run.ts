/**
 * The peers' own suites against the emulator, unchanged: gophercloud's
 * compute acceptance tests (the module from the Go module proxy, `go test
 * -tags acceptance` with the environment they read) and tempest's compute
 * servers tests (a venv from PyPI, tempest.conf and accounts.yaml written
 * here). Each run prints its counts; a failure is either fixed in the
 * emulator or listed with its reason in scripts/peers/known-failures.json,
 * and anything else fails the run (exit 1), as does a listed failure that
 * now passes (the list must stay true).
 *
 *   npm run test:peers                 # both
 *   npm run test:peers -- gophercloud  # one
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runTempest } from "./tempest";

export const HERE = __dirname;
export const CACHE = path.join(os.tmpdir(), "os-console-peers");

export interface KnownList {
  /** Tests not started at all (they would abort the run, e.g. a panic), with the reason. */
  notRun: Record<string, string>;
  /** Tests that run and fail, with the reason the emulator does not serve what they need. */
  failures: Record<string, string>;
}

export function knownFor(suite: "gophercloud" | "tempest"): KnownList {
  const all = JSON.parse(fs.readFileSync(path.join(HERE, "known-failures.json"), "utf8")) as Record<string, KnownList>;
  return all[suite];
}

export interface Outcome {
  suite: string;
  passed: string[];
  failed: string[];
  skipped: Array<[string, string]>;
  notRun: string[];
  seconds: number;
  /** Why each failure failed, first line. */
  why: Record<string, string>;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; out?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", options.out ? "pipe" : "inherit", "inherit"] });
    if (options.out) child.stdout!.pipe(fs.createWriteStream(options.out));
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

export function capture(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited ${code}`))));
  });
}

async function projectId(emu: Emulator, user: "admin" | "demo"): Promise<string> {
  const env = emu.env(user);
  const res = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: env.OS_USERNAME, domain: { name: "Default" }, password: env.OS_PASSWORD } } },
        scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: "Default" } } },
      },
    }),
  });
  return ((await res.json()) as { token: { project: { id: string } } }).token.project.id;
}

const GOPHERCLOUD = "github.com/gophercloud/gophercloud/v2@v2.16.0";
const GOPHERCLOUD_PACKAGE = "./internal/acceptance/openstack/compute/v2/";
/** Tests gophercloud runs only as a non-admin (RequireNonAdmin): a second pass as demo. */
const NON_ADMIN_TESTS = ["TestServersActionLock", "TestServersActionChangeAdminPassword"];

/** The module from the Go module proxy, copied where `go test` may write. */
async function gophercloudTree(): Promise<string> {
  const dir = path.join(CACHE, "gophercloud-v2.16.0");
  if (fs.existsSync(path.join(dir, "go.mod"))) return dir;
  const info = JSON.parse(await capture("go", ["mod", "download", "-json", GOPHERCLOUD])) as { Dir: string };
  fs.mkdirSync(CACHE, { recursive: true });
  fs.cpSync(info.Dir, dir, { recursive: true });
  for (const file of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(file.parentPath, file.name), file.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
  return dir;
}

interface GoEvent {
  Action: string;
  Test?: string;
  Output?: string;
}

function readGoEvents(file: string, into: Outcome): void {
  const output = new Map<string, string>();
  const status = new Map<string, string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const e = JSON.parse(line) as GoEvent;
    if (!e.Test || e.Test.includes("/")) continue;
    if (e.Action === "output") output.set(e.Test, (output.get(e.Test) ?? "") + (e.Output ?? ""));
    if (["pass", "fail", "skip"].includes(e.Action)) status.set(e.Test, e.Action);
  }
  const plain = (t: string) => (output.get(t) ?? "").replace(/\x1b\[[0-9;]*m/g, "");
  for (const [test, action] of status) {
    if (action === "pass") into.passed.push(test);
    if (action === "fail") {
      into.failed.push(test);
      const line = plain(test).split("\n").find((l) => /Failure|panic|Error|error/.test(l)) ?? "";
      into.why[test] = line.trim().slice(0, 300);
    }
    if (action === "skip") into.skipped.push([test, (plain(test).split("\n").find((l) => /_test\.go:\d+:/.test(l)) ?? "").trim()]);
  }
}

async function runGophercloud(emu: Emulator): Promise<Outcome> {
  const started = Date.now();
  const known = knownFor("gophercloud");
  const dir = await gophercloudTree();
  const outcome: Outcome = { suite: "gophercloud v2.16.0 compute acceptance", passed: [], failed: [], skipped: [], notRun: Object.keys(known.notRun), seconds: 0, why: {} };
  const base = (user: "admin" | "demo", project: string): NodeJS.ProcessEnv => {
    const env = emu.env(user);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GOPATH: process.env.GOPATH,
      GOMODCACHE: process.env.GOMODCACHE,
      GOFLAGS: "-mod=mod",
      OS_AUTH_URL: env.OS_AUTH_URL,
      OS_USERNAME: env.OS_USERNAME,
      OS_PASSWORD: env.OS_PASSWORD,
      OS_PROJECT_ID: project,
      OS_DOMAIN_NAME: "Default",
      OS_REGION_NAME: env.OS_REGION_NAME,
      // What gophercloud's AcceptanceTestChoicesFromEnv reads.
      OS_IMAGE_ID: "70a599e0-31e7-49b7-b260-868f441e862b",
      OS_FLAVOR_ID: "1",
      OS_FLAVOR_ID_RESIZE: "2",
      OS_NETWORK_NAME: "private",
      OS_POOL_NAME: "public",
      OS_EXTGW_ID: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
      OS_BRANCH: "master",
    };
  };
  const skip = [...outcome.notRun, ...NON_ADMIN_TESTS].map((t) => `^${t}$`).join("|");
  const adminOut = path.join(CACHE, "gophercloud-admin.json");
  await run("go", ["test", "-tags", "fixtures acceptance", "-count=1", "-json", "-timeout", "30m", "-skip", skip, GOPHERCLOUD_PACKAGE], {
    cwd: dir,
    env: base("admin", await projectId(emu, "admin")),
    out: adminOut,
  });
  readGoEvents(adminOut, outcome);
  const demoOut = path.join(CACHE, "gophercloud-demo.json");
  await run("go", ["test", "-tags", "fixtures acceptance", "-count=1", "-json", "-timeout", "30m", "-run", NON_ADMIN_TESTS.map((t) => `^${t}$`).join("|"), GOPHERCLOUD_PACKAGE], {
    cwd: dir,
    env: base("demo", await projectId(emu, "demo")),
    out: demoOut,
  });
  readGoEvents(demoOut, outcome);
  outcome.seconds = Math.round((Date.now() - started) / 1000);
  return outcome;
}

/** Prints the counts and every failure against the list; true when nothing unexpected happened. */
export function report(outcome: Outcome, known: KnownList): boolean {
  const unexpected = outcome.failed.filter((t) => !(t in known.failures));
  const nowPassing = outcome.passed.filter((t) => t in known.failures);
  const knownFailed = outcome.failed.filter((t) => t in known.failures);
  console.log(`\n== ${outcome.suite}: ${outcome.passed.length} passed, ${outcome.failed.length} failed (${knownFailed.length} listed), ` +
    `${outcome.skipped.length} skipped by the suite, ${outcome.notRun.length} not run (listed); ${outcome.seconds} s`);
  for (const t of knownFailed) console.log(`   listed  ${t}: ${known.failures[t]}`);
  for (const t of outcome.notRun) console.log(`   not run ${t}: ${known.notRun[t]}`);
  for (const [t, why] of outcome.skipped) console.log(`   skipped ${t}: ${why || "(the suite's own skip)"}`);
  for (const t of unexpected) console.log(`   FAILED  ${t}: ${outcome.why[t] ?? ""}`);
  for (const t of nowPassing) console.log(`   PASSES  ${t}: listed as failing; remove it from scripts/peers/known-failures.json`);
  return unexpected.length === 0 && nowPassing.length === 0;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const suites = wanted.length > 0 ? wanted : ["gophercloud", "tempest"];
  const bad = suites.find((s) => !["gophercloud", "tempest"].includes(s));
  if (bad) {
    console.error(`test:peers: "${bad}" is not a suite; give gophercloud, tempest or nothing for both`);
    process.exit(2);
  }
  let ok = true;
  for (const suite of suites) {
    // A fresh cloud per suite: a /16 private network, servers that settle in 100 ms.
    const emu = await startEmulator({ networkCidr: "10.0.0.0/16", taskStateMs: 100 });
    try {
      const outcome = suite === "gophercloud" ? await runGophercloud(emu) : await runTempest(emu);
      ok = report(outcome, knownFor(suite as "gophercloud" | "tempest")) && ok;
    } finally {
      await emu.close();
    }
  }
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`test:peers: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
