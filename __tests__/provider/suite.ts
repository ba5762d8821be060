/**
 * The osconsole provider under a real CLI (Terraform or OpenTofu), against
 * the emulator in this process: each describe block is one working
 * directory whose steps build on each other, as a user's runs would.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { terraformError } from "../helpers/terraform";
import { startEmulator, type Emulator, type ServerRecord } from "../../packages/openstack-emulator/src";
import { consoleServerOf, requestsSince, serverMap } from "./cloud";
import { Workdir, type Cli } from "./workdir";

interface UrlsState {
  urls: Record<string, string>;
  minted_at: Record<string, string>;
  id: string;
}

/** The osconsole_urls resource's values in `show -json`, and whether urls is marked sensitive. */
export async function stateOf(w: Workdir, address = "osconsole_urls.fleet"): Promise<{ values: UrlsState; sensitive: unknown } | undefined> {
  const shown = JSON.parse((await w.ok(["show", "-json", "-no-color"])).stdout) as {
    values?: { root_module?: { resources?: Array<{ address: string; values: UrlsState; sensitive_values: { urls?: unknown } }> } };
  };
  const found = shown.values?.root_module?.resources?.find((r) => r.address === address);
  return found && { values: found.values, sensitive: found.sensitive_values.urls };
}

function fleetConfig(servers: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resource: { osconsole_urls: { fleet: { servers, ...extra } } },
    output: { urls: { value: "${osconsole_urls.fleet.urls}", sensitive: true } },
  };
}

async function expectQuiet(w: Workdir, emu: Emulator): Promise<void> {
  emu.resetCounters();
  const plan = await w.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: "" });
  const refresh = await w.ok(["apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"]);
  expect(refresh.stdout).toMatch(/No changes|0 added, 0 changed, 0 destroyed/);
  expect(requestsSince(emu)).toBe(0);
}

/** Runs `fn` on a fresh emulator and working directory, removing both however it ends. */
function useWorld(cli: Cli, seed?: number): () => { emu: Emulator; w: Workdir } {
  let world: { emu: Emulator; w: Workdir } | undefined;
  beforeAll(async () => {
    const emu = await startEmulator({ servers: 0, profile: "zed", seed });
    world = { emu, w: new Workdir(cli, emu.env()) };
  });
  afterAll(async () => {
    world?.w.cleanup();
    await world?.emu.close();
  });
  return () => world!;
}

