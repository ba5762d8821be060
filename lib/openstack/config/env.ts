import type { Fields } from "./fields";

/**
 * OS_* variables and the clouds.yaml key each one stands for. When two
 * variables map to one key, the first listed wins (OS_PROJECT_NAME over
 * OS_TENANT_NAME, OS_INTERFACE over OS_ENDPOINT_TYPE, OS_TOKEN over OS_AUTH_TOKEN).
 */
const ENV_KEYS: ReadonlyArray<readonly [string, string]> = [
  ["OS_AUTH_URL", "auth.auth_url"],
  ["OS_AUTH_TYPE", "auth_type"],
  ["OS_USERNAME", "auth.username"],
  ["OS_USER_ID", "auth.user_id"],
  ["OS_PASSWORD", "auth.password"],
  ["OS_PROJECT_NAME", "auth.project_name"],
  ["OS_TENANT_NAME", "auth.project_name"],
  ["OS_PROJECT_ID", "auth.project_id"],
  ["OS_TENANT_ID", "auth.project_id"],
  ["OS_USER_DOMAIN_NAME", "auth.user_domain_name"],
  ["OS_USER_DOMAIN_ID", "auth.user_domain_id"],
  ["OS_PROJECT_DOMAIN_NAME", "auth.project_domain_name"],
  ["OS_PROJECT_DOMAIN_ID", "auth.project_domain_id"],
  ["OS_DOMAIN_NAME", "auth.domain_name"],
  ["OS_DOMAIN_ID", "auth.domain_id"],
  ["OS_DEFAULT_DOMAIN", "auth.default_domain"],
  ["OS_APPLICATION_CREDENTIAL_ID", "auth.application_credential_id"],
  ["OS_APPLICATION_CREDENTIAL_NAME", "auth.application_credential_name"],
  ["OS_APPLICATION_CREDENTIAL_SECRET", "auth.application_credential_secret"],
  ["OS_TOKEN", "auth.token"],
  ["OS_AUTH_TOKEN", "auth.token"],
  ["OS_SYSTEM_SCOPE", "auth.system_scope"],
  ["OS_REGION_NAME", "region_name"],
  ["OS_INTERFACE", "interface"],
  ["OS_ENDPOINT_TYPE", "interface"],
  ["OS_CACERT", "cacert"],
  ["OS_CERT", "cert"],
  ["OS_KEY", "key"],
  ["OS_INSECURE", "insecure"],
  ["OS_COMPUTE_API_VERSION", "compute_api_version"],
];

/** The settings the OS_* variables give (empty values count as unset). */
export function fieldsFromEnv(env: NodeJS.ProcessEnv): Fields {
  const fields: Fields = new Map();
  for (const [name, key] of ENV_KEYS) {
    const value = env[name];
    if (value !== undefined && value !== "" && !fields.has(key)) fields.set(key, { value, from: name });
  }
  return fields;
}

/** True when the environment names a Keystone to authenticate against. */
export function envHasAuth(fields: Fields): boolean {
  return fields.has("auth.auth_url");
}

/** The OS_* variable that sets a clouds.yaml key, e.g. "auth.password" -> "OS_PASSWORD". */
export function envVariableFor(key: string): string | undefined {
  return ENV_KEYS.find(([, k]) => k === key)?.[0];
}
