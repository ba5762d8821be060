/**
 * Connecting lib/openstack's client to the real services the way a user
 * would: settings plus an environment of OS_* variables, with HOME and the
 * working directory pointed at an empty folder so no clouds.yaml of the
 * machine is picked up.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenStackClient, resolveCloudConfig, type ConnectionSettings } from "../../../lib/openstack";
import { issuedConsoleToken } from "./nova-console-tokens";

export interface Sandbox {
  /** Empty folder used as HOME and working directory. */
  readonly dir: string;
  /** Every line the clients logged (warnings, retry notes): checked for secrets. */
  readonly log: readonly string[];
  connect(env: Record<string, string>, settings?: ConnectionSettings): Promise<OpenStackClient>;
  /** Closes every client it connected and removes the folder. */
  dispose(): Promise<void>;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "real-openstack-suite-"));
  const clients: OpenStackClient[] = [];
  const lines: string[] = [];
  return {
    dir,
    log: lines,
    async connect(env, settings = {}) {
      const config = resolveCloudConfig(settings, { HOME: dir, PATH: process.env.PATH, ...env }, dir);
      const client = await OpenStackClient.connect(config, { logger: (line) => lines.push(line) });
      clients.push(client);
      return client;
    },
    async dispose() {
      await Promise.all(clients.map((c) => c.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The URL is a noVNC URL whose token the real Nova stored for this server. */
export function expectIssuedFor(url: string, serverId: string, consoleType = "novnc"): void {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:6080\/vnc_lite\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/);
  expect(issuedConsoleToken(url)).toMatchObject({ instanceUuid: serverId, consoleType });
}

export const NOVNC = { protocol: "vnc", type: "novnc" } as const;
