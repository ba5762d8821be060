import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { OpenstackProvider } from "../../.gen/providers/openstack/provider";
import { PropsError, constructLabel } from "./props-error";
import { isLiteralString } from "./literals";

/**
 * The only settings the OpenStack provider takes from code. Credentials come
 * from where the provider itself reads them at deploy time: `OS_CLOUD` with
 * clouds.yaml/secure.yaml, or the `OS_*` variables. Never from code, because
 * whatever is in code lands in cdk.tf.json.
 */
export interface OpenStackProviderProps {
  /** An entry of clouds.yaml. @default the provider reads `OS_CLOUD`, or the `OS_*` variables */
  readonly cloud?: string;
  /** Region of the catalog to use. @default the provider reads `OS_REGION_NAME`, or the cloud's region */
  readonly region?: string;
}

const PROVIDER_ID = "openstack";

/**
 * Configures terraform-provider-openstack (pinned `~> 3.4` by the generated
 * bindings) for the stack that holds `scope`. Call once per stack.
 */
export function configureOpenStackProvider(scope: Construct, props: OpenStackProviderProps = {}): OpenstackProvider {
  return OpenStackProviderSetup.configure(scope, props);
}

/** configureOpenStackProvider for every jsii language (a class: jsii carries no free functions). */
export class OpenStackProviderSetup {
  /** Configures terraform-provider-openstack for the stack that holds `scope`, once per stack. */
  static configure(scope: Construct, props: OpenStackProviderProps = {}): OpenstackProvider {
    return configure(scope, props);
  }

  private constructor() {}
}

function configure(scope: Construct, props: OpenStackProviderProps): OpenstackProvider {
  const stack = TerraformStack.of(scope);
  const label = constructLabel("OpenStack provider of stack", stack.node.id, stack.node.path);
  if (stack.node.tryFindChild(PROVIDER_ID)) {
    throw new PropsError(label, "provider", "is configured twice", "call configureOpenStackProvider once per stack");
  }
  for (const key of ["cloud", "region"] as const) {
    const value = props[key];
    if (value !== undefined && isLiteralString(value) && value.trim() === "") {
      throw new PropsError(label, key, "is empty", `leave ${key} out to let the provider read the environment, or name one`);
    }
  }
  return new OpenstackProvider(stack, PROVIDER_ID, { cloud: props.cloud, region: props.region });
}
