/**
 * Finds secrets in text: planted credentials, anything shaped like a
 * Keystone token, and console URLs (by their token parameter, and by asking
 * the emulator whether it issued a URL found in the text).
 */
import type { Emulator } from "../../../packages/openstack-emulator/src";

/** The emulator's tokens look like Fernet tokens. */
const KEYSTONE_TOKEN = /gAAAAA[A-Za-z0-9_-]{20,}/g;
/** noVNC carries the console token in `path=%3Ftoken%3D...`, the others in `token=...`. */
const CONSOLE_TOKEN = /token(%3D|=)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const URL_LIKE = /\b(?:https?|wss?):\/\/[^\s"'<>]+/g;

export interface LeakCheck {
  /** Planted credentials that must never appear. */
  readonly secrets: readonly string[];
  readonly emulator: Emulator;
}

/** Every leak in `text`; console URLs are allowed only when `urlsAllowed`. Credentials and Keystone tokens never are. */
export function leaksIn(text: string, check: LeakCheck, urlsAllowed = false): string[] {
  const found: string[] = [];
  for (const secret of check.secrets) if (text.includes(secret)) found.push(`planted secret ${secret.slice(0, 6)}...`);
  for (const m of text.matchAll(KEYSTONE_TOKEN)) found.push(`keystone token ${m[0].slice(0, 12)}...`);
  if (!urlsAllowed) {
    for (const m of text.matchAll(CONSOLE_TOKEN)) found.push(`console token ${m[0].slice(0, 16)}...`);
    for (const m of text.matchAll(URL_LIKE)) if (check.emulator.isIssuedConsoleUrl(m[0])) found.push(`issued console URL ${m[0].slice(0, 30)}...`);
  }
  return found;
}
