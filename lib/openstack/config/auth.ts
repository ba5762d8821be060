import { ConfigError } from "../errors";
import type { Fields } from "./fields";
import { Secret } from "./secret";
import type { AuthMethod, AuthScope, DomainRef, UserRef } from "./types";

/** How to name a setting in a message, for the source it is expected in (OS_USERNAME, or auth.username of cloud "x"). */
export type SettingNamer = (key: string) => string;

const AUTH_TYPES: Record<string, AuthMethod["type"]> = {
  password: "password",
  v3password: "password",
  token: "token",
  v3token: "token",
  v3applicationcredential: "application_credential",
  applicationcredential: "application_credential",
  application_credential: "application_credential",
};

const get = (fields: Fields, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const field = fields.get(key);
    if (field) return field.value;
  }
  return undefined;
};

function domainOf(fields: Fields, which: "user" | "project"): DomainRef | undefined {
  const id = get(fields, `auth.${which}_domain_id`, "auth.domain_id");
  if (id) return { id };
  const name = get(fields, `auth.${which}_domain_name`, "auth.domain_name");
  if (name) return { name };
  // default_domain is an id in openstacksdk and keystoneauth.
  const fallback = get(fields, "auth.default_domain");
  return fallback ? { id: fallback } : undefined;
}

function userOf(fields: Fields, name: SettingNamer, purpose: string): UserRef {
  const id = get(fields, "auth.user_id");
  if (id) return { id };
  const username = get(fields, "auth.username");
  if (!username) {
    throw new ConfigError(`${purpose} needs a user, and neither ${name("auth.username")} nor ${name("auth.user_id")} is set`, `Set ${name("auth.username")} (with ${name("auth.user_domain_name")}) or ${name("auth.user_id")}.`);
  }
  const domain = domainOf(fields, "user");
  if (!domain) {
    throw new ConfigError(
      `user "${username}" needs a domain, and ${name("auth.user_domain_name")} is not set`,
      `Set ${name("auth.user_domain_name")} (often "Default") or ${name("auth.user_domain_id")} (often "default").`,
    );
  }
  return { name: username, domain };
}

function authTypeOf(fields: Fields, name: SettingNamer): AuthMethod["type"] {
  const explicit = fields.get("auth_type");
  if (explicit) {
    const type = AUTH_TYPES[explicit.value.trim().toLowerCase()];
    if (!type) {
      throw new ConfigError(`${explicit.from} is "${explicit.value}", an auth type this client does not support`, "Use password (v3password), v3applicationcredential or token (v3token).");
    }
    return type;
  }
  if (get(fields, "auth.application_credential_id", "auth.application_credential_name", "auth.application_credential_secret")) return "application_credential";
  if (get(fields, "auth.token") && !get(fields, "auth.password")) return "token";
  if (get(fields, "auth.password", "auth.username", "auth.user_id")) return "password";
  throw new ConfigError(
    "no credentials found",
    `Set ${name("auth.username")} and ${name("auth.password")}, or an application credential (${name("auth.application_credential_id")} and ${name("auth.application_credential_secret")}), or ${name("auth.token")}; or choose a cloud of clouds.yaml with OS_CLOUD.`,
  );
}

function required(fields: Fields, key: string, name: SettingNamer, purpose: string): string {
  const value = get(fields, key);
  if (!value) throw new ConfigError(`${purpose} needs ${name(key)}, which is not set`, `Set ${name(key)}.`);
  return value;
}

export function authMethodOf(fields: Fields, name: SettingNamer): AuthMethod {
  const type = authTypeOf(fields, name);
  switch (type) {
    case "password":
      return {
        type,
        user: userOf(fields, name, "password authentication"),
        password: new Secret(required(fields, "auth.password", name, "password authentication")),
      };
    case "application_credential": {
      const secret = new Secret(required(fields, "auth.application_credential_secret", name, "application-credential authentication"));
      const id = get(fields, "auth.application_credential_id");
      if (id) return { type, credential: { id }, secret };
      const credName = get(fields, "auth.application_credential_name");
      if (!credName) {
        throw new ConfigError(
          `application-credential authentication needs ${name("auth.application_credential_id")} or ${name("auth.application_credential_name")}`,
          `Set ${name("auth.application_credential_id")} (or the name with its user).`,
        );
      }
      return { type, credential: { name: credName, user: userOf(fields, name, `application credential "${credName}" (given by name)`) }, secret };
    }
    case "token":
      return { type, token: new Secret(required(fields, "auth.token", name, "token authentication")) };
  }
}

/** The scope to ask for; application credentials carry their own, so they get none. */
export function scopeOf(fields: Fields, auth: AuthMethod, name: SettingNamer): AuthScope {
  if (auth.type === "application_credential") return { kind: "unscoped" };
  const id = get(fields, "auth.project_id", "auth.tenant_id");
  if (id) return { kind: "project", project: { id } };
  const projectName = get(fields, "auth.project_name", "auth.tenant_name");
  if (projectName) {
    const domain = domainOf(fields, "project");
    if (!domain) {
      throw new ConfigError(
        `project "${projectName}" needs a domain, and ${name("auth.project_domain_name")} is not set`,
        `Set ${name("auth.project_domain_name")} (often "Default") or ${name("auth.project_domain_id")}.`,
      );
    }
    return { kind: "project", project: { name: projectName, domain } };
  }
  if (get(fields, "auth.system_scope")) return { kind: "system" };
  // Keystone scopes such a token to the user's default project, if any; the catalog check reports otherwise.
  return { kind: "unscoped" };
}
