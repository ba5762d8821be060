/** Console pairs from the command line, checked against the shared console matrix. */
import { CONSOLE_PROFILES, CONSOLE_TYPES, PROFILE_NAMES, isProfileName, pairKey, pairProblem, protocolForType, resolvePair, type ConsolePair } from "../../openstack";
import { usageError } from "../errors";

/**
 * `--protocol` / `--type` of url and from-stack, resolved as the constructs
 * and the hook resolve them: a bare type names its protocol (`--type
 * spice-html5` is spice/spice-html5, as `openstack console url show --spice`),
 * a bare protocol its first type, neither vnc/novnc.
 */
export function singlePair(protocol: string | undefined, type: string | undefined): ConsolePair {
  if (type !== undefined && protocol === undefined && protocolForType(type) === undefined) {
    throw usageError(`--protocol/--type: unknown console type "${type}"`, `use one of ${CONSOLE_TYPES.join(", ")}`);
  }
  const pair = resolvePair({ protocol, type });
  const problem = pairProblem(pair.protocol, pair.type);
  if (problem) throw usageError(`--protocol/--type: ${problem}`, "for example --type spice-html5, or --protocol vnc --type novnc");
  return pair;
}

/**
 * `--types` of audit: a comma list of protocol/type pairs or bare types
 * ("novnc" is vnc/novnc). Without --types, the profile's pairs; without a
 * profile, vnc/novnc, the pair every profile offers. With a profile, each
 * pair must be one the profile offers.
 */
export function auditPairs(types: string | undefined, profile: string | undefined): ConsolePair[] {
  if (profile !== undefined && !isProfileName(profile)) {
    throw usageError(`--profile: unknown profile "${profile}"`, `use one of ${PROFILE_NAMES.join(", ")}`);
  }
  const keys =
    types !== undefined
      ? splitList(types)
      : profile !== undefined
        ? [...CONSOLE_PROFILES[profile].enabledPairs]
        : [pairKey(resolvePair({}).protocol, resolvePair({}).type)];
  const pairs: ConsolePair[] = [];
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

function parsePairKey(key: string): ConsolePair {
  const slash = key.indexOf("/");
  if (slash >= 0) return { protocol: key.slice(0, slash), type: key.slice(slash + 1) };
  // A bare type names its protocol (types are unique across protocols), as openstacksdk infers it.
  const protocol = protocolForType(key);
  if (protocol === undefined) {
    throw usageError(`--types: unknown console type "${key}"`, `use protocol/type pairs or one of ${CONSOLE_TYPES.join(", ")}`);
  }
  return { protocol, type: key };
}
