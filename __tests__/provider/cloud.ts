/**
 * What the provider tests ask of the emulator: the servers, how many
 * requests reached it, and whether a URL is a live console of a server.
 */
import type { Emulator, ServerRecord } from "../../packages/openstack-emulator/src";
import { connectClient } from "../openstack/support/emulator";

/** Every request the emulator answered since its counters were last reset (Keystone, Nova, all routes). */
export function requestsSince(emu: Emulator): number {
  return Object.values(emu.counters().byRoute).reduce((a, b) => a + b, 0);
}

function tokenOf(url: string): string {
  const match = /token(?:%3D|=)([0-9a-f-]{36})/.exec(url);
  if (!match) throw new Error("no console token in the URL");
  return match[1];
}

/** The server whose live console a URL opens, as Nova tells it (os-console-auth-tokens); undefined when Nova knows no such token. */
export async function consoleServerOf(emu: Emulator, url: string): Promise<string | undefined> {
  const admin = await connectClient({ env: emu.env("admin") });
  try {
    const verdict = await admin.checkConsoleToken(tokenOf(url));
    return verdict.known === true ? (verdict as { instanceUuid?: string }).instanceUuid : undefined;
  } finally {
    await admin.close();
  }
}

export function serverMap(...servers: ServerRecord[]): Record<string, string> {
  return Object.fromEntries(servers.map((s) => [s.name, s.id]));
}
