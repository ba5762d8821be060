import {
  BASE_MICROVERSION,
  DEFAULT_MICROVERSION,
  REMOTE_CONSOLES_MIN_MICROVERSION,
  compareMicroversions,
  findPair,
  maxMicroversion,
  pairKey,
  pairProblem,
  type KnownPair,
} from "../../console-matrix";
import { ConfigError, OpenStackError } from "../errors";
import type { ComputeVersions } from "./versions";

export type ConsoleMethod = "remote-consoles" | "legacy-action";

/** How to mint one kind of console on one cloud: decided once per pair, used for every server. */
export interface ConsolePlan {
  readonly pair: KnownPair;
  readonly method: ConsoleMethod;
  readonly microversion: string;
}

const below = (a: string, b: string) => compareMicroversions(a, b) < 0;
const minOf = (a: string, b: string) => (below(a, b) ? a : b);

/**
 * The microversion for a pair: the caller's (default 2.8), raised to the
 * least the pair needs, and checked against the cloud's range. A cloud
 * whose maximum is below 2.6, or a caller asking below 2.6, gets the legacy
 * server action for the type. `requested` undefined means "the default", which
 * may come down to the cloud's maximum; an explicit one is never lowered.
 */
export function planConsole(protocol: string, type: string, requested: string | undefined, cloud: ComputeVersions): ConsolePlan {
  const pair = findPair(protocol, type);
  if (!pair) {
    throw new ConfigError(`console ${pairKey(protocol, type)}: ${pairProblem(protocol, type)}`, "Choose a protocol/type pair from the console matrix (vnc/novnc is the common one).");
  }
  const key = pairKey(pair.protocol, pair.type);
  const wish = requested ?? DEFAULT_MICROVERSION;
  const cloudMax = cloud.max ?? BASE_MICROVERSION;
  const cloudMin = cloud.min ?? BASE_MICROVERSION;

  const callerWantsLegacy = below(wish, REMOTE_CONSOLES_MIN_MICROVERSION);
  if (callerWantsLegacy || below(cloudMax, REMOTE_CONSOLES_MIN_MICROVERSION)) {
    if (!pair.legacyAction) {
      throw new OpenStackError(
        "unsupported",
        callerWantsLegacy
          ? `console ${key} has no legacy server action, and microversion ${wish} (below ${REMOTE_CONSOLES_MIN_MICROVERSION}) asks for one`
          : `this cloud's compute API goes up to microversion ${cloud.max ?? "none (v2.0)"}, below ${REMOTE_CONSOLES_MIN_MICROVERSION} where remote consoles begin, and console ${key} has no legacy server action`,
        callerWantsLegacy
          ? `Ask for microversion ${pair.minMicroversion} or higher, or use a type with a legacy action (vnc/novnc).`
          : "Use a type with a legacy action (vnc/novnc, spice/spice-html5, serial/serial, rdp/rdp-html5).",
      );
    }
    const microversion = callerWantsLegacy ? minOf(wish, cloudMax) : cloudMax;
    return { pair, method: "legacy-action", microversion: maxMicroversion(microversion, cloudMin) };
  }

  let microversion = maxMicroversion(wish, pair.minMicroversion);
  if (below(cloudMax, microversion)) {
    if (below(cloudMax, pair.minMicroversion)) {
      throw new OpenStackError(
        "unsupported",
        `console ${key} needs microversion ${pair.minMicroversion} or higher, and this cloud's maximum is ${cloudMax}`,
        `This cloud cannot serve ${key}; choose another console type (vnc/novnc works from ${REMOTE_CONSOLES_MIN_MICROVERSION}).`,
      );
    }
    if (requested !== undefined) {
      throw new OpenStackError(
        "unsupported",
        `microversion ${requested} was asked for, and this cloud's maximum is ${cloudMax}`,
        `Ask for ${cloudMax} or lower (the default is ${DEFAULT_MICROVERSION}).`,
      );
    }
    microversion = cloudMax;
  }
  return { pair, method: "remote-consoles", microversion: maxMicroversion(microversion, cloudMin) };
}
