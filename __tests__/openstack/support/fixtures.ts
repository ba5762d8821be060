import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A response recorded verbatim from real Nova/Keystone (Zed), copied from recorded-real-nova-zed.md. */
export interface RecordedResponse {
  readonly recorded: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function recorded(name: string): RecordedResponse {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", `${name}.json`), "utf8")) as RecordedResponse;
}

/** As the client's executor returns it. */
export function outcomeOf(name: string, extra: { attempts?: number; gaveUp?: "deadline" | "attempts" } = {}) {
  const r = recorded(name);
  return { response: { status: r.status, headers: r.headers, text: r.body }, attempts: extra.attempts ?? 1, gaveUp: extra.gaveUp };
}
