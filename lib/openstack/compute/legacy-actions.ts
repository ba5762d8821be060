/**
 * The console server actions of microversions below 2.6 (os-getVNCConsole
 * and its siblings): the request, its URL and the answer of
 * `POST /servers/{server_id}/action`.
 */
import type { LegacyAction } from "../../console-matrix";
import { OpenStackError } from "../errors";

export const ACTION_CALL = "POST /servers/{id}/action";

/** POST {compute}/servers/{server_id}/action */
export function actionPath(basePath: string, serverId: string): string {
  return `${basePath}/servers/${encodeURIComponent(serverId)}/action`;
}

/** {"os-getVNCConsole": {"type": "novnc"}} and its siblings. */
export function actionBody(action: LegacyAction, type: string): string {
  return JSON.stringify({ [action]: { type } });
}

/** 200 {"console": {"type", "url"}} */
export function parseConsole(text: string, call: string): { type: string; url: string } {
  let doc: { console?: { type?: unknown; url?: unknown } };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = {};
  }
  const url = doc?.console?.url;
  if (typeof url !== "string" || url === "") {
    throw new OpenStackError("server-error", `${call} answered 200 without a console URL`, "The endpoint may not be Nova's compute API; check the compute endpoint.", { call, status: 200 });
  }
  return { type: String(doc.console?.type ?? ""), url };
}
