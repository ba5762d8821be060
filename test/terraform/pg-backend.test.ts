/**
 * Two stacks of one fleet file, deployed in parallel (`cdktf deploy '*'
 * --parallelism 2`) by the real Terraform against real OpenStack, with their
 * state in a real PostgreSQL (the pg backend, a schema per stack): the state
 * is in the database and nowhere on disk, Terraform's lock holds a second run
 * off, and `os-console from-stack` reads the remote state through `terraform
 * show -json` and mints fresh URLs. The password reaches Terraform only as
 * PGPASSWORD.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../../__tests__/helpers/run";
import { loadToolsManifest, manifestEnv, type ToolsManifest } from "../../__tests__/helpers/terraform";
import { knownSecrets, passwordEnv } from "../openstack/support/real-env";
import { consoleTokenOf } from "../openstack/support/nova-console-tokens";
import { liveConsole, removeServersNamed, serversNamed } from "./support/cloud";
import { startPostgres, type Postgres } from "./support/postgres";
import { stackProject, type StackProject } from "./support/project";

const PREFIX = "tfpg";
const STACKS = ["tfpg-a", "tfpg-b"];
const MIRROR_ONLY = ["--skip-provider-lock"]; // see deploy.test.ts

function fleetFile(pg: Postgres): string {
  return `defaults:
  openstack:
    region: RegionOne
  backend:
    pg:
      connStr: ${pg.connStr.replace("/state_tfpg-a?", "/state_{stack}?")}
  fleet:
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none
    console:
      mode: data-source    # read at every plan: the lock test below needs an apply that waits for approval
      protocol: vnc
      type: novnc
stacks:
${STACKS.map((s) => `  - name: ${s}\n    fleets:\n      - name: ${s}-web\n        count: 1\n`).join("")}`;
}

let tools: ToolsManifest;
let pg: Postgres;
let project: StackProject;

beforeAll(async () => {
  tools = loadToolsManifest();
  await removeServersNamed(PREFIX);
  // A database per stack: the pg backend locks per database (see the fleet file's refusal of a shared one).
  pg = await startPostgres(STACKS.map((s) => `state_${s}`));
  project = stackProject({ tools, fleetFile: fleetFile(pg), stack: STACKS[0], osEnv: passwordEnv("admin"), extraEnv: { PGPASSWORD: pg.password } });
});

afterAll(async () => {
  try {
    if (project) await project.cdktf(["destroy", "*", "--auto-approve", ...MIRROR_ONLY]).catch(() => undefined);
  } finally {
    await removeServersNamed(PREFIX).catch(() => undefined);
    pg?.stop();
    project?.remove();
  }
});

const consoleUrls = async (stack: string): Promise<Record<string, string>> => {
  const run = await project.terraform(["output", "-json", "console_urls"], 120_000, stack);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, string>;
};

describe("two stacks in parallel with their state in PostgreSQL", () => {
  it("deploys both at once, each stack's state in its own schema", async () => {
    const run = await project.cdktf(["deploy", "*", "--parallelism", "2", "--auto-approve", ...MIRROR_ONLY]);
    if (run.code !== 0) throw new Error(`cdktf deploy '*' failed (${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
    for (const secret of [...knownSecrets(), pg.password]) expect(run.stdout + run.stderr).not.toContain(secret);

    expect((await serversNamed(PREFIX)).map((s) => `${s.name}:${s.status}`).sort()).toEqual(["tfpg-a-web-1:ACTIVE", "tfpg-b-web-1:ACTIVE"]);
    // The pg backend keeps one row per workspace in <schema>.states.
    for (const stack of STACKS) {
      const schema = `terraform_${stack.replace(/-/g, "_")}`;
      expect(pg.query(`SELECT name FROM ${schema}.states;`, `state_${stack}`).trim()).toBe("default");
      expect(pg.query(`SELECT data::json -> 'outputs' -> 'console_urls' ->> 'sensitive' FROM ${schema}.states;`, `state_${stack}`).trim()).toBe("true");
    }
  });

  it("writes nothing of the state to disk: no state file, and no console token in any file of the project", async () => {
    const tokens = (await Promise.all(STACKS.map(consoleUrls))).flatMap((urls) => Object.values(urls)).map(consoleTokenOf);
    expect(tokens).toHaveLength(2);
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "providers") walk(full); // .terraform/providers: the provider binaries
        } else if (entry.isFile()) files.push(full);
      }
    };
    walk(project.dir);
    const stateFiles = files.filter((f) => /\.tfstate(\.backup)?$/.test(f)).map((f) => path.relative(project.dir, f));
    // .terraform/terraform.tfstate is the backend's settings (no resources), not the state.
    expect(stateFiles.sort()).toEqual(STACKS.map((s) => `cdktf.out/stacks/${s}/.terraform/terraform.tfstate`));
    for (const f of stateFiles) expect(JSON.parse(fs.readFileSync(path.join(project.dir, f), "utf8"))).not.toHaveProperty("resources");
    for (const file of files) {
      const text = fs.readFileSync(file, "latin1");
      for (const token of tokens) expect(text.includes(token) ? path.relative(project.dir, file) : "").toBe("");
      expect(text.includes(pg.password) ? path.relative(project.dir, file) : "").toBe("");
    }
  });

  it("holds a second run off while one holds the lock, with Terraform's lock message", async () => {
    // `terraform apply` holds the lock while it waits for approval (the console outputs always change).
    const cwd = path.join(project.dir, "cdktf.out", "stacks", STACKS[0]);
    const holder = spawn(tools.cli.path, ["apply", "-input=true", "-no-color"], { cwd, env: { ...project.env } });
    let said = "";
    holder.stdout.setEncoding("utf8").on("data", (d: string) => (said += d));
    holder.stderr.setEncoding("utf8").on("data", (d: string) => (said += d));
    const exited = new Promise<number | null>((resolve) => holder.on("close", resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!said.includes("Enter a value:")) {
        if (Date.now() > deadline) throw new Error(`terraform apply never asked for approval:\n${said.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const blocked = await project.terraform(["plan", "-lock-timeout=2s", "-input=false", "-no-color"], 120_000, STACKS[0]);
      expect(blocked.code).toBe(1);
      // (The pg backend keeps no lock info: the "Lock Info" Terraform prints is the blocked run's own.)
      expect(blocked.stderr).toMatch(/Error acquiring the state lock[\s\S]*Error message: Workspace is already locked: default/);
      // The other stack, in its own database, is not held off.
      const other = await project.terraform(["plan", "-lock-timeout=2s", "-input=false", "-no-color"], 120_000, STACKS[1]);
      expect(other.stderr).toBe("");
      expect(other.code).toBe(0);
    } finally {
      holder.stdin.end("no\n");
      await exited;
    }
    expect(said).toMatch(/Apply cancelled\./);
    const after = await project.terraform(["plan", "-lock-timeout=10s", "-input=false", "-no-color"], 120_000, STACKS[0]);
    expect(after.code).toBe(0);
  });

  it("os-console from-stack --stack reads the remote state through terraform show -json and mints fresh URLs", async () => {
    const inState = await consoleUrls(STACKS[1]);
    const run = await runCli(["from-stack", "--stack", STACKS[1], "--format", "json", "--timeout", "60"], {
      cwd: project.dir,
      env: manifestEnv(tools, { ...passwordEnv("admin"), PGPASSWORD: pg.password, PATH: process.env.PATH }),
      killAfterMs: 120_000,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ name: string; id: string; url: string }>;
    const [server] = await serversNamed(`${STACKS[1]}-web`);
    expect(rows.map((r) => [r.name, r.id])).toEqual([[server.name, server.id]]);
    expect(rows[0].url).not.toBe(inState[server.name]);
    expect((await liveConsole(rows[0].url))?.instanceUuid).toBe(server.id);
  });

  it("destroys both stacks", async () => {
    const run = await project.cdktf(["destroy", "*", "--parallelism", "2", "--auto-approve", ...MIRROR_ONLY]);
    if (run.code !== 0) throw new Error(`cdktf destroy '*' failed:\n${run.stdout.slice(-3000)}`);
    expect(await serversNamed(PREFIX)).toEqual([]);
  });
});
