import { compareMicroversions, isMicroversion } from "../../console-matrix";
import { OpenStackError } from "../errors";
import type { Deadline } from "../http/deadline";
import { statusLine } from "../http/error-body";
import type { HttpExecutor } from "../http/executor";
import type { HttpResponse } from "../http/messages";
import { withVersion, type ComputeEndpoint } from "./endpoint";

/** The microversion range of the compute API; `max` undefined when it has none (the old v2.0 API). */
export interface ComputeVersions {
  readonly min?: string;
  readonly max?: string;
}

interface VersionDoc {
  id?: string;
  status?: string;
  version?: string;
  min_version?: string;
}

export interface Discovered {
  readonly endpoint: ComputeEndpoint;
  readonly versions: ComputeVersions;
}

/**
 * Version discovery as the SDKs do it: GET the unversioned root (no token
 * needed) and read the v2.1 entry; if the root is not Nova's (a proxy path,
 * a 404), GET the versioned URL instead.
 */
export async function discoverCompute(executor: HttpExecutor, endpoint: ComputeEndpoint, deadline: Deadline): Promise<Discovered> {
  const get = (path: string) =>
    executor.run({ name: `GET ${path} (compute version discovery)`, deadline, build: () => ({ method: "GET", origin: endpoint.origin, path, headers: { accept: "application/json" } }) });

  const rootPath = `${endpoint.rootPath}/`;
  const root = await get(rootPath);
  const listed = versionList(root.response);
  const chosen = listed && chooseVersion(listed);
  if (chosen) {
    const better = endpoint.version === "v2" && listed.some((v) => v.id === "v2.1") ? withVersion(endpoint, "v2.1") : endpoint;
    return { endpoint: better, versions: rangeOf(chosen) };
  }

  const versionedPath = `${endpoint.rootPath}/${endpoint.version}/`;
  const versioned = await get(versionedPath);
  const single = singleVersion(versioned.response);
  if (single) return { endpoint, versions: rangeOf(single) };

  throw new OpenStackError(
    "unsupported",
    `compute version discovery failed: GET ${rootPath} answered ${statusLine(root.response.status)} and GET ${versionedPath} answered ${statusLine(versioned.response.status)}, neither with a version document`,
    "Check the compute endpoint: the catalog's compute URL for your region and interface, or --os-compute-endpoint / compute_endpoint.",
    { call: `GET ${versionedPath}`, status: versioned.response.status },
  );
}

function parse(response: HttpResponse): unknown {
  // Root listings may answer 300 Multiple Choices with the same document.
  if (response.status !== 200 && response.status !== 300) return undefined;
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

function versionList(response: HttpResponse): VersionDoc[] | undefined {
  const doc = parse(response) as { versions?: VersionDoc[] | { values?: VersionDoc[] } } | undefined;
  const versions = doc?.versions;
  if (Array.isArray(versions)) return versions;
  if (versions && Array.isArray(versions.values)) return versions.values;
  return undefined;
}

function singleVersion(response: HttpResponse): VersionDoc | undefined {
  const doc = parse(response) as { version?: VersionDoc } | undefined;
  return doc?.version && typeof doc.version === "object" ? doc.version : undefined;
}

function chooseVersion(versions: VersionDoc[]): VersionDoc | undefined {
  return versions.find((v) => v.id === "v2.1") ?? versions.find((v) => v.status === "CURRENT") ?? versions[0];
}

function rangeOf(doc: VersionDoc): ComputeVersions {
  const max = doc.version && isMicroversion(doc.version) ? doc.version : undefined;
  const min = doc.min_version && isMicroversion(doc.min_version) ? doc.min_version : undefined;
  return { min, max: max && min && compareMicroversions(max, min) < 0 ? min : max };
}
