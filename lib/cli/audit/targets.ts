/**
 * A several-cloud audit: every cloud of --os-cloud times every region of
 * --os-region-name, each audited with its own client, merged into one report
 * whose rows name their cloud and region. A cloud or region that cannot be
 * audited at all (not in clouds.yaml, login refused, region missing from the
 * catalog, unreachable) is one row of the report, not an end to the others.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OpenStackError } from "../../openstack";
import { UsageError, usageError } from "../errors";
import { AuditReport, AuditServer, UnreachableCloud, byName, locationOf, summarise } from "./report";

export interface AuditTarget {
  /** undefined: $OS_CLOUD, else the OS_* variables. */
  readonly cloud?: string;
  /** undefined: $OS_REGION_NAME, else the cloud's. */
  readonly region?: string;
}

/** A list flag's values: comma-separated, and @FILE reads one per line (# comments, blank lines skipped). */
function listOf(flag: string, value: string | undefined, cwd: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items: string[] = [];
  for (const part of value.split(",").map((p) => p.trim())) {
    if (!part.startsWith("@")) {
      items.push(part);
      continue;
    }
    const file = path.resolve(cwd, part.slice(1));
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw usageError(`${flag} ${part}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`, "give a file with one name per line");
    }
    items.push(...text.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean));
  }
  if (items.some((i) => i === "")) throw usageError(`${flag}: an empty name in "${value}"`, "separate names with single commas");
  if (items.length === 0) throw usageError(`${flag}: no names in "${value}"`, "give at least one");
  const seen = items.find((item, i) => items.indexOf(item) !== i);
  if (seen !== undefined) throw usageError(`${flag}: "${seen}" is given twice`, "give each once");
  return items;
}

/** The clouds times the regions asked for; one target (the flags as they are) when neither lists several. */
export function auditTargets(clouds: string | undefined, regions: string | undefined, cwd: string): AuditTarget[] {
  const c = listOf("--os-cloud", clouds, cwd) ?? [undefined];
  const r = listOf("--os-region-name", regions, cwd) ?? [undefined];
  return c.flatMap((cloud) => r.map((region) => ({ cloud, region })));
}

/** How rows name a target: the flag's values, or what the environment decides. */
const where = (target: AuditTarget): { cloud: string; region: string } => ({ cloud: target.cloud ?? "(environment)", region: target.region ?? "(default)" });

/**
 * The errors that mean "this cloud/region could not be audited": the client's
 * (configuration of that cloud, login, catalog, TLS, the network), and a flag
 * that target refuses (--all-projects without the admin role). The flags are
 * checked before any target runs; anything else is a bug and ends the run.
 */
export function isCloudFailure(err: unknown): err is OpenStackError | UsageError {
  return err instanceof OpenStackError || err instanceof UsageError;
}

export interface TargetResult {
  readonly target: AuditTarget;
  readonly report?: AuditReport;
  readonly failure?: Error;
}

/** One report from each target's: rows tagged with cloud and region, summary over all, the unreachable as rows. */
export function mergeReports(results: readonly TargetResult[], pairs: readonly string[], started: number): AuditReport {
  const servers: AuditServer[] = [];
  const unreachable: UnreachableCloud[] = [];
  let requests = { tokenRequests: 0, requests: 0, retries: 0 };
  let base: AuditReport | undefined;
  for (const { target, report, failure } of results) {
    const at = where(target);
    if (!report) {
      unreachable.push({ ...at, reason: (failure?.message ?? "failed").replace(/^os-console: /, "") });
      continue;
    }
    base ??= report;
    servers.push(...report.servers.map((s) => ({ ...s, ...at })));
    if (report.requests) {
      requests = {
        tokenRequests: requests.tokenRequests + report.requests.tokenRequests,
        requests: requests.requests + report.requests.requests,
        retries: requests.retries + report.requests.retries,
      };
    }
  }
  servers.sort((a, b) => byName(a, b) || `${a.cloud}/${a.region}`.localeCompare(`${b.cloud}/${b.region}`));
  return {
    generatedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    allProjects: base?.allProjects ?? false,
    pairs,
    servers,
    summary: summarise(pairs, servers),
    ...(base?.probe ? { probe: base.probe } : {}),
    requests,
    clouds: { audited: results.map((r) => locationOf(where(r.target))!), unreachable },
  };
}
