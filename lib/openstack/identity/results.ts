import { OpenStackError } from "../errors";
import type { HttpResponse } from "../http/executor";
import type { CatalogEntry } from "./catalog";

export interface IssuedToken {
  readonly token: string;
  /** How long Keystone says the token lives (expires_at - issued_at, both by Keystone's clock), in ms. */
  readonly lifetimeMs?: number;
  readonly catalog: readonly CatalogEntry[];
  readonly project?: { readonly id?: string; readonly name?: string };
}

/** Reads a 201 from POST /v3/auth/tokens: the token is the X-Subject-Token header, the rest is the body. */
export function parseIssuedToken(response: HttpResponse, call: string): IssuedToken {
  const header = response.headers["x-subject-token"];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) {
    throw new OpenStackError("server-error", `${call}: Keystone answered ${response.status} without an X-Subject-Token header`, "Check that the auth URL points at Keystone v3 (it usually ends in /v3).", {
      status: response.status,
      call,
    });
  }
  let body: { token?: { expires_at?: string; issued_at?: string; catalog?: CatalogEntry[]; project?: { id?: string; name?: string } } };
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    throw new OpenStackError("server-error", `${call}: Keystone's answer is not JSON`, "Check that the auth URL points at Keystone v3.", { status: response.status, call });
  }
  // Both ends by Keystone's clock, so a skewed local clock does not matter.
  const lifetime = Date.parse(body.token?.expires_at ?? "") - Date.parse(body.token?.issued_at ?? "");
  return {
    token,
    lifetimeMs: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined,
    catalog: Array.isArray(body.token?.catalog) ? body.token.catalog : [],
    project: body.token?.project,
  };
}
