import { Construct } from "constructs";
import { Annotations, Fn, StringMap, TerraformProvider, TerraformStack, Token } from "cdktf";
import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { findPair } from "../console-matrix";
import { ConsoleOptionError, ConsoleOptions, SERVERS_KEY, encodeConsoleQuery, serverProblem } from "../hook-contract";
import { addConsoleOutputs } from "./console-outputs";
import { hookAssetPath } from "./hook-asset";
import { isLiteralString } from "./literals";
import { ConstructLabel, PropsError, constructLabel } from "./props-error";
import { IOpenStackServer } from "./server";
import { stackSingleton } from "./stack-scope";

/**
 * hashicorp/external versions whose data source speaks the protocol the hook
 * uses (unchanged from 1.2.0 through 2.x); 1.2.0 is what offline Terraform
 * tool builds can have, as the Go module proxy refuses every 2.x.
 */
export const EXTERNAL_PROVIDER_VERSION = ">= 1.2.0, < 3.0.0";

export interface RemoteConsoleProps extends ConsoleOptions {
  /** One server. Set exactly one of `server` or `servers`. */
  readonly server?: IOpenStackServer;
  /** Servers by the name their URL is keyed by. Set exactly one of `server` or `servers`. */
  readonly servers?: Readonly<Record<string, IOpenStackServer>>;
  /**
   * Stack outputs `console_urls` (every URL in the stack, by server name) and
   * `console_url_<name>`, all sensitive, at the stack's top level. Off, the
   * console claims no output names: wire `urls` or `urlOf()` into outputs of
   * your own (mark them sensitive). @default false (FleetStack turns it on)
   */
  readonly stackOutputs?: boolean;
  /**
   * Version constraint of hashicorp/external, applied when this console adds
   * the stack's external provider (a provider configured beforehand keeps its
   * own). @default EXTERNAL_PROVIDER_VERSION, ">= 1.2.0, < 3.0.0"
   */
  readonly externalProviderVersion?: string;
  /** The bundled hook. @default dist/hook/console-hook.js of this package */
  readonly hookBundle?: string;
}

/**
 * The hashicorp/external provider, once per stack (it takes no settings).
 * Found by its Terraform type, not by class, so a provider from another
 * copy of @cdktf/provider-external counts too.
 */
