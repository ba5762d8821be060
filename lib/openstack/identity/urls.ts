import { ConfigError } from "../errors";

export interface Target {
  readonly origin: string;
  readonly path: string;
}

/** POST {auth_url}/auth/tokens, with "/v3" added when the auth URL names no version. */
export function tokensTarget(authUrl: string): Target {
  const url = new URL(authUrl);
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/v2(\.0)?$/.test(path)) {
    throw new ConfigError(`the auth URL ${authUrl} is Keystone's v2.0 API, which is gone`, "Use the v3 URL (usually the same with /v3 at the end).");
  }
  const versioned = /\/v3$/.test(path) ? path : `${path}/v3`;
  return { origin: url.origin, path: `${versioned}/auth/tokens` };
}
