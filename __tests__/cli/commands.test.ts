/**
 * `os-console url` and `from-stack`, and help: the real command as a
 * subprocess against the emulator over real HTTP. Usage mistakes (bad flags,
 * unknown commands) are in reliability/bad-input.test.ts.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type ServerRecord } from "../../packages/openstack-emulator/src";
import { CLI_BIN } from "../helpers/bundles";
import { expectOneLine } from "../helpers/refusals";
import { runCli, type RunOptions, type RunResult } from "../helpers/run";
import { fleetOutputsFile, fleetShowJson, fleetState } from "./helpers/fixtures";

const PASSWORD = "demo-secret";
let emulator: Emulator;
let env: Record<string, string>;
let work: string;
let byName: Record<string, ServerRecord>;
let twins: ServerRecord[];
let fleet: ServerRecord[];

beforeAll(async () => {
  emulator = await startEmulator({ servers: 3 });
  env = emulator.env();
  twins = [emulator.createServer({ name: "twin" }), emulator.createServer({ name: "twin" })];
  fleet = ["web-1", "web-2", "db-1"].map((name) => emulator.createServer({ name }));
  byName = Object.fromEntries(emulator.listServers().map((s) => [s.name, s]));
  work = mkdtempSync(join(tmpdir(), "os-console-cli-"));
});

afterAll(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every run: the password never shows, and stderr never carries a console token. */
async function cli(args: string[], run: RunOptions = {}): Promise<RunResult> {
  const result = await runCli(args, { env, ...run });
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  expect(result.stderr).not.toMatch(/token%3D[0-9a-f]/);
  return result;
}

function expectIssued(urls: string[], count: number): void {
  expect(urls).toHaveLength(count);
  for (const url of urls) expect(emulator.isIssuedConsoleUrl(url)).toBe(true);
}

