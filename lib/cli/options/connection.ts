/**
 * The connection flags every command shares, named as the openstack CLI
 * names them, mapped onto the client's ConnectionSettings. Unset flags stay
 * unset, so the client fills them from OS_* variables and clouds.yaml exactly
 * as the hook does.
 */
import { Command, Option } from "commander";
import { DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MS, type ConnectionSettings } from "../../openstack";
import { microversion, positiveInteger, positiveSeconds } from "./values";

export interface ConnectionFlags {
  osCloud?: string;
  osRegionName?: string;
  osInterface?: "public" | "internal" | "admin";
  osComputeEndpoint?: string;
  osCacert?: string;
  osCert?: string;
  osKey?: string;
  insecure?: boolean;
  microversion?: string;
  timeout: number;
  concurrency: number;
  verbose?: boolean;
}

/** Repeats and commas collect into one comma-separated list (a command that takes several splits it). */
const collect = (value: string, previous: string | undefined): string => (previous === undefined ? value : `${previous},${value}`);

/**
 * The connection flags; with `several`, --os-cloud and --os-region-name take
 * several values (repeated, comma-separated, or @FILE with one per line).
 */
export function addConnectionOptions(command: Command, { several = false } = {}): Command {
  const cloud = several
    ? new Option("--os-cloud <names>", "clouds.yaml entries: one, or several (a,b, repeated, or @FILE, one per line) audited into one report (else $OS_CLOUD, else the OS_* variables)").argParser(collect)
    : new Option("--os-cloud <name>", "cloud entry in clouds.yaml (else $OS_CLOUD, else the OS_* variables)");
  const region = several
    ? new Option("--os-region-name <regions>", "regions: one, or several (r1,r2, repeated, or @FILE), each audited in every cloud (else $OS_REGION_NAME)").argParser(collect)
    : new Option("--os-region-name <region>", "region whose compute endpoint to use (else $OS_REGION_NAME)");
  return command
    .addOption(cloud)
    .addOption(region)
    .addOption(new Option("--os-interface <interface>", "catalog interface (else $OS_INTERFACE, else public)").choices(["public", "internal", "admin"]))
    .addOption(new Option("--os-compute-endpoint <url>", "compute endpoint to use instead of the catalog's"))
    .addOption(new Option("--os-cacert <file>", "CA bundle (PEM) that signed the cloud's certificates (else $OS_CACERT)"))
    .addOption(new Option("--os-cert <file>", "client certificate (PEM) (else $OS_CERT)"))
    .addOption(new Option("--os-key <file>", "client certificate key (PEM) (else $OS_KEY)"))
    .addOption(new Option("--insecure", "do not verify TLS certificates (warned; prefer --os-cacert)"))
    .addOption(new Option("--microversion <X.Y>", "compute microversion to ask for, raised to what the console type needs (default 2.8)").argParser(microversion))
    .addOption(new Option("--timeout <seconds>", "overall deadline; servers not ready are re-tried until then").argParser(positiveSeconds).default(DEFAULT_DEADLINE_MS / 1000))
    .addOption(new Option("--concurrency <n>", "console requests in flight at once").argParser(positiveInteger).default(DEFAULT_CONCURRENCY))
    .addOption(new Option("--verbose", "log retries and other client notes on stderr"));
}

export function connectionSettings(flags: ConnectionFlags): ConnectionSettings {
  const settings: ConnectionSettings = {
    deadlineMs: Math.round(flags.timeout * 1000),
    concurrency: flags.concurrency,
  };
  if (flags.osCloud !== undefined) settings.cloud = flags.osCloud;
  if (flags.osRegionName !== undefined) settings.region = flags.osRegionName;
  if (flags.osInterface !== undefined) settings.interface = flags.osInterface;
  if (flags.osComputeEndpoint !== undefined) settings.computeEndpoint = flags.osComputeEndpoint;
  if (flags.osCacert !== undefined) settings.cacert = flags.osCacert;
  if (flags.osCert !== undefined) settings.cert = flags.osCert;
  if (flags.osKey !== undefined) settings.key = flags.osKey;
  if (flags.insecure === true) settings.insecure = true;
  if (flags.microversion !== undefined) settings.microversion = flags.microversion;
  return settings;
}
