/**
 * tempest's compute servers tests (test_novnc among them) against the
 * emulator: tempest from PyPI in a venv, a workspace made by `tempest init`,
 * tempest.conf and a pre-provisioned accounts.yaml written from the
 * emulator's own users (it has no Keystone admin API for dynamic
 * credentials): demo is the primary (member), demo-reader the project reader
 * tempest asks every compute class for (used only with enforce_scope, off
 * here), admin the admin. One set, so one worker: tempest locks accounts per
 * class. Then `tempest run`, and its subunit stream read for counts.
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
max_microversion = 2.100
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
  roles:
    - member
  resources:
    network: private
- username: demo-reader
  project_name: demo
  password: demo-secret
  domain_name: Default
  roles:
    - reader
- username: admin
  project_name: admin
  password: admin-secret
  domain_name: Default
  roles:
    - admin
  types:
    - admin
`;

/** Reads a subunit v2 stream (stdin) with the venv's own subunit and testtools: one JSON line per test. */
const READ_SUBUNIT = `
import json, sys, subunit, testtools
def on_test(test):
    details = test.get("details", {})
    text = ""
    for key in ("traceback", "reason"):
        if key in details:
            text = details[key].as_text().strip().splitlines()[-1] if details[key].as_text().strip() else ""
    print(json.dumps({"id": test["id"], "status": test["status"], "why": text[:300]}))
stream = subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name="stdout")
result = testtools.StreamToDict(on_test)
result.startTestRun()
stream.run(result)
result.stopTestRun()
`;

async function results(bin: string, ws: string, env: NodeJS.ProcessEnv): Promise<Array<{ id: string; status: string; why: string }>> {
  const subunit = path.join(CACHE, "tempest-last.subunit");
  await run(path.join(bin, "stestr"), ["last", "--subunit"], { cwd: ws, env, out: subunit });
  const script = path.join(CACHE, "read-subunit.py");
  fs.writeFileSync(script, READ_SUBUNIT);
  const lines = await capture("sh", ["-c", `"${path.join(bin, "python")}" "${script}" < "${subunit}"`]);
  return lines
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { id: string; status: string; why: string })
    .map((r) => ({ ...r, id: r.id.replace(/\[.*\]$/, "") }));
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
  const args = ["run", "--regex", REGEX, "--concurrency", "1", ...(exclude.length > 0 ? ["--exclude-regex", exclude.join("|")] : [])];
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TEMPEST_CONFIG_DIR: path.join(ws, "etc"), TEMPEST_CONFIG: "tempest.conf" };
  await run(path.join(bin, "tempest"), args, { cwd: ws, env, out: path.join(CACHE, "tempest-run.log") });
  const outcome: Outcome = { suite: "tempest 47.0.0 tempest.api.compute.servers", passed: [], failed: [], skipped: [], notRun: Object.keys(known.notRun), seconds: 0, why: {} };
  for (const { id, status, why } of await results(bin, ws, env)) {
    if (status === "success") outcome.passed.push(id);
    else if (status === "skip") outcome.skipped.push([id, why]);
    else if (status === "fail") {
      outcome.failed.push(id);
      outcome.why[id] = why;
    }
  }
  outcome.seconds = Math.round((Date.now() - started) / 1000);
  return outcome;
}
