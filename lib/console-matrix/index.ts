/**
 * The console matrix: the one place that knows which protocol/type pairs Nova
 * has, from which microversion each exists, which legacy action serves it
 * below 2.6, and which pairs each cloud profile offers.
 *
 * Facts from Nova's API reference and schemas (docs/client-and-hook.md lists the pairs and microversions).
 * Constructs check pairs against it at synth time, the client at run time, and
 * the emulator answers by it. It imports nothing, so every part may use it.
 */

export type ConsoleProtocol = "vnc" | "spice" | "serial" | "rdp" | "mks";
export type ConsoleType =
  | "novnc"
  | "xvpvnc"
  | "spice-html5"
  | "spice-direct"
  | "serial"
  | "rdp-html5"
  | "webmks";

export type LegacyAction =
  | "os-getVNCConsole"
  | "os-getSPICEConsole"
  | "os-getSerialConsole"
  | "os-getRDPConsole";

/**
 * A console as callers name it, protocol and type: the one pair type the
 * constructs, the hook, the client and the CLI pass around. Plain strings,
 * since it carries what a user typed until `pairProblem` has checked it.
 */
export interface ConsolePair {
  readonly protocol: string;
  readonly type: string;
}

/** What the matrix knows of one pair Nova has. */
export interface KnownPair extends ConsolePair {
  readonly protocol: ConsoleProtocol;
  readonly type: ConsoleType;
  /** Least microversion at which `POST /servers/{id}/remote-consoles` accepts the pair. */
  readonly minMicroversion: string;
  /** The server action that serves this type below 2.6, if any. */
  readonly legacyAction?: LegacyAction;
  /**
   * Set when current Nova never serves the pair, whatever a cloud enables:
   * "invalid" answers 400 "Invalid console type" (the xvpvnc proxy went in
   * Ussuri), "unavailable" answers 400 "Unavailable console type" (RDP went
   * with Hyper-V in 2024.1).
   */
  readonly retired?: "invalid" | "unavailable";
}

/** Remote consoles exist from this microversion; below it only legacy actions do. */
export const REMOTE_CONSOLES_MIN_MICROVERSION = "2.6";
/** What Virtuozzo Infrastructure documents for the call, and our default. */
export const DEFAULT_MICROVERSION = "2.8";
/** Nova's base microversion (no header). */
export const BASE_MICROVERSION = "2.1";

export const CONSOLE_PAIRS: readonly KnownPair[] = [
  { protocol: "vnc", type: "novnc", minMicroversion: "2.6", legacyAction: "os-getVNCConsole" },
  { protocol: "vnc", type: "xvpvnc", minMicroversion: "2.6", legacyAction: "os-getVNCConsole", retired: "invalid" },
  { protocol: "spice", type: "spice-html5", minMicroversion: "2.6", legacyAction: "os-getSPICEConsole" },
  { protocol: "spice", type: "spice-direct", minMicroversion: "2.99" },
  { protocol: "serial", type: "serial", minMicroversion: "2.6", legacyAction: "os-getSerialConsole" },
  { protocol: "rdp", type: "rdp-html5", minMicroversion: "2.6", legacyAction: "os-getRDPConsole", retired: "unavailable" },
  { protocol: "mks", type: "webmks", minMicroversion: "2.8" },
];

const CONSOLE_PROTOCOLS: readonly ConsoleProtocol[] = ["vnc", "spice", "serial", "rdp", "mks"];
export const CONSOLE_TYPES: readonly ConsoleType[] = CONSOLE_PAIRS.map((p) => p.type);

/** Least microversion at which the remote-consoles schema accepts each protocol value. */
export const PROTOCOL_MIN_MICROVERSION: Readonly<Record<ConsoleProtocol, string>> = {
  vnc: "2.6",
  spice: "2.6",
  serial: "2.6",
  rdp: "2.6",
  mks: "2.8",
};

export interface ConsoleProfile {
  readonly name: string;
  readonly description: string;
  /** Highest microversion the cloud's compute API answers. */
  readonly maxMicroversion: string;
  /** Pairs the cloud is configured to serve ("protocol/type"). */
  readonly enabledPairs: readonly string[];
  /** The pair used when a caller names none. */
  readonly defaultPair: string;
}

export const pairKey = (protocol: string, type: string): string => `${protocol}/${type}`;

