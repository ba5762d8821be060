/**
 * The emulator command's flags: parsing them into EmulatorOptions, wording
 * refusals as one line that names the flag, and the banner of exports.
 * Kept apart from cli.ts (process, signals) so it can be tested in-process.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { EmulatorConfigError } from "./errors";
import { validateFaultSpec } from "./faults";
import { ListenError } from "./http/listener";
import type { Emulator, EmulatorOptions, EmulatorUser, ProfileName } from "./types";

/** Library option names as the command's flags, for error messages. */
const FLAGS: Record<string, string> = {
  identityPort: "--port",
  computePort: "--compute-port",
  maxMicroversion: "--max-microversion",
  enabledPairs: "--enable",
  notImplementedPairs: "--not-implemented",
  tokenTtlSeconds: "--token-ttl",
  consoleTokenTtlSeconds: "--console-token-ttl",
  taskStateMs: "--task-state-ms",
  maxPageSize: "--max-page-size",
  "consoleProxy.port": "--console-proxy-port",
  "consoleProxy.vncServer": "--vnc-server",
  "consoleProxy.faults": "--console-faults",
  imagePort: "--image-port",
  networkPort: "--network-port",
  placementPort: "--placement-port",
  latency: "--latency",
  networkCidr: "--network-cidr",
};

const USERS: readonly EmulatorUser[] = ["demo", "admin", "viewer", "demo-reader"];


function integer(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag}: "${value}" is not a whole number; give digits, e.g. ${flag === "--port" ? "5000" : "10"}`);
    return Number(value);
  };
}

function number(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag}: "${value}" is not a number; give one, e.g. 600`);
    return n;
  };
}

const list = (value: string): string[] =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function latencyArg(value: string): unknown {
  if (value === "real-nova") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`--latency: give real-nova or a JSON object such as '{"workers": 4}'`);
  }
}

function faultsJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`--faults: not JSON; give an object such as '{"compute.remote-consoles": {"errorRate": 0.1}}'`);
  }
}

interface Flags {
  host: string;
  port: number;
  computePort?: number;
  servers: number;
  profile: string;
  maxMicroversion?: string;
  enable?: string[];
  notImplemented?: string[];
  faults?: unknown;
  regions?: string[];
  interfacePaths?: boolean;
  tls?: boolean;
  tokenTtl?: number;
  consoleTokenTtl?: number;
  taskStateMs?: number;
  maxPageSize?: number;
  seed?: number;
  user: string;
  consoleProxyPort?: number;
  vncServer?: string;
  consoleFaults?: string[];
  imagePort?: number;
  networkPort?: number;
  placementPort?: number;
  latency?: unknown;
  networkCidr?: string;
}

