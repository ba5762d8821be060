/**
 * A clean place for each subprocess: a temp HOME (so no real clouds.yaml is
 * found), no OS_* variables from the machine, no colour or CI guesses.
 */
import * as path from "node:path";
import type { Emulator, EmulatorUser } from "../../../packages/openstack-emulator/src";
import { TempTree } from "../../helpers/temp-tree";

export class Sandbox extends TempTree {
  constructor(prefix = "reliability-") {
    super(prefix);
  }

  /** The variables every subprocess gets, plus `extra`. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.root, XDG_CONFIG_HOME: path.join(this.root, ".config"), NO_COLOR: "1", ...extra };
  }
}

/** The emulator's OS_* credentials for a user, in a clean sandbox environment. */
export function emulatorEnv(sandbox: Sandbox, emulator: Emulator, user: EmulatorUser = "demo", extra: Record<string, string> = {}): Record<string, string> {
  return sandbox.env({ ...emulator.env(user), ...extra });
}

/** name -> id of the emulator's servers, as the constructs' `servers` query value holds them. */
export function fleetByName(emulator: Emulator): Record<string, string> {
  return Object.fromEntries(emulator.listServers().map((s) => [s.name, s.id]));
}

/** The hook's query for a fleet (the `servers` value is a JSON string, as jsonencode() makes it). */
export function fleetQuery(fleet: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return { servers: JSON.stringify(fleet), ...extra };
}
