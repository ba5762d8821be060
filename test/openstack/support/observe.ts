/**
 * Reduces an HTTP answer to what must agree between real Nova/Keystone and the
 * emulator: the status, the body's top-level key, and the stable part of the
 * message (ids replaced by placeholders), or for a success the fields a client
 * reads. Request ids, dates, tokens and console-token uuids are left out.
 */
import type { RawResponse } from "./raw-http";

export interface Observation {
  status: number;
  /** Top-level key of a JSON body ("itemNotFound", "remote_console", ...), "(html)", "(empty)" or "(text)". */
  key: string;
  /** The error message with ids replaced, or a summary of the fields a client reads. */
  detail: string;
  /** X-OpenStack-Nova-API-Version of a compute answer, "-" when absent; undefined for Keystone. */
  version?: string;
}

/** Ids of one deployment, replaced by their placeholder name before comparing. */
export type KnownIds = Record<string, string>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function substituteIds(text: string, ids: KnownIds): string {
  let out = text;
  for (const [placeholder, id] of Object.entries(ids)) out = out.split(id).join(`<${placeholder}>`);
  return out.replace(UUID, "<uuid>");
}

/** A URL with its origin and uuids replaced: the part every deployment shares. */
function urlShape(url: string, ids: KnownIds): string {
  return substituteIds(url.replace(/^https?:\/\/[^/]+/, "<origin>"), ids);
}

type Json = Record<string, unknown>;

const asJson = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "-" : JSON.stringify(v));

function versionSummary(v: Json, ids: KnownIds): string {
  const self = (Array.isArray(v.links) ? v.links : []).map(asJson).find((l) => l.rel === "self");
  return `${str(v.id)} ${str(v.status)} ${str(v.min_version) || "-"}..${str(v.version) || "-"} self=${self ? urlShape(str(self.href), ids) : "-"}`;
}

function tokenSummary(t: Json, subjectToken: boolean): string {
  const catalog = Array.isArray(t.catalog) ? t.catalog.map(asJson) : [];
  const compute = catalog.find((s) => s.type === "compute");
  const interfaces = (Array.isArray(compute?.endpoints) ? compute.endpoints : [])
    .map(asJson)
    .filter((e) => e.region_id === "RegionOne")
    .map((e) => str(e.interface))
    .sort()
    .join(",");
  const appCred = asJson(t.application_credential);
  return [
    `methods=${(Array.isArray(t.methods) ? t.methods : []).join(",")}`,
    `project=${str(asJson(t.project).name)}`,
    `subject-token=${subjectToken ? "yes" : "no"}`,
    `compute=${interfaces || "-"}`,
    ...(t.application_credential ? [`appcred=${appCred.restricted === true ? "restricted" : "unrestricted"}`] : []),
  ].join(" ");
}

/** Key pairs other runs or users may own are left out: only the differential's own (named differential-...). */
const OWN_KEYPAIR = /^differential-/;

/** A list answer as the sorted names it holds (key pairs: only the differential's own). */
function listSummary(key: string, items: unknown[]): string {
  const names = items.map(asJson).map((item) => str(item.name ?? asJson(item.keypair).name ?? "<item>"));
  return (key === "keypairs" ? names.filter((n) => OWN_KEYPAIR.test(n)) : names).sort().join(",");
}

function successSummary(key: string, value: Json, res: RawResponse, ids: KnownIds): string {
  switch (key) {
    case "flavor":
      return `name=${str(value.name)} ram=${str(value.ram)} disk=${str(value.disk)} vcpus=${str(value.vcpus)} swap=${str(value.swap)} description=${JSON.stringify(value.description)} extra_specs=${JSON.stringify(value.extra_specs)}`;
    case "keypair":
      return `name=${str(value.name)} type=${str(value.type)} fingerprint=${str(value.fingerprint)} user=${substituteIds(str(value.user_id), ids)}`;
    case "remote_console":
      return `${str(value.protocol)}/${str(value.type)} ${urlShape(str(value.url), ids)}`;
    case "console":
      return `${str(value.type)} ${urlShape(str(value.url), ids)}`;
    case "version":
      return versionSummary(value, ids);
    case "token":
      return tokenSummary(value, Boolean(res.headers["x-subject-token"]));
    case "application_credential":
      return `name=${str(value.name)} secret=${typeof value.secret === "string" && value.secret.length > 0 ? "yes" : "no"} project=${substituteIds(str(value.project_id), ids)}`;
    default:
      return Object.keys(value).sort().join(",");
  }
}

export function observe(res: RawResponse, ids: KnownIds, compute: boolean): Observation {
  const version = compute ? res.headers["x-openstack-nova-api-version"] ?? "-" : undefined;
  const base = { status: res.status, ...(version === undefined ? {} : { version }) };
  const text = res.text.trim();
  if (text === "") return { ...base, key: "(empty)", detail: "" };
  if (/^<html/i.test(text)) return { ...base, key: "(html)", detail: /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim() ?? "" };
  let parsed: Json;
  try {
    parsed = asJson(JSON.parse(text));
  } catch {
    return { ...base, key: "(text)", detail: substituteIds(text.slice(0, 200), ids) };
  }
  const key = Object.keys(parsed)[0] ?? "(empty)";
  if (key === "versions") {
    const all = Array.isArray(parsed.versions) ? parsed.versions.map(asJson) : [];
    return { ...base, key, detail: all.map((v) => versionSummary(v, ids)).join("; ") };
  }
  if (Array.isArray(parsed[key]) && res.status < 400) return { ...base, key, detail: listSummary(key, parsed[key] as unknown[]) };
  // Glance shows an image as the bare object: its name is what a client looks for.
  if (key === "name" && typeof parsed.schema === "string") return { ...base, key, detail: str(parsed.name) };
  const value = asJson(parsed[key]);
  if (res.status >= 400) return { ...base, key, detail: substituteIds(str(value.message), ids) };
  return { ...base, key, detail: successSummary(key, value, res, ids) };
}

export const formatObservation = (o: Observation): string =>
  `${o.status} ${o.key}${o.version === undefined ? "" : ` [mv ${o.version}]`} ${o.detail}`;
