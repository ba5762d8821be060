/**
 * tempest's compute servers tests (test_novnc among them) against the
 * emulator: tempest from PyPI in a venv, a workspace made by `tempest init`,
 * tempest.conf and a pre-provisioned accounts.yaml written from the
 * emulator's own users (it has no Keystone admin API for dynamic
 * credentials), then `tempest run` and its subunit stream read for counts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../../packages/openstack-emulator/src";
import { CACHE, capture, knownFor, run, type Outcome } from "./run";

const TEMPEST = "tempest==47.0.0";
/** tempest.api.compute.servers: every servers test, test_novnc included. */
const REGEX = "^tempest\\.api\\.compute\\.servers\\.";

async function venv(): Promise<string> {
  const dir = path.join(CACHE, "tempest-venv");
  const bin = path.join(dir, "bin");
  if (!fs.existsSync(path.join(bin, "tempest"))) {
    fs.mkdirSync(CACHE, { recursive: true });
    await run("python3", ["-m", "venv", dir], {});
    await run(path.join(bin, "pip"), ["install", "-q", TEMPEST], {});
  }
  return bin;
}

function tempestConf(emu: Emulator, ws: string): string {
  const env = emu.env("demo");
  return `[DEFAULT]
log_file = ${path.join(ws, "tempest.log")}

[auth]
use_dynamic_credentials = false
test_accounts_file = ${path.join(ws, "etc", "accounts.yaml")}
default_credentials_domain_name = Default
admin_domain_scope = false

[identity]
uri_v3 = ${env.OS_AUTH_URL}
auth_version = v3
region = ${env.OS_REGION_NAME}
disable_ssl_certificate_validation = true

[identity-feature-enabled]
api_v2 = false

[compute]
image_ref = 70a599e0-31e7-49b7-b260-868f441e862b
image_ref_alt = 0b7d4c8e-3a5f-4f0e-9a77-2f1c8d6e5b10
flavor_ref = 1
flavor_ref_alt = 2
fixed_network_name = private
min_microversion = 2.1
max_microversion = latest
region = ${env.OS_REGION_NAME}
build_timeout = 60
build_interval = 1

[compute-feature-enabled]
vnc_console = true
spice_console = false
serial_console = false
console_output = true
resize = true
pause = true
suspend = true
shelve = true
shelve_migrate = false
rescue = true
stable_rescue = false
change_password = true
interface_attach = true
snapshot = false
live_migration = false
cold_migration = false
personality = false
config_drive = false
metadata_service = false
block_migration_for_live_migration = false
volume_multiattach = false
hostname_fqdn_sanitization = true

[network]
public_network_id = 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b
floating_network_name = public

[network-feature-enabled]
floating_ips = false

[service_available]
nova = true
neutron = true
glance = true
cinder = false
swift = false
horizon = false
placement = true

[validation]
run_validation = false

[image-feature-enabled]
api_v2 = true
`;
}

const ACCOUNTS = `- username: demo
  project_name: demo
  password: demo-secret
  domain_name: Default
  resources:
    network: private
- username: admin
  project_name: admin
  password: admin-secret
  domain_name: Default
  roles:
    - admin
  types:
    - admin
`;

/** test id -> status from `subunit2csv`-like reading of `stestr last --subunit` through subunit-2to1's text. */
async function results(bin: string, ws: string): Promise<Map<string, { status: string; details: string }>> {
  const out = new Map<string, { status: string; details: string }>();
  const subunit = path.join(CACHE, "tempest-last.subunit");
  await run(path.join(bin, "stestr"), ["last", "--subunit"], { cwd: ws, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, out: subunit });
  const csv = await capture("sh", ["-c", `${path.join(bin, "subunit2csv")} < ${subunit}`]);
  for (const line of csv.split("\n").slice(1)) {
    const m = /^([^,]+),(\w+),/.exec(line);
    if (m) out.set(m[1].replace(/\[.*\]$/, ""), { status: m[2], details: line });
  }
  return out;
}

export async function runTempest(emu: Emulator): Promise<Outcome> {
  const started = Date.now();
  const bin = await venv();
  const ws = path.join(CACHE, "tempest-ws");
  if (!fs.existsSync(path.join(ws, ".stestr.conf"))) await run(path.join(bin, "tempest"), ["init", ws], {});
  fs.writeFileSync(path.join(ws, "etc", "tempest.conf"), tempestConf(emu, ws));
  fs.writeFileSync(path.join(ws, "etc", "accounts.yaml"), ACCOUNTS);
  const known = knownFor("tempest");
  const exclude = Object.keys(known.notRun).map((t) => t.replace(/\./g, "\\."));
  const args = ["run", "--regex", REGEX, "--concurrency", "2", ...(exclude.length > 0 ? ["--exclude-regex", exclude.join("|")] : [])];
  await run(path.join(bin, "tempest"), args, { cwd: ws, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, out: path.join(CACHE, "tempest-run.log") });
  const outcome: Outcome = { suite: "tempest 47.0.0 tempest.api.compute.servers", passed: [], failed: [], skipped: [], notRun: Object.keys(known.notRun), seconds: 0, why: {} };
  for (const [id, { status, details }] of await results(bin, ws)) {
    if (status === "success") outcome.passed.push(id);
    else if (status === "skip") outcome.skipped.push([id, details.split(",").slice(2).join(",").slice(0, 200)]);
    else {
      outcome.failed.push(id);
      outcome.why[id] = details.slice(0, 300);
    }
  }
  outcome.seconds = Math.round((Date.now() - started) / 1000);
  return outcome;
}
