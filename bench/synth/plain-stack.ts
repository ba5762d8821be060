/**
 * The plain side of the synth comparison: the same Terraform as the project
 * side, written by hand without the project's constructs: raw
 * openstack_compute_instance_v2 resources through the generated bindings,
 * the hook shipped as a TerraformAsset, one external data source fed their
 * ids, and the same sensitive outputs (`console_urls` and one
 * `console_url_<name>` per server). The bench checks that both sides
 * synthesize the same addresses, so the ratio is the constructs' own cost
 * (validation, the construct per server, the stack-wide bookkeeping), not a
 * difference in what is declared.
 */
import { AssetType, Fn, TerraformAsset, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2";
import { OpenstackProvider } from "../../.gen/providers/openstack/provider";
import { CONSOLE_URLS_OUTPUT, consoleUrlOutputId } from "../../lib/hook-contract";
import { HOOK_BUNDLE } from "../paths";
import { SYNTH_FLAVOR, SYNTH_IMAGE_ID, SYNTH_NAME_PREFIX, SYNTH_NETWORK } from "./fleet-shape";

export function buildPlainStack(scope: Construct, servers: number): TerraformStack {
  const stack = new TerraformStack(scope, "bench");
  new OpenstackProvider(stack, "openstack", {});
  new ExternalProvider(stack, "external", {});
  stack.addOverride("terraform.required_providers.external.version", ">= 1.2.0, < 3.0.0");
  const hook = new TerraformAsset(stack, "console-hook", { path: HOOK_BUNDLE, type: AssetType.FILE });
  const ids: Record<string, string> = {};
  for (let i = 1; i <= servers; i++) {
    const name = `${SYNTH_NAME_PREFIX}-${i}`;
    const instance = new ComputeInstanceV2(stack, name, {
      name,
      imageId: SYNTH_IMAGE_ID,
      flavorName: SYNTH_FLAVOR,
      network: [{ name: SYNTH_NETWORK }],
    });
    ids[name] = instance.id;
  }
  const consoles = new DataExternal(stack, "consoles", {
    program: ["node", hook.path],
    query: { servers: Fn.jsonencode(ids), protocol: "vnc", type: "novnc" },
  });
  new TerraformOutput(stack, CONSOLE_URLS_OUTPUT, { staticId: true, sensitive: true, value: consoles.result });
  for (const name of Object.keys(ids)) {
    new TerraformOutput(stack, consoleUrlOutputId(name), { staticId: true, sensitive: true, value: consoles.result.lookup(name) });
  }
  return stack;
}
