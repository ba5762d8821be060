/**
 * The real thing, end to end: `cdktf deploy` of a fleet file of the suite's
 * own with the real Terraform CLI and providers (.tools/) against real
 * Keystone and Nova. First the data-source mode: servers created, the console data source read in the same
 * apply, sensitive outputs, a plan after the apply, a refresh minting fresh
 * URLs, `os-console from-stack` on the state Terraform wrote, a hook failure
 * failing the apply (and tolerated when asked), destroy. Then the default
 * resource mode: URLs minted once by the console provider that synth laid into
 * the stack, a plan that asks Nova and Keystone nothing of ours, keepers minting
 * again, `from-stack --stored`. Whatever fails, the suite removes every server
 * it made (by the name prefix only it uses).
 */
import * as fs from "node:fs";
import { runCli } from "../../__tests__/helpers/run";
import { loadToolsManifest, type ToolsManifest } from "../../__tests__/helpers/terraform";
import { startCountingProxy, type CountingProxy } from "../openstack/support/counting-proxy";
import { knownSecrets, passwordEnv } from "../openstack/support/real-env";
import { liveConsole, logFromNow, removeServersNamed, serversNamed, type NovaServer } from "./support/cloud";
import { stackProject, type StackProject } from "./support/project";

const PREFIX = "tfs"; // every server this suite makes is named tfs..., and nothing else is
const STACK = "tfsuite";
const PROVIDER_AGENT = /terraform|gophercloud/i;
/**
 * cdktf runs `terraform providers lock` after a first init, which asks the
 * registry, not the mirror: machines without the registry skip it (init has
 * written the lock file for this platform already).
 */
const MIRROR_ONLY = ["--skip-provider-lock"];

function fleetFile(): string {
  return `stack: ${STACK}
openstack:
  region: RegionOne
fleets:
  - name: tfs.web          # servers tfs.web-1, tfs.web-2; outputs console_url_tfs_web_1, ...
    count: 2
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none      # the fake driver plugs no ports
    console:
      mode: data-source
      protocol: vnc
      type: novnc
  - name: tfs-mks
    count: 1
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none
    console:
      mode: data-source
      protocol: mks
      type: webmks
      timeout: 60
`;
}

/** A fleet whose console cannot be had: the harness's Nova has its serial console disabled. */
function failingFleetFile(tolerate: boolean): string {
  return `stack: tfsfail
openstack:
  region: RegionOne
fleets:
  - name: tfs-serial
    count: 1
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none
    console:
      mode: data-source
      protocol: serial
      type: serial
      timeout: 30
      tolerateUnavailable: ${tolerate}
`;
}

type Outputs = Record<string, Record<string, unknown>>;

let tools: ToolsManifest;
let keystone: CountingProxy;
let project: StackProject;
let failing: StackProject | undefined;
let deployed: Outputs;
let servers: NovaServer[];

/** Token requests the hook made: Terraform's provider asks for its own, with a User-Agent naming Terraform and gophercloud. */
const hookLogins = (): number =>
  keystone.requests.filter((r) => r.method === "POST" && r.path.endsWith("/auth/tokens") && !PROVIDER_AGENT.test(r.userAgent ?? "")).length;

function expectNoSecrets(text: string, urls: readonly string[] = []): void {
  for (const secret of [...knownSecrets(), ...urls]) expect(text).not.toContain(secret);
}

const urlsOf = (outputs: Record<string, unknown>): Record<string, string> => outputs.console_urls as Record<string, string>;

async function terraformOutputs(p: StackProject): Promise<Record<string, { sensitive: boolean; value: unknown }>> {
  const run = await p.terraform(["output", "-json", "-no-color"]);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, { sensitive: boolean; value: unknown }>;
}

beforeAll(async () => {
  tools = loadToolsManifest();
  // Leftovers of an earlier run that was killed before its clean-up.
  await removeServersNamed(PREFIX);
  const env = passwordEnv("admin");
  keystone = await startCountingProxy(env.OS_AUTH_URL);
  const osEnv = { ...env, OS_AUTH_URL: `${keystone.origin}${new URL(env.OS_AUTH_URL).pathname}` };
  project = stackProject({ tools, fleetFile: fleetFile(), stack: STACK, osEnv });
  failing = stackProject({ tools, fleetFile: failingFleetFile(false), stack: "tfsfail", osEnv });
});

afterAll(async () => {
  try {
    for (const p of [project, failing]) {
      if (p) await p.cdktf(["destroy", p.stack, "--auto-approve", ...MIRROR_ONLY]).catch(() => undefined);
    }
  } finally {
    await removeServersNamed(PREFIX).catch(() => undefined);
    await keystone?.close();
    project?.remove();
    failing?.remove();
  }
});

