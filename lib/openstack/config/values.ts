import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { isMicroversion } from "../../console-matrix";
import { ConfigError } from "../errors";
import type { Field } from "./fields";
import type { EndpointInterface } from "./types";

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off", ""]);

export function parseBool(field: Field): boolean {
  const v = field.value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(`${field.from} is "${field.value}", not a boolean`, `Set it to true or false.`);
}

const INTERFACES: Record<string, EndpointInterface> = {
  public: "public",
  publicurl: "public",
  internal: "internal",
  internalurl: "internal",
  admin: "admin",
  adminurl: "admin",
};

export function parseInterface(field: Field): EndpointInterface {
  const found = INTERFACES[field.value.trim().toLowerCase()];
  if (!found) {
    throw new ConfigError(
      `${field.from} is "${field.value}", not an endpoint interface`,
      "Use public, internal or admin (publicURL, internalURL and adminURL are accepted too).",
    );
  }
  return found;
}

/**
 * A microversion "X.Y". A bare major version ("2", as openstacksdk allows in
 * compute_api_version) names the API, not a microversion, so it means "unset".
 */
export function parseMicroversionField(field: Field): string | undefined {
  const v = field.value.trim();
  if (/^\d+$/.test(v)) return undefined;
  if (!isMicroversion(v)) {
    throw new ConfigError(
      `${field.from} is "${field.value}", not a microversion of the form X.Y`,
      'Give a compute microversion such as "2.8" (the default) or "2.6".',
    );
  }
  return v;
}

export function parseHttpUrl(field: Field): string {
  const v = field.value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(`${field.from} "${v}" is not a URL`, "Give a full URL such as https://keystone.example.com:5000/v3.");
  }
  // Checked first, so that the messages below never echo a password.
  if (url.username || url.password) {
    throw new ConfigError(`${field.from} carries credentials in the URL`, "Remove user:password@ from the URL; give credentials through OS_* or clouds.yaml.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${field.from} "${v}" is not an http(s) URL`, "Use an http:// or https:// URL.");
  }
  return v.replace(/\/+$/, "");
}

/** A path to an existing file, with "~" expanded and relative paths taken from `cwd`. */
export function existingFile(field: Field, cwd: string, home: string = homedir()): string {
  const raw = field.value.trim();
  const expanded = raw === "~" || raw.startsWith("~/") ? home + raw.slice(1) : raw;
  const path = isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ConfigError(`${field.from} names ${path}, which does not exist or is not a file`, "Fix the path, or unset it.");
  }
  return path;
}

export function positiveNumber(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} is ${String(value)}, not a positive ${integer ? "integer" : "number"}`, `Give a positive ${integer ? "integer" : "number"}.`);
  }
  return value;
}
