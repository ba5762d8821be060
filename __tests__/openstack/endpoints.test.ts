/**
 * Configuration sources end to end (OS_*, clouds.yaml + secure.yaml in temp
 * dirs) and the catalog's region/interface choice, against a two-region
 * emulator whose counters tell which endpoint the client used.
 */
import { ConfigError, OpenStackClient, resolveCloudConfig } from "../../lib/openstack";
import { FAST_RETRY, fleetOf, rejection, useEmulator, VNC, withClient } from "./support/emulator";
import { TempTree } from "../helpers/temp-tree";

const emulator = useEmulator({ servers: 2, regions: ["RegionOne", "RegionTwo"], interfacePaths: true });

let tree: TempTree;
beforeEach(() => {
  tree = new TempTree();
});
afterEach(() => tree.cleanup());

async function mintVia(settings: Parameters<typeof resolveCloudConfig>[0], env: Record<string, string>, cwd = "/") {
  const emu = emulator();
  const client = await OpenStackClient.connect(resolveCloudConfig(settings, { HOME: tree.path("home"), ...env }, cwd), { retry: FAST_RETRY });
  try {
    const console = await client.createConsole(fleetOf(emu)[0], VNC);
    expect(emu.isIssuedConsoleUrl(console.url)).toBe(true);
    return client.info;
  } finally {
    await client.close();
  }
}

it.each([
  ["RegionOne", "public"],
  ["RegionOne", "internal"],
  ["RegionTwo", "public"],
  ["RegionTwo", "admin"],
] as const)("uses the catalog's compute endpoint of %s/%s", async (region, iface) => {
  const emu = emulator();
  const info = await mintVia({ region, interface: iface }, emu.env());
  expect(info).toMatchObject({ region, interface: iface });
  const used = emu.counters().byEndpoint;
  expect(Object.keys(used)).toEqual([`${region}/${iface}`]);
});

it("takes region and interface from OS_REGION_NAME and OS_ENDPOINT_TYPE", async () => {
  const emu = emulator();
  await mintVia({}, { ...emu.env(), OS_REGION_NAME: "RegionTwo", OS_ENDPOINT_TYPE: "internalURL" });
  expect(Object.keys(emu.counters().byEndpoint)).toEqual(["RegionTwo/internal"]);
});

it("names the region searched when the catalog has none there", async () => {
  const emu = emulator();
  const err = await rejection(withClient({ env: emu.env(), settings: { region: "RegionThree" } }, async () => undefined));
  expect(err).toBeInstanceOf(ConfigError);
  expect(err.message).toContain('no compute endpoint in region "RegionThree" (the catalog\'s compute endpoints: RegionOne/public, RegionOne/internal, RegionOne/admin, RegionTwo/public, RegionTwo/internal, RegionTwo/admin)');
  expect(emu.counters().byEndpoint).toEqual({});
});

it("a compute endpoint override replaces the catalog's (still one token)", async () => {
  const emu = emulator();
  const computeOrigin = new URL(emu.computeUrl).origin;
  const info = await mintVia({ computeEndpoint: `${computeOrigin}/RegionTwo/v2.1` }, emu.env());
  expect(info.computeUrl).toBe(`${computeOrigin}/RegionTwo/v2.1`);
  expect(Object.keys(emu.counters().byEndpoint)).toEqual(["RegionTwo/public"]);
  expect(emu.counters().tokenRequests).toBe(1);
});

it("OS_CLOUD with clouds.yaml in ~/.config/openstack and the password in secure.yaml", async () => {
  const emu = emulator();
  tree.write(
    "home/.config/openstack/clouds.yaml",
    `clouds:
  emu:
    auth:
      auth_url: ${emu.identityUrl}
      username: demo
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    regions: [RegionOne, RegionTwo]
    region_name: RegionTwo
    interface: admin
`,
  );
  tree.write("home/.config/openstack/secure.yaml", "clouds:\n  emu:\n    auth:\n      password: demo-secret\n");
  const info = await mintVia({}, { OS_CLOUD: "emu" }, tree.dir("elsewhere"));
  expect(info.source).toContain('cloud "emu" in');
  expect(Object.keys(emu.counters().byEndpoint)).toEqual(["RegionTwo/admin"]);
});

it("clouds.yaml in the current directory with an application credential, explicit region over the file's", async () => {
  const emu = emulator();
  const credential = emu.createApplicationCredential("demo", "cdktf");
  const cwd = tree.dir("project");
  tree.write(
    "project/clouds.yaml",
    `clouds:
  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: ${emu.identityUrl}
      application_credential_id: ${credential.id}
      application_credential_secret: ${credential.secret}
    region_name: RegionOne
`,
  );
  await mintVia({ cloud: "ci", region: "RegionTwo" }, {}, cwd);
  expect(Object.keys(emu.counters().byEndpoint)).toEqual(["RegionTwo/public"]);
});
