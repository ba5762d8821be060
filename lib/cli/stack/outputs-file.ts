/**
 * Servers from a cdktf outputs file (`cdktf deploy --outputs-file out.json`),
 * which nests outputs by stack and construct path:
 * `{ <stack>: { <construct>: { <output>: value } } }`.
 *
 * - A `server_ids` output (server name -> Nova id) gives the servers exactly.
 * - Otherwise the keys of `console_urls` (server name -> URL; written only
 *   with --outputs-file-include-sensitive-outputs) give their names, to be
 *   resolved through Nova's server list. The URLs themselves are stale by
 *   now and are never read.
 */
import { CONSOLE_URLS_OUTPUT } from "../../hook-contract";
import { usageError } from "../errors";
import { JsonObject, StackServer, isObject } from "./stack-server";

/** FleetStack's SERVER_IDS_OUTPUT, and the same map under a name of the user's own spelling. */
const SERVER_IDS_OUTPUT = /^server_?ids$/i;

export function serversFromOutputs(doc: JsonObject, source: string, stack: string | undefined): StackServer[] {
  let root = doc;
  let prefix: string[] = [];
  if (stack !== undefined) {
    const forStack = doc[stack];
    if (!isObject(forStack)) {
      throw usageError(`${source} has no outputs for stack "${stack}" (it has ${Object.keys(doc).join(", ") || "none"})`, "give the stack name cdktf deployed, or leave out --stack");
    }
    root = forStack;
    prefix = [stack];
  }
  const byId: StackServer[] = [];
  const byName: StackServer[] = [];
  collect(root, prefix, byId, byName);
  if (byId.length > 0) return byId;
  if (byName.length > 0) return byName;
  throw usageError(
    `${source} has no server_ids or console_urls output${stack !== undefined ? ` for stack "${stack}"` : ""}`,
    "write it with `cdktf deploy --outputs-file out.json --outputs-file-include-sensitive-outputs`, or read the state with --stack/--state",
  );
}

function collect(node: JsonObject, path: string[], byId: StackServer[], byName: StackServer[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (!isObject(value)) continue;
    if (SERVER_IDS_OUTPUT.test(key)) {
      for (const [name, id] of Object.entries(value)) {
        if (typeof id === "string" && id !== "") byId.push({ name, id, address: [...path, key, name].join(".") });
      }
    } else if (key === CONSOLE_URLS_OUTPUT) {
      for (const name of Object.keys(value)) byName.push({ name, address: [...path, key, name].join(".") });
    } else {
      collect(value, [...path, key], byId, byName);
    }
  }
}
