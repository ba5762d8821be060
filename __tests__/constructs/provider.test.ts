import { TerraformStack, Testing } from "cdktf";
import { PropsError, configureOpenStackProvider } from "../../lib/constructs";
import { synthChecked } from "../helpers/checked-synth";

describe("configureOpenStackProvider", () => {
  it("writes only cloud and region, and pins the provider ~> 3.4", () => {
    const stack = new TerraformStack(Testing.app(), "p");
    configureOpenStackProvider(stack, { cloud: "prod", region: "RegionTwo" });
    const json = synthChecked(stack);
    expect(json.provider?.openstack).toEqual([{ cloud: "prod", region: "RegionTwo" }]);
    expect(json.terraform?.required_providers?.openstack).toEqual({ source: "terraform-provider-openstack/openstack", version: "~> 3.4" });
  });

  it("with no settings leaves everything to OS_CLOUD / OS_* at deploy time", () => {
    const stack = new TerraformStack(Testing.app(), "p");
    configureOpenStackProvider(stack);
    expect(synthChecked(stack).provider?.openstack).toEqual([{}]);
  });

  it("refuses an empty region and a second configuration", () => {
    const stack = new TerraformStack(Testing.app(), "p");
    expect(() => configureOpenStackProvider(stack, { region: " " })).toThrow(/region: is empty; leave region out to let the provider read the environment/);
    configureOpenStackProvider(stack);
    expect(() => configureOpenStackProvider(stack)).toThrow(PropsError);
    expect(() => configureOpenStackProvider(stack)).toThrow(/provider: is configured twice; call configureOpenStackProvider once per stack/);
  });
});
