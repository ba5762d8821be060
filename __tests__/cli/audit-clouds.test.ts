/**
 * `os-console audit` across clouds and regions, as a subprocess: two
 * emulators stand in for two clouds of one clouds.yaml (the first with two
 * regions), a third entry points at a closed port. One report: every server
 * row names its cloud and region; a cloud that cannot be reached and a region
 * the catalog lacks are one row each, in every format, and fail the exit code;
 * the others are audited all the same.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runCli, type RunResult } from "../helpers/run";

let one: Emulator;
let two: Emulator;
let home: string;

function entry(emulator: Emulator): Record<string, unknown> {
  const env = emulator.env("demo");
  return {
    auth: { auth_url: env.OS_AUTH_URL, username: env.OS_USERNAME, password: env.OS_PASSWORD, project_name: env.OS_PROJECT_NAME, user_domain_name: "Default", project_domain_name: "Default" },
  };
}

beforeAll(async () => {
  one = await startEmulator({ servers: 0, regions: ["RegionOne", "RegionTwo"] });
  two = await startEmulator({ servers: 0 });
  one.createServer({ name: "web-1" });
  one.createServer({ name: "web-2" });
  two.createServer({ name: "db-1" });
  home = fs.mkdtempSync(path.join(os.tmpdir(), "audit-clouds-"));
  const down = { auth: { ...(entry(two).auth as object), auth_url: "http://127.0.0.1:9/v3" } };
  const clouds = { clouds: { one: entry(one), two: entry(two), down } };
  fs.mkdirSync(path.join(home, ".config", "openstack"), { recursive: true });
  fs.writeFileSync(path.join(home, ".config", "openstack", "clouds.yaml"), JSON.stringify(clouds));
  fs.writeFileSync(path.join(home, "clouds.txt"), "# the clouds to audit\none\ntwo\n\ndown\n");
});

afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
  fs.rmSync(home, { recursive: true, force: true });
});

const audit = (args: string[]): Promise<RunResult> => runCli(["audit", "--timeout", "20", ...args], { cwd: home, env: { HOME: home }, killAfterMs: 90_000 });

interface JsonReport {
  servers: Array<{ name: string; cloud: string; region: string; checks: Array<{ outcome: string }> }>;
  summary: { servers: number; available: number; unavailable: number };
  clouds: { audited: string[]; unreachable: Array<{ cloud: string; region: string; reason: string }> };
}

describe("os-console audit --os-cloud a,b,c --os-region-name r1,r2", () => {
  let report: JsonReport;
  let run: RunResult;

  beforeAll(async () => {
    run = await audit(["--os-cloud", "@clouds.txt", "--os-region-name", "RegionOne,RegionTwo", "-f", "json"]);
    report = JSON.parse(run.stdout) as JsonReport;
  });

  it("audits every cloud and region into one report whose rows name their cloud and region", () => {
    expect(report.clouds.audited).toEqual(["one/RegionOne", "one/RegionTwo", "two/RegionOne", "two/RegionTwo", "down/RegionOne", "down/RegionTwo"]);
    expect(report.servers.map((s) => `${s.name} @ ${s.cloud}/${s.region}: ${s.checks.map((c) => c.outcome).join(",")}`)).toEqual([
      "db-1 @ two/RegionOne: available",
      "web-1 @ one/RegionOne: available",
      "web-1 @ one/RegionTwo: available",
      "web-2 @ one/RegionOne: available",
      "web-2 @ one/RegionTwo: available",
    ]);
    expect(report.summary).toMatchObject({ servers: 5, available: 5, unavailable: 0 });
  });

  it("makes a region the catalog lacks and a cloud that cannot be reached one row each, and exits 1", () => {
    expect(report.clouds.unreachable.map((u) => `${u.cloud}/${u.region}`)).toEqual(["two/RegionTwo", "down/RegionOne", "down/RegionTwo"]);
    const why = Object.fromEntries(report.clouds.unreachable.map((u) => [`${u.cloud}/${u.region}`, u.reason]));
    expect(why["two/RegionTwo"]).toMatch(/RegionTwo/);
    expect(why["down/RegionOne"]).toMatch(/cannot reach 127\.0\.0\.1:9/);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(/demo-secret/);
  });

  it("carries the same in the table, Markdown, JUnit and HTML formats", async () => {
    const args = ["--os-cloud", "one,two,down", "--os-region-name", "RegionOne"];
    const [table, markdown, junit, html] = await Promise.all(["table", "markdown", "junit", "html"].map((f) => audit([...args, "-f", f])));
    for (const r of [table, markdown, junit, html]) expect(r.code).toBe(1);

    expect(table.stdout).toMatch(/web-1 @ one\/RegionOne/);
    expect(table.stdout).toMatch(/db-1 @ two\/RegionOne/);
    expect(table.stdout).toMatch(/Not reached:\n {2}down\/RegionOne: .*cannot reach 127\.0\.0\.1:9/);
    expect(table.stdout).toMatch(/3 servers in the project across 3 clouds\/regions \(1 not reached\)/);

    expect(markdown.stdout).toMatch(/\| web-2 @ one\/RegionOne \|/);
    expect(markdown.stdout).toMatch(/- ❌ \*\*down\/RegionOne\*\* not reached: .*cannot reach/);

    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => n === "testsuite" || n === "testcase" }).parse(junit.stdout) as {
      testsuites: { errors: string; testsuite: Array<{ name: string; testcase: Array<{ name: string; error?: { type: string } }> }> };
    };
    const clouds = doc.testsuites.testsuite.find((s) => s.name === "clouds")!;
    expect(clouds.testcase.map((c) => `${c.name}${c.error ? ` ${c.error.type}` : ""}`)).toEqual(["one/RegionOne", "two/RegionOne", "down/RegionOne unreachable"]);
    expect(doc.testsuites.errors).toBe("1");
    const consoles = doc.testsuites.testsuite.find((s) => s.name === "console vnc/novnc")!;
    expect(consoles.testcase.map((c) => c.name.replace(/ \(.*\)$/, ""))).toEqual(["db-1 @ two/RegionOne", "web-1 @ one/RegionOne", "web-2 @ one/RegionOne"]);

    expect(html.stdout).toMatch(/<tr class="unreachable"><td>down\/RegionOne<\/td><td class="reason">[^<]*cannot reach 127\.0\.0\.1:9/);
    expect(html.stdout).toMatch(/<td>web-1 @ one\/RegionOne<\/td>/);
  });

  it("one cloud keeps today's report and exit codes: no cloud columns, an unreachable cloud is an error, not a row", async () => {
    const only = await audit(["--os-cloud", "one", "-f", "json"]);
    expect(only.code).toBe(0);
    const single = JSON.parse(only.stdout) as Partial<JsonReport>;
    expect(single.clouds).toBeUndefined();
    expect(single.servers?.every((s) => s.cloud === undefined)).toBe(true);
    const down = await audit(["--os-cloud", "down", "-f", "json"]);
    expect(down.code).not.toBe(0);
    expect(down.stdout).toBe("");
    expect(down.stderr).toMatch(/^os-console: .*cannot reach 127\.0\.0\.1:9/);
  });

  it.each([
    [["--os-cloud", "one,,two"], 'os-console: --os-cloud: an empty name in "one,,two". Separate names with single commas.'],
    [["--os-cloud", "one,one"], 'os-console: --os-cloud: "one" is given twice. Give each once.'],
    [["--os-region-name", "@missing.txt"], /^os-console: --os-region-name @missing\.txt: cannot read .*missing\.txt \(ENOENT\)\. Give a file with one name per line\.$/],
  ])("refuses %j in one line, exit 2", async (args, message) => {
    const r = await audit(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
