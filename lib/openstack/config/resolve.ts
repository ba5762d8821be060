import { isMicroversion } from "../../console-matrix";
import { ConfigError } from "../errors";
import { authMethodOf, scopeOf, type SettingNamer } from "./auth";
import { cloudNames, readCloudEntry, regionOverrides, type CloudEntry } from "./cloud-entry";
import { envHasAuth, envVariableFor, fieldsFromEnv } from "./env";
import { overlay, type Field, type Fields } from "./fields";
import { loadCloudsFile, searchDirs, type CloudsFile } from "./files";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_DEADLINE_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type CloudConfig,
  type ConnectionSettings,
  type TlsSettings,
} from "./types";
import { existingFile, parseBool, parseHttpUrl, parseInterface, parseMicroversionField, positiveNumber } from "./values";

/** Where the settings came from before validation. */
interface Sourced {
  readonly fields: Fields;
  readonly source: string;
  readonly cloud?: string;
  readonly region?: string;
  readonly name: SettingNamer;
}

const envNamer: SettingNamer = (key) => envVariableFor(key) ?? key;

function cloudNamer(entry: CloudEntry): SettingNamer {
  return (key) => {
    const variable = envVariableFor(key);
    return `${key} of ${entry.label}${variable ? ` (or ${variable})` : ""}`;
  };
}

/**
 * Resolves connection settings the way the OpenStack provider and CLI do:
 * explicit settings first; then the cloud named by `settings.cloud` or
 * OS_CLOUD from clouds.yaml (secure.yaml merged over it), whose gaps OS_*
 * variables fill; or the OS_* variables alone. Throws ConfigError naming the
 * missing or bad setting and the fix.
 */
