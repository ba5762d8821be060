/**
 * GET /os-console-auth-tokens/{console_token}: what an admin (or the proxy's
 * operator) learns about a console token, in Nova's order: policy (admin
 * only, 403), the token (404 "Token not found"), then below 2.31 only RDP
 * tokens are shown (401). The answer says where the proxy connects.
 */
import type { Reply } from "../http/reply";
import type { ApiCall, ComputeDeps } from "./context";
import { novaVersionAtLeast } from "./microversion";
import { novaFault, novaJson, policyRefused } from "./replies";

export const CONSOLE_TOKEN_POLICY = "os_compute_api:os-console-auth-tokens";

export function showConsoleToken(api: ApiCall, deps: ComputeDeps): Reply {
  if (!api.caller.isAdmin) return policyRefused(api.version, CONSOLE_TOKEN_POLICY);
  const token = decodeURIComponent(api.call.path.slice(api.call.path.lastIndexOf("/") + 1));
  const found = deps.consoles.check(token, (id) => deps.servers.has(id));
  if (!found) return novaFault(api.version, 404, "Token not found");
  if (!novaVersionAtLeast(api.version, "2.31") && found.type !== "rdp-html5") {
    return novaFault(api.version, 401, "The requested console type details are not accessible");
  }
  const target = deps.consoleTarget?.();
  return novaJson(api.version, 200, {
    console: {
      instance_uuid: found.serverId,
      host: target?.host ?? "127.0.0.1",
      port: target?.port ?? 5900,
      // 2.99: the TLS port SPICE direct consoles use; the emulator's VNC target has none.
      ...(novaVersionAtLeast(api.version, "2.99") ? { tls_port: null } : {}),
      internal_access_path: null,
    },
  });
}
