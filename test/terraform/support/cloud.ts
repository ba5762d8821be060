/**
 * What the Terraform suite asks real Nova directly, as admin and without our
 * client (so it checks the client rather than trusting it): the servers a
 * stack made, whether a console token is live and for which server, and the
 * clean-up that leaves nothing behind whatever a test did.
 */
import * as fs from "node:fs";
import { consoleTokenOf } from "../../openstack/support/nova-console-tokens";
import { passwordToken, send } from "../../openstack/support/raw-http";
import { realOpenStack } from "../../openstack/support/real-env";

const CONSOLE_AUTH_MICROVERSION = "2.31"; // from 2.31 os-console-auth-tokens answers for every console type

async function adminToken(): Promise<string> {
  const real = realOpenStack();
  return (await passwordToken(real.authUrl, "admin", real.adminPassword, "admin")).token;
}

async function nova(method: "GET" | "DELETE", path: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await send({
    method,
    url: `${realOpenStack().computeUrl}${path}`,
    headers: { "X-Auth-Token": token, "X-OpenStack-Nova-API-Version": CONSOLE_AUTH_MICROVERSION, Accept: "application/json" },
  });
  let body: unknown;
  try {
    body = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    body = res.text;
  }
  return { status: res.status, body };
}

export interface NovaServer {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

/** Servers of project admin whose name starts with `prefix` (deleted ones are not listed). */
export async function serversNamed(prefix: string): Promise<NovaServer[]> {
  const token = await adminToken();
  const res = await nova("GET", `/servers/detail?name=${encodeURIComponent(`^${prefix.replace(/[.\\[\]()*+?^$|{}]/g, "\\$&")}`)}`, token);
  if (res.status !== 200) throw new Error(`listing servers answered ${res.status}`);
  return ((res.body as { servers: NovaServer[] }).servers ?? []).map(({ id, name, status }) => ({ id, name, status }));
}

/** Deletes every server named `prefix...` and waits until Nova lists none: the suite's safety net. */
export async function removeServersNamed(prefix: string, timeoutMs = 180_000): Promise<string[]> {
  const token = await adminToken();
  const found = await serversNamed(prefix);
  for (const s of found) await nova("DELETE", `/servers/${s.id}`, token);
  const deadline = Date.now() + timeoutMs;
  while ((await serversNamed(prefix)).length > 0) {
    if (Date.now() > deadline) throw new Error(`servers named ${prefix}* still listed ${timeoutMs / 1000} s after deleting them`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  return found.map((s) => s.name);
}

export interface LiveConsole {
  readonly instanceUuid: string;
}

/** Nova's own view of a console token (`GET /os-console-auth-tokens/{token}` as admin); undefined when not live. */
export async function liveConsole(url: string): Promise<LiveConsole | undefined> {
  const res = await nova("GET", `/os-console-auth-tokens/${encodeURIComponent(consoleTokenOf(url))}`, await adminToken());
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`os-console-auth-tokens answered ${res.status}`);
  return { instanceUuid: (res.body as { console: { instance_uuid: string } }).console.instance_uuid };
}

/**
 * What a service's log (in the harness's log folder, e.g. nova-api.log) gains
 * from now on: call the returned function for the lines written since.
 */
export function logFromNow(name: string): () => string {
  const file = `${realOpenStack().logDir}/${name}`;
  const start = fs.statSync(file).size;
  return () => {
    const fd = fs.openSync(file, "r");
    try {
      const gained = Buffer.alloc(Math.max(0, fs.fstatSync(fd).size - start));
      fs.readSync(fd, gained, 0, gained.length, start);
      return gained.toString("utf8");
    } finally {
      fs.closeSync(fd);
    }
  };
}
