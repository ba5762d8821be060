/**
 * Typed errors of the OpenStack client. Every message is one line that names
 * what failed (server, call, status), what the cloud said, and what to do.
 * Messages never carry tokens, passwords, secrets or console URLs: text that
 * comes from a cloud passes through `cloudSaid` first.
 */

export type ErrorKind =
  | "config"
  | "auth"
  | "not-found"
  | "forbidden"
  | "unsupported"
  | "not-ready"
  | "timeout"
  | "server-error"
  | "bad-request"
  | "network"
  | "tls";

export interface ErrorContext {
  status?: number;
  /** The call that failed, e.g. "POST /servers/{id}/remote-consoles (vnc/novnc at 2.8)". */
  call?: string;
  serverId?: string;
  serverName?: string;
}

export class OpenStackError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly call?: string;
  readonly serverId?: string;
  readonly serverName?: string;
  /** What to do about it; also the end of `message`. */
  readonly hint: string;
  /** What went wrong, without the server prefix and the hint. */
  readonly detail: string;

  constructor(kind: ErrorKind, problem: string, hint: string, context: ErrorContext = {}) {
    super(composeMessage(problem, hint, context));
    this.name = "OpenStackError";
    this.kind = kind;
    this.hint = hint;
    this.detail = problem;
    this.status = context.status;
    this.call = context.call;
    this.serverId = context.serverId;
    this.serverName = context.serverName;
  }

  /** The message on one line, for a Terraform diagnostic or a list of failures. */
  get oneLine(): string {
    return this.message.replace(/\s*\n\s*/g, " ");
  }

  /** The same error attributed to a server (used when a fleet-wide failure hits each server). */
  forServer(server: { id: string; name?: string }): OpenStackError {
    if (this.serverId) return this;
    return new OpenStackError(this.kind, this.detail, this.hint, {
      status: this.status,
      call: this.call,
      serverId: server.id,
      serverName: server.name,
    });
  }
}

/** A usage or configuration mistake: fix the input, do not retry. */
export class ConfigError extends OpenStackError {
  constructor(problem: string, hint: string) {
    super("config", problem, hint);
    this.name = "ConfigError";
  }
}

function subjectPrefix(context: ErrorContext): string {
  if (!context.serverId) return "";
  const name = context.serverName ? `"${context.serverName}" ` : "";
  return `server ${name}(${context.serverId}): `;
}

function composeMessage(problem: string, hint: string, context: ErrorContext): string {
  const body = /[.!?]"?$/.test(problem) ? problem : `${problem}.`;
  return `${subjectPrefix(context)}${body}${hint ? ` ${hint}` : ""}`;
}

const URL_QUERY = /\b(https?|wss?):\/\/([^\s/?#"']+)([^\s?#"']*)[?#][^\s"']*/gi;
const TOKEN_LIKE = /\b(token|secret|password)(=|%3D|":\s*")[^\s&"']+/gi;
const MAX_CLOUD_TEXT = 240;

/**
 * Text that a cloud sent back, made safe for a message: one line, bounded,
 * query strings (where console tokens live) and token-like values removed.
 */
export function cloudSaid(text: string): string {
  const oneLine = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  const safe = oneLine.replace(URL_QUERY, "$1://$2$3?<redacted>").replace(TOKEN_LIKE, "$1$2<redacted>");
  return safe.length > MAX_CLOUD_TEXT ? `${safe.slice(0, MAX_CLOUD_TEXT)}...` : safe;
}

/** Any thrown value as an OpenStackError (unknown errors become "network" with a generic hint). */
export function asOpenStackError(err: unknown): OpenStackError {
  if (err instanceof OpenStackError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new OpenStackError("network", `unexpected failure: ${cloudSaid(message)}`, "Retry; if it persists, report it with the command you ran.");
}
