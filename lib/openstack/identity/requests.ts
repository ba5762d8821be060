import type { AuthMethod, AuthScope, DomainRef, ProjectRef, UserRef } from "../config/types";

/**
 * The body of POST /v3/auth/tokens. It holds the secret, so it is built only
 * when sent and never logged.
 */
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