describe("cdktf deploy with real Terraform against real OpenStack", () => {
  it("creates every server and reads the console data source in the same apply, one Keystone token per hook run", async () => {
    const started = Date.now();
    const run = await project.cdktf(["deploy", STACK, "--auto-approve", ...MIRROR_ONLY, "--outputs-file", "out.json", "--outputs-file-include-sensitive-outputs"]);
    if (run.code !== 0) throw new Error(`cdktf deploy failed (${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
    process.stdout.write(`cdktf deploy of 3 servers and 2 console data sources: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    servers = await serversNamed(PREFIX);
    expect(servers.map((s) => `${s.name}:${s.status}`).sort()).toEqual(["tfs-mks-1:ACTIVE", "tfs.web-1:ACTIVE", "tfs.web-2:ACTIVE"]);
    // Two fleets, two data sources, each hook run logs in once.
    expect(hookLogins()).toBe(2);

    deployed = JSON.parse(fs.readFileSync(`${project.dir}/out.json`, "utf8")) as Outputs;
    const urls = Object.values(urlsOf(deployed[STACK]));
    expect(urls).toHaveLength(3);
    expectNoSecrets(run.stdout + run.stderr, urls);
  });

  it("puts in console_urls and each console_url_<name> a live Nova console token of the right server", async () => {
    const outputs = deployed[STACK];
    const byName = Object.fromEntries(servers.map((s) => [s.name, s.id]));
    expect(Object.keys(urlsOf(outputs)).sort()).toEqual(["tfs-mks-1", "tfs.web-1", "tfs.web-2"]);
    for (const [name, url] of Object.entries(urlsOf(outputs))) {
      expect((await liveConsole(url))?.instanceUuid).toBe(byName[name]);
      // Server names reduced for output ids: tfs.web-1 -> console_url_tfs_web_1.
      expect(outputs[`console_url_${name.replace(/[^A-Za-z0-9_]/g, "_")}`]).toBe(url);
    }
    expect(urlsOf(outputs)["tfs.web-1"]).toMatch(/^http:\/\/127\.0\.0\.1:6080\/vnc_\w+\.html\?path=/);
    expect(urlsOf(outputs)["tfs-mks-1"]).toMatch(/^http:\/\/127\.0\.0\.1:6090\/\?token=/);
  });

  it("marks the URL outputs sensitive: terraform output hides them, -json gives them, cdktf output agrees", async () => {
    const plain = await project.terraform(["output", "-no-color"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^console_urls = <sensitive>$/m);
    expect(plain.stdout).toMatch(/^console_url_tfs_web_1 = <sensitive>$/m);
    expectNoSecrets(plain.stdout, Object.values(urlsOf(deployed[STACK])));

    const json = await terraformOutputs(project);
    const urlOutputs = Object.keys(json).filter((k) => k.startsWith("console_url"));
    expect(urlOutputs.sort()).toEqual(["console_url_tfs_mks_1", "console_url_tfs_web_1", "console_url_tfs_web_2", "console_urls"]);
    for (const id of urlOutputs) expect(json[id].sensitive).toBe(true);
    expect(json.console_urls.value).toEqual(urlsOf(deployed[STACK]));

    const viaCdktf = await project.cdktf(["output", STACK, ...MIRROR_ONLY, "--outputs-file", "again.json", "--outputs-file-include-sensitive-outputs"]);
    expect(viaCdktf.code).toBe(0);
    expectNoSecrets(viaCdktf.stdout, Object.values(urlsOf(deployed[STACK])));
    const again = JSON.parse(fs.readFileSync(`${project.dir}/again.json`, "utf8")) as Outputs;
    expect(again[STACK]).toEqual(deployed[STACK]);
  });

  it("plans no change after the apply, and the plan reads the console data source again (a console POST per server)", async () => {
    const before = hookLogins();
    const started = Date.now();
    const plan = await project.terraform(["plan", "-input=false", "-no-color", "-out=after-apply.plan"]);
    const ms = Date.now() - started;
    if (plan.code !== 0) throw new Error(`terraform plan exited ${plan.code}:\n${plan.stdout.slice(-3000)}\n${plan.stderr.slice(-2000)}`);
    const shown = await project.terraform(["show", "-json", "after-apply.plan"]);
    const planned = JSON.parse(shown.stdout) as {
      resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
      output_changes?: Record<string, { actions: string[] }>;
    };
    // No resource changes: every server and the key data stay as they are.
    const changed = (planned.resource_changes ?? []).filter((r) => !r.change.actions.every((a) => a === "no-op" || a === "read"));
    expect(changed.map((r) => `${r.address}: ${r.change.actions.join("+")}`)).toEqual([]);
    expect(plan.stdout).not.toMatch(/Plan: \d+ to add/);
    // The console data source was read again at plan time (one hook run per fleet, fresh tokens), so
    // the URL outputs show as changed sensitive values.
    expect(hookLogins() - before).toBe(2);
    expect(Object.keys(planned.output_changes ?? {}).filter((k) => planned.output_changes![k].actions.includes("update")).sort()).toEqual([
      "console_url_tfs_mks_1",
      "console_url_tfs_web_1",
      "console_url_tfs_web_2",
      "console_urls",
    ]);
    expectNoSecrets(plan.stdout, Object.values(urlsOf(deployed[STACK])));
    process.stdout.write(`terraform plan after the apply (2 console reads, 3 console POSTs): ${(ms / 1000).toFixed(1)} s\n`);
  });

  it("mints new URLs on apply -refresh-only; the old ones stay valid until their TTL", async () => {
    const old = urlsOf(deployed[STACK]);
    const refresh = await project.terraform(["apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"]);
    if (refresh.code !== 0) throw new Error(`terraform apply -refresh-only exited ${refresh.code}:\n${refresh.stdout.slice(-3000)}`);
    const fresh = (await terraformOutputs(project)).console_urls.value as Record<string, string>;
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(old).sort());
    for (const name of Object.keys(old)) {
      expect(fresh[name]).not.toBe(old[name]);
      const [now, before] = [await liveConsole(fresh[name]), await liveConsole(old[name])];
      expect(now?.instanceUuid).toBe(servers.find((s) => s.name === name)?.id);
      expect(before?.instanceUuid).toBe(now?.instanceUuid);
    }
  });

  it("os-console from-stack mints fresh URLs for every server by name from the state Terraform wrote", async () => {
    const state = (await terraformOutputs(project)).console_urls.value as Record<string, string>;
    const run = await runCli(["from-stack", "--stack", STACK, "--format", "json", "--timeout", "60"], {
      cwd: project.dir,
      env: { ...passwordEnv("admin") },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ name: string; id: string; url: string }>;
    expect(rows.map((r) => r.name).sort()).toEqual(["tfs-mks-1", "tfs.web-1", "tfs.web-2"]);
    for (const row of rows) {
      expect(row.url).not.toBe(state[row.name]);
      expect((await liveConsole(row.url))?.instanceUuid).toBe(servers.find((s) => s.name === row.name)?.id);
    }
  });

  it("fails the apply with the hook's own message when a console cannot be had, and passes with '' under tolerateUnavailable", async () => {
    const p = failing!;
    const broken = await p.cdktf(["deploy", p.stack, "--auto-approve", ...MIRROR_ONLY]);
    expect(broken.code).not.toBe(0);
    const said = broken.stdout + broken.stderr;
    expect(said).toMatch(/External Program Execution Failed|failed to execute/i);
    expect(said).toMatch(/tfs-serial-1/);
    expect(said).toMatch(/serial/);
    expectNoSecrets(said);

    fs.writeFileSync(`${p.dir}/fleet.yaml`, failingFleetFile(true));
    const tolerated = await p.cdktf(["deploy", p.stack, "--auto-approve", ...MIRROR_ONLY, "--outputs-file", "out.json", "--outputs-file-include-sensitive-outputs"]);
    if (tolerated.code !== 0) throw new Error(`deploy with tolerateUnavailable failed:\n${tolerated.stdout.slice(-3000)}`);
    const out = JSON.parse(fs.readFileSync(`${p.dir}/out.json`, "utf8")) as Outputs;
    expect(urlsOf(out.tfsfail)).toEqual({ "tfs-serial-1": "" });
  });

  it("cdktf destroy removes every server it created", async () => {
    for (const p of [failing!, project]) {
      const run = await p.cdktf(["destroy", p.stack, "--auto-approve", ...MIRROR_ONLY]);
      if (run.code !== 0) throw new Error(`cdktf destroy ${p.stack} failed:\n${run.stdout.slice(-3000)}`);
    }
    expect(await serversNamed(PREFIX)).toEqual([]);
  });
});

/** A fleet in the default resource mode, its keepers given. */
function resourceFleetFile(rotation: string): string {
  return `stack: tfsres
openstack:
  region: RegionOne
fleets:
  - name: tfs-res
    count: 2
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none
    console:
      protocol: vnc
      type: novnc
      keepers: { rotation: "${rotation}" }
`;
}

/** Console requests nova-api logged: the microversioned POST .../remote-consoles and the legacy actions. */
const consolePosts = (log: string): number => (log.match(/"POST \/v2\.1\/(?:[0-9a-f]+\/)?servers\/[0-9a-f-]+\/(?:remote-consoles|action)/g) ?? []).length;

describe("resource mode (the default) with real Terraform against real OpenStack", () => {
  let res: StackProject;
  let minted: Record<string, string>;
  let resServers: NovaServer[];
  const liveFor = async (urls: Record<string, string>): Promise<void> => {
    const byName = Object.fromEntries(resServers.map((s) => [s.name, s.id]));
    expect(Object.keys(urls).sort()).toEqual(["tfs-res-1", "tfs-res-2"]);
    for (const [name, url] of Object.entries(urls)) expect((await liveConsole(url))?.instanceUuid).toBe(byName[name]);
  };

  beforeAll(() => {
    const env = passwordEnv("admin");
    res = stackProject({ tools, fleetFile: resourceFleetFile("1"), stack: "tfsres", osEnv: { ...env, OS_AUTH_URL: `${keystone.origin}${new URL(env.OS_AUTH_URL).pathname}` } });
  });

  afterAll(async () => {
    try {
      if (res) await res.cdktf(["destroy", res.stack, "--auto-approve"]).catch(() => undefined);
    } finally {
      await removeServersNamed(`${PREFIX}-res`).catch(() => undefined);
      res?.remove();
    }
  });

  it("deploys the servers and one osconsole_urls, each URL a live console token of the right server", async () => {
    const started = Date.now();
    const run = await res.cdktf(["deploy", res.stack, "--auto-approve", ...MIRROR_ONLY]);
    if (run.code !== 0) throw new Error(`cdktf deploy failed (${run.code}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
    process.stdout.write(`cdktf deploy of 2 servers and 1 osconsole_urls: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(run.stdout).toMatch(/Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
    resServers = await serversNamed(`${PREFIX}-res`);
    expect(resServers.map((s) => s.status)).toEqual(["ACTIVE", "ACTIVE"]);
    minted = (await terraformOutputs(res)).console_urls.value as Record<string, string>;
    await liveFor(minted);
    expectNoSecrets(run.stdout + run.stderr, Object.values(minted));
  });

  it("plan -detailed-exitcode exits 0: no console request in nova-api's log, no token request of the console provider's", async () => {
    const novaLog = logFromNow("nova-api.log");
    const logins = hookLogins();
    const plan = await res.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    expect({ code: plan.code, out: plan.code === 0 ? "" : plan.stdout.slice(-2000) + plan.stderr.slice(-1000) }).toEqual({ code: 0, out: "" });
    expect(consolePosts(novaLog())).toBe(0);
    expect(hookLogins() - logins).toBe(0);
    // The state keeps what the apply minted.
    expect((await terraformOutputs(res)).console_urls.value).toEqual(minted);
  });

  it("os-console from-stack --stored gives the URLs the state keeps, asking no cloud", async () => {
    const run = await runCli(["from-stack", "--stack", res.stack, "--stored", "--format", "json"], { cwd: res.dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ name: string; id: string; url: string }>;
    expect(Object.fromEntries(rows.map((r) => [r.name, r.url]))).toEqual(minted);
    expect(rows.map((r) => r.id).sort()).toEqual(resServers.map((s) => s.id).sort());
  });

  it("a change of keepers mints every URL again, in place; the new ones are live for the same servers", async () => {
    fs.writeFileSync(`${res.dir}/fleet.yaml`, resourceFleetFile("2"));
    const novaLog = logFromNow("nova-api.log");
    const run = await res.cdktf(["deploy", res.stack, "--auto-approve"]);
    if (run.code !== 0) throw new Error(`cdktf deploy after the keepers change failed (${run.code}):\n${run.stdout.slice(-4000)}`);
    expect(run.stdout).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
    expect(consolePosts(novaLog())).toBe(2);
    const again = (await terraformOutputs(res)).console_urls.value as Record<string, string>;
    for (const name of Object.keys(minted)) expect(again[name]).not.toBe(minted[name]);
    await liveFor(again);
  });

  it("cdktf destroy removes its servers", async () => {
    const run = await res.cdktf(["destroy", res.stack, "--auto-approve"]);
    if (run.code !== 0) throw new Error(`cdktf destroy ${res.stack} failed:\n${run.stdout.slice(-3000)}`);
    expect(await serversNamed(`${PREFIX}-res`)).toEqual([]);
  });
});