export function describeProvider(cli: Cli): void {
  describe(`${cli.name}: the managed resource mints once and plans quietly`, () => {
    const world = useWorld(cli);
    let servers: ServerRecord[];
    let before: UrlsState;

    test("apply mints a live console URL per server, sensitive in show -json", async () => {
      const { emu, w } = world();
      servers = [emu.createServer({ name: "web-1" }), emu.createServer({ name: "web-2" }), emu.createServer({ name: "db" })];
      w.configure(fleetConfig(serverMap(servers[0], servers[1])));
      await w.init();
      emu.resetCounters();
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(emu.counters()).toMatchObject({ tokenRequests: 1, consoleRequests: 2 });
      const state = (await stateOf(w))!;
      expect(state.sensitive).toBe(true);
      expect(Object.keys(state.values.urls).sort()).toEqual(["web-1", "web-2"]);
      for (const s of servers.slice(0, 2)) expect(await consoleServerOf(emu, state.values.urls[s.name])).toBe(s.id);
      for (const at of Object.values(state.values.minted_at)) expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      before = state.values;
    });

    test("plan -detailed-exitcode exits 0 and a refresh-only apply changes nothing, with no request to the cloud", async () => {
      await expectQuiet(world().w, world().emu);
    });

    test("adding a server mints only it; the others keep their URLs", async () => {
      const { emu, w } = world();
      w.configure(fleetConfig(serverMap(...servers)));
      emu.resetCounters();
      const plan = await w.ok(["plan", "-input=false", "-no-color"]);
      // Only the new server's entry is to be minted: the others' are known, and unchanged.
      expect(plan.stdout).toMatch(/minted_at = \{\n\s+\+ "db" {0,}= \(known after apply\)\n\s+# \(2 unchanged elements hidden\)/);
      expect(requestsSince(emu)).toBe(0);
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(emu.counters().consoleRequests).toBe(1);
      expect(emu.counters().consoleRequestsByServer).toEqual({ [servers[2].id]: 1 });
      const after = (await stateOf(w))!.values;
      expect(after.urls["web-1"]).toBe(before.urls["web-1"]);
      expect(after.urls["web-2"]).toBe(before.urls["web-2"]);
      expect(after.id).toBe(before.id);
      expect(await consoleServerOf(emu, after.urls.db)).toBe(servers[2].id);
      await expectQuiet(w, emu);
      before = after;
    });

    test("changing keepers mints every URL again", async () => {
      const { emu, w } = world();
      w.configure(fleetConfig(serverMap(...servers), { keepers: { rotation: "2" } }));
      emu.resetCounters();
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(emu.counters()).toMatchObject({ tokenRequests: 1, consoleRequests: 3 });
      const after = (await stateOf(w))!.values;
      for (const s of servers) {
        expect(after.urls[s.name]).not.toBe(before.urls[s.name]);
        expect(await consoleServerOf(emu, after.urls[s.name])).toBe(s.id);
      }
      await expectQuiet(w, emu);
      before = after;
    });

    test("removing a server drops its entry without a request", async () => {
      const { emu, w } = world();
      w.configure(fleetConfig(serverMap(servers[0], servers[2]), { keepers: { rotation: "2" } }));
      emu.resetCounters();
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(requestsSince(emu)).toBe(0);
      const after = (await stateOf(w))!.values;
      expect(after.urls).toEqual({ "web-1": before.urls["web-1"], db: before.urls.db });
      expect(Object.keys(after.minted_at).sort()).toEqual(["db", "web-1"]);
      await expectQuiet(w, emu);
    });

    test("destroy forgets the URLs without a request", async () => {
      const { emu, w } = world();
      emu.resetCounters();
      await w.ok(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      expect(requestsSince(emu)).toBe(0);
      expect(await stateOf(w)).toBeUndefined();
    });

    test("import is refused with the reason and the way instead", async () => {
      const { emu, w } = world();
      emu.resetCounters();
      const result = await w.run(["import", "-input=false", "-no-color", "osconsole_urls.fleet", "anything"]);
      expect(result.code).toBe(1);
      expect(flat(result)).toContain("Error: osconsole_urls cannot be imported: its URLs are minted by this provider, not read from the cloud");
      expect(flat(result)).toContain("declare the resource, and apply: it mints new URLs.");
      expect(requestsSince(emu)).toBe(0);
    });
  });

  describe(`${cli.name}: ids unknown at the first plan, ephemeral and data-source modes`, () => {
    const world = useWorld(cli);

    test("servers fed by a resource not yet created: the first apply mints, the next plan is quiet", async () => {
      const { emu, w } = world();
      const server = emu.createServer({ name: "app" });
      w.configure({
        resource: {
          terraform_data: { server: { input: server.id } },
          osconsole_urls: { fleet: { servers: { app: "${terraform_data.server.output}" }, keepers: { by: "${terraform_data.server.id}" } } },
        },
      });
      await w.init();
      const plan = await w.ok(["plan", "-input=false", "-no-color"]);
      expect(plan.stdout).toMatch(/"app" = \(known after apply\)/);
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const state = (await stateOf(w))!.values;
      expect(await consoleServerOf(emu, state.urls.app)).toBe(server.id);
      await expectQuiet(w, emu);
    });

    test("the ephemeral resource reaches a provisioner and is in no state, plan file or show -json", async () => {
      const { emu, w } = world();
      await w.ok(["destroy", "-auto-approve", "-input=false", "-no-color"]); // so no prior state holds a URL
      const server = emu.createServer({ name: "eph" });
      const reached = w.file("reached.txt");
      w.configure({
        ephemeral: { osconsole_urls: { now: { servers: { eph: server.id } } } },
        resource: {
          terraform_data: {
            use: {
              provisioner: [{ "local-exec": { command: `printf '%s' "$CONSOLE_URL" > '${reached}'`, environment: { CONSOLE_URL: "${ephemeral.osconsole_urls.now.urls[\"eph\"]}" } } }],
            },
          },
        },
      });
      emu.resetCounters();
      await w.ok(["plan", "-out=tfplan", "-input=false", "-no-color"]);
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const url = fs.readFileSync(reached, "utf8");
      expect(await consoleServerOf(emu, url)).toBe(server.id);
      const origin = emu.consoleProxyUrl;
      expect(fs.readFileSync(w.file("terraform.tfstate"), "utf8")).not.toContain(origin);
      const planFile = await w.ok(["show", "-json", "tfplan"]);
      expect(planFile.stdout).not.toContain(origin);
      const unzipped = await runUnzip(w.file("tfplan"));
      expect(unzipped).not.toContain(origin);
      // Opened at plan (twice: the saved plan, and apply's own) and at apply.
      expect(emu.counters().consoleRequests).toBeGreaterThanOrEqual(2);
    });

    test("the data source mints at every plan", async () => {
      const { emu, w } = world();
      const server = emu.createServer({ name: "ds" });
      w.configure({ data: { osconsole_urls: { now: { servers: { ds: server.id } } } }, output: { url: { value: '${data.osconsole_urls.now.urls["ds"]}', sensitive: true } } });
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const url = JSON.parse((await w.ok(["output", "-json", "url"])).stdout) as string;
      expect(await consoleServerOf(emu, url)).toBe(server.id);
      for (let i = 0; i < 2; i++) {
        emu.resetCounters();
        await w.ok(["plan", "-input=false", "-no-color"]);
        expect(emu.counters().consoleRequests).toBe(1);
      }
    });
  });
}

/** Terraform's output on one line, box-drawing removed. */
function flat(result: { stdout: string; stderr: string }): string {
  return terraformError({ stdout: result.stdout, stderr: result.stderr + result.stdout });
}

/** A terraform/tofu command interrupted with SIGINT once its output shows `when` and `ready()` holds (polled). */
function interrupted(w: Workdir, args: readonly string[], when: RegExp, ready: () => boolean = () => true): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(w.cli.path, [...args], { cwd: w.dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...w.env() } });
    let output = "";
    let sent = false;
    const killer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    const check = (): void => {
      if (!sent && when.test(output) && ready()) {
        sent = true;
        child.kill("SIGINT");
      }
    };
    const poll = setInterval(check, 100);
    const seen = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      check();
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      clearInterval(poll);
      resolve({ code, output });
    });
  });
}

