import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { FleetServerSpec, OpenStackServer, PropsError, SERVER_IDS_OUTPUT, ServerFlavor, ServerFleet, ServerImage, configureOpenStackProvider } from "../constructs";
import { FleetDefinition, FleetEntry } from "./fleet-definition";
import { FleetFileError } from "./fleet-file";
import { configureStateBackend, resolveBackend } from "./state-backend";

export interface FleetStackProps {
  readonly definition: FleetDefinition;
  /** Where the definition came from (the fleet file's path), to name it in errors. @default "fleet definition" */
  readonly source?: string;
  /** The sensitive console outputs (`console_urls`, `console_url_<name>`) for fleets with a console. @default true, except for ephemeral consoles, which have none */
  readonly consoleOutputs?: boolean;
  /** The console mode (one of ConsoleMode's values) of fleets whose `console.mode` names none. @default "resource" */
  readonly consoleMode?: string;
  /** The bundled provider laid into the stack (RemoteConsole's providerBundle). @default the package's own */
  readonly providerBundle?: string;
}

/** The file's key for each factory of the image and flavor classes: `image.id` is `imageId`, and so on. */
const FILE_KEYS: Readonly<Record<string, string>> = {
  "image.id": "imageId",
  "image.name": "imageName",
  "flavor.id": "flavorId",
  "flavor.name": "flavorName",
  "ServerImage.fromId": "imageId",
  "ServerImage.fromName": "imageName",
  "ServerFlavor.fromId": "flavorId",
  "ServerFlavor.fromName": "flavorName",
};

/** A construct's prop in the fleet file's terms: fleets[i].<key>. */
function fileKey(err: PropsError): string {
  switch (err.construct.kind) {
    case "ServerFleet":
      return err.prop.replace(/^specs\[0\]\./, "");
    case "RemoteConsole":
      return `console.${err.prop}`;
    default:
      // OpenStackServer props are the spec's own keys, but for the image and flavor, which the file names by its four.
      return FILE_KEYS[err.prop] ?? err.prop;
  }
}

/** A fix in the file's terms: "use ServerImage.fromName for an image name" becomes "use imageName for an image name". */
const fileFix = (fix: string): string => fix.replace(/Server(Image|Flavor)\.from(Id|Name)/g, (api) => FILE_KEYS[api]);

/** One of a pair of the file's keys, exactly: which one, and its value. */
function oneOf(entry: FleetEntry, id: "imageId" | "flavorId", name: "imageName" | "flavorName", hint: string, fail: (key: string, problem: string, fix: string) => never): { byId: boolean; value: string } {
  const hasId = entry[id] !== undefined;
  const hasName = entry[name] !== undefined;
  if (hasId && hasName) fail(`${id}/${name}`, "both are set", `set only one of ${id} or ${name}`);
  if (!hasId && !hasName) fail(`${id}/${name}`, "neither is set", `set one of ${id} or ${name} (${hint})`);
  return hasId ? { byId: true, value: entry[id]! } : { byId: false, value: entry[name]! };
}

/** A file's fleet as ServerFleet's spec: the four image and flavor keys become a ServerImage and a ServerFlavor. */
function specOf(entry: FleetEntry, fail: (key: string, problem: string, fix: string) => never): FleetServerSpec {
  const { console: _console, imageId: _imageId, imageName: _imageName, flavorId: _flavorId, flavorName: _flavorName, ...settings } = entry;
  const image = oneOf(entry, "imageId", "imageName", "imageName looks up the most recent image of that name", fail);
  const flavor = oneOf(entry, "flavorId", "flavorName", "flavorName is the easier one to read", fail);
  return {
    ...settings,
    image: image.byId ? ServerImage.fromId(image.value) : ServerImage.fromName(image.value),
    flavor: flavor.byId ? ServerFlavor.fromId(flavor.value) : ServerFlavor.fromName(flavor.value),
  };
}

