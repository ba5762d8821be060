/** GET {compute}/os-console-auth-tokens/{console_token}: admin only; other than RDP tokens from microversion 2.31. */
export function tokenPath(basePath: string, token: string): string {
  return `${basePath}/os-console-auth-tokens/${encodeURIComponent(token)}`;
}

/** The call's name in messages: never the token. */
export const SHOW_TOKEN_CALL = "GET /os-console-auth-tokens/{token}";

/** Below 2.31 the call answers 401 for every console type but rdp-html5. */
export const TOKEN_LOOKUP_MICROVERSION = "2.31";
