/**
 * How the CLI reports failure: its own misuse (UsageError), the client's typed
 * errors (one vocabulary for hook and CLI), one line on stderr, and an exit
 * code chosen by kind.
 */
import { CommanderError } from "commander";
import { OpenStackError, cloudSaid } from "../openstack";
import { EXIT_UNAVAILABLE, EXIT_USAGE } from "./exit-codes";

/**
 * A mistake in how the command was called (a flag, a name, an input file):
 * exit 2, fix the command line. Its own kind, apart from the client's
 * configuration errors (clouds.yaml, credentials, TLS), which also exit 2 but
 * are about the cloud, not the call.
 */
export class UsageError extends Error {
  constructor(
    /** What is wrong, naming the flag or input. */
    readonly problem: string,
    /** What to do instead, as a sentence. */
    readonly hint: string,
  ) {
    super(`${/[.!?]"?$/.test(problem) ? problem : `${problem}.`} ${hint}`);
    this.name = "UsageError";
  }
}

/** A UsageError whose hint is made a sentence, as the client's are. */
export function usageError(problem: string, hint: string): UsageError {
  const sentence = hint.charAt(0).toUpperCase() + hint.slice(1);
  return new UsageError(problem, /[.!?]$/.test(sentence) ? sentence : `${sentence}.`);
}

/** Client kinds that mean the command could not run as configured, rather than a console being unavailable. */
const CONFIG_KINDS = new Set(["config", "auth", "tls"]);

export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof OpenStackError) return CONFIG_KINDS.has(err.kind) ? EXIT_USAGE : EXIT_UNAVAILABLE;
  return EXIT_UNAVAILABLE;
}

/** One line, never a stack trace; text of unknown errors is scrubbed as cloud text is. */
export function errorLine(err: unknown): string {
  const known = err instanceof OpenStackError || err instanceof UsageError;
  const message = known ? err.message : `unexpected failure: ${cloudSaid(err instanceof Error ? err.message : String(err))}`;
  return `os-console: ${message.replace(/\s*\n\s*/g, " ")}`;
}