function ensureExternalProvider(scope: Construct, label: ConstructLabel, version: string | undefined): void {
  const stack = TerraformStack.of(scope);
  const added = stackSingleton(scope, "external-provider", () => {
    const existing = stack.node.children.find((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === "external");
    if (existing) return { version: undefined };
    new ExternalProvider(stack, "external");
    const constraint = version ?? EXTERNAL_PROVIDER_VERSION;
    stack.addOverride("terraform.required_providers.external.version", constraint);
    return { version: constraint };
  });
  if (version !== undefined && added.version !== version) {
    throw new PropsError(
      label,
      "externalProviderVersion",
      added.version === undefined ? "is set, but the stack configures hashicorp/external itself" : `${JSON.stringify(version)} differs from ${JSON.stringify(added.version)}, asked by an earlier console of the stack`,
      "give every console of a stack the same constraint, or leave it out",
    );
  }
}

/**
 * Remote-console URLs for one server or a set of servers: one `data "external"`
 * that runs the bundled hook once for all of them, read after the servers
 * exist (its query refers to their ids). The URLs are attributes (`urls`,
 * `urlOf`); with `stackOutputs` also sensitive stack outputs.
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
    const label = constructLabel("RemoteConsole", id, this.node.path);
    const ids = RemoteConsole.serversOf(label, props);
    this.serverNames = Object.keys(ids);

    let query: Record<string, string>;
    try {
      query = encodeConsoleQuery(props, {
        is: (v) => (typeof v === "string" ? !isLiteralString(v) : Token.isUnresolved(v)),
        asText: (v) => (typeof v === "string" ? v : Token.asString(v)),
      });
    } catch (err) {
      if (!(err instanceof ConsoleOptionError)) throw err;
      throw new PropsError(label, err.options.join("/"), err.problem, err.fix);
    }
    if (query.protocol !== undefined && query.type !== undefined && findPair(query.protocol, query.type)?.retired) {
      Annotations.of(this).addWarning(
        `${label}: current Nova refuses ${query.protocol}/${query.type} (its proxy was removed); only an older cloud still serves it`,
      );
    }
    if (props.insecure) {
      Annotations.of(this).addWarning(`${label}: insecure is set, so the hook will not verify the cloud's TLS certificate`);
    }
    ensureExternalProvider(this, label, props.externalProviderVersion);
    const program = ["node", hookAssetPath(this, props.hookBundle)];
    // A reference to the ids (not depends_on) so Terraform reads this after the servers exist, and only then.
    this.query = { [SERVERS_KEY]: Fn.jsonencode(ids), ...query };
    this.dataSource = new DataExternal(this, "hook", { program, query: this.query });

    if (props.stackOutputs) addConsoleOutputs(this, label, this.dataSource, this.serverNames);
  }

  /** Every server's console URL by name: a reference, known once the data source is read. Put it only in sensitive outputs. */
  get urls(): StringMap {
    return this.dataSource.result;
  }

  /** A reference to one server's console URL (known once the data source is read). */
  urlOf(name: string): string {
    if (!this.serverNames.includes(name)) {
      throw new PropsError(constructLabel("RemoteConsole", this.node.id, this.node.path), "urlOf", `has no server ${JSON.stringify(name)}`, `use one of ${this.serverNames.join(", ")}`);
    }
    return this.dataSource.result.lookup(name);
  }

  /**
   * The servers' ids by name. Each `id` is read once: an OpenStackServer's is a
   * new cdktf token per read, and cdktf records a stack trace per token, which
   * dominated synth for large fleets when ids were read three times.
   */
  private static serversOf(label: ConstructLabel, props: RemoteConsoleProps): Readonly<Record<string, string>> {
    if ((props.server === undefined) === (props.servers === undefined)) {
      throw new PropsError(label, "server/servers", props.server ? "both are set" : "neither is set", "set server for one server, or servers for several");
    }
    const single = props.server as Partial<IOpenStackServer> | null | undefined;
    if (single !== undefined && (typeof single !== "object" || single === null || typeof single.name !== "string")) {
      throw new PropsError(label, "server", "is not a server (an IOpenStackServer with an id and a name)", "pass an OpenStackServer, a ServerFleet's server, or OpenStackServer.fromServerAttributes(...)");
    }
    if (single !== undefined && !isLiteralString(single.name)) {
      // A raw resource's name attribute is a reference, unknown at synth: it cannot key a URL.
      throw new PropsError(label, "server", "has a name known only at apply", "key it yourself: servers: { <name>: server }");
    }
    const servers = single !== undefined ? { [single.name!]: props.server! } : props.servers!;
    const prop = (name: string) => (single !== undefined ? "server" : `servers.${name}`);
    const names = Object.keys(servers);
    if (names.length === 0) throw new PropsError(label, "servers", "is empty", "give at least one server");
    const ids: Record<string, string> = {};
    for (const name of names) {
      const server = servers[name] as Partial<IOpenStackServer> | undefined;
      const id = typeof server === "object" && server !== null ? server.id : undefined;
      // By shape, not instanceof: servers may come from another copy of this package, or be imported.
      if (typeof id !== "string") {
        throw new PropsError(label, prop(name), "is not a server (an IOpenStackServer with an id)", "pass an OpenStackServer, a ServerFleet's server, or OpenStackServer.fromServerAttributes(...)");
      }
      // A reference's UUID is Terraform's to give; a literal one is checked now.
      const problem = serverProblem(name, isLiteralString(id) ? id : undefined);
      if (problem) throw new PropsError(label, prop(name), problem.problem, problem.fix);
      ids[name] = id;
    }
    return ids;
  }
}
