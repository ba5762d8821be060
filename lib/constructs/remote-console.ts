import { Construct } from "constructs";
import { Annotations, Fn, StringMap, TerraformProvider, TerraformStack, Token } from "cdktf";
import { DataExternal } from "@cdktf/provider-external/lib/data-external";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { findPair } from "../console-matrix";
import { ConsoleOptionError, ConsoleOptions, SERVERS_KEY, encodeConsoleArguments, encodeConsoleQuery, serverProblem } from "../hook-contract";
import { addConsoleOutputs } from "./console-outputs";
import { EphemeralOsconsoleUrls, OsconsoleUrls } from "./console-provider-bindings";
import { ensureConsoleProvider } from "./console-provider-plugins";
import { CONSOLE_MODES, ConsoleModeName, isConsoleMode } from "./console-mode";
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

/** A console's settings except its servers: what ServerFleet's `console` takes. */
export interface FleetConsoleOptions extends ConsoleOptions {
  /** How the URLs are minted and kept: one of ConsoleMode's values, "resource", "ephemeral" or "data-source". @default "resource" */
  readonly mode?: string;
  /**
   * Resource mode only: any change of these strings (a map of your choosing,
   * e.g. `{ rotation: "2026-12" }`) mints every URL of the console again at the
   * next apply, as keepers do for hashicorp/random. @default none: URLs are
   * minted again only when the servers or options change
   */
  readonly keepers?: { [key: string]: string };
  /**
   * Stack outputs `console_urls` (every URL in the stack, by server name) and
   * `console_url_<name>`, all sensitive, at the stack's top level. Off, the
   * console claims no output names: wire `urls` or `urlOf()` into outputs of
   * your own (mark them sensitive). @default false (FleetStack turns it on)
   */
  readonly stackOutputs?: boolean;
  /**
   * With `stackOutputs`: also one `console_url_<name>` output per server. Off,
   * `console_urls` alone holds every URL. Each such output depends on the whole
   * fleet, so Terraform's plan spends time on it in proportion to the fleet:
   * 1,000 of them on a 1,000-server fleet add about 10 s to every plan
   * (docs/bench.md); turn them off for fleets in the hundreds. @default true
   */
  readonly serverOutputs?: boolean;
  /**
   * Version constraint of hashicorp/external, applied when this console adds
   * the stack's external provider (a provider configured beforehand keeps its
   * own). @default EXTERNAL_PROVIDER_VERSION, ">= 1.2.0, < 3.0.0"
   */
  readonly externalProviderVersion?: string;
  /** The bundled hook (data-source mode). @default dist/hook/console-hook.js of this package */
  readonly hookBundle?: string;
  /** The bundled provider laid into the stack (resource and ephemeral modes). @default dist/provider/terraform-provider-osconsole.js of this package */
  readonly providerBundle?: string;
}

export interface RemoteConsoleProps extends FleetConsoleOptions {
  /** One server. Set exactly one of `server` or `servers`. @default none: `servers` */
  readonly server?: IOpenStackServer;
  /** Servers by the name their URL is keyed by. Set exactly one of `server` or `servers`. @default none: `server` */
  readonly servers?: { [name: string]: IOpenStackServer };
}

/** Values known only at apply: tokens, and strings holding a Terraform expression. */
const isUnresolved = (v: unknown): boolean => (typeof v === "string" ? !isLiteralString(v) : Token.isUnresolved(v));

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
 * Remote-console URLs for one server or a set of servers, minted once for all
 * of them after the servers exist (the arguments refer to their ids), by the
 * package's provider (modes "resource" and "ephemeral") or by the bundled hook
 * in a `data "external"` ("data-source"). The URLs are attributes (`urls`,
 * `urlOf`); with `stackOutputs` also sensitive stack outputs.
 */
export class RemoteConsole extends Construct {
  /** The mode, one of ConsoleMode's values. */
  readonly mode: string;
  /** Data-source mode: the external data source that runs the hook. */
  readonly dataSource?: DataExternal;
  /** Resource mode: the `osconsole_urls` resource that keeps the URLs in state. */
  readonly resource?: OsconsoleUrls;
  /** Ephemeral mode: the `ephemeral "osconsole_urls"` block. */
  readonly ephemeral?: EphemeralOsconsoleUrls;
  /** Data-source mode: the hook's query, as synthesized (every value a string; `servers` is a Terraform expression); empty in the other modes. */
  readonly query: { [key: string]: string };
  /** The server names, in order. */
  readonly serverNames: string[];
  private readonly urlMap: StringMap;

