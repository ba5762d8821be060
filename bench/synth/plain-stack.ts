/**
 * The plain side of the synth comparison: the same servers as raw
 * openstack_compute_instance_v2 resources through the generated bindings, and
 * one external data source fed their ids, written by hand without the
 * project's constructs. Attributes match what a fleet of the constructs
 * declares, so the difference is the constructs' own cost.
 */
import { Fn, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2";
import { OpenstackProvider } from "../../.gen/providers/openstack/provider";
import { SYNTH_FLAVOR, SYNTH_IMAGE_ID, SYNTH_NAME_PREFIX, SYNTH_NETWORK } from "./fleet-shape";

export function buildPlainStack(scope: Construct, servers: number): TerraformStack {
  const stack = new TerraformStack(scope, "bench");
  new OpenstackProvider(stack, "openstack", {});
  new ExternalProvider(stack, "external", {});
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
  new DataExternal(stack, "consoles", {
    program: ["node", "console-hook.js"],
    query: { servers: Fn.jsonencode(ids), protocol: "vnc", type: "novnc" },
  });
  return stack;
}