export function describeFailures(cli: Cli): void {
  describe(`${cli.name}: bad input, unavailable servers, cloud faults, Ctrl-C`, () => {
    // A fixed seed: the fault draws, and so the retries, repeat from run to run.
    const world = useWorld(cli, 7);

    test("each bad attribute is a diagnostic naming it, with the fix", async () => {
      const { w } = world();
      w.configure({ resource: { osconsole_urls: { bad: { servers: { "web-1": "web-1" }, profile: "nope", cacert: "ca.pem", timeout: "${-1}" } } } });
      await w.init();
      const result = await w.run(["validate", "-no-color"]);
      expect(result.code).toBe(1);
      const text = flat(result);
      expect(text).toContain(`Error: servers: server "web-1" has id "web-1", which is not a UUID`);
      expect(text).toContain("Pass the servers' ids (openstack_compute_instance_v2.<name>.id), not their names.");
      expect(text).toContain(`Error: profile: "nope" is not a known profile`);
      expect(text).toContain("Use one of upstream, zed, virtuozzo, or leave it out.");
      // Terraform points at the attribute: its line in main.tf.json.
      expect(text).toContain(`Error: cacert: "ca.pem" is a relative path, but the hook runs in cdktf.out/stacks/<stack>`);
      expect(text).toContain("Error: timeout: -1 is not a positive number of seconds");
      // Terraform points at each attribute: its line in main.tf.json.
      expect(text).toMatch(/on main\.tf\.json line \d+, in resource\.osconsole_urls\.bad\.servers: \d+: +"web-1": "web-1"/);
      expect(text).toMatch(/on main\.tf\.json line \d+, in resource\.osconsole_urls\.bad: \d+: +"profile": "nope"/);
    });

    test("a server without a console fails the apply with the client's message and keeps nothing; tolerate_unavailable gives \"\"", async () => {
      const { emu, w } = world();
      const live = emu.createServer({ name: "live" });
      const gone = emu.createServer({ name: "gone" });
      emu.deleteServer(gone.id);
      w.configure(fleetConfig(serverMap(live, gone)));
      const failed = await w.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(failed.code).toBe(1);
      const text = flat(failed);
      expect(text).toContain(`Error: No vnc/novnc console URL for server "gone"`);
      expect(text).toMatch(new RegExp(`server "gone" \\(${gone.id}\\): .*404`));
      expect(text).not.toContain(emu.consoleProxyUrl);
      expect(await stateOf(w)).toBeUndefined();
      w.configure(fleetConfig(serverMap(live, gone), { tolerate_unavailable: true }));
      const tolerated = await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(flat(tolerated)).toContain(`Warning: Server "gone" gets "" instead of a vnc/novnc console URL`);
      const state = (await stateOf(w))!.values;
      expect(state.urls.gone).toBe("");
      expect(await consoleServerOf(emu, state.urls.live)).toBe(live.id);
      await expectQuiet(w, emu);
    });

    test("5xx and 429 answers are retried by the client's rules; the apply completes", async () => {
      const { emu, w } = world();
      const servers = ["a", "b", "c", "d"].map((name) => emu.createServer({ name }));
      w.configure(fleetConfig(serverMap(...servers), { keepers: { run: "faults" } }));
      emu.setFaults({ "compute.remote-consoles": { errorRate: 0.25, rateLimitRate: 0.25, retryAfterSeconds: 1 } });
      emu.resetCounters();
      try {
        await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      } finally {
        emu.clearFaults();
      }
      const counters = emu.counters();
      expect(counters.consoleCreations).toBe(4);
      expect(counters.consoleRequests).toBeGreaterThan(4);
      const state = (await stateOf(w))!.values;
      for (const s of servers) expect(await consoleServerOf(emu, state.urls[s.name])).toBe(s.id);
    });

    test("Keystone down: the apply fails with the client's message and keeps the prior URLs", async () => {
      const { emu, w } = world();
      const prior = (await stateOf(w))!.values;
      const servers = ["a", "b", "c", "d"].map((name) => emu.listServers().find((s) => s.name === name)!);
      w.configure(fleetConfig(serverMap(...servers), { keepers: { run: "keystone-down" }, timeout: 20 }));
      emu.setFaults({ "identity.*": { unavailable: true } });
      let failed;
      try {
        failed = await w.run(["apply", "-auto-approve", "-input=false", "-no-color"]);
      } finally {
        emu.clearFaults();
      }
      expect(failed.code).toBe(1);
      expect(flat(failed)).toMatch(/Error: .*503/);
      expect((await stateOf(w))!.values.urls).toEqual(prior.urls);
    });

    test("Ctrl-C during an apply stops the minting; the next apply completes with one set of URLs", async () => {
      const { emu, w } = world();
      const servers = ["a", "b", "c", "d"].map((name) => emu.listServers().find((s) => s.name === name)!);
      w.configure(fleetConfig(serverMap(...servers), { keepers: { run: "interrupted" } }));
      emu.setFaults({ "compute.remote-consoles": { latencyMs: 3000 } });
      let run;
      try {
        run = await interrupted(w, ["apply", "-auto-approve", "-input=false", "-no-color"], /Modifying\.\.\./);
      } finally {
        emu.clearFaults();
      }
      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/Interrupt received/);
      expect(run.output).toMatch(/Error: Stopped: no console URL was kept/);
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const listed = (await w.ok(["state", "list"])).stdout.trim().split("\n");
      expect(listed).toEqual(["osconsole_urls.fleet"]);
      const state = (await stateOf(w))!.values;
      for (const s of servers) expect(await consoleServerOf(emu, state.urls[s.name])).toBe(s.id);
      await expectQuiet(w, emu);
    });

    test("Ctrl-C while the cloud holds every request answers at once: the requests in flight are abandoned, not awaited", async () => {
      const { emu, w } = world();
      const servers = ["a", "b", "c", "d"].map((name) => emu.listServers().find((s) => s.name === name)!);
      // Longer than the interrupted run may take (its guard kills Terraform after 180 s): only abandoning them ends the apply.
      w.configure(fleetConfig(serverMap(...servers), { keepers: { run: "hung" }, timeout: 900 }));
      emu.setFaults({ "compute.remote-consoles": { latencyMs: 600_000 } });
      emu.resetCounters();
      let run;
      try {
        // Ctrl-C once the cloud holds a request for every server.
        run = await interrupted(w, ["apply", "-auto-approve", "-input=false", "-no-color"], /Modifying\.\.\./, () => emu.counters().consoleRequests >= servers.length);
      } finally {
        emu.clearFaults();
      }
      expect(run.output).toMatch(/Error: Stopped: no console URL was kept/);
      expect(run.code).toBe(1);
      const urls = (await stateOf(w))!.values.urls;
      await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
      const state = (await stateOf(w))!.values;
      expect(state.urls).not.toEqual(urls);
      for (const s of servers) expect(await consoleServerOf(emu, state.urls[s.name])).toBe(s.id);
    });

    test("nothing the provider writes, even under TF_LOG=trace, carries a password, token or URL", async () => {
      const { emu, w } = world();
      const servers = ["a", "b", "c", "d"].map((name) => emu.listServers().find((s) => s.name === name)!);
      w.configure(fleetConfig(serverMap(...servers), { keepers: { run: "traced" } }));
      const logFile = w.file("trace.log");
      const run = await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"], { TF_LOG: "trace", TF_LOG_PATH: logFile });
      const urls = Object.values((await stateOf(w))!.values.urls);
      const providerLines = fs
        .readFileSync(logFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("terraform-provider-osconsole"));
      expect(providerLines.join("\n")).toMatch(/osconsole: minting 4 vnc\/novnc console\(s\)/);
      const written = providerLines.join("\n") + run.stdout + run.stderr;
      expect(written).not.toContain(emu.env().OS_PASSWORD);
      expect(written).not.toContain(emu.consoleProxyUrl);
      for (const url of urls) expect(written).not.toContain(/token(?:%3D|=)([0-9a-f-]{36})/.exec(url)![1]);
    });
  });
}

/** The plan file's members, decompressed, as one text (a plan file is a zip). */
async function runUnzip(file: string): Promise<string> {
  const { runProgram } = await import("../helpers/run");
  const result = await runProgram("unzip", ["-p", file]);
  if (result.code !== 0) throw new Error(`unzip failed: ${result.stderr}`);
  return result.stdout;
}
