import { OpenStackError } from "../../errors";

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
