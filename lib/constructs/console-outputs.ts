import { Construct } from "constructs";
import { Fn, Lazy, StringMap, TerraformOutput, TerraformStack } from "cdktf";
import { CONSOLE_URLS_OUTPUT, consoleUrlOutputId } from "../hook-contract";
import { ConstructLabel, PropsError } from "./props-error";
import { claimStackName, stackSingleton } from "./stack-scope";

/**
 * The stack's console outputs, all sensitive: `console_urls` maps every
 * server name to its URL (merged across fleets, so there is one map to read
 * per stack), and `console_url_<name>` holds one URL each. They sit at the
 * stack's top level, so `cdktf deploy --outputs-file` writes them as
 * `<stack>.console_urls`, not under a construct path.
 */
class ConsoleOutputs {
  private readonly results: unknown[] = [];

  constructor(private readonly stack: TerraformStack) {
    new TerraformOutput(stack, CONSOLE_URLS_OUTPUT, {
      staticId: true,
      sensitive: true,
      description:
        "Console URL of every server by name. URLs expire (Nova's token_ttl, 10 minutes by default): os-console from-stack mints fresh ones; a keepers change (resource mode) or terraform apply -refresh-only (data-source mode) renews these.",
      value: Lazy.anyValue({ produce: () => (this.results.length === 1 ? this.results[0] : Fn.merge(this.results)) }),
    });
  }

  /** `urls` joins `console_urls`; each of `perServer` gets its own `console_url_<name>`. */
  add(label: ConstructLabel, urls: StringMap, perServer: readonly string[]): void {
    this.results.push(urls);
    for (const name of perServer) {
      const id = consoleUrlOutputId(name);
      const holder = claimStackName(this.stack, "console-output", id, name);
      if (holder !== undefined) {
        throw new PropsError(
          label,
          `servers.${name}`,
          `gives output id ${id}, as server ${JSON.stringify(holder)} already does`,
          "rename one of the servers so their names differ in letters or digits",
        );
      }
      new TerraformOutput(this.stack, id, {
        staticId: true,
        sensitive: true,
        description: `Console URL of ${name} (expires; os-console from-stack mints fresh ones)`,
        value: urls.lookup(name),
      });
    }
  }
}

/** Adds a console's servers (their URL map: the hook's `result` or the resource's `urls`) to the stack's console outputs (RemoteConsole's `stackOutputs`). */
export function addConsoleOutputs(scope: Construct, label: ConstructLabel, urls: StringMap, perServer: readonly string[]): void {
  stackSingleton(scope, "console-outputs", (stack) => new ConsoleOutputs(stack)).add(label, urls, perServer);
}
