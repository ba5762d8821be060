/**
 * What osconsole_urls does at each step, on decoded values (values.ts).
 * The managed resource mints at create and reads nothing afterwards, so a
 * plan with nothing changed is quiet (no request, no diff): the pattern of
 * random_password. The plan says exactly what the apply will do, which the
 * apply then does (Terraform refuses any other result).
 */
import { randomUUID } from "node:crypto";
import { CONSOLE_ATTRIBUTES } from "../hook-contract";
import { mintRequest } from "./config";
import { DiagnosticsError, type Diagnostic } from "./diagnostics";
import { mintConsoles, type StopSignal } from "./mint";
import { OPTION_ATTRIBUTES } from "./schema";
import { UNKNOWN, hasUnknown, isUnknown, knownStringMap, sameKnown, type ObjectValue, type Value } from "./values";

const { servers: SERVERS, keepers: KEEPERS, urls: URLS, mintedAt: MINTED_AT } = CONSOLE_ATTRIBUTES;
const ID = "id";

/** The attributes whose change mints every URL again: every console option, and keepers. */
const MINT_ALL_ON_CHANGE = [...OPTION_ATTRIBUTES.map((a) => a.name), KEEPERS];

/** Which servers a change from `prior` to `next` must mint: "all", or the names to mint (new, or with a new id). */
function toMint(prior: ObjectValue, next: ObjectValue): "all" | string[] {
  if (MINT_ALL_ON_CHANGE.some((name) => !sameKnown(prior[name] ?? null, next[name] ?? null))) return "all";
  const servers = next[SERVERS];
  const before = knownStringMap(prior[SERVERS] ?? null);
  const urls = knownStringMap(prior[URLS] ?? null);
  if (servers === null || isUnknown(servers) || typeof servers !== "object" || !before || !urls) return "all";
  return Object.entries(servers).flatMap(([name, id]) => (isUnknown(id) || before[name] !== id || !(name in urls) ? [name] : []));
}

/** `map` without the servers `servers` no longer names. */
function keepNamed(map: Value, servers: ObjectValue): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries((map ?? {}) as Record<string, string>)) if (name in servers) kept[name] = value;
  return kept;
}

/** PlanResourceChange: the planned state, unknown where the apply will mint. */
export function planResource(prior: Value, proposed: Value): Value {
  if (proposed === null) return null; // destroy
  const planned = { ...(proposed as ObjectValue) };
  if (prior === null) return { ...planned, [URLS]: UNKNOWN, [MINTED_AT]: UNKNOWN, [ID]: UNKNOWN };
  const before = prior as ObjectValue;
  const mint = toMint(before, planned);
  if (mint === "all") return { ...planned, [URLS]: UNKNOWN, [MINTED_AT]: UNKNOWN, [ID]: before[ID] };
  // The prior URLs of the servers still named, and unknown ones for those to mint (the plan shows which).
  const servers = planned[SERVERS] as ObjectValue;
  const minting = (map: Value): ObjectValue => ({ ...keepNamed(map, servers), ...Object.fromEntries(mint.map((name) => [name, UNKNOWN])) });
  return { ...planned, [URLS]: minting(before[URLS]), [MINTED_AT]: minting(before[MINTED_AT]), [ID]: before[ID] };
}

/**
 * ApplyResourceChange: the new state. A failure throws DiagnosticsError and
 * Terraform keeps the prior state (nothing on create): never half a set.
 */
export async function applyResource(prior: Value, planned: Value, stop: StopSignal): Promise<{ state: Value; diagnostics: Diagnostic[] }> {
  if (planned === null) return { state: null, diagnostics: [] }; // destroy: the tokens expire on their own
  const next = planned as ObjectValue;
  if (!hasUnknown(next[URLS])) return { state: next, diagnostics: [] }; // the plan knew the result: nothing to mint
  const before = prior as ObjectValue | null;
  const mint = before === null ? "all" : toMint(before, next);
  const names = mint === "all" ? undefined : new Set(mint);
  const request = mintRequest(next);
  if (Array.isArray(request)) throw new DiagnosticsError(request);
  const minted = await mintConsoles({ ...request, servers: request.servers.filter((s) => names === undefined || names.has(s.name)) }, stop);
  if (Array.isArray(minted)) throw new DiagnosticsError(minted);
  const servers = next[SERVERS] as ObjectValue;
  const keptUrls = names && before ? keepNamed(before[URLS], servers) : {};
  const keptAt = names && before ? keepNamed(before[MINTED_AT], servers) : {};
  return {
    state: { ...next, [URLS]: { ...keptUrls, ...minted.urls }, [MINTED_AT]: { ...keptAt, ...minted.mintedAt }, [ID]: before ? before[ID] : randomUUID() },
    diagnostics: minted.diagnostics,
  };
}

/** ReadDataSource and OpenEphemeralResource: mint every server now. An ephemeral config not yet known gives unknown results. */
export async function mintNow(config: Value, stop: StopSignal): Promise<{ state: Value; diagnostics: Diagnostic[] }> {
  const known = config as ObjectValue;
  if (hasUnknown(known)) return { state: { ...known, [URLS]: UNKNOWN, [MINTED_AT]: UNKNOWN, [ID]: UNKNOWN }, diagnostics: [] };
  const request = mintRequest(known);
  if (Array.isArray(request)) throw new DiagnosticsError(request);
  const minted = await mintConsoles(request, stop);
  if (Array.isArray(minted)) throw new DiagnosticsError(minted);
  return { state: { ...known, [URLS]: minted.urls, [MINTED_AT]: minted.mintedAt, [ID]: randomUUID() }, diagnostics: minted.diagnostics };
}
