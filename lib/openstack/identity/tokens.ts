/**
 * Keystone v3 tokens: the request (password, application credential or
 * token method, with its scope), its URL, the answer of
 * `POST /v3/auth/tokens` and what its failures mean. The request body holds
 * the secret, so it is built only when sent and never logged.
 */
import type { AuthMethod, AuthScope, CloudConfig, DomainRef, ProjectRef, UserRef } from "../config/types";
import { ConfigError, OpenStackError, type ErrorKind } from "../errors";
import { Deadline } from "../http/deadline";
import { errorBodyMessage, statusLine } from "../http/error-body";
import type { HttpExecutor, Outcome } from "../http/executor";
import type { HttpResponse } from "../http/messages";
import type { CatalogEntry } from "./catalog";

export const TOKENS_CALL = "POST /v3/auth/tokens";

/** Where a token request goes. */
export interface TokensEndpoint {
  readonly origin: string;
  readonly path: string;
}

/** POST {auth_url}/auth/tokens, with "/v3" added when the auth URL names no version. */
export function tokensEndpoint(authUrl: string): TokensEndpoint {
  const url = new URL(authUrl);
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/v2(\.0)?$/.test(path)) {
    throw new ConfigError(`the auth URL ${authUrl} is Keystone's v2.0 API, which is gone`, "Use the v3 URL (usually the same with /v3 at the end).");
  }
  const versioned = /\/v3$/.test(path) ? path : `${path}/v3`;
  return { origin: url.origin, path: `${versioned}/auth/tokens` };
}

/** The body of POST /v3/auth/tokens. */
export function tokenRequestBody(auth: AuthMethod, scope: AuthScope): string {
  return JSON.stringify({ auth: { identity: identityOf(auth), ...scopeOf(scope) } });
}

function domain(ref: DomainRef): Record<string, string> {
  return "id" in ref ? { id: ref.id } : { name: ref.name };
}

function user(ref: UserRef): Record<string, unknown> {
  return "id" in ref ? { id: ref.id } : { name: ref.name, domain: domain(ref.domain) };
}

function project(ref: ProjectRef): Record<string, unknown> {
  return "id" in ref ? { id: ref.id } : { name: ref.name, domain: domain(ref.domain) };
}

function identityOf(auth: AuthMethod): Record<string, unknown> {
  switch (auth.type) {
    case "password":
      return { methods: ["password"], password: { user: { ...user(auth.user), password: auth.password.reveal() } } };
    case "application_credential": {
      const credential = "id" in auth.credential ? { id: auth.credential.id } : { name: auth.credential.name, user: user(auth.credential.user) };
      return { methods: ["application_credential"], application_credential: { ...credential, secret: auth.secret.reveal() } };
    }
    case "token":
      return { methods: ["token"], token: { id: auth.token.reveal() } };
  }
}

function scopeOf(scope: AuthScope): Record<string, unknown> {
  switch (scope.kind) {
    case "project":
      return { scope: { project: project(scope.project) } };
    case "system":
      return { scope: { system: { all: true } } };
    case "unscoped":
      return {};
  }
}

/** The credentials in words, for messages: which user or credential, never the secret. */
export function describeAuth(auth: AuthMethod): string {
  const who = (ref: UserRef): string =>
    "id" in ref ? `user id ${ref.id}` : `user "${ref.name}" (domain ${"id" in ref.domain ? `id ${ref.domain.id}` : `"${ref.domain.name}"`})`;
  switch (auth.type) {
    case "password":
      return `the password of ${who(auth.user)}`;
    case "application_credential":
      return "id" in auth.credential
        ? `application credential ${auth.credential.id}`
        : `application credential "${auth.credential.name}" of ${who(auth.credential.user)}`;
    case "token":
      return "the given token";
  }
}

export interface IssuedToken {
  readonly token: string;
  /** How long Keystone says the token lives (expires_at - issued_at, both by Keystone's clock), in ms. */
  readonly lifetimeMs?: number;
  readonly catalog: readonly CatalogEntry[];
  readonly project?: { readonly id?: string; readonly name?: string };
}

/** Reads a 201 from POST /v3/auth/tokens: the token is the X-Subject-Token header, the rest is the body. */
export function parseIssuedToken(response: HttpResponse, call: string): IssuedToken {
  const header = response.headers["x-subject-token"];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) {
    throw new OpenStackError("server-error", `${call}: Keystone answered ${response.status} without an X-Subject-Token header`, "Check that the auth URL points at Keystone v3 (it usually ends in /v3).", {
      status: response.status,
      call,
    });
  }
  let body: { token?: { expires_at?: string; issued_at?: string; catalog?: CatalogEntry[]; project?: { id?: string; name?: string } } };
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    throw new OpenStackError("server-error", `${call}: Keystone's answer is not JSON`, "Check that the auth URL points at Keystone v3.", { status: response.status, call });
  }
  // Both ends by Keystone's clock, so a skewed local clock does not matter.
  const lifetime = Date.parse(body.token?.expires_at ?? "") - Date.parse(body.token?.issued_at ?? "");
  return {
    token,
    lifetimeMs: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined,
    catalog: Array.isArray(body.token?.catalog) ? body.token.catalog : [],
    project: body.token?.project,
  };
}

/** A token request that did not end in 201, as an error saying what to fix. */
export function keystoneFailure(outcome: Outcome, call: string, auth: AuthMethod): OpenStackError {
  const credentials = describeAuth(auth);
  const { status, text } = outcome.response;
  const said = `Keystone answered ${statusLine(status)}: "${errorBodyMessage(text)}"`;
  const context = { status, call };
  const fail = (kind: ErrorKind, hint: string) => new OpenStackError(kind, `${call} with ${credentials}: ${said}`, hint, context);
  switch (status) {
    case 400:
      return fail("bad-request", "Check the user, project and domain settings (names need their domain: OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME).");
    case 401:
      return fail("auth", "Bad credentials: check the user name and password (or the application credential's id and secret, or the token, which may have expired).");
    case 403:
      return fail("forbidden", "The user may not get a token for this scope: check the project, or ask for a role on it.");
    case 404:
      // The token method answers 404 for a token Keystone no longer knows.
      if (auth.type === "token") return fail("auth", "The token has expired or was revoked: get a new one (openstack token issue) or use a password or application credential.");
      return fail("not-found", "Check the auth URL (it should be Keystone's, usually ending in /v3) and the project and domain names.");
    case 429:
      return fail("server-error", "Keystone is rate-limiting token requests; wait a minute and try again.");
    default:
      return status >= 500
        ? fail("server-error", `Keystone is failing${outcome.gaveUp ? ` (gave up after ${outcome.attempts} attempts)` : ""}; try again later or tell the cloud's operator.`)
        : fail("auth", "Keystone did not issue a token; check the credentials and the auth URL.");
  }
}

/** Asks Keystone for a token (and the catalog with it); throws what a refusal means. */
export async function requestToken(executor: HttpExecutor, config: CloudConfig, endpoint: TokensEndpoint): Promise<IssuedToken> {
  executor.stats.tokenRequests++;
  const outcome = await executor.run({
    name: TOKENS_CALL,
    deadline: new Deadline(config.deadlineMs),
    build: () => ({
      method: "POST",
      origin: endpoint.origin,
      path: endpoint.path,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: tokenRequestBody(config.auth, config.scope),
    }),
  });
  if (outcome.response.status !== 201 && outcome.response.status !== 200) {
    throw keystoneFailure(outcome, TOKENS_CALL, config.auth);
  }
  return parseIssuedToken(outcome.response, TOKENS_CALL);
}
