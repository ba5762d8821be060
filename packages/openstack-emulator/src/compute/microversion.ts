/**
 * Nova's microversion negotiation, as nova.api.openstack.wsgi and
 * microversion_parse do it: `OpenStack-API-Version: compute X.Y` wins over
 * `X-OpenStack-Nova-API-Version`; none means 2.1; "latest" means the maximum;
 * a malformed string is 400 and an out-of-range one 406.
 */
import type { IncomingHttpHeaders } from "node:http";

/** Nova's APIVersionRequest pattern (stricter than the matrix's: no 0.x, no leading zeros). */
const NOVA_VERSION = /^([1-9]\d*)\.([1-9]\d*|0)$/;

export const MIN_VERSION = "2.1";

export function isNovaVersion(value: string): boolean {
  return NOVA_VERSION.test(value);
}

function parts(value: string): [number, number] {
  const m = NOVA_VERSION.exec(value);
  if (!m) throw new Error(`not a microversion: ${value}`);
  return [Number(m[1]), Number(m[2])];
}

export function compareNovaVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] !== y[0] ? x[0] - y[0] : x[1] - y[1];
}

export function novaVersionAtLeast(version: string, least: string): boolean {
  return compareNovaVersions(version, least) >= 0;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** The requested version string as microversion_parse finds it, or undefined when none. */
export function requestedVersion(headers: IncomingHttpHeaders): string | undefined {
  const standard = headerText(headers["openstack-api-version"]);
  if (standard) {
    for (const item of standard.split(",")) {
      const [service, ...rest] = item.trim().split(/\s+/);
      if (service && service.toLowerCase() === "compute" && rest.length > 0) return rest.join(" ").trim();
    }
  }
  const legacy = headerText(headers["x-openstack-nova-api-version"]);
  return legacy ? legacy.trim() : undefined;
}

export type Negotiation =
  | { ok: true; version: string }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 406; version: string; message: string };

export function negotiate(headers: IncomingHttpHeaders, max: string): Negotiation {
  const asked = requestedVersion(headers);
  if (asked === undefined) return { ok: true, version: MIN_VERSION };
  if (asked === "latest") return { ok: true, version: max };
  if (!isNovaVersion(asked)) {
    return { ok: false, status: 400, message: `API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.` };
  }
  const version = parts(asked).join(".");
  if (compareNovaVersions(version, MIN_VERSION) < 0 || compareNovaVersions(version, max) > 0) {
    return {
      ok: false,
      status: 406,
      version,
      message: `Version ${version} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${max}.`,
    };
  }
  return { ok: true, version };
}
