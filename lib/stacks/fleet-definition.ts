import { ConsoleOptions, FleetServerSpec, OpenStackProviderProps } from "../constructs";

/** One fleet of the file: a server spec (name prefix, count, ...) and its console option. */
export interface FleetEntry extends FleetServerSpec {
  /** Console URLs for the fleet's servers as sensitive outputs. @default none */
  readonly console?: ConsoleOptions;
}

/** What a fleet file declares: one stack of fleets and the provider's non-secret settings. */
export interface FleetDefinition {
  /** Stack name: cdktf.out/stacks/<stack>. @default "fleet" */
  readonly stack: string;
  /** OpenStack provider settings (never credentials). @default everything from the environment */
  readonly openstack?: OpenStackProviderProps;
  readonly fleets: readonly FleetEntry[];
}
