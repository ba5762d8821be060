/** Console pairs from the command line, checked against the shared console matrix. */
import { CONSOLE_PROFILES, CONSOLE_TYPES, PROFILE_NAMES, isProfileName, pairKey, pairProblem, protocolForType } from "../../openstack";
import { usageError } from "../errors";

export interface Pair {
  readonly protocol: string;
  readonly type: string;
}

/** What `url` and `from-stack` mint, and what `audit` checks, when nothing else is asked for. */
export const DEFAULT_PROTOCOL = "vnc";
export const DEFAULT_TYPE = "novnc";

/** `--protocol` / `--type` of url and from-stack. */
export function singlePair(protocol: string, type: string): Pair {
  const problem = pairProblem(protocol, type);
  if (problem) throw usageError(`--protocol/--type: ${problem}`, "for example --protocol vnc --type novnc");
  return { protocol, type };
}

/**
 * `--types` of audit: a comma list of protocol/type pairs or bare types
 * ("novnc" is vnc/novnc). Without --types, the profile's pairs; without a
 * profile, vnc/novnc, the pair every profile offers. With a profile, each
 * pair must be one the profile offers.
 */
export function auditPairs(types: string | undefined, profile: string | undefined): Pair[] {
  if (profile !== undefined && !isProfileName(profile)) {
    throw usageError(`--profile: unknown profile "${profile}"`, `use one of ${PROFILE_NAMES.join(", ")}`);
  }
  const keys =
    types !== undefined
      ? splitList(types)
      : profile !== undefined
        ? [...CONSOLE_PROFILES[profile].enabledPairs]
        : [pairKey(DEFAULT_PROTOCOL, DEFAULT_TYPE)];
  const pairs: Pair[] = [];
  for (const key of keys) {
    const pair = parsePairKey(key);
    const problem = pairProblem(pair.protocol, pair.type, profile);
    if (problem) {
      throw usageError(`--types: "${key}": ${problem}`, 'give protocol/type pairs separated by commas, for example "vnc/novnc,spice/spice-html5"');
    }
    if (!pairs.some((p) => p.protocol === pair.protocol && p.type === pair.type)) pairs.push(pair);
  }
  return pairs;
}

function splitList(value: string): string[] {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw usageError("--types: the list is empty", 'give at least one pair, for example "vnc/novnc"');
  return items;
}

function parsePairKey(key: string): Pair {
  const slash = key.indexOf("/");
  if (slash >= 0) return { protocol: key.slice(0, slash), type: key.slice(slash + 1) };
  // A bare type names its protocol (types are unique across protocols), as openstacksdk infers it.
  const protocol = protocolForType(key);
  if (protocol === undefined) {
    throw usageError(`--types: unknown console type "${key}"`, `use protocol/type pairs or one of ${CONSOLE_TYPES.join(", ")}`);
  }
  return { protocol, type: key };
}