/**
 * One stack a fleet file describes: the OpenStack provider from the
 * environment/clouds.yaml, the state backend it names (local by default),
 * one ServerFleet per entry (with its console and
 * its console outputs when asked), and non-sensitive outputs of ids and
 * access IPs by server name. `id` is the stack's name (cdktf.out/stacks/<id>);
 * main.ts passes the fleet file's `stack`.
 */
export class FleetStack extends TerraformStack {
  readonly fleets: { [name: string]: ServerFleet };
  /** Every server of every fleet, by name. */
  readonly servers: { [name: string]: OpenStackServer };

  constructor(scope: Construct, id: string, props: FleetStackProps) {
    const { definition } = props;
    super(scope, id);
    const file = props.source ?? "fleet definition";
    const source = definition.where ? `${file}: ${definition.where}` : file;
    configureOpenStackProvider(this, definition.openstack);
    configureStateBackend(this, resolveBackend(definition.backend, id));

    // The hook mints where the provider creates: the stack's cloud and region, unless a console names its own.
    const sameCloud = Object.fromEntries(Object.entries({ cloud: definition.openstack?.cloud, region: definition.openstack?.region }).filter(([, v]) => v !== undefined));
    const fleets: Record<string, ServerFleet> = {};
    definition.fleets.forEach((entry, i) => {
      const { console } = entry;
      const first = definition.fleets.findIndex((f) => f.name === entry.name);
      if (first !== i) {
        throw new FleetFileError(`${source}: fleets[${i}].name: "${entry.name}" is already the name of fleets[${first}]; give each fleet its own name`);
      }
      const spec = specOf(entry, (key, problem, fix) => {
        throw new FleetFileError(`${source}: fleets[${i}].${key}: ${problem}; ${fix}`);
      });
      const mode = console?.mode ?? props.consoleMode;
      // Ephemeral URLs cannot be outputs: such a fleet has none unless consoleOutputs insists (refused below).
      const stackOutputs = props.consoleOutputs ?? mode !== "ephemeral";
      const bundle = mode === "data-source" || props.providerBundle === undefined ? {} : { providerBundle: props.providerBundle };
      try {
        fleets[entry.name] = new ServerFleet(this, entry.name.replace(/\//g, "_"), { specs: [spec], console: console && { stackOutputs, ...sameCloud, ...bundle, ...console, mode } });
      } catch (err) {
        if (!(err instanceof PropsError)) throw err;
        if (err.prop === "stackOutputs") {
          throw new FleetFileError(`${source}: fleets[${i}].console.mode: ephemeral URLs cannot be stack outputs, which this FleetStack's consoleOutputs asks for; use mode resource, or set consoleOutputs to false`);
        }
        if (err.prop === "serverOutputs") {
          const why = mode === "ephemeral" ? "an ephemeral console has none" : "this FleetStack's consoleOutputs is false";
          throw new FleetFileError(`${source}: fleets[${i}].console.serverOutputs: asks for per-server outputs, but the fleet's console has no stack outputs (${why}); leave serverOutputs out`);
        }
        const server = err.construct.kind === "OpenStackServer" ? ` (server ${JSON.stringify(err.construct.id)})` : "";
        throw new FleetFileError(`${source}: fleets[${i}].${fileKey(err)}${server}: ${err.problem}; ${fileFix(err.fix)}`);
      }
    });
    this.fleets = fleets;
    this.servers = Object.assign({}, ...Object.values(fleets).map((f) => f.servers));

    // Flat maps by server name: plain to read with jq, and `server_ids` is what `os-console from-stack` reads.
    const byName = (attribute: (s: OpenStackServer) => string) =>
      Object.fromEntries(Object.entries(this.servers).map(([name, s]) => [name, attribute(s)]));
    new TerraformOutput(this, SERVER_IDS_OUTPUT, { staticId: true, description: "Nova id of each server, by name", value: byName((s) => s.id) });
    new TerraformOutput(this, "server_access_ipv4", { staticId: true, description: "Access IPv4 of each server, by name", value: byName((s) => s.accessIpV4) });
    new TerraformOutput(this, "server_access_ipv6", { staticId: true, description: "Access IPv6 of each server, by name", value: byName((s) => s.accessIpV6) });
  }
}
