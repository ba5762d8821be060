/**
 * The control endpoint on the compute listener, for tests and benchmarks in
 * other processes: /__emulator/faults, /console-proxy/faults, /counters, /servers, /tokens/expire,
 * /console-urls/check. It drives the same Emulator methods a library user
 * calls; it is neither counted nor faulted.
 */
import { EmulatorConfigError, UnknownServer } from "./errors";
import type { IncomingCall, Routed } from "./http/call";
import type { Reply } from "./http/reply";
import type { CreateServerSpec, Emulator, ServerStatus } from "./types";

export const CONTROL_PREFIX = "/__emulator";

const STATUSES: readonly ServerStatus[] = ["ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED", "BUILD", "ERROR"];

function json(status: number, body: unknown): Reply {
  return { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

const noContent = (): Reply => ({ status: 204, headers: {}, body: "" });
const refuse = (status: number, error: string): Reply => json(status, { error });

function parse(call: IncomingCall): unknown {
  if (call.body.length === 0) return {};
  return JSON.parse(call.body.toString("utf8"));
}

function serverSpec(body: unknown): CreateServerSpec {
  const spec = body as Partial<CreateServerSpec> | null;
  if (!spec || typeof spec.name !== "string" || spec.name === "") {
    throw new EmulatorConfigError("name", "is missing", 'give {"name": "vm-1"} and optionally status, project ("demo"|"admin"), host (false: never scheduled)');
  }
  if (spec.status !== undefined && !STATUSES.includes(spec.status)) {
    throw new EmulatorConfigError("status", `"${spec.status}" is not a server status`, `use one of ${STATUSES.join(", ")}`);
  }
  if (spec.project !== undefined && spec.project !== "demo" && spec.project !== "admin") {
    throw new EmulatorConfigError("project", `"${spec.project}" is not a project`, 'use "demo" or "admin"');
  }
  return { name: spec.name, status: spec.status, project: spec.project, host: spec.host };
}

function handle(emulator: Emulator, call: IncomingCall): Reply {
  const path = call.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const m = call.method;
  const server = /^\/servers\/([^/]+)(\/status|\/deleting)?$/.exec(path);
  if (path === "/faults" && m === "GET") return json(200, { faults: emulator.currentFaults() });
  if (path === "/faults" && m === "POST") {
    emulator.setFaults(parse(call) as never);
    return json(200, { faults: emulator.currentFaults() });
  }
  if (path === "/faults" && m === "DELETE") {
    emulator.clearFaults();
    return noContent();
  }
  if (path === "/console-proxy/faults" && m === "GET") return json(200, { faults: emulator.consoleProxyFaults() });
  if (path === "/console-proxy/faults" && (m === "POST" || m === "DELETE")) {
    try {
      emulator.setConsoleProxyFaults(m === "POST" ? (parse(call) as never) : {});
    } catch (err) {
      if (err instanceof SyntaxError) throw err;
      return refuse(400, (err as Error).message);
    }
    return json(200, { faults: emulator.consoleProxyFaults() });
  }
  if (path === "/counters" && m === "GET") return json(200, emulator.counters());
  if (path === "/counters/reset" && m === "POST") {
    emulator.resetCounters();
    return noContent();
  }
  if (path === "/servers" && m === "GET") return json(200, { servers: emulator.listServers() });
  if (path === "/servers" && m === "POST") return json(201, { server: emulator.createServer(serverSpec(parse(call))) });
  if (server && m === "POST" && server[2] === "/status") {
    const status = (parse(call) as { status?: ServerStatus }).status;
    if (!status || !STATUSES.includes(status)) return refuse(400, `status: give one of ${STATUSES.join(", ")}`);
    emulator.setServerStatus(decodeURIComponent(server[1]), status);
    return noContent();
  }
  if (server && m === "POST" && server[2] === "/deleting") {
    emulator.markDeleting(decodeURIComponent(server[1]));
    return noContent();
  }
  if (server && m === "DELETE" && !server[2]) {
    emulator.deleteServer(decodeURIComponent(server[1]));
    return noContent();
  }
  if (path === "/tokens/expire" && m === "POST") {
    emulator.expireTokens();
    return noContent();
  }
  if (path === "/console-urls/check" && m === "GET") {
    const url = call.query.get("url");
    if (!url) return refuse(400, "url: give the console URL to check as ?url=...");
    return json(200, { issued: emulator.isIssuedConsoleUrl(url) });
  }
  return refuse(404, `no control route ${m} ${CONTROL_PREFIX}${path}`);
}

/** Control requests; their errors are JSON {"error": "..."} with 400 or 404. */
export function controlRoute(emulator: Emulator, call: IncomingCall): Routed {
  return {
    key: "control",
    internal: true,
    handle: () => {
      try {
        return handle(emulator, call);
      } catch (err) {
        if (err instanceof EmulatorConfigError) return refuse(400, err.message);
        if (err instanceof SyntaxError) return refuse(400, "body: not JSON; send a JSON object");
        if (err instanceof UnknownServer) return refuse(404, err.message);
        throw err;
      }
    },
  };
}
