/**
 * Runs the whole bench with tiny sizes so it cannot rot: real emulator process,
 * real hook bundle, real synth children. Asserts the JSON the issue names and
 * that every figure is a positive number, not the figures themselves (they
 * depend on the machine).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchResults } from "../../bench/results";

const root = path.resolve(__dirname, "..", "..");
// The bench starts node by its absolute path, so PATH only decides whether `openstack` is found.
// The console provider's rows run the project's Terraform tools (TERRAFORM_TOOLS_DIR where the checkout has no .tools/).
const bench = (args: string[], PATH = process.env.PATH, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "run.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, PATH, ...env },
  });

/**
 * Stands in for python3-openstackclient, which these machines lack: it fails
 * unless called as the bench must call it (the subcommand, --novnc, a server id,
 * the emulator's OS_AUTH_URL), and answers as the real one does with -f json.
 */
function fakeOpenstack(dir: string): void {
  const script = `#!${process.execPath}
const a = process.argv.slice(2);
const ok = a.slice(0, 4).join(" ") === "console url show --novnc" && /^[0-9a-f-]{36}$/.test(a[a.length - 1]) && (process.env.OS_AUTH_URL || "").startsWith("http://127.0.0.1:");
if (!ok) { console.error("fake openstack: unexpected call " + a.join(" ")); process.exit(1); }
console.log(JSON.stringify({ protocol: "vnc", type: "novnc", url: "http://127.0.0.1:6080/vnc_auto.html?path=x" }));
`;
  fs.writeFileSync(path.join(dir, "openstack"), script, { mode: 0o755 });
}

const positive = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && value > 0;

describe("npm run bench, tiny sizes", () => {
  let dir: string;
  let json: BenchResults;
  let stdout: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    fakeOpenstack(dir);
    const out = path.join(dir, "figures.json");
    const args = ["--sizes", "3", "--realistic-sizes", "3", "--synth-sizes", "2", "--runs", "1", "--warmup", "0", "--per-process-cap", "2", "--openstack-servers", "2", "--provider-servers", "3"];
    const result = bench([...args, "--out", out], dir);
    if (result.status !== 0) throw new Error(`bench exited ${result.status}: ${result.stderr}`);
    stdout = result.stdout;
    json = JSON.parse(fs.readFileSync(out, "utf8"));
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("describes the machine", () => {
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(json.machine.node).toBe(process.version);
    expect(typeof json.machine.cpu_model).toBe("string");
  });

  it("times every fleet size for the hook, the floor, one process per server and the CLI audit", () => {
    expect(json.fleet?.map((r) => r.servers)).toEqual([3]);
    for (const row of json.fleet ?? []) {
      for (const key of ["hook_ms", "floor_ms", "per_server_process_ms", "cli_audit_ms", "cli_audit_probe_ms", "hook_floor_ratio"] as const) {
        expect([key, positive(row[key])]).toEqual([key, true]);
      }
      expect(row.token_requests).toBe(1);
      expect(row.console_requests).toBe(row.servers);
    }
  });

  it("audits the largest fleet with thumbnails, reporting time and peak memory", () => {
    expect(json.thumbnails).toMatchObject({ servers: 3, thumbnails_written: 3 });
    expect(positive(json.thumbnails?.peak_rss_mb)).toBe(true);
    expect(stdout).toMatch(/Audit with thumbnails \(os-console audit --probe --thumbnails, 3 servers, 800x600 screens\): .* ms, peak RSS \d+ MB, 3 PNGs written/);
  });

  it("scales the per-process row beyond the cap and says so", () => {
    const three = json.fleet?.[0].variants.per_server_process;
    expect(three?.measured_servers).toBe(2);
    expect(three?.token_requests).toBe(3);
  });

  it("times the realistic fleet against the ideal, with the emulator's latency profile on", () => {
    const row = json.realistic_fleet?.[0];
    expect(row?.servers).toBe(3);
    for (const key of ["hook_ms", "ideal_ms", "ratio", "bare_loop_ms"] as const) expect([key, positive(row?.[key])]).toEqual([key, true]);
    // The hook warms the fresh token with its first calls; the profile's two workers each validate it once at most.
    expect(row?.token_validations).toBeLessThanOrEqual(2);
    // Two warm-up calls, then the third: the fan-out proper needs a bigger fleet to fill the concurrency.
    expect(row?.max_console_in_flight).toBeGreaterThanOrEqual(2);
    expect(stdout).toMatch(/Realistic fleet/);
  });

  it("times hook start-up against bare node", () => {
    expect(positive(json.startup?.hook_ms)).toBe(true);
    expect(positive(json.startup?.node_ms)).toBe(true);
  });

  it("times the console provider's start-up to its handshake line against bare node", () => {
    expect(positive(json.provider_startup?.provider_ms)).toBe(true);
    expect(positive(json.provider_startup?.node_ms)).toBe(true);
    expect(stdout).toMatch(/Console provider start-up \(spawn to its handshake line, mutual TLS\): provider .* ms, node -e 0 .* ms, delta [+-][\d.]+ ms/);
  });

  it("plans a fleet Terraform deployed in resource mode against the same servers without consoles: no console request, no token of ours", () => {
    const p = json.console_provider;
    expect(p?.servers).toBe(3);
    for (const key of ["deploy_ms", "plan_ratio", "server_outputs_plan_ratio", "console_step_ratio"] as const) expect([key, positive(p?.[key])]).toEqual([key, true]);
    expect([positive(p?.resource_plan.median), positive(p?.plain_plan.median), positive(p?.server_outputs_plan.median)]).toEqual([true, true, true]);
    expect(p?.resource_plan_console_requests).toBe(0);
    // terraform-provider-openstack logs in at each plan, with or without consoles; the console provider adds nothing.
    expect(p?.resource_plan_token_requests).toBe(p?.plain_plan_token_requests);
    expect(stdout).toMatch(/Console provider on 3 servers Terraform deployed to the emulator/);
    expect(stdout).toMatch(/the same with console_url_<name> per server \(no target\)/);
  });

  it("times the apply's console step from Terraform's log against the hook minting the same servers", () => {
    const p = json.console_provider;
    expect([positive(p?.console_step.median), positive(p?.hook.median), positive(p?.deploy_console_step_ms)]).toEqual([true, true, true]);
    expect(p?.console_step_console_requests).toBe(3);
  });

  it("times synth through the constructs and the plain stack, with peak memory and each run's ratio", () => {
    expect(json.synth).toHaveLength(1);
    const row = json.synth?.[0];
    expect(row?.servers).toBe(2);
    for (const key of ["project_ms", "plain_ms", "peak_rss_mb", "ratio"] as const) expect([key, positive(row?.[key])]).toEqual([key, true]);
    expect(row?.run_ratios).toHaveLength(1);
    expect(positive(row?.run_ratios[0])).toBe(true);
  });

  it("times `openstack console url show` per URL against the hook on the same servers", () => {
    expect(json.openstack_cli?.servers).toBe(2);
    for (const key of ["per_url_ms", "hook_per_url_ms", "speedup"] as const) {
      expect([key, positive(json.openstack_cli?.[key])]).toEqual([key, true]);
    }
    expect(stdout).toMatch(/openstack console url show: .* ms per URL over 2 servers/);
  });

  it("prints the table and a status for every target", () => {
    expect(stdout).toMatch(/Console minting/);
    expect(json.targets.length).toBeGreaterThanOrEqual(6);
    for (const t of json.targets) expect(["PASS", "MISS", "NOT MEASURED"]).toContain(t.status);
    // The targets are at 1,000 servers, which this run does not reach: they must not pass.
    expect(json.targets.filter((t) => /1000/.test(t.target)).map((t) => t.status)).toEqual(Array(11).fill("NOT MEASURED"));
  });
});

