/**
 * The project side of the synth comparison: the same servers through
 * ServerFleet with its console option (validation, one hook data source,
 * the hook asset, sensitive console outputs).
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { configureOpenStackProvider, ServerFlavor, ServerFleet, ServerImage } from "../../lib/constructs";
import { SYNTH_FLAVOR, SYNTH_IMAGE_ID, SYNTH_NAME_PREFIX, SYNTH_NETWORK } from "./fleet-shape";

export function buildProjectStack(scope: Construct, servers: number): TerraformStack {
  const stack = new TerraformStack(scope, "bench");
  configureOpenStackProvider(stack);
  new ServerFleet(stack, "fleet", {
    specs: [{ name: SYNTH_NAME_PREFIX, count: servers, image: ServerImage.fromId(SYNTH_IMAGE_ID), flavor: ServerFlavor.fromName(SYNTH_FLAVOR), networks: [{ name: SYNTH_NETWORK }] }],
    // The hook's mode: the plain side declares the same data "external" by hand.
    console: { mode: "data-source", protocol: "vnc", type: "novnc", stackOutputs: true },
  });
  return stack;
}
