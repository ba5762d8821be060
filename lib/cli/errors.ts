/**
 * How the CLI reports failure: the client's typed errors (one vocabulary for
 * hook and CLI), one line on stderr, and an exit code chosen by kind.
 */
import { CommanderError } from "commander";
import { ConfigError, OpenStackError, cloudSaid } from "../openstack";
import { EXIT_UNAVAILABLE, EXIT_USAGE } from "./exit-codes";

/** A mistake in how the command was called: exit 2, fix the input. The hint is made a sentence, as the client's are. */
export function usageError(problem: string, hint: string): ConfigError {
  const sentence = hint.charAt(0).toUpperCase() + hint.slice(1);
  return new ConfigError(problem, /[.!?]$/.test(sentence) ? sentence : `${sentence}.`);
}

/** Kinds that mean the command could not run as configured, rather than a console being unavailable. */
const USAGE_KINDS = new Set(["config", "auth", "tls"]);

export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
  if (err instanceof OpenStackError) return USAGE_KINDS.has(err.kind) ? EXIT_USAGE : EXIT_UNAVAILABLE;
  return EXIT_UNAVAILABLE;
}

/** One line, never a stack trace; text of unknown errors is scrubbed as cloud text is. */
export function errorLine(err: unknown): string {
  const message = err instanceof OpenStackError ? err.message : `unexpected failure: ${cloudSaid(err instanceof Error ? err.message : String(err))}`;
  return `os-console: ${message.replace(/\s*\n\s*/g, " ")}`;
}
