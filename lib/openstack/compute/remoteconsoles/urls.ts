/** POST {compute}/servers/{server_id}/remote-consoles */
export function createPath(basePath: string, serverId: string): string {
  return `${basePath}/servers/${encodeURIComponent(serverId)}/remote-consoles`;
}

export const CREATE_CALL = "POST /servers/{id}/remote-consoles";
