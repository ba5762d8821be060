/** EmulatorOptions checked and completed with defaults; bad input throws EmulatorConfigError. */
import {
  CONSOLE_PAIRS,
  CONSOLE_PROFILES,
  PROFILE_NAMES,
  isProfileName,
  pairKey,
  type ConsoleProfile,
} from "../../../lib/console-matrix";
import { EmulatorConfigError, shown } from "./errors";
import { validateFaultSpec } from "./faults";
import { isNovaVersion, novaVersionAtLeast } from "./compute/microversion";
import { validateProxyFaults } from "./console-proxy/proxy";
import { resolveLatency, type LatencyConfig } from "./latency";
import { DEFAULT_FLAVORS } from "./compute/flavors";
import { DEFAULT_IMAGES } from "./image/images";
import { CIDR_FIX, DEFAULT_NETWORKS, parseCidr } from "./network/store";
import type { ConsoleProxyOptions, EmulatorOptions, FaultSpec, FlavorSpec, ImageSpec, NetworkSpec } from "./types";

export interface EmulatorConfig {
  host: string;
  identityPort: number;
  computePort: number;
  profile: ConsoleProfile;
  maxMicroversion: string;
  enabledPairs: ReadonlySet<string>;
  notImplementedPairs: ReadonlySet<string>;
  servers: number;
  regions: readonly string[];
  interfacePaths: boolean;
  tls: boolean;
  tokenTtlSeconds: number;
  consoleTokenTtlSeconds: number;
  novncPage: NovncPage;
  taskStateMs: number;
  maxPageSize: number;
  seed: number;
  faults: FaultSpec;
  consoleProxy: ConsoleProxyOptions;
  imagePort: number;
  networkPort: number;
  placementPort: number;
  flavors: readonly FlavorSpec[];
  images: readonly ImageSpec[];
  networks: readonly NetworkSpec[];
  latency?: LatencyConfig;
}

/** A list of named things (flavors, images, networks), each name once. */
function namedList<T extends { name: string }>(field: string, value: unknown, fallback: readonly T[]): readonly T[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== "object" || typeof v.name !== "string" || v.name === "")) {
    throw new EmulatorConfigError(field, `${shown(value)} is not a list of objects with a name`, `give e.g. [{"name": "m1.small"}]`);
  }
  return value as T[];
}

/**
 * The highest microversion whose changes the emulator models (docs/emulator.md, "Microversions"). A profile
 * that names a higher one (upstream: 2.103, today's Nova) is advertised only up to here, so a client at
 * "latest" gets what is modelled; maxMicroversion raises it on purpose, for negotiation tests.
 */
export const MAX_MODELLED_MICROVERSION = "2.100";

const lowerOf = (a: string, b: string): string => (novaVersionAtLeast(a, b) ? b : a);

export const MAX_SEEDED_SERVERS = 100_000;
const REGION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** Path segments the compute listener uses itself, so no region may be called so. */
const RESERVED_REGION_NAMES = new Set(["v2", "v2.1", "public", "internal", "admin", "__emulator"]);

function wholeNumber(field: string, value: unknown, min: number, max: number, fix: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new EmulatorConfigError(field, `${shown(value)} is not a whole number from ${min} to ${max}`, fix);
  }
  return value;
}

function positiveSeconds(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 10 * 365 * 86_400) {
    throw new EmulatorConfigError(field, `${shown(value)} is not a positive number of seconds`, "give seconds, e.g. 600");
  }
  return value;
}

function pairs(field: string, value: unknown): Set<string> {
  const known = CONSOLE_PAIRS.map((p) => pairKey(p.protocol, p.type));
  if (!Array.isArray(value)) {
    throw new EmulatorConfigError(field, `${shown(value)} is not a list of pairs`, `give pairs such as ["vnc/novnc"]`);
  }
  for (const pair of value) {
    if (typeof pair !== "string" || !known.includes(pair)) {
      throw new EmulatorConfigError(field, `${shown(pair)} is not a console pair`, `use protocol/type pairs from ${known.join(", ")}`);
    }
  }
  return new Set(value as string[]);
}

function regions(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new EmulatorConfigError("regions", `${shown(value)} is not a non-empty list`, `give region names such as ["RegionOne", "RegionTwo"]`);
  }
  for (const region of value) {
    if (typeof region !== "string" || !REGION_NAME.test(region) || RESERVED_REGION_NAMES.has(region)) {
      throw new EmulatorConfigError("regions", `${shown(region)} is not a usable region name`, "use letters, digits, '.', '_' or '-', starting with a letter (not v2, v2.1, public, internal or admin)");
    }
  }
  if (new Set(value).size !== value.length) {
    throw new EmulatorConfigError("regions", `${shown(value)} names a region twice`, "name each region once");
  }
  return value as string[];
}

