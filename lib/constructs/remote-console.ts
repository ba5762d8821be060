import { Construct } from "constructs";
import { Annotations, Fn } from "cdktf";
import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { findPair } from "../console-matrix";
import { ConsoleOptions, consoleQuery } from "./console-options";
import { addConsoleOutputs } from "./console-outputs";
import { hookAssetPath } from "./hook-asset";
import { ConstructLabel, PropsError, constructLabel } from "./props-error";
import { OpenStackServer } from "./server";
import { stackSingleton } from "./stack-scope";

export interface RemoteConsoleProps extends ConsoleOptions {
  /** One server. Set exactly one of `server` or `servers`. */
  readonly server?: OpenStackServer;
  /** Servers by the name their URL is keyed by. Set exactly one of `server` or `servers`. */
  readonly servers?: Readonly<Record<string, OpenStackServer>>;
  /** The bundled hook. @default dist/hook/console-hook.js of this project (made by `npm run build`) */
  readonly hookBundle?: string;
}

/**
 * The hashicorp/external releases the stack accepts. The prebuilt bindings pin
 * 2.3.5 exactly; any release from 1.2.0 on runs the hook the same way (program,
 * query, result, working_dir), and machines without the registry can only build
 * 1.2.0 from the Go module proxy (scripts/terraform-tools.js). With the registry,
 * `terraform init` picks the newest 2.x.
 */
export const EXTERNAL_PROVIDER_CONSTRAINT = ">= 1.2.0, < 3.0.0";

/** The hashicorp/external provider, configured once per stack (it takes no settings). */
function ensureExternalProvider(scope: Construct): void {
  stackSingleton(scope, "external-provider", (stack) => {
    const existing = stack.node.children.find((c) => c instanceof ExternalProvider);
    if (existing) return existing;
    stack.addOverride("terraform.required_providers.external.version", EXTERNAL_PROVIDER_CONSTRAINT);
    return new ExternalProvider(stack, "external");
  });
}

/**
 * Remote-console URLs for one server or a set of servers: one `data "external"`
 * that runs the bundled hook once for all of them, reading after the servers
 * exist (its query refers to their ids), and sensitive outputs
 * `console_urls` and `console_url_<name>`.
 */
export class RemoteConsole extends Construct {
  /** The external data source that runs the hook. */
  readonly dataSource: DataExternal;
  /** The hook's query, as synthesized (every value a string; `servers` is a Terraform expression). */
  readonly query: Readonly<Record<string, string>>;
  /** The server names, in order. */
  readonly serverNames: readonly string[];

  constructor(scope: Construct, id: string, props: RemoteConsoleProps) {
    super(scope, id);
    const label = constructLabel("RemoteConsole", id);
    const servers = RemoteConsole.serversOf(label, props);
    this.serverNames = Object.keys(servers);

    const query = consoleQuery(label, props);
    if (findPair(query.protocol, query.type)?.retired) {
      Annotations.of(this).addWarning(
        `${label}: current Nova refuses ${query.protocol}/${query.type} (its proxy was removed); only an older cloud still serves it`,
      );
    }
    if (props.insecure) {
      Annotations.of(this).addWarning(`${label}: insecure is set, so the hook will not verify the cloud's TLS certificate`);
    }
    ensureExternalProvider(this);
    const program = ["node", hookAssetPath(this, props.hookBundle)];
    // A reference to the ids (not depends_on) so Terraform reads this after the servers exist, and only then.
    const ids = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.id]));
    this.query = { servers: Fn.jsonencode(ids), ...query };
    this.dataSource = new DataExternal(this, "hook", { program, query: this.query });

    addConsoleOutputs(this, label, this.dataSource, this.serverNames);
  }

  /** A reference to one server's console URL (known after the data source is read). */
  urlOf(name: string): string {
    if (!this.serverNames.includes(name)) {
      throw new PropsError(constructLabel("RemoteConsole", this.node.id), "urlOf", `has no server ${JSON.stringify(name)}`, `use one of ${this.serverNames.join(", ")}`);
    }
    return this.dataSource.result.lookup(name);
  }

  private static serversOf(label: ConstructLabel, props: RemoteConsoleProps): Readonly<Record<string, OpenStackServer>> {
    if ((props.server === undefined) === (props.servers === undefined)) {
      throw new PropsError(label, "server/servers", props.server ? "both are set" : "neither is set", "set server for one server, or servers for several");
    }
    if (props.server) return { [props.server.name]: props.server };
    const servers = props.servers!;
    const names = Object.keys(servers);
    if (names.length === 0) throw new PropsError(label, "servers", "is empty", "give at least one server");
    for (const name of names) {
      if (name.trim() === "") throw new PropsError(label, "servers", "has an empty name", "key each server by its name");
      if (!(servers[name] instanceof OpenStackServer)) {
        throw new PropsError(label, `servers.${name}`, "is not an OpenStackServer", "pass the servers a ServerFleet or OpenStackServer made");
      }
    }
    return servers;
  }
}