describe("npm run bench without the openstack command", () => {
  it("says so in one line and writes openstack_cli: null", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    try {
      const out = path.join(dir, "figures.json");
      const result = bench(["--only", "openstack", "--out", out], dir);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^openstack console url show: not measured, the `openstack` command is not installed/m);
      expect((JSON.parse(fs.readFileSync(out, "utf8")) as BenchResults).openstack_cli).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run bench without the project's Terraform tools", () => {
  it("says the console provider's rows were not measured, naming the fix, and writes console_provider: null", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
    try {
      const out = path.join(dir, "figures.json");
      // An empty tools folder: no manifest, so only a user's terraform (registry providers) could be found.
      const result = bench(["--only", "provider", "--out", out], process.env.PATH, { TERRAFORM_TOOLS_DIR: dir });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Console provider: not measured, the project's Terraform tools are not installed \(npm run terraform:tools, or TERRAFORM_TOOLS_DIR\)$/m);
      const json = JSON.parse(fs.readFileSync(out, "utf8")) as BenchResults;
      expect(json.console_provider).toBeNull();
      expect(json.targets.filter((t) => t.target.startsWith("console provider, fleet")).map((t) => t.status)).toEqual(Array(4).fill("NOT MEASURED"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run bench, bad input", () => {
  it.each([
    [["--runs", "0"], /--runs "0" is not a whole number of at least 1/],
    [["--sizes", "1,x"], /--sizes "1,x" must be comma-separated whole numbers/],
    [["--provider-servers", "0"], /--provider-servers "0" is not a whole number of at least 1; pass e.g. --provider-servers 3/],
    [["--only", "fleet,speed"], /--only "fleet,speed" names unknown sections \(speed\)/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--out", "/nonexistent-dir/figures.json"], /--out "\/nonexistent-dir\/figures.json" is in \/nonexistent-dir, which does not exist/],
  ])("%j gets one clear line and exit 2", (args, message) => {
    const result = bench(args as string[]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});

describe("npm run bench:ramps, tiny sizes", () => {
  it("measures each ramp on every accept model and worker count, with the validations it cost", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "ramps.ts"), "--servers", "3", "--runs", "1", "--ramps", "[[],[2,4,8]]"], {
      cwd: root,
      encoding: "utf8",
      timeout: 90_000,
    });
    expect([result.status, result.stderr.split("\n").filter((l) => !l.startsWith("bench:ramps: emulator"))]).toEqual([0, [""]]);
    expect(result.stdout).toContain("| ramp | round-robin, 2 workers | round-robin, 4 workers | idle-first, 2 workers | idle-first, 4 workers |");
    // A fan-out of 3 at once on a fresh token: each first-wave call validates, whichever the workers.
    expect(result.stdout).toMatch(/^\| none \|( \d+ ms \(\d+–\d+\), 3–3 validations \|){4}$/m);
    // The ramp's first two calls go one per worker round-robin, and the third finds its worker warm.
    expect(result.stdout).toMatch(/^\| \[2, 4, 8\] \| \d+ ms \(\d+–\d+\), 2–2 validations \|/m);
  }, 90_000);

  it("refuses a bad ramp list naming the flag and the fix", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "ramps.ts"), "--ramps", "[2,4]"], { cwd: root, encoding: "utf8" });
    expect([result.status, result.stderr.trim()]).toEqual([2, `bench:ramps: --ramps "[2,4]" is not a JSON list of ramps; pass e.g. --ramps '[[],[2],[2,4,8]]'`]);
  });
});