export const CONSOLE_PROFILES: Readonly<Record<string, ConsoleProfile>> = {
  upstream: {
    name: "upstream",
    description: "current upstream Nova (2026.1) with every console type it still serves enabled",
    maxMicroversion: "2.103",
    enabledPairs: CONSOLE_PAIRS.filter((p) => !p.retired).map((p) => pairKey(p.protocol, p.type)),
    defaultPair: "vnc/novnc",
  },
  zed: {
    name: "zed",
    description: "Debian's OpenStack Zed as recorded: maximum 2.93, only noVNC enabled",
    maxMicroversion: "2.93",
    enabledPairs: ["vnc/novnc"],
    defaultPair: "vnc/novnc",
  },
  virtuozzo: {
    name: "virtuozzo",
    description: "Virtuozzo Infrastructure: vnc/novnc only, called at 2.8 as its documentation does",
    maxMicroversion: "2.8",
    enabledPairs: ["vnc/novnc"],
    defaultPair: "vnc/novnc",
  },
};

export const PROFILE_NAMES = Object.keys(CONSOLE_PROFILES);

export function findPair(protocol: string, type: string): KnownPair | undefined {
  return CONSOLE_PAIRS.find((p) => p.protocol === protocol && p.type === type);
}

/** The protocol a type belongs to (types are unique across protocols), as openstacksdk infers it. */
export function protocolForType(type: string): ConsoleProtocol | undefined {
  return CONSOLE_PAIRS.find((p) => p.type === type)?.protocol;
}

/** The pair when neither protocol, type nor a profile names one: the one every profile offers. */
export const DEFAULT_PAIR: ConsolePair = { protocol: "vnc", type: "novnc" };

/**
 * The one way a pair is resolved from what a caller gave, everywhere
 * (construct props, the hook's query, the CLI's flags): a bare type names its
 * protocol (types are unique across protocols, as openstacksdk infers it); a
 * bare protocol takes its first type the profile offers, else its first type;
 * neither takes the profile's default pair, else vnc/novnc. An unknown type or
 * protocol given alone resolves to "" for the other half: `pairProblem` names it.
 */
export function resolvePair(given: { readonly protocol?: string; readonly type?: string; readonly profile?: string }): ConsolePair {
  const profile = given.profile !== undefined && isProfileName(given.profile) ? CONSOLE_PROFILES[given.profile] : undefined;
  const { protocol, type } = given;
  if (protocol === undefined && type === undefined) {
    const [p, t] = (profile?.defaultPair ?? pairKey(DEFAULT_PAIR.protocol, DEFAULT_PAIR.type)).split("/");
    return { protocol: p, type: t };
  }
  if (protocol === undefined) return { protocol: protocolForType(type!) ?? "", type: type! };
  if (type === undefined) {
    const offered = CONSOLE_PAIRS.filter((p) => p.protocol === protocol);
    const preferred = offered.find((p) => profile?.enabledPairs.includes(pairKey(p.protocol, p.type))) ?? offered[0];
    return { protocol, type: preferred?.type ?? "" };
  }
  return { protocol, type };
}

export function isProfileName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CONSOLE_PROFILES, name);
}

/** Why a pair cannot be used on a profile, or undefined when it can. */
export function pairProblem(protocol: string, type: string, profile?: string): string | undefined {
  if (!(CONSOLE_PROTOCOLS as readonly string[]).includes(protocol)) {
    return `unknown protocol "${protocol}"; use one of ${CONSOLE_PROTOCOLS.join(", ")}`;
  }
  if (!(CONSOLE_TYPES as readonly string[]).includes(type)) {
    return `unknown console type "${type}"; use one of ${CONSOLE_TYPES.join(", ")}`;
  }
  const pair = findPair(protocol, type);
  if (!pair) {
    const types = CONSOLE_PAIRS.filter((p) => p.protocol === protocol).map((p) => p.type);
    return `type "${type}" does not belong to protocol "${protocol}"; ${protocol} offers ${types.join(", ")}`;
  }
  if (profile !== undefined) {
    const p = CONSOLE_PROFILES[profile];
    if (!p) return `unknown profile "${profile}"; use one of ${PROFILE_NAMES.join(", ")}`;
    if (!p.enabledPairs.includes(pairKey(protocol, type))) {
      return `the ${profile} profile offers ${p.enabledPairs.join(", ")} only, not ${pairKey(protocol, type)}`;
    }
  }
  return undefined;
}

// ---- microversions -------------------------------------------------------

interface Microversion {
  readonly major: number;
  readonly minor: number;
}

const MICROVERSION_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function isMicroversion(value: string): boolean {
  return MICROVERSION_RE.test(value);
}

function parseMicroversion(value: string): Microversion {
  const m = MICROVERSION_RE.exec(value);
  if (!m) throw new Error(`"${value}" is not a microversion of the form X.Y (for example 2.8)`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Negative, zero or positive as a is below, equal to or above b. */
export function compareMicroversions(a: string, b: string): number {
  const x = parseMicroversion(a);
  const y = parseMicroversion(b);
  return x.major !== y.major ? x.major - y.major : x.minor - y.minor;
}

export function maxMicroversion(a: string, b: string): string {
  return compareMicroversions(a, b) >= 0 ? a : b;
}