export function resolveCloudConfig(
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): CloudConfig {
  const sourced = gatherFields(settings, env, cwd);
  const { fields, name } = sourced;

  const authUrlField = fields.get("auth.auth_url");
  if (!authUrlField) {
    throw new ConfigError(`${sourced.source} has no Keystone URL: ${name("auth.auth_url")} is not set`, `Set ${name("auth.auth_url")} to the identity endpoint, e.g. https://keystone.example.com:5000/v3.`);
  }
  const auth = authMethodOf(fields, name);

  return {
    source: sourced.source,
    cloud: sourced.cloud,
    authUrl: parseHttpUrl(authUrlField),
    auth,
    scope: scopeOf(fields, auth, name),
    region: sourced.region,
    interface: settings.interface !== undefined ? parseInterface(setting("interface", settings.interface)) : fields.has("interface") ? parseInterface(fields.get("interface")!) : "public",
    computeEndpoint: settings.computeEndpoint !== undefined ? parseHttpUrl(setting("computeEndpoint", settings.computeEndpoint)) : undefined,
    tls: tlsOf(settings, fields, cwd, env),
    microversion: microversionOf(settings, fields),
    requestTimeoutMs: positiveNumber("requestTimeoutMs", settings.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
    deadlineMs: positiveNumber("deadlineMs", settings.deadlineMs, DEFAULT_DEADLINE_MS),
    concurrency: positiveNumber("concurrency", settings.concurrency, DEFAULT_CONCURRENCY, true),
  };
}

const setting = (key: string, value: unknown): Field => ({ value: String(value), from: `the ${key} setting` });

function gatherFields(settings: ConnectionSettings, env: NodeJS.ProcessEnv, cwd: string): Sourced {
  const envFields = fieldsFromEnv(env);
  const cloudName = settings.cloud ?? (env.OS_CLOUD || undefined);
  const cloudFrom = settings.cloud !== undefined ? "the cloud setting" : "OS_CLOUD";

  if (cloudName === undefined && envHasAuth(envFields)) {
    return { fields: envFields, source: "the OS_* environment", region: settings.region ?? envFields.get("region_name")?.value, name: envNamer };
  }

  const file = loadCloudsFile(env, cwd);
  if (cloudName !== undefined) {
    if (!file) {
      throw new ConfigError(
        `${cloudFrom} names cloud "${cloudName}", but there is no clouds.yaml in ${searchDirs(env, cwd).join(", ")}`,
        "Create clouds.yaml in one of those places, point OS_CLIENT_CONFIG_FILE at it, or unset OS_CLOUD and use OS_* variables.",
      );
    }
    if (!Object.prototype.hasOwnProperty.call(file.clouds, cloudName)) {
      throw new ConfigError(
        `${cloudFrom} names cloud "${cloudName}", which ${file.path} does not define (it defines: ${cloudNames(file).join(", ") || "none"})`,
        "Use one of the defined names, or add the cloud to the file.",
      );
    }
    return fromCloud(file, cloudName, settings, envFields);
  }
  const names = file ? cloudNames(file) : [];
  if (file && names.length === 1) return fromCloud(file, names[0], settings, envFields);
  if (file && names.length > 1) {
    throw new ConfigError(`${file.path} defines several clouds (${names.join(", ")}) and none is chosen`, "Set OS_CLOUD (or --os-cloud) to one of them.");
  }
  throw new ConfigError(
    `no credentials: OS_CLOUD and OS_AUTH_URL are unset, and there is no clouds.yaml in ${searchDirs(env, cwd).join(", ")}`,
    "Source your cloud's openrc file (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, ...) or set OS_CLOUD to a cloud of clouds.yaml.",
  );
}

function fromCloud(file: CloudsFile, cloud: string, settings: ConnectionSettings, envFields: Fields): Sourced {
  const entry = readCloudEntry(file, cloud);
  const region = settings.region ?? entry.fields.get("region_name")?.value ?? envFields.get("region_name")?.value ?? entry.regions[0]?.name;
  if (region !== undefined && entry.regions.length > 0 && !entry.regions.some((r) => r.name === region)) {
    throw new ConfigError(
      `region "${region}" is not among the regions of ${entry.label} (${entry.regions.map((r) => r.name).join(", ")})`,
      "Choose one of those regions, or add it to the cloud's regions list.",
    );
  }
  const withRegion = region !== undefined ? overlay(entry.fields, regionOverrides(entry, region)) : entry.fields;
  // OS_* variables fill only the cloud's gaps, as gophercloud does: the cloud's fields laid over them.
  return { fields: overlay(envFields, withRegion), source: entry.label, cloud, region, name: cloudNamer(entry) };
}

function tlsOf(settings: ConnectionSettings, fields: Fields, cwd: string, env: NodeJS.ProcessEnv): TlsSettings {
  const verify = fields.get("verify");
  const insecureField = fields.get("insecure");
  // `verify: false` wins over cacert, as in openstacksdk; an explicit setting wins over both.
  const insecure = settings.insecure ?? (verify ? !parseBool(verify) : insecureField ? parseBool(insecureField) : false);
  const file = (key: "cacert" | "cert" | "key"): string | undefined => {
    const explicit = settings[key];
    const field = explicit !== undefined ? setting(key, explicit) : fields.get(key);
    return field ? existingFile(field, cwd, env.HOME || undefined) : undefined;
  };
  const cert = file("cert");
  const key = file("key");
  if (key && !cert) {
    throw new ConfigError("a client key is set without a client certificate", "Set the certificate too (cert / OS_CERT / --os-cert), or unset the key.");
  }
  return { insecure, cacert: insecure ? undefined : file("cacert"), cert, key };
}

function microversionOf(settings: ConnectionSettings, fields: Fields): string | undefined {
  if (settings.microversion !== undefined) {
    if (!isMicroversion(settings.microversion)) {
      throw new ConfigError(`the microversion setting is "${settings.microversion}", not of the form X.Y`, 'Give a compute microversion such as "2.8" (the default) or "2.6".');
    }
    return settings.microversion;
  }
  const field = fields.get("compute_api_version");
  return field ? parseMicroversionField(field) : undefined;
}
