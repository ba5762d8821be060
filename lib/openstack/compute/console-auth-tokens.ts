/**
 * GET {compute}/os-console-auth-tokens/{console_token} (admin only; for every
 * console type from microversion 2.31): where Nova's proxy would connect for
 * a token. The probe asks it to tell a token Nova no longer knows from a
 * proxy that cannot reach the console.
 */

/** Below 2.31 the call answers 401 for every console type but rdp-html5. */
export const TOKEN_LOOKUP_MICROVERSION = "2.31";

/** The call's name in messages: never the token. */
export const SHOW_TOKEN_CALL = "GET /os-console-auth-tokens/{token}";

export function tokenPath(basePath: string, token: string): string {
  return `${basePath}/os-console-auth-tokens/${encodeURIComponent(token)}`;
}

/** 200 {"console": {"instance_uuid", "host", "port", "internal_access_path"}}: where the proxy connects for this token. */
export interface ConsoleConnectInfo {
  readonly instanceUuid?: string;
  readonly host?: string;
  readonly port?: number;
}

export function parseConnectInfo(text: string): ConsoleConnectInfo {
  try {
    const body = (JSON.parse(text) as { console?: Record<string, unknown> }).console ?? {};
    return {
      ...(typeof body.instance_uuid === "string" ? { instanceUuid: body.instance_uuid } : {}),
      ...(typeof body.host === "string" ? { host: body.host } : {}),
      ...(typeof body.port === "number" || typeof body.port === "string" ? { port: Number(body.port) } : {}),
    };
  } catch {
    return {};
  }
}
