/**
 * The package's root entry: the constructs and the fleet stack, for a cdktf
 * app that installed the package. The prebuilt OpenStack provider bindings
 * are the `<package>/provider-openstack` entry (lib/provider-openstack.ts).
 */
export {
  CONSOLE_MODES,
  CONSOLE_URLS_OUTPUT,
  ConstructLabel,
  DataOsconsoleUrls,
  EphemeralOsconsoleUrls,
  EXTERNAL_PROVIDER_VERSION,
  HookBundleMissingError,
  NOVA_NAME_MAX_LENGTH,
  OpenStackServer,
  OsconsoleProvider,
  OsconsoleUrls,
  PropsError,
  ProviderBundleMissingError,
  RemoteConsole,
  SERVER_IDS_OUTPUT,
  ServerFleet,
  configureOpenStackProvider,
  consoleUrlOutputId,
  novaNameProblem,
} from "./constructs";
export type {
  BootVolume,
  ConsoleMode,
  ConsoleOptions,
  FleetConsoleOptions,
  FleetServerSpec,
  IOpenStackServer,
  KeyPairSpec,
  OpenStackProviderProps,
  OpenStackServerAttributes,
  OpenStackServerProps,
  OsconsoleUrlsConfig,
  RemoteConsoleProps,
  ServerFleetProps,
  ServerNetwork,
  ServerSchedulerHints,
  ServerSpec,
} from "./constructs";
export { DEFAULT_STACK_NAME, FleetFileError, FleetStack, loadFleetFile, parseFleetDocument } from "./stacks";
export type { FleetConsole, FleetDefinition, FleetEntry, FleetFile, FleetStackProps, HttpStateBackend, LocalStateBackend, PgStateBackend, S3StateBackend, StateBackend } from "./stacks";
