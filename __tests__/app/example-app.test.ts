import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { Testing } from "cdktf";
import { CONSOLE_PROVIDER_PLATFORMS, CONSOLE_PROVIDER_SOURCE, CONSOLE_PROVIDER_VERSION, consoleProviderMirrorPath } from "../../lib/hook-contract";
import { FleetStack, loadFleetFile } from "../../lib/stacks";
import { TfJson, expectSchemaValid, synthChecked } from "../helpers/checked-synth";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "fleet.yaml");

let json: TfJson;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "example-app-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  json = synthChecked(new FleetStack(Testing.app(), "example", { definition: loadFleetFile(EXAMPLE).stacks[0], source: "fleet.yaml" }));
});

const instances = () => Object.values(json.resource!.openstack_compute_instance_v2);

describe("the example stack (fleet.yaml)", () => {
  it("holds the 50 servers, web-1..web-40 and db-1..db-10", () => {
    const names = instances().map((r) => r.name as string);
    expect(names).toHaveLength(50);
    const expected = [...Array.from({ length: 40 }, (_, i) => `web-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `db-${i + 1}`)];
    expect(names.sort()).toEqual(expected.sort()); // cdk.tf.json orders keys alphabetically
  });

  it("pins the OpenStack provider ~> 3.4 and configures it without credentials", () => {
    expect(json.terraform?.required_providers?.openstack).toEqual({ source: "terraform-provider-openstack/openstack", version: "~> 3.4" });
    expect(json.provider?.openstack).toEqual([{ region: "RegionOne" }]);
  });

  it("shares one image lookup and one uploaded key pair", () => {
    expect(Object.values(json.data!.openstack_images_image_v2)).toEqual([{ name: "ubuntu-24.04", most_recent: true }]);
    expect(Object.keys(json.resource!.openstack_compute_keypair_v2)).toHaveLength(1);
  });

  it("has consoles on: one osconsole_urls resource per fleet (the default mode), with the documented arguments", () => {
    expect(json.data?.external).toBeUndefined();
    const consoles = Object.values(json.resource!.osconsole_urls).map(({ "//": _meta, ...args }) => args as { servers: Record<string, string> } & Record<string, unknown>);
    expect(consoles).toHaveLength(2);
    const web = consoles.find((c) => "web-1" in c.servers)!;
    const db = consoles.find((c) => "db-1" in c.servers)!;
    expect([Object.keys(web.servers).length, Object.keys(db.servers).length]).toEqual([40, 10]);
    // What the file gives, always the resolved pair, and the stack's region (the provider mints where the
    // OpenStack provider creates), typed as the provider's schema declares; the rest is left to its defaults.
    expect(web).toEqual({ servers: web.servers, protocol: "vnc", type: "novnc", profile: "virtuozzo", microversion: "2.8", timeout: 120, region: "RegionOne" });
    expect(db).toEqual({ servers: db.servers, protocol: "vnc", type: "novnc", region: "RegionOne" });
    expect(json.terraform?.required_providers?.osconsole).toEqual({ source: CONSOLE_PROVIDER_SOURCE, version: CONSOLE_PROVIDER_VERSION });
  });

  it("outputs ids and access IPs by name in the clear, console URLs only as sensitive outputs", () => {
    const outputs = json.output!;
    for (const [output, attribute] of [["server_ids", "id"], ["server_access_ipv4", "access_ip_v4"], ["server_access_ipv6", "access_ip_v6"]]) {
      expect(outputs[output].sensitive).toBeUndefined();
      const byName = outputs[output].value as Record<string, string>;
      expect(Object.keys(byName)).toHaveLength(50);
      expect(byName["db-7"]).toMatch(new RegExp(`^\\$\\{openstack_compute_instance_v2\\.[\\w-]+\\.${attribute}\\}$`));
    }
    const consoleOutputs = Object.keys(outputs).filter((k) => k.startsWith("console_url"));
    expect(consoleOutputs).toHaveLength(51);
    for (const k of consoleOutputs) expect(outputs[k].sensitive).toBe(true);
  });
});

describe("main.ts (as cdktf synth runs it)", () => {
  const tsx = path.join(ROOT, "node_modules/.bin/tsx");

  it("writes cdktf.out/stacks/example/cdk.tf.json and the console provider into its terraform.d/plugins from fleet.yaml", () => {
    const outdir = fs.mkdtempSync(path.join(scratch, "synth-"));
    const run = spawnSync(tsx, ["main.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir, FLEET_FILE: "" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const stackDir = path.join(outdir, "stacks/example");
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as TfJson;
    expectSchemaValid(tf);
    expect(Object.keys(tf.resource!.openstack_compute_instance_v2)).toHaveLength(50);
    // cdktf deploy --outputs-file nests outputs by this mapping: the console and server outputs sit at the stack's top.
    const mapping = (tf["//"] as { outputs: { example: Record<string, unknown> } }).outputs.example;
    expect(mapping).toMatchObject({ console_urls: "console_urls", console_url_web_1: "console_url_web_1", server_ids: "server_ids" });
    for (const platform of CONSOLE_PROVIDER_PLATFORMS) {
      expect(fs.statSync(path.join(stackDir, "terraform.d", "plugins", consoleProviderMirrorPath(platform))).mode & 0o777).toBe(0o755);
    }
  });

  it("exits 1 with one line naming the file and field on a bad fleet file", () => {
    const dir = fs.mkdtempSync(path.join(scratch, "bad-fleet-"));
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "fleets:\n  - name: web\n    count: 0\n    imageName: u\n    flavorName: f\n");
    const run = spawnSync(tsx, ["main.ts"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: dir, FLEET_FILE: file } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${file}: fleets[0].count: 0 is not a whole number of at least 1; give how many servers to create, e.g. 3\n`);
  });
});
