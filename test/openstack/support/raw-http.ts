/**
 * Plain HTTP for the tests that speak to Keystone and Nova directly (the
 * differential table, token minting): exactly the headers given, nothing added
 * by a client library.
 */
import { request } from "undici";

export interface RawRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Sends as curl did for the recording, accepting any type (Nova picks an error page's format by the Accept header). */
export async function send(req: RawRequest): Promise<RawResponse> {
  const res = await request(req.url, {
    method: req.method,
    headers: { Accept: "*/*", ...req.headers },
    body: req.body,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { status: res.statusCode, headers, text: await res.body.text() };
}

export function json(body: unknown): { headers: Record<string, string>; body: string } {
  return { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

export interface IssuedToken {
  token: string;
  /** The token body's "token" object (user, project, roles, catalog). */
  body: {
    user: { id: string; name: string };
    project?: { id: string; name: string };
    methods: string[];
    roles?: Array<{ name: string }>;
    catalog?: Array<{ type: string; endpoints: Array<{ interface: string; region_id: string; url: string }> }>;
    application_credential?: { id: string; name: string };
  };
}

/** POST /v3/auth/tokens with a password, scoped to a project; throws unless 201. */
export async function passwordToken(identityUrl: string, user: string, password: string, project: string): Promise<IssuedToken> {
  return issue(identityUrl, {
    identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } },
    scope: { project: { name: project, domain: { name: "Default" } } },
  });
}

export async function appCredentialToken(identityUrl: string, id: string, secret: string): Promise<IssuedToken> {
  return issue(identityUrl, {
    identity: { methods: ["application_credential"], application_credential: { id, secret } },
  });
}

async function issue(identityUrl: string, auth: unknown): Promise<IssuedToken> {
  const res = await send({ method: "POST", url: `${identityUrl}/auth/tokens`, ...json({ auth }) });
  const token = res.headers["x-subject-token"];
  if (res.status !== 201 || !token) throw new Error(`POST ${identityUrl}/auth/tokens answered ${res.status}`);
  return { token, body: (JSON.parse(res.text) as { token: IssuedToken["body"] }).token };
}
