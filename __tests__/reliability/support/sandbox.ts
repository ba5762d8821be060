/**
 * A clean place for each subprocess: a temp HOME (so no real clouds.yaml is
 * found), no OS_* variables from the machine, no colour or CI guesses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Emulator, EmulatorUser } from "../../../lib/emulator";

export class Sandbox {
  readonly dir: string;

  constructor(prefix = "reliability-") {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /** Writes a file under the sandbox and returns its path. */
  write(relative: string, content: string): string {
    const file = path.join(this.dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  /** The variables every subprocess gets, plus `extra`. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.dir, XDG_CONFIG_HOME: path.join(this.dir, ".config"), NO_COLOR: "1", ...extra };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The emulator's OS_* credentials for a user, in a clean sandbox environment. */
export function emulatorEnv(sandbox: Sandbox, emulator: Emulator, user: EmulatorUser = "demo", extra: Record<string, string> = {}): Record<string, string> {
  return sandbox.env({ ...emulator.env(user), ...extra });
}

/** name -> id of the emulator's servers, as the constructs' `servers` query value holds them. */
export function fleetOf(emulator: Emulator, names?: readonly string[]): Record<string, string> {
  const all = emulator.listServers();
  const chosen = names ? all.filter((s) => names.includes(s.name)) : all;
  return Object.fromEntries(chosen.map((s) => [s.name, s.id]));
}

/** The hook's query for a fleet (the `servers` value is a JSON string, as jsonencode() makes it). */
export function fleetQuery(fleet: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return { servers: JSON.stringify(fleet), ...extra };
}