export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const profileName = options.profile ?? "upstream";
  if (typeof profileName !== "string" || !isProfileName(profileName)) {
    throw new EmulatorConfigError("profile", `${shown(profileName)} is not a profile`, `use one of ${PROFILE_NAMES.join(", ")}`);
  }
  const profile = CONSOLE_PROFILES[profileName];

  const maxMicroversion = options.maxMicroversion ?? lowerOf(profile.maxMicroversion, MAX_MODELLED_MICROVERSION);
  if (typeof maxMicroversion !== "string" || !isNovaVersion(maxMicroversion) || !novaVersionAtLeast(maxMicroversion, "2.1")) {
    throw new EmulatorConfigError("maxMicroversion", `${shown(maxMicroversion)} is not a microversion of 2.1 or above`, "give it as X.Y, e.g. 2.93");
  }

  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host.trim() === "") {
    throw new EmulatorConfigError("host", `${shown(host)} is not a host`, "give an address such as 127.0.0.1");
  }

  return {
    host,
    identityPort: wholeNumber("identityPort", options.identityPort ?? 0, 0, 65535, "give a port number, or 0 for any free port"),
    computePort: wholeNumber("computePort", options.computePort ?? 0, 0, 65535, "give a port number, or 0 for any free port"),
    profile,
    maxMicroversion,
    enabledPairs: options.enabledPairs === undefined ? new Set(profile.enabledPairs) : pairs("enabledPairs", options.enabledPairs),
    notImplementedPairs: pairs("notImplementedPairs", options.notImplementedPairs ?? []),
    servers: wholeNumber("servers", options.servers ?? 0, 0, MAX_SEEDED_SERVERS, `give a count from 0 to ${MAX_SEEDED_SERVERS}`),
    regions: regions(options.regions ?? ["RegionOne"]),
    interfacePaths: options.interfacePaths ?? false,
    tls: options.tls ?? false,
    tokenTtlSeconds: positiveSeconds("tokenTtlSeconds", options.tokenTtlSeconds ?? 3600),
    consoleTokenTtlSeconds: positiveSeconds("consoleTokenTtlSeconds", options.consoleTokenTtlSeconds ?? 600),
    novncPage: novncPage(options.novncPage),
    taskStateMs: wholeNumber("taskStateMs", options.taskStateMs ?? 100, 0, 600_000, "give milliseconds, e.g. 100"),
    maxPageSize: wholeNumber("maxPageSize", options.maxPageSize ?? 1000, 1, 100_000, "give a page size, e.g. 1000"),
    seed: wholeNumber("seed", options.seed ?? Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1, "give a whole number"),
    faults: validateFaultSpec(options.faults ?? {}),
    consoleProxy: consoleProxyOptions(options.consoleProxy ?? {}),
    imagePort: wholeNumber("imagePort", options.imagePort ?? 0, 0, 65535, "give a port number, or 0 for any free port"),
    networkPort: wholeNumber("networkPort", options.networkPort ?? 0, 0, 65535, "give a port number, or 0 for any free port"),
    placementPort: wholeNumber("placementPort", options.placementPort ?? 0, 0, 65535, "give a port number, or 0 for any free port"),
    flavors: namedList("flavors", options.flavors, DEFAULT_FLAVORS),
    images: namedList("images", options.images, DEFAULT_IMAGES),
    networks: networks(options),
    latency: resolveLatency(options.latency),
  };
}

/** The noVNC pages the emulator's console proxy serves. */
const NOVNC_PAGES = ["/vnc_auto.html", "/vnc_lite.html", "/vnc.html"] as const;
export type NovncPage = (typeof NOVNC_PAGES)[number];

function novncPage(value: unknown): NovncPage {
  if (value === undefined) return "/vnc_auto.html";
  if (typeof value !== "string" || !(NOVNC_PAGES as readonly string[]).includes(value)) {
    throw new EmulatorConfigError("novncPage", `${shown(value)} is not a noVNC page the console proxy serves`, `give one of ${NOVNC_PAGES.join(", ")}, or leave it out for Nova's default /vnc_auto.html`);
  }
  return value as NovncPage;
}

function networks(options: EmulatorOptions): readonly NetworkSpec[] {
  const cidr = options.networkCidr;
  if (cidr === undefined) return namedList("networks", options.networks, DEFAULT_NETWORKS);
  if (options.networks !== undefined) {
    throw new EmulatorConfigError("networkCidr", "applies to the default networks only, and networks are given", "give the cidr in each network instead");
  }
  if (typeof cidr !== "string" || !parseCidr(cidr)) throw new EmulatorConfigError("networkCidr", `${shown(cidr)} is not an IPv4 network`, CIDR_FIX);
  return DEFAULT_NETWORKS.map((n) => (n.name === "private" ? { ...n, cidr } : n));
}

function consoleProxyOptions(value: ConsoleProxyOptions): ConsoleProxyOptions {
  const port = wholeNumber("consoleProxy.port", value.port ?? 0, 0, 65535, "give a port number, or 0 for any free port");
  const vnc = value.vncServer;
  if (vnc !== undefined && (typeof vnc.host !== "string" || vnc.host === "" || !Number.isInteger(vnc.port) || vnc.port < 1 || vnc.port > 65535)) {
    throw new EmulatorConfigError("consoleProxy.vncServer", `${shown(vnc)} is not a VNC server address`, 'give {"host": "127.0.0.1", "port": 5901}');
  }
  try {
    return { ...value, port, faults: validateProxyFaults(value.faults ?? {}) };
  } catch (err) {
    throw new EmulatorConfigError("consoleProxy.faults", (err as Error).message.replace(/^console proxy faults: /, ""), "see docs/emulator.md, Console proxy");
  }
}