function program(): Command {
  return new Command("emulator")
    .description("OpenStack emulator: Keystone v3 and Nova on 127.0.0.1, for tests and offline demos")
    .option("--host <address>", "address both listeners bind to", "127.0.0.1")
    .option("--port <port>", "Keystone (identity) port; 0 picks a free one", integer("--port"), 5000)
    .option("--compute-port <port>", "Nova (compute) port; default --port + 1, or a free one with --port 0", integer("--compute-port"))
    .option("--image-port <port>", "Glance (image) port; default --port + 2", integer("--image-port"))
    .option("--network-port <port>", "Neutron (network) port; default --port + 3", integer("--network-port"))
    .option("--placement-port <port>", "Placement port; default --port + 4", integer("--placement-port"))
    .option("--latency <profile>", "service times and first-seen-token cost: real-nova, or JSON such as '{\"workers\": 4}'", latencyArg)
    .option("--servers <count>", 'ACTIVE servers to seed in project "demo" (server-1..N)', integer("--servers"), 0)
    .option("--profile <name>", "upstream | zed | virtuozzo", "upstream")
    .option("--max-microversion <X.Y>", "override the profile's maximum microversion")
    .option("--enable <pairs>", "override the enabled console pairs, e.g. vnc/novnc,spice/spice-html5", list)
    .option("--not-implemented <pairs>", "pairs whose hypervisor driver lacks the console (Nova answers 501)", list)
    .option("--faults <json>", 'faults per route, e.g. \'{"compute.remote-consoles": {"latencyMs": 50}}\'', faultsJson)
    .option("--regions <names>", "comma-separated regions in the catalog", list)
    .option("--interface-paths", "give internal and admin compute endpoints their own path (/internal, /admin)")
    .option("--tls", "serve HTTPS with a CA made at start (printed as OS_CACERT)")
    .option("--token-ttl <seconds>", "Keystone token lifetime", number("--token-ttl"))
    .option("--console-token-ttl <seconds>", "console URL lifetime", number("--console-token-ttl"))
    .option("--task-state-ms <ms>", "how long API-created servers BUILD and API-deleted servers stay deleting", integer("--task-state-ms"))
    .option("--max-page-size <n>", "largest page of a server list (Nova's max_limit)", integer("--max-page-size"))
    .option("--seed <n>", "seed of the fault dice", integer("--seed"))
    .option("--console-proxy-port <port>", "console proxy port (the URLs point there); default a free one", integer("--console-proxy-port"))
    .option("--vnc-server <host:port>", "VNC server the console proxy bridges to (RFB 3.8, security None); default a built-in one")
    .option("--console-faults <switches>", "console proxy faults, e.g. tokenExpired,vncUnreachable (page404, upgradeRefused, tokenExpired, vncUnreachable, vncPasswordOnly, hang)", list)
    .option("--network-cidr <cidr>", 'CIDR of the default "private" network, e.g. 10.0.0.0/16 for thousands of servers (default 10.0.0.0/24)')
    .option("--user <name>", "whose credentials to print: demo | admin | viewer | demo-reader", "demo")
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

export type Parsed =
  | { kind: "run"; options: EmulatorOptions; user: EmulatorUser }
  | { kind: "exit"; code: 0 }
  | { kind: "refuse"; message: string };

function optionsFrom(flags: Flags): Parsed {
  if (!USERS.includes(flags.user as EmulatorUser)) return { kind: "refuse", message: `--user: "${flags.user}" is not a user; use demo, admin, viewer or demo-reader` };
  let faults;
  try {
    faults = flags.faults === undefined ? undefined : validateFaultSpec(flags.faults);
  } catch (err) {
    if (err instanceof EmulatorConfigError) return { kind: "refuse", message: err.renamed("--faults") };
    throw err;
  }
  const next = (n: number) => (flags.port === 0 ? 0 : flags.port + n);
  const computePort = flags.computePort ?? next(1);
  let vncServer: { host: string; port: number } | undefined;
  if (flags.vncServer !== undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(flags.vncServer);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return { kind: "refuse", message: `--vnc-server: "${flags.vncServer}" is not host:port; give e.g. 127.0.0.1:5901` };
    vncServer = { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]) };
  }
  const consoleFaults = Object.fromEntries((flags.consoleFaults ?? []).map((name) => [name, true]));
  const options: EmulatorOptions = {
    host: flags.host,
    identityPort: flags.port,
    computePort,
    servers: flags.servers,
    profile: flags.profile as ProfileName,
    maxMicroversion: flags.maxMicroversion,
    enabledPairs: flags.enable,
    notImplementedPairs: flags.notImplemented,
    faults,
    regions: flags.regions,
    interfacePaths: flags.interfacePaths,
    tls: flags.tls,
    tokenTtlSeconds: flags.tokenTtl,
    consoleTokenTtlSeconds: flags.consoleTokenTtl,
    taskStateMs: flags.taskStateMs,
    maxPageSize: flags.maxPageSize,
    seed: flags.seed,
    consoleProxy: { port: flags.consoleProxyPort, vncServer, faults: consoleFaults },
    imagePort: flags.imagePort ?? next(2),
    networkPort: flags.networkPort ?? next(3),
    placementPort: flags.placementPort ?? next(4),
    latency: flags.latency as EmulatorOptions["latency"],
    networkCidr: flags.networkCidr,
  };
  return { kind: "run", options, user: flags.user as EmulatorUser };
}

/** Reads the command's arguments (without node and script). */
export function parseCommand(argv: string[]): Parsed {
  try {
    return optionsFrom(program().parse(argv, { from: "user" }).opts<Flags>());
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return { kind: "exit", code: 0 };
    const message = err.message.replace(/^error: /, "");
    // Our argument parsers already name the flag and the fix; drop commander's preamble.
    return { kind: "refuse", message: err.code === "commander.invalidArgument" ? message.replace(/^.*? is invalid\. /, "") : `${message}; see --help` };
  }
}

/** One line for a start-up failure caused by the input, or undefined for anything else. */
export function startRefusal(err: unknown, options: EmulatorOptions): string | undefined {
  if (err instanceof EmulatorConfigError) return err.renamed(FLAGS[err.field] ?? `--${err.field}`);
  if (err instanceof ListenError) {
    const byPort: Array<[number | undefined, string]> = [
      [options.identityPort, "--port"],
      [options.computePort, "--compute-port"],
      [options.imagePort, "--image-port"],
      [options.networkPort, "--network-port"],
      [options.placementPort, "--placement-port"],
    ];
    const flag = byPort.find(([port]) => port === err.port)?.[1] ?? "--port";
    return `${flag}: ${err.message}; choose another port, or 0 for a free one`;
  }
  return undefined;
}

const shellQuote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** The exports a client needs, then where everything listens. */
export function banner(emulator: Emulator, user: EmulatorUser): string {
  const lines = Object.entries(emulator.env(user)).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  return [
    ...lines,
    `# Keystone ${emulator.identityUrl}  Nova ${emulator.computeUrl}  Glance ${emulator.imageUrl}  Neutron ${emulator.networkUrl}  Placement ${emulator.placementUrl}  control ${emulator.controlUrl}`,
    `# console proxy ${emulator.consoleProxyUrl}`,
    "# Serving until Ctrl-C.",
    "",
  ].join("\n");
}

