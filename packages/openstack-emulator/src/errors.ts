/**
 * The emulator's own errors. EmulatorConfigError: bad input to the emulator itself. `field` is the option's library name
 * (the command maps it to its flag); the message is one line: the field, what
 * is wrong with the value, and how to fix it.
 */
export class EmulatorConfigError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${field}: ${problem}; ${fix}`);
    this.name = "EmulatorConfigError";
  }

  /** The same message with the field renamed (e.g. "identityPort" -> "--port"). */
  renamed(label: string): string {
    return `${label}: ${this.problem}; ${this.fix}`;
  }
}

/** A value as a message shows it: strings quoted, objects as JSON. */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A library or control call named a server the emulator does not have. */
export class UnknownServer extends Error {
  constructor(id: string) {
    super(`no server ${id}`);
    this.name = "UnknownServer";
  }
}
