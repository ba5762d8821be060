import type { LegacyAction } from "../../../console-matrix";

/** {"os-getVNCConsole": {"type": "novnc"}} and its siblings. */
export function actionBody(action: LegacyAction, type: string): string {
  return JSON.stringify({ [action]: { type } });
}
