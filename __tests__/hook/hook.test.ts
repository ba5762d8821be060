/**
 * The bundled hook as a subprocess, fed stdin the way Terraform's external
 * data source feeds it, against the emulator over real HTTP.
 */
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runHook } from "../helpers/run";
import { TempTree } from "../helpers/temp-tree";
import { fleetOf, serversQuery } from "../openstack/support/emulator";

let emu: Emulator | undefined;

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function resultOf(stdout: string): Record<string, string> {
  const result = JSON.parse(stdout) as Record<string, unknown>;
  // Terraform accepts only a JSON object of strings.
  for (const value of Object.values(result)) expect(typeof value).toBe("string");
  return result as Record<string, string>;
}

it("mints a fleet of 50 with one token request and answers {name: url}", async () => {
  emu = await startEmulator({ servers: 50, profile: "zed" });
  const servers = fleetOf(emu);
  const run = await runHook({ servers: serversQuery(servers), protocol: "vnc", type: "novnc", microversion: "2.8", timeout: "60", tolerate_unavailable: "false" }, { env: emu.env() });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const result = resultOf(run.stdout);
  expect(Object.keys(result).sort()).toEqual(servers.map((s) => s.name).sort());
  for (const url of Object.values(result)) expect(emu.isIssuedConsoleUrl(url)).toBe(true);
  const counters = emu.counters();
  expect(counters.tokenRequests).toBe(1);
  expect(counters.consoleRequests).toBe(50);
});

it("on the virtuozzo profile, checks the pair and mints at 2.8", async () => {
  emu = await startEmulator({ servers: 3, profile: "virtuozzo" });
  const ok = await runHook({ servers: serversQuery(fleetOf(emu)), profile: "virtuozzo" }, { env: emu.env() });
  expect(ok.code).toBe(0);
  expect(Object.values(resultOf(ok.stdout)).every((u) => emu!.isIssuedConsoleUrl(u))).toBe(true);
  const refused = await runHook({ servers: serversQuery(fleetOf(emu)), profile: "virtuozzo", protocol: "spice", type: "spice-html5" }, { env: emu.env() });
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe("");
  expect(refused.stderr).toBe(
    'console-hook: query "protocol/type": the virtuozzo profile offers vnc/novnc only, not spice/spice-html5; choose a protocol/type pair the cloud offers (vnc/novnc is the common one, and the only one on Virtuozzo)\n',
  );
});

