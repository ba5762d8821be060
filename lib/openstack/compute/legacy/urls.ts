/** POST {compute}/servers/{server_id}/action */
export function actionPath(basePath: string, serverId: string): string {
  return `${basePath}/servers/${encodeURIComponent(serverId)}/action`;
}

export const ACTION_CALL = "POST /servers/{id}/action";
