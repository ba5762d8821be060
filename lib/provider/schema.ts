/**
 * The provider's schema: one type, osconsole_urls, served as a managed
 * resource, an ephemeral resource and a data source with the same
 * attributes. The console options are the hook contract's, under their
 * query keys, so the provider and the data "external" hook take the same
 * settings with the same defaults and rules.
 */
import {
  CONSOLE_ATTRIBUTES,
  CONSOLE_OPTION_NAMES,
  consoleOptionKind,
  queryKeyOf,
  type ConsoleOptionName,
} from "../hook-contract";

/**
 * Each option's documentation, in the words of the hook contract's
 * ConsoleOptions (the Record's type makes a new option fail to compile
 * until it is described here).
 */
const OPTION_DOCS: Record<ConsoleOptionName, string> = {
  protocol: 'Console protocol: vnc, spice, serial, rdp or mks. Default: inferred from type, else the profile\'s default pair, else "vnc".',
  type: 'Console type, e.g. novnc. Default: the first type of protocol the profile offers, else "novnc".',
  profile: "Cloud profile to check the pair against: upstream, zed or virtuozzo (vnc/novnc only). Default: none, any pair Nova knows.",
  microversion: 'Compute microversion to ask for; raised to what the pair needs. Default: the cloud\'s compute_api_version in clouds.yaml (or OS_COMPUTE_API_VERSION), else "2.8".',
  timeout: "Overall deadline of one minting run, in seconds. Default: 120.",
  tolerateUnavailable: 'Give "" for servers whose console cannot be had (with a warning) instead of failing. Default: false.',
  probe: 'Open every minted URL as a browser would (console page, WebSocket with the token, RFB handshake) first: a console that does not open fails, or gives "" with tolerate_unavailable. Default: false.',
  cloud: "clouds.yaml entry. Default: OS_CLOUD, else the OS_* variables.",
  region: "Catalog region. Default: OS_REGION_NAME, else the cloud's.",
  interface: 'Catalog interface of the compute endpoint: public, internal or admin. Default: "public".',
  computeEndpoint: "Compute endpoint URL to use instead of the catalog's (e.g. https://node:8774/v2.1). Default: from the catalog.",
  cacert: "Absolute path of a CA bundle to verify the cloud's TLS certificates. Default: the system CAs (or OS_CACERT).",
  insecure: "Skip TLS verification. Dangerous: a warning is logged. Default: false.",
};

export interface Attribute {
  readonly name: string;
  /** cty type, JSON-encoded on the wire. */
  readonly type: unknown;
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

const CTY: Record<string, string> = { string: "string", enum: "string", boolean: "bool", number: "number" };
const STRING_MAP = ["map", "string"];

/** The console options as attributes: name = query key. */
export const OPTION_ATTRIBUTES: ReadonlyArray<{ readonly option: ConsoleOptionName; readonly name: string }> = CONSOLE_OPTION_NAMES.map((option) => ({
  option,
  name: queryKeyOf(option),
}));

/** Every attribute any of the three kinds carries, configuration first. */
export const ATTRIBUTES: readonly Attribute[] = [
  {
    name: CONSOLE_ATTRIBUTES.servers,
    type: STRING_MAP,
    required: true,
    description: "Servers to mint a console URL for: server name to Nova server id (openstack_compute_instance_v2.<name>.id).",
  },
  ...OPTION_ATTRIBUTES.map(({ option, name }) => ({ name, type: CTY[consoleOptionKind(option).kind], optional: true, description: OPTION_DOCS[option] })),
  {
    name: CONSOLE_ATTRIBUTES.keepers,
    type: STRING_MAP,
    optional: true,
    description: "Arbitrary strings; any change mints every URL again (like random_password's keepers).",
  },
  { name: CONSOLE_ATTRIBUTES.urls, type: STRING_MAP, computed: true, sensitive: true, description: "Server name to console URL. Secret while its token lives." },
  { name: CONSOLE_ATTRIBUTES.mintedAt, type: STRING_MAP, computed: true, description: "Server name to when its URL was minted (RFC 3339, UTC); the cloud's token_ttl runs from there." },
  { name: "id", type: "string", computed: true, description: "Identifier of this set of URLs, new at each create." },
];

const DESCRIPTION =
  "Remote-console URLs of OpenStack servers, minted through Nova with the credentials of OS_CLOUD/clouds.yaml or OS_* (never in configuration). " +
  "As a resource, minted at create and kept: plans stay quiet; changing options or keepers mints all again, adding a server mints only it.";

/** The protocol's Schema message for osconsole_urls. */
export function urlsSchema(): object {
  return {
    version: 0,
    block: {
      version: 0,
      description: DESCRIPTION,
      attributes: ATTRIBUTES.map((a) => ({
        name: a.name,
        type: Buffer.from(JSON.stringify(a.type)),
        description: a.description,
        required: a.required === true,
        optional: a.optional === true,
        computed: a.computed === true,
        sensitive: a.sensitive === true,
      })),
    },
  };
}

/** The provider's own configuration block: empty (credentials come from the environment, as the hook reads them). */
export function providerSchema(): object {
  return { version: 0, block: { version: 0, attributes: [], description: "Credentials come from OS_CLOUD (clouds.yaml, secure.yaml) or the OS_* variables." } };
}