  constructor(scope: Construct, id: string, props: RemoteConsoleProps) {
    super(scope, id);
    const label = constructLabel("RemoteConsole", id, this.node.path);
    const mode = RemoteConsole.modeOf(label, props);
    this.mode = mode;
    const ids = RemoteConsole.serversOf(label, props);
    this.serverNames = Object.keys(ids);
    const keepers = RemoteConsole.keepersOf(label, props, mode);

    const encoded = RemoteConsole.checked(label, () =>
      mode === "data-source" ? encodeConsoleQuery(props, { is: isUnresolved, asText: (v) => (typeof v === "string" ? v : Token.asString(v)) }) : encodeConsoleArguments(props, isUnresolved),
    );
    const { protocol, type } = encoded;
    if (typeof protocol === "string" && typeof type === "string" && findPair(protocol, type)?.retired) {
      Annotations.of(this).addWarning(`${label}: current Nova refuses ${protocol}/${type} (its proxy was removed); only an older cloud still serves it`);
    }
    if (props.insecure) {
      Annotations.of(this).addWarning(`${label}: insecure is set, so ${mode === "data-source" ? "the hook" : "the provider"} will not verify the cloud's TLS certificate`);
    }

    if (mode === "data-source") {
      ensureExternalProvider(this, label, props.externalProviderVersion);
      const program = ["node", hookAssetPath(this, props.hookBundle)];
      // A reference to the ids (not depends_on) so Terraform reads this after the servers exist, and only then.
      this.query = { [SERVERS_KEY]: Fn.jsonencode(ids), ...(encoded as Record<string, string>) };
      this.dataSource = new DataExternal(this, "hook", { program, query: this.query });
      this.urlMap = this.dataSource.result;
    } else {
      ensureConsoleProvider(this, label, props.providerBundle);
      this.query = {};
      // The ids as a map of references: minted after the servers exist; a replaced server's new id mints its URL again.
      const config = { servers: ids, keepers, options: encoded };
      if (mode === "resource") {
        this.resource = new OsconsoleUrls(this, "urls", config);
        this.urlMap = this.resource.urls;
      } else {
        this.ephemeral = new EphemeralOsconsoleUrls(this, "urls", config);
        this.urlMap = this.ephemeral.urls;
      }
    }

    if (props.stackOutputs) addConsoleOutputs(this, label, this.urlMap, props.serverOutputs === false ? [] : this.serverNames);
  }

  /**
   * Every server's console URL by name: a reference, known once Terraform has
   * minted them. Put it only in sensitive outputs. In ephemeral mode an
   * ephemeral value: usable only where Terraform accepts those.
   */
  get urls(): StringMap {
    return this.urlMap;
  }

  /** A reference to one server's console URL (as `urls`). */
  urlOf(name: string): string {
    if (!this.serverNames.includes(name)) {
      throw new PropsError(constructLabel("RemoteConsole", this.node.id, this.node.path), "urlOf", `has no server ${JSON.stringify(name)}`, `use one of ${this.serverNames.join(", ")}`);
    }
    return this.urlMap.lookup(name);
  }

  /** The mode, checked, with what it rules out. */
  private static modeOf(label: ConstructLabel, props: RemoteConsoleProps): ConsoleModeName {
    const mode: unknown = props.mode ?? "resource";
    if (!isConsoleMode(mode)) {
      throw new PropsError(label, "mode", `${JSON.stringify(mode)} is not a console mode`, `use one of ${CONSOLE_MODES.join(", ")}`);
    }
    if (mode === "ephemeral" && props.stackOutputs) {
      throw new PropsError(
        label,
        "stackOutputs",
        "cannot be set with mode ephemeral: a root module's outputs cannot carry ephemeral values",
        "leave stackOutputs out (use urls where Terraform accepts ephemeral values), or use mode resource to keep the URLs in state",
      );
    }
    if (props.serverOutputs === true && !props.stackOutputs) {
      throw new PropsError(label, "serverOutputs", "asks for per-server outputs, which exist only beside the stack outputs", "set stackOutputs: true as well, or leave serverOutputs out");
    }
    return mode;
  }

  /** Keepers: resource mode only (the other modes mint at every run anyway), a map of strings. */
  private static keepersOf(label: ConstructLabel, props: RemoteConsoleProps, mode: ConsoleModeName): Readonly<Record<string, string>> | undefined {
    const keepers = props.keepers as unknown;
    if (keepers === undefined) return undefined;
    if (mode !== "resource") {
      throw new PropsError(label, "keepers", `is set, but mode ${mode} mints URLs at every run, so there is nothing to keep`, "leave keepers out, or use mode resource");
    }
    if (Token.isUnresolved(keepers)) return keepers as Record<string, string>;
    if (typeof keepers !== "object" || keepers === null || Array.isArray(keepers)) {
      throw new PropsError(label, "keepers", "is not a map of strings", 'give an object of string values, e.g. { rotation: "2026-12" }');
    }
    for (const [key, value] of Object.entries(keepers)) {
      if (key.trim() === "") throw new PropsError(label, "keepers", "has an empty key", "name each keeper");
      if (typeof value !== "string") {
        throw new PropsError(label, `keepers.${key}`, `is ${value === null ? "null" : typeof value}, not a string`, `give a string, e.g. "${String(value)}"`);
      }
    }
    return keepers as Record<string, string>;
  }

  /** Runs the hook contract's encoding, its refusals turned into PropsErrors. */
  private static checked<T>(label: ConstructLabel, encode: () => T): T {
    try {
      return encode();
    } catch (err) {
      if (!(err instanceof ConsoleOptionError)) throw err;
      throw new PropsError(label, err.options.join("/"), err.problem, err.fix);
    }
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
