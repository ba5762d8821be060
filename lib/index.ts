/**
 * The package's root entry: the constructs and the fleet stack, for a cdktf
 * app that installed the package. The prebuilt OpenStack provider bindings
 * are the `<package>/provider-openstack` entry (lib/provider-openstack.ts),
 * and, for jsii, the `providerOpenstack` submodule (Python:
 * `openstack_console_cdktf.provider_openstack`).
 *
 * jsii builds the assembly from this file: what other languages see is what
 * it exports as classes, interfaces and submodules. The functions and
 * constants exported here stay TypeScript/JavaScript conveniences (jsii
 * skips them with a warning); each has a class form for every language.
 */
export {
  CONSOLE_MODES,
  CONSOLE_URLS_OUTPUT,
  ConsoleMode,
  ConstructLabel,
  DataOsconsoleUrls,
  EphemeralOsconsoleUrls,
  EXTERNAL_PROVIDER_VERSION,
  HookBundleMissingError,
  NOVA_NAME_MAX_LENGTH,
  OpenStackProviderSetup,
  OpenStackServer,
  OsconsoleProvider,
  OsconsoleUrls,
  PropsError,
  ProviderBundleMissingError,
  RemoteConsole,
  SERVER_IDS_OUTPUT,
  ServerFlavor,
  ServerFleet,
  ServerImage,
  configureOpenStackProvider,
  consoleUrlOutputId,
  novaNameProblem,
} from "./constructs";
export type {
  BootVolume,
  ConsoleOptions,
  FleetConsoleOptions,
  FleetServerSpec,
  IOpenStackServer,
  KeyPairSpec,
  OpenStackProviderProps,
  OpenStackServerAttributes,
  OsconsoleProviderConfig,
  OpenStackServerProps,
  OsconsoleUrlsConfig,
  RemoteConsoleProps,
  ServerFleetProps,
  ServerNetwork,
  ServerSchedulerHints,
  ServerSettings,
  ServerSpec,
} from "./constructs";
export { DEFAULT_STACK_NAME, FleetFileError, FleetFiles, FleetStack, loadFleetFile, parseFleetDocument } from "./stacks";
export type { FleetConsole, FleetDefinition, FleetEntry, FleetFile, FleetStackProps, HttpStateBackend, LocalStateBackend, PgStateBackend, S3StateBackend, StateBackend } from "./stacks";

export * as providerOpenstack from "./provider-openstack";
