/**
 * The two deployments the differential table compares: the real services that
 * up.sh runs, and the emulator configured like them (profile "zed": maximum
 * 2.93; vnc/novnc and mks/webmks enabled), seeded with the same users and servers.
 */
import { startEmulator, type Emulator } from "../../../packages/openstack-emulator/src";
import type { Deployment } from "./differential-cases";
import { KEYPAIR_NAMES } from "./differential-cloud-cases";
import type { KnownIds } from "./observe";
import { appCredentialToken, passwordToken, send, type IssuedToken } from "./raw-http";
import { realOpenStack } from "./real-env";

type Catalog = NonNullable<IssuedToken["body"]["catalog"]>;

function publicUrl(catalog: Catalog, type: string): string {
  const url = catalog.find((s) => s.type === type)?.endpoints.find((e) => e.interface === "public" && e.region_id === "RegionOne")?.url;
  if (!url) throw new Error(`no public ${type} endpoint in RegionOne in the catalog`);
  return url.replace(/\/+$/, "");
}

/** The flavor m1.tiny and the image cirros-fake, looked up as a client would. */
async function seeded(computeUrl: string, imageUrl: string, token: string): Promise<{ flavorId: string; imageId: string }> {
  const flavors = JSON.parse((await send({ method: "GET", url: `${computeUrl}/flavors`, headers: { "X-Auth-Token": token } })).text) as { flavors: Array<{ id: string; name: string }> };
  const images = JSON.parse((await send({ method: "GET", url: `${imageUrl}/v2/images?name=cirros-fake`, headers: { "X-Auth-Token": token } })).text) as { images: Array<{ id: string }> };
  const flavorId = flavors.flavors.find((f) => f.name === "m1.tiny")?.id;
  const imageId = images.images[0]?.id;
  if (!flavorId || !imageId) throw new Error("the deployment has no flavor m1.tiny or image cirros-fake");
  return { flavorId, imageId };
}

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
    catalog: admin.body.catalog ?? [],
  };
}

async function services(computeUrl: string, catalog: Catalog, adminToken: string) {
  const imageUrl = publicUrl(catalog, "image");
  return { imageUrl, networkUrl: publicUrl(catalog, "network"), placementUrl: publicUrl(catalog, "placement"), ...(await seeded(computeUrl, imageUrl, adminToken)) };
}

export async function realDeployment(): Promise<Deployment> {
  const real = realOpenStack();
  const { tokens, adminUserId, adminProjectId, catalog } = await tokensFor(real.authUrl, real.adminPassword, real.demoPassword, real.appCredential);
  return {
    ...(await services(real.computeUrl, catalog, tokens.admin)),
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
  // As the harness: its flavors and image, no networks (its Neutron has none), and vnc/novnc plus
  // mks/webmks enabled (configs.sh: mks is the Terraform suite's second console pair).
  const emulator = await startEmulator({
    profile: "zed",
    enabledPairs: ["vnc/novnc", "mks/webmks"],
    // The harness's novncproxy_base_url (configs.sh) names noVNC 1.x's vnc_lite.html.
    novncPage: "/vnc_lite.html",
    flavors: [
      { name: "m1.tiny", ram: 64, disk: 1, vcpus: 1 },
      { name: "m1.huge", ram: 64, disk: 1_000_000, vcpus: 1 },
    ],
    images: [{ name: "cirros-fake" }],
    networks: [],
  });
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
  const { tokens, adminUserId, adminProjectId, catalog } = await tokensFor(emulator.identityUrl, env.OS_PASSWORD, demoPassword, appCredential);
  return {
    emulator,
    deployment: {
      ...(await services(emulator.computeUrl, catalog, tokens.admin)),
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

/** Deletes the key pairs the cloud cases make, in case a failed run left them (404s are fine). */
export async function deleteCreatedKeypairs(d: Deployment): Promise<void> {
  for (const name of Object.values(KEYPAIR_NAMES)) {
    await send({ method: "DELETE", url: `${d.computeUrl}/os-keypairs/${name}`, headers: { "X-Auth-Token": d.tokens.admin } });
  }
}
