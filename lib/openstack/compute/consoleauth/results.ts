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