describe("failures", () => {
  it("fail the read, listing every failing server and its reason, with nothing on stdout", async () => {
    emu = await startEmulator({ servers: 4, profile: "zed" });
    const servers = fleetOf(emu);
    emu.deleteServer(servers[1].id);
    const stuck = emu.createServer({ name: "stuck", host: false });
    const run = await runHook({ servers: serversQuery([...servers, stuck]), timeout: "4" }, { env: emu.env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("console-hook: no vnc/novnc console URL for 2 of 5 servers; nothing was written:");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^  - server "${servers[1].name}" \\(${servers[1].id}\\): .*404 Not Found.*was it deleted outside Terraform\\?`));
    expect(lines[2]).toMatch(new RegExp(`^  - server "stuck" \\(${stuck.id}\\): still not ready when the deadline of 4 s passed`));
  });

  it("with tolerate_unavailable, give \"\" for the failing servers only and say so on stderr", async () => {
    emu = await startEmulator({ servers: 3, profile: "zed" });
    const servers = fleetOf(emu);
    emu.deleteServer(servers[0].id);
    const run = await runHook({ servers: serversQuery(servers), tolerate_unavailable: "true" }, { env: emu.env() });
    expect(run.code).toBe(0);
    const result = resultOf(run.stdout);
    expect(result[servers[0].name]).toBe("");
    expect(emu.isIssuedConsoleUrl(result[servers[1].name])).toBe(true);
    expect(emu.isIssuedConsoleUrl(result[servers[2].name])).toBe(true);
    expect(run.stderr).toMatch(/^console-hook: note: tolerate_unavailable is set, so 1 of 3 servers get "" instead of a vnc\/novnc console URL:\n {2}- server ".*404 Not Found/);
  });

  it("a cloud-wide failure (bad credentials) is one line, exit 1", async () => {
    emu = await startEmulator({ servers: 2 });
    const run = await runHook({ servers: serversQuery(fleetOf(emu)) }, { env: { ...emu.env(), OS_PASSWORD: "wrong" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^console-hook: POST \/v3\/auth\/tokens with the password of user "demo" \(domain "Default"\): Keystone answered 401 Unauthorized: .* Bad credentials: .*\n$/);
  });

  it("stays within its timeout when the cloud hangs", async () => {
    emu = await startEmulator({ servers: 2, faults: { "compute.remote-consoles": { latencyMs: 30_000 } } });
    const run = await runHook({ servers: serversQuery(fleetOf(emu)), timeout: "1.5" }, { env: emu.env() });
    expect(run.code).toBe(1);
    // Gave up at its own deadline instead of waiting the 30 s the cloud takes (the bound leaves a slow machine room).
    expect(run.wallMs).toBeLessThan(10_000);
    expect(run.stderr).toContain("no vnc/novnc console URL for 2 of 2 servers");
    expect(run.stderr).toMatch(/the deadline of 1\.5 s passed after \d+ attempts?; the last one got no answer in time/);
  });
});

describe("input", () => {
  it("an empty fleet answers {} without contacting the cloud or needing credentials", async () => {
    const run = await runHook({ servers: "{}" });
    expect(run).toMatchObject({ code: 0, stdout: "{}\n", stderr: "" });
  });

  it("no credentials anywhere: one line saying how to give them", async () => {
    const run = await runHook({ servers: JSON.stringify({ web: "2adc7bdc-0dbd-49ea-85a9-fe63084c178a" }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^console-hook: no credentials: OS_CLOUD and OS_AUTH_URL are unset, .* Source your cloud's openrc file .*\n$/);
  });
});

describe("connection settings from the query, credentials from the environment or clouds.yaml", () => {
  it("OS_CLOUD and a clouds.yaml beside where Terraform runs the hook, region from the query", async () => {
    emu = await startEmulator({ servers: 2, regions: ["RegionOne", "RegionTwo"], interfacePaths: true });
    const tree = new TempTree();
    try {
      const cwd = tree.dir("cdktf.out/stacks/demo");
      tree.write(
        "cdktf.out/stacks/demo/clouds.yaml",
        `clouds:\n  emu:\n    auth:\n      auth_url: ${emu.identityUrl}\n      username: demo\n      password: demo-secret\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n`,
      );
      const run = await runHook({ servers: serversQuery(fleetOf(emu)), cloud: "emu", region: "RegionTwo", interface: "internal" }, { cwd });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(Object.keys(emu.counters().byEndpoint)).toEqual(["RegionTwo/internal"]);
    } finally {
      tree.cleanup();
    }
  });

  it("TLS: cacert from the query verifies; insecure from the query works and warns on stderr", async () => {
    emu = await startEmulator({ servers: 1, tls: true });
    const { OS_CACERT: caFile, ...env } = emu.env();
    const verified = await runHook({ servers: serversQuery(fleetOf(emu)), cacert: caFile }, { env });
    expect(verified).toMatchObject({ code: 0, stderr: "" });
    const refused = await runHook({ servers: serversQuery(fleetOf(emu)) }, { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^console-hook: POST \/v3\/auth\/tokens: the TLS connection to .* pass its CA bundle with --os-cacert/);
    const insecure = await runHook({ servers: serversQuery(fleetOf(emu)), insecure: "true" }, { env });
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toBe("console-hook: WARNING: TLS certificate verification is off (insecure): anyone on the network path can read tokens and console URLs. Use the cloud's CA bundle (cacert / OS_CACERT / --os-cacert) instead.\n");
    expect(emu.isIssuedConsoleUrl(Object.values(resultOf(insecure.stdout))[0])).toBe(true);
  });
});
