/**
 * A raw HTTP(S) client for emulator tests: keeps repeated headers apart (two
 * Vary lines stay two) and the status text, which fetch would hide.
 */
import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import type { Emulator, EmulatorUser } from "../../src";

export interface RawResponse {
  status: number;
  statusText: string;
  /** Lower-case name -> every value in order. */
  headers: Record<string, string[]>;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  ca?: string;
  /** Resolve instead of reject when the connection breaks, with status 0. */
  tolerateDrop?: boolean;
}

export function request(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  const lib = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      {
        method: options.method ?? "GET",
        headers: { ...(options.body !== undefined ? { "Content-Length": Buffer.byteLength(options.body) } : {}), ...options.headers },
        ca: options.ca,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers: Record<string, string[]> = {};
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i].toLowerCase();
            (headers[name] ??= []).push(res.rawHeaders[i + 1]);
          }
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (err) => (options.tolerateDrop ? resolve({ status: 0, statusText: String(err), headers: {}, body: "" }) : reject(err)));
        res.on("aborted", () => options.tolerateDrop && resolve({ status: 0, statusText: "aborted", headers: {}, body: "" }));
      },
    );
    req.on("error", (err) => (options.tolerateDrop ? resolve({ status: 0, statusText: String(err), headers: {}, body: "" }) : reject(err)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The body decoded; typed loosely on purpose, since tests probe response shapes and assert on them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(res: RawResponse): any {
  return JSON.parse(res.body);
}

export function header(res: RawResponse, name: string): string | undefined {
  return res.headers[name.toLowerCase()]?.[0];
}

export function passwordBody(user: string, password: string, project?: string): string {
  const scope = project ? { scope: { project: { name: project, domain: { name: "Default" } } } } : {};
  return JSON.stringify({
    auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } }, ...scope },
  });
}

const PASSWORDS: Record<EmulatorUser, [string, string]> = {
  admin: ["admin-secret", "admin"],
  viewer: ["demo-secret", "admin"],
  demo: ["demo-secret", "demo"],
  "demo-reader": ["demo-secret", "demo"],
};

/** A project-scoped token for one of the emulator's users. */
export async function tokenFor(emulator: Emulator, user: EmulatorUser): Promise<string> {
  const [password, project] = PASSWORDS[user];
  const res = await request(`${emulator.identityUrl}/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: passwordBody(user, password, project),
    ca: emulator.caFile ? readFileSync(emulator.caFile, "utf8") : undefined,
  });
  if (res.status !== 201) throw new Error(`token for ${user}: ${res.status} ${res.body}`);
  return header(res, "x-subject-token")!;
}

/** POST remote-consoles with a token and microversion. */
export function remoteConsole(
  emulator: Emulator,
  token: string,
  serverId: string,
  body: unknown = { remote_console: { protocol: "vnc", type: "novnc" } },
  microversion = "2.8",
): Promise<RawResponse> {
  return request(`${emulator.computeUrl}/servers/${serverId}/remote-consoles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": microversion },
    body: JSON.stringify(body),
  });
}
