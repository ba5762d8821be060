/**
 * The client over real HTTP against answers recorded from real Keystone and
 * Nova (Zed), for the endpoint shapes the emulator does not model.
 */
import { OpenStackClient, resolveCloudConfig } from "../../lib/openstack";
import { startReplayCloud, type ReplayCloud } from "./support/replay-cloud";

const PROJECT = "5a93652a423c42c1af3d413cc7c46f74";
const SERVER = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";
let cloud: ReplayCloud | undefined;

afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

async function connect(c: ReplayCloud) {
  const env = {
    HOME: "/nonexistent",
    OS_AUTH_URL: `${c.url}/v3`,
    OS_USERNAME: "admin",
    OS_PASSWORD: "admin-secret",
    OS_PROJECT_NAME: "admin",
    OS_USER_DOMAIN_NAME: "Default",
    OS_PROJECT_DOMAIN_NAME: "Default",
  };
  return OpenStackClient.connect(resolveCloudConfig({}, env, "/"));
}

it("discovers the microversion range on the unversioned root and mints at 2.8 with both headers", async () => {
  cloud = await startReplayCloud({ catalogComputePath: "/v2.1", root: "versions" });
  const client = await connect(cloud);
  try {
    expect(client.info.versions).toEqual({ min: "2.1", max: "2.93" });
    const console = await client.createConsole({ id: SERVER, name: "vm1" }, { protocol: "vnc", type: "novnc" });
    expect(console).toMatchObject({ serverId: SERVER, protocol: "vnc", type: "novnc", microversion: "2.8", method: "remote-consoles" });
    expect(console.url).toMatch(/^http:\/\/127\.0\.0\.1:6080\/vnc_auto\.html\?path=%3Ftoken%3D/);
    const post = cloud.seen.find((r) => r.path.endsWith("/remote-consoles"))!;
    expect(post.path).toBe(`/v2.1/servers/${SERVER}/remote-consoles`);
    expect(post.headers["openstack-api-version"]).toBe("compute 2.8");
    expect(post.headers["x-openstack-nova-api-version"]).toBe("2.8");
    expect(JSON.parse(post.body)).toEqual({ remote_console: { protocol: "vnc", type: "novnc" } });
    expect(cloud.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v3/auth/tokens", "GET /", `POST /v2.1/servers/${SERVER}/remote-consoles`]);
  } finally {
    await client.close();
  }
});

it("falls back to the versioned URL when the root is not Nova's, and keeps a project id in the path", async () => {
  cloud = await startReplayCloud({ catalogComputePath: `/v2.1/${PROJECT}`, root: "html-404" });
  const client = await connect(cloud);
  try {
    expect(client.info.versions.max).toBe("2.93");
    expect(client.info.computeUrl).toBe(`${cloud.url}/v2.1/${PROJECT}`);
    await client.createConsole({ id: SERVER }, { protocol: "vnc", type: "novnc" });
    expect(cloud.seen.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v3/auth/tokens", "GET /", "GET /v2.1/", `POST /v2.1/${PROJECT}/servers/${SERVER}/remote-consoles`]);
  } finally {
    await client.close();
  }
});

it("moves a catalog's /v2 endpoint to /v2.1, which alone has microversions", async () => {
  cloud = await startReplayCloud({ catalogComputePath: `/v2/${PROJECT}`, root: "versions" });
  const client = await connect(cloud);
  try {
    expect(client.info.computeUrl).toBe(`${cloud.url}/v2.1/${PROJECT}`);
    const console = await client.createConsole({ id: SERVER }, { protocol: "vnc", type: "novnc" });
    expect(console.method).toBe("remote-consoles");
  } finally {
    await client.close();
  }
});
