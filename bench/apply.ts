/**
 * What a pipeline waits for on real Nova (`npm run bench -- --real-openstack`,
 * with the Terraform tools and the harness up): `terraform apply` of a fleet
 * of 20 servers with a console, and the share of its wall time the console
 * data source takes; then `terraform plan` right after, which reads the data
 * source again (a console POST per server), and the share of that. Times come
 * from Terraform's own machine-readable log (`-json`): the span from
 * "data.external...: Reading..." to its "Read complete".
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { findTerraform } from "../scripts/terraform-cli";
import { passwordToken, send } from "../test/openstack/support/raw-http";
import { passwordEnv, realOpenStack } from "../test/openstack/support/real-env";
import { removeServersNamed } from "../test/terraform/support/cloud";
import { expectSuccess, expectTerraformSuccess, runChild } from "./child";
import { ROOT } from "./paths";
import { ratio } from "./stats";

export interface ApplyFigures {
  servers: number;
  apply_ms: number;
  /** The console data source's read inside the apply, from Terraform's log. */
  apply_console_read_ms: number;
  apply_console_share: number;
  plan_ms: number;
  plan_console_read_ms: number;
  plan_console_share: number;
}

const PREFIX = "bench-apply";

function fleetFile(servers: number): string {
  return `stack: ${PREFIX}
openstack:
  region: RegionOne
fleets:
  - name: ${PREFIX}
    count: ${servers}
    imageName: cirros-fake
    flavorName: m1.tiny
    networkMode: none
    console: { mode: data-source, protocol: vnc, type: novnc }   # the data source's read is what this measures
`;
}

/** The console read's span in a `-json` log: first "Reading..." of a data.external to its last "Read complete". */
function consoleReadMs(log: string): number {
  let start: number | undefined;
  let end: number | undefined;
  for (const line of log.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { "@message"?: string; "@timestamp"?: string };
    const message = event["@message"] ?? "";
    if (!/^data\.external\./.test(message)) continue;
    const at = Date.parse(event["@timestamp"] ?? "");
    // The JSON log calls a data source's read "Refreshing..." / "Refresh complete", the human one "Reading...".
    if (/(Reading|Refreshing)\.\.\.$/.test(message)) start = start === undefined ? at : Math.min(start, at);
    if (/(Read|Refresh) complete/.test(message)) end = end === undefined ? at : Math.max(end, at);
  }
  if (start === undefined || end === undefined) {
    const seen = log.split("\n").filter((l) => l.includes("external")).slice(0, 6).join("\n");
    throw new Error(`bench: Terraform's log shows no console data source read:\n${seen}`);
  }
  return end - start;
}

/** Nova's default quota is 10 instances a project: lift it for the harness's admin project, where the row creates its fleet. */
async function liftQuota(): Promise<void> {
  const real = realOpenStack();
  const { token } = await passwordToken(real.authUrl, "admin", real.adminPassword, "admin");
  const res = await send({
    method: "PUT",
    url: `${real.computeUrl}/os-quota-sets/${real.adminProjectId}`,
    headers: { "X-Auth-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify({ quota_set: { instances: -1, cores: -1, ram: -1 } }),
  });
  if (res.status !== 200) throw new Error(`bench: lifting the admin project's quota answered ${res.status}`);
}

export async function measureApply(servers: number, log: (line: string) => void): Promise<ApplyFigures> {
  const tools = findTerraform();
  if (!tools || tools.kind === "user") throw new Error("bench: the apply row needs the offline Terraform tools: run npm run terraform:tools");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-apply-"));
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, ...passwordEnv("admin"), ...tools.env, TF_IN_AUTOMATION: "1" };
  const stackDir = path.join(work, "cdktf.out", "stacks", PREFIX);
  const tf = (args: string[]) => runChild(tools.terraform, args, { cwd: stackDir, env, timeoutMs: 600_000 });
  try {
    await removeServersNamed(PREFIX);
    await liftQuota();
    fs.writeFileSync(path.join(work, "fleet.yaml"), fleetFile(servers));
    expectSuccess("synth", await runChild(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "main.ts")], { cwd: work, env: { ...env, FLEET_FILE: path.join(work, "fleet.yaml") }, timeoutMs: 120_000 }));
    expectSuccess("terraform init", await tf(["init", "-input=false", "-no-color"]));
    log(`apply: terraform apply of ${servers} servers with a console on real Nova`);
    let t0 = performance.now();
    const apply = expectTerraformSuccess("terraform apply", await tf(["apply", "-auto-approve", "-input=false", "-json"]));
    const applyMs = Math.round(performance.now() - t0);
    log("apply: terraform plan right after");
    t0 = performance.now();
    const plan = expectTerraformSuccess("terraform plan", await tf(["plan", "-input=false", "-json"]));
    const planMs = Math.round(performance.now() - t0);
    const applyRead = consoleReadMs(apply.stdout);
    const planRead = consoleReadMs(plan.stdout);
    return {
      servers,
      apply_ms: applyMs,
      apply_console_read_ms: applyRead,
      apply_console_share: ratio(applyRead, applyMs),
      plan_ms: planMs,
      plan_console_read_ms: planRead,
      plan_console_share: ratio(planRead, planMs),
    };
  } finally {
    await tf(["destroy", "-auto-approve", "-input=false", "-no-color"]).catch(() => undefined);
    await removeServersNamed(PREFIX).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
