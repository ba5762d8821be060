/**
 * Servers named by the user to Nova ids. A name must match exactly one
 * server; none or several is an error naming the candidates (for an unknown
 * name, the servers whose names contain it or are contained in it, ignoring
 * case). Each server appears once in the result.
 */
import type { OpenStackClient, ServerSummary } from "../../openstack";
import { usageError } from "../errors";
import type { ServerRef } from "../server-ref";
import type { StackServer } from "../stack-source";
import type { Target } from "./mint";

const MAX_CANDIDATES = 5;

/** `url` arguments: ids as given, each name through Nova's (exact) name filter. */
export async function resolveServers(client: OpenStackClient, refs: readonly ServerRef[]): Promise<Target[]> {
  const targets: Target[] = [];
  for (const ref of refs) {
    const target = ref.kind === "id" ? { name: ref.id, id: ref.id } : { name: ref.name, id: await idForName(client, ref.name) };
    if (!targets.some((t) => t.id === target.id)) targets.push(target);
  }
  return targets;
}

/** Stack servers: those with ids as they are; names (from an outputs file) through one listing of the project. */
export async function resolveStackServers(client: OpenStackClient, servers: readonly StackServer[]): Promise<Target[]> {
  const listed = servers.some((s) => s.id === undefined) ? await listAll(client) : [];
  return servers.map((s) => ({ name: s.name, address: s.address, id: s.id ?? idFromListing(s.name, listed) }));
}

async function idForName(client: OpenStackClient, name: string): Promise<string> {
  const exact = await client.findServersByName(name);
  if (exact.length === 1) return exact[0].id;
  // Only on the way to an error: list the project to name the likely candidates.
  throw exact.length > 1 ? ambiguous(name, exact) : unknown(name, await listAll(client));
}

function idFromListing(name: string, listed: readonly ServerSummary[]): string {
  const exact = listed.filter((s) => s.name === name);
  if (exact.length === 1) return exact[0].id;
  throw exact.length > 1 ? ambiguous(name, exact) : unknown(name, listed);
}

async function listAll(client: OpenStackClient): Promise<ServerSummary[]> {
  const all: ServerSummary[] = [];
  for await (const server of client.listServers()) all.push(server);
  return all;
}

function ambiguous(name: string, exact: readonly ServerSummary[]): Error {
  return usageError(`server name "${name}" is ambiguous: ${exact.length} servers have it (${describe(exact)})`, "give the id of the one you mean instead of the name");
}

function unknown(name: string, listed: readonly ServerSummary[]): Error {
  const lower = name.toLowerCase();
  const near = listed.filter((s) => s.name !== "" && (s.name.toLowerCase().includes(lower) || lower.includes(s.name.toLowerCase())));
  const similar = near.length > 0 ? `; similar: ${describe(near)}` : "";
  return usageError(`no server named "${name}" in the project${similar}`, "check the name with `openstack server list`, or give the server id");
}

function describe(servers: readonly ServerSummary[]): string {
  const shown = servers.slice(0, MAX_CANDIDATES).map((s) => `"${s.name}" ${s.id} ${s.status}`);
  const more = servers.length > MAX_CANDIDATES ? `, and ${servers.length - MAX_CANDIDATES} more` : "";
  return shown.join(", ") + more;
}