describe("--help", () => {
  test.each([[[]], [["url"]], [["from-stack"]], [["audit"]]])("os-console %p --help shows usage and examples", async (command: string[]) => {
    const r = await cli([...command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: os-console${command.length ? ` ${command[0]}` : ""}`);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("Exit codes:");
    expect(r.stderr).toBe("");
  });
});

test("a reader that closes the pipe early (| head) ends the command quietly, without a stack trace", async () => {
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, "audit", "--help"]);
    // Closed before the command writes, so every write meets EPIPE.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => resolve({ code, stderr }));
  });
  expect(r).toEqual({ code: 0, stderr: "" });
});

describe("url", () => {
  test("by name, as a table: a fresh URL the cloud issued, nothing on stderr, no colour into a pipe", async () => {
    const r = await cli(["url", "server-2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("server-2");
    expect(r.stdout).toContain(byName["server-2"].id);
    expectIssued(r.stdout.match(/http:\/\/\S+token%3D[0-9a-f-]+/g) ?? [], 1);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stderr).toBe("");
  });

  test("by name and by id, as JSON: one object per server, in order, each URL issued", async () => {
    const r = await cli(["url", "server-1", byName["web-1"].id, "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; id: string; ok: boolean; url: string; mintedAt: string; microversion: string; protocol: string; type: string }>;
    expect(rows.map((x) => [x.name, x.id, x.ok, x.protocol, x.type, x.microversion])).toEqual([
      ["server-1", byName["server-1"].id, true, "vnc", "novnc", "2.8"],
      [byName["web-1"].id, byName["web-1"].id, true, "vnc", "novnc", "2.8"],
    ]);
    expectIssued(rows.map((x) => x.url), 2);
    expect(Date.now() - Date.parse(rows[0].mintedAt)).toBeLessThan(60_000);
  });

  test("--format value prints bare URLs, one per line; the same server given twice is minted once", async () => {
    emulator.resetCounters();
    const r = await cli(["url", "server-1", "server-3", byName["server-1"].id, "-f", "value"]);
    expect(r.code).toBe(0);
    expectIssued(r.stdout.trimEnd().split("\n"), 2);
    expect(emulator.counters().consoleRequests).toBe(2);
    expect(emulator.counters().tokenRequests).toBe(1);
  });

  test("--protocol/--type are passed through", async () => {
    const r = await cli(["url", "server-1", "--protocol", "spice", "--type", "spice-html5", "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ protocol: "spice", type: "spice-html5", ok: true });
  });

  test("a bare --type names its protocol: --type spice-html5 mints a SPICE URL, as `openstack console url show --spice`", async () => {
    const r = await cli(["url", "server-1", "--type", "spice-html5", "-f", "json"]);
    expect(r.code).toBe(0);
    const [row] = JSON.parse(r.stdout) as Array<{ protocol: string; type: string; ok: boolean; url: string }>;
    expect(row).toMatchObject({ protocol: "spice", type: "spice-html5", ok: true });
    expect(row.url).toMatch(/spice_auto\.html\?/);
  });

  test("an ambiguous name is an error listing every candidate, exit 2, and no console is minted", async () => {
    emulator.resetCounters();
    const r = await cli(["url", "twin"]);
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain('server name "twin" is ambiguous: 2 servers have it');
    for (const t of twins) expect(line).toContain(t.id);
    expect(line).toContain("Give the id");
    expect(emulator.counters().consoleRequests).toBe(0);
  });

  test("an unknown name is an error naming similar servers, exit 2", async () => {
    const r = await cli(["url", "web"]);
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toContain('no server named "web" in the project; similar:');
    expect(line).toContain(byName["web-1"].id);
    expect(line).toContain(byName["web-2"].id);
    expect(line).not.toContain(byName["db-1"].id);
  });

  test("an id-shaped argument that is not a UUID is refused before any call to the cloud", async () => {
    emulator.resetCounters();
    const bad = `${byName["web-1"].id.slice(0, -1)}z`;
    const r = await cli(["url", bad]);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toBe(`os-console: server "${bad}" is not a valid server id. A server id is a UUID such as 2adc7bdc-0dbd-49ea-85a9-fe63084c178a.`);
    expect(emulator.counters().tokenRequests).toBe(0);
  });

  test("a server gone from the cloud fails with its reason on stderr and exit 1; the others still get URLs", async () => {
    const gone = emulator.createServer({ name: "soon-gone" });
    emulator.deleteServer(gone.id);
    const r = await cli(["url", "server-3", gone.id, "-f", "value"]);
    expect(r.code).toBe(1);
    expectIssued(r.stdout.trimEnd().split("\n"), 1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(gone.id);
    expect(lines[0]).toMatch(/404 Not Found.*The server is gone/);
    expect(lines[1]).toBe("os-console: 1 of 2 servers got no console URL");
  });
});

describe("configuration errors", () => {
  test("no credentials at all: one line, exit 2", async () => {
    const dir = mkdtempSync(join(work, "empty-"));
    const r = await runCli(["url", "web-1"], { env: {}, cwd: dir });
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/^os-console: no credentials/);
  });

  test("clouds.yaml is read as the openstack CLI reads it; an unknown cloud name is one line, exit 2", async () => {
    const dir = mkdtempSync(join(work, "clouds-"));
    writeFileSync(
      join(dir, "clouds.yaml"),
      [
        "clouds:",
        "  emu:",
        "    auth:",
        `      auth_url: ${emulator.identityUrl}`,
        "      username: demo",
        `      password: ${PASSWORD}`,
        "      project_name: demo",
        "      user_domain_name: Default",
        "      project_domain_name: Default",
        "    region_name: RegionOne",
        "",
      ].join("\n"),
    );
    const ok = await cli(["url", "web-2", "--os-cloud", "emu", "-f", "value"], { env: {}, cwd: dir });
    expect(ok.code).toBe(0);
    expectIssued([ok.stdout.trim()], 1);
    const r = await cli(["url", "web-2", "--os-cloud", "nope"], { env: {}, cwd: dir });
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain('"nope"');
  });

  test("a wrong password: one line, exit 2, and the password is not echoed", async () => {
    const r = await runCli(["url", "web-1"], { env: { ...env, OS_PASSWORD: "wrong-horse-battery" } });
    expect(r.code).toBe(2);
    const line = expectOneLine(r.stderr);
    expect(line).toMatch(/401/);
    expect(line).not.toContain("wrong-horse-battery");
  });
});

describe("TLS", () => {
  let secure: Emulator;
  beforeAll(async () => {
    secure = await startEmulator({ servers: 1, tls: true });
  });
  afterAll(() => secure?.close());

  test("a self-signed cloud is refused by default (exit 2, pointing to --os-cacert), trusted with --os-cacert, and --insecure is warned", async () => {
    const { OS_CACERT: caFile, ...withoutCa } = secure.env();
    const refused = await cli(["url", "server-1"], { env: withoutCa });
    expect(refused.code).toBe(2);
    expect(expectOneLine(refused.stderr)).toMatch(/TLS connection to 127\.0\.0\.1:\d+ failed.*--os-cacert/);

    const trusted = await cli(["url", "server-1", "-f", "value", "--os-cacert", caFile], { env: withoutCa });
    expect(trusted.code).toBe(0);
    expect(secure.isIssuedConsoleUrl(trusted.stdout.trim())).toBe(true);
    expect(trusted.stderr).toBe("");

    const insecure = await cli(["url", "server-1", "-f", "value", "--insecure"], { env: withoutCa });
    expect(insecure.code).toBe(0);
    expect(secure.isIssuedConsoleUrl(insecure.stdout.trim())).toBe(true);
    expect(insecure.stderr).toMatch(/^WARNING: TLS certificate verification is off/);
  });
});

describe("from-stack", () => {
  const stateFile = (): string => {
    const path = join(work, "terraform.prod.tfstate");
    writeFileSync(path, JSON.stringify(fleetState(fleet)));
    return path;
  };

  test("--state (Terraform v4): a fresh URL for every server, keyed by the names the stack gave them", async () => {
    emulator.resetCounters();
    const r = await cli(["from-stack", "--state", stateFile(), "-f", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; id: string; address: string; url: string; ok: boolean }>;
    expect(rows.map((x) => [x.name, x.id, x.ok])).toEqual(fleet.map((s) => [s.name, s.id, true]));
    expect(rows[0].address).toMatch(/^openstack_compute_instance_v2\.fleet_web-1_[0-9A-F]+$/);
    expectIssued(rows.map((x) => x.url), 3);
    expect(emulator.counters().tokenRequests).toBe(1);
  });

  test.each([
    ["serial", "serial"],
    ["webmks", "mks"],
  ])("a bare --type %s names its protocol (%s) here too", async (type, protocol) => {
    const r = await cli(["from-stack", "--state", stateFile(), "--type", type, "-f", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ protocol: string; type: string; ok: boolean }>;
    expect(rows.map((x) => [x.protocol, x.type, x.ok])).toEqual(fleet.map(() => [protocol, type, true]));
  });

  test("table format shows name, id, Terraform address and URL", async () => {
    const r = await cli(["from-stack", "--state", stateFile()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server.*ID.*Address.*Console.*URL/);
    for (const s of fleet) expect(r.stdout).toContain(s.id);
    expectIssued(r.stdout.match(/http:\/\/\S+token%3D[0-9a-f-]+/g) ?? [], 3);
  });

  test("in a cdktf project, the only stack's local state is found by itself; with several, --stack chooses", async () => {
    const project = mkdtempSync(join(work, "project-"));
    mkdirSync(join(project, "cdktf.out/stacks/prod"), { recursive: true });
    // As cdktf writes them: the stack's local backend names <project>/terraform.<stack>.tfstate.
    writeFileSync(join(project, "cdktf.out/stacks/prod/cdk.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: join(project, "terraform.prod.tfstate") } } } }));
    writeFileSync(join(project, "terraform.prod.tfstate"), JSON.stringify(fleetState(fleet)));
    const only = await cli(["from-stack", "-f", "value"], { cwd: project });
    expect(only.code).toBe(0);
    expectIssued(only.stdout.trimEnd().split("\n"), 3);

    mkdirSync(join(project, "cdktf.out/stacks/dev"), { recursive: true });
    const several = await cli(["from-stack"], { cwd: project });
    expect(several.code).toBe(2);
    expect(expectOneLine(several.stderr)).toContain("2 cdktf stacks under cdktf.out/stacks (dev, prod). Choose one with --stack.");
    const chosen = await cli(["from-stack", "--stack", "prod", "-f", "value"], { cwd: project });
    expect(chosen.code).toBe(0);
    expectIssued(chosen.stdout.trimEnd().split("\n"), 3);
  });

  test("`terraform show -json` piped on stdin with --state -", async () => {
    const r = await cli(["from-stack", "--state", "-", "-f", "value"], { input: JSON.stringify(fleetShowJson(fleet.slice(0, 2))) });
    expect(r.code).toBe(0);
    expectIssued(r.stdout.trimEnd().split("\n"), 2);
  });

  test("--outputs-file: the names in console_urls, resolved through the server list", async () => {
    const path = join(work, "out.json");
    writeFileSync(path, JSON.stringify(fleetOutputsFile("prod", fleet)));
    const r = await cli(["from-stack", "--outputs-file", path, "--stack", "prod", "-f", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; id: string; url: string }>;
    expect(rows.map((x) => [x.name, x.id])).toEqual(fleet.map((s) => [s.name, s.id]));
    expectIssued(rows.map((x) => x.url), 3);
  });

  test("an unreadable state file: one line naming it and the fix, exit 2", async () => {
    const r = await cli(["from-stack", "--state", join(work, "missing.tfstate")]);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toMatch(/cannot read state file .*missing.tfstate: it does not exist\. Deploy the stack first/);
  });

  test("--state and --outputs-file together are refused", async () => {
    const r = await cli(["from-stack", "--state", "a", "--outputs-file", "b"]);
    expect(r.code).toBe(2);
    expect(expectOneLine(r.stderr)).toContain("cannot be used with option '--outputs-file");
  });

  test("a server deleted outside Terraform: exit 1, named on stderr, the others still get URLs", async () => {
    const extra = emulator.createServer({ name: "web-3" });
    const path = join(work, "with-gone.tfstate");
    writeFileSync(path, JSON.stringify(fleetState([...fleet, extra])));
    emulator.deleteServer(extra.id);
    const r = await cli(["from-stack", "--state", path, "-f", "json"]);
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; ok: boolean; url?: string; error?: { kind: string; status: number } }>;
    expect(rows.filter((x) => x.ok)).toHaveLength(3);
    expect(rows[3]).toMatchObject({ name: "web-3", ok: false, error: { kind: "not-found", status: 404 } });
    expect(rows[3].url).toBeUndefined();
    expect(r.stderr).toContain(`server "web-3" (${extra.id})`);
  });
});
