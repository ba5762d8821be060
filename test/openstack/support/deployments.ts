/**
 * The two deployments the differential table compares: the real services that
 * up.sh runs, and the emulator configured like them (profile "zed": maximum
 * 2.93; vnc/novnc and mks/webmks enabled), seeded with the same users and servers.
 */
import { startEmulator, type Emulator } from "../../../lib/emulator";
import type { Deployment } from "./differential-cases";
import type { KnownIds } from "./observe";
import { appCredentialToken, passwordToken, send } from "./raw-http";
import { realOpenStack } from "./real-env";

async function tokensFor(identityUrl: string, adminPassword: string, demoPassword: string, appCred: { id: string; secret: string }) {
  const admin = await passwordToken(identityUrl, "admin", adminPassword, "admin");
  const [viewer, demo, appcred] = await Promise.all([
    passwordToken(identityUrl, "viewer", demoPassword, "admin"),
    passwordToken(identityUrl, "demo", demoPassword, "demo"),
    appCredentialToken(identityUrl, appCred.id, appCred.secret),
  ]);
  return {
    tokens: { admin: admin.token, viewer: viewer.token, demo: demo.token, appcred: appcred.token },
    adminUserId: admin.body.user.id,
    adminProjectId: admin.body.project?.id ?? "",
  };
}

export async function realDeployment(): Promise<Deployment> {
  const real = realOpenStack();
  const { tokens, adminUserId, adminProjectId } = await tokensFor(real.authUrl, real.adminPassword, real.demoPassword, real.appCredential);
  return {
    label: "real",
    identityUrl: real.authUrl,
    computeUrl: real.computeUrl,
    adminUserId,
    adminProjectId,
    adminPassword: real.adminPassword,
    tokens,
    servers: {
      active: real.servers.active,
      shutoff: real.servers.shutoff,
      paused: real.servers.paused,
      unscheduled: real.servers.unscheduled,
      demo: real.servers.demo,
    },
    appCredential: real.appCredential,
  };
}

/** The emulator as the harness seeds the real services: same users, same servers in project admin. */
export async function emulatorDeployment(): Promise<{ deployment: Deployment; emulator: Emulator }> {
  // As the harness: vnc/novnc, and mks/webmks enabled for the Terraform suite (configs.sh).
  const emulator = await startEmulator({ profile: "zed", enabledPairs: ["vnc/novnc", "mks/webmks"] });
  const env = emulator.env("admin");
  const demoPassword = emulator.env("demo").OS_PASSWORD;
  const server = (name: string, status: "ACTIVE" | "SHUTOFF" | "PAUSED" | "ERROR", host = true, project: "admin" | "demo" = "admin") =>
    emulator.createServer({ name, status, project, host }).id;
  const servers = {
    active: server("vm1", "ACTIVE"),
    shutoff: server("vm-shutoff", "SHUTOFF"),
    paused: server("vm-paused", "PAUSED"),
    unscheduled: server("vm-error", "ERROR", false),
    demo: server("vm-demo", "ACTIVE", true, "demo"),
  };
  const appCredential = emulator.createApplicationCredential("admin", "console-suite");
  const { tokens, adminUserId, adminProjectId } = await tokensFor(emulator.identityUrl, env.OS_PASSWORD, demoPassword, appCredential);
  return {
    emulator,
    deployment: {
      label: "emulator",
      identityUrl: emulator.identityUrl,
      computeUrl: emulator.computeUrl,
      adminUserId,
      adminProjectId,
      adminPassword: env.OS_PASSWORD,
      tokens,
      servers,
      appCredential,
    },
  };
}

/** The ids an answer may mention, by the placeholder the recorded observations use. */
export function knownIds(d: Deployment): KnownIds {
  return { ...d.servers, project: d.adminProjectId, user: d.adminUserId };
}

/** Deletes the application credential the "create" case made, so reruns do not pile them up. */
export async function deleteCreatedCredential(d: Deployment): Promise<void> {
  if (!d.created) return;
  await send({
    method: "DELETE",
    url: `${d.identityUrl}/users/${d.adminUserId}/application_credentials/${d.created.id}`,
    headers: { "X-Auth-Token": d.tokens.admin },
  });
}
