import { Construct } from "constructs";
import { ConstructLabel, PropsError, constructLabel } from "./props-error";
import { constructIdFor, isLiteralNumber, isLiteralString } from "./literals";
import { FleetConsoleOptions, RemoteConsole } from "./remote-console";
import { OpenStackServer } from "./server";
import { ServerSpec } from "./server-props";

/** Servers of one kind: `count` servers named `<name>-1` ... `<name>-<count>`. */
export interface FleetServerSpec extends ServerSpec {
  /** Name prefix: servers are called `<name>-1`, `<name>-2`, ... */
  readonly name: string;
  /** How many servers: a whole number of at least 1. @default 1 */
  readonly count?: number;
}

export interface ServerFleetProps {
  /** The server specs, one or more, each with its own name prefix. */
  readonly specs: FleetServerSpec[];
  /** Remote-console URLs for every server of the fleet, as sensitive outputs. @default no consoles */
  readonly console?: FleetConsoleOptions;
}

/**
 * N servers from a spec (or a list of specs) with deterministic, unique
 * names, and optionally one RemoteConsole for all of them.
 */
export class ServerFleet extends Construct {
  /** Every server by name, in spec order then index order. */
  readonly servers: { [name: string]: OpenStackServer };
  /** The fleet's console, when the `console` option is set. */
  readonly console?: RemoteConsole;

  constructor(scope: Construct, id: string, props: ServerFleetProps) {
    super(scope, id);
    const label = constructLabel("ServerFleet", id, this.node.path);
    const specs = ServerFleet.specsOf(label, props.specs);
    const servers: Record<string, OpenStackServer> = {};
    for (const { spec, count } of specs) {
      const { name: prefix, count: _count, ...serverSpec } = spec;
      for (let i = 1; i <= count; i++) {
        const name = `${prefix}-${i}`;
        servers[name] = new OpenStackServer(this, constructIdFor(name), { ...serverSpec, name });
      }
    }
    this.servers = servers;
    if (props.console) this.console = new RemoteConsole(this, "console", { ...props.console, servers });
  }

  private static specsOf(label: ConstructLabel, given: unknown): Array<{ spec: FleetServerSpec; count: number }> {
    // From Python or JavaScript a single spec may arrive where the list belongs: say so by name.
    if (!Array.isArray(given)) throw new PropsError(label, "specs", "is not a list of server specs", "give a list, e.g. specs: [{ name: \"web\", count: 2, ... }]");
    const list = given as FleetServerSpec[];
    const at = (i: number, key: string): string => `specs[${i}].${key}`;
    if (list.length === 0) throw new PropsError(label, "specs", "is an empty list", "give at least one server spec");
    const prefixes = new Set<string>();
    return list.map((spec, i) => {
      if (!isLiteralString(spec.name) || spec.name.trim() === "") {
        throw new PropsError(label, at(i, "name"), "is empty or not a plain string", "give a name prefix such as web: servers become web-1, web-2, ...");
      }
      if (prefixes.has(spec.name)) {
        throw new PropsError(label, at(i, "name"), `${JSON.stringify(spec.name)} is used by two specs`, "give each spec its own name prefix");
      }
      prefixes.add(spec.name);
      const count = spec.count ?? 1;
      if (!isLiteralNumber(count) || !Number.isInteger(count) || count < 1) {
        throw new PropsError(label, at(i, "count"), `${String(count)} is not a whole number of at least 1`, "give how many servers to create, e.g. 3");
      }
      return { spec, count };
    });
  }
}
