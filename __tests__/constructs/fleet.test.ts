import { FleetServerSpec, PropsError, ServerFlavor, ServerFleet, ServerImage } from "../../lib/constructs";
import { TfJson, providerStack, stubHookBundle, synthChecked } from "../helpers/checked-synth";

const hookBundle = stubHookBundle();
const web: FleetServerSpec = { name: "web", count: 3, image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromName("m1.small"), networks: [{ name: "private" }] };
const db: FleetServerSpec = { name: "db", count: 2, image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromName("m1.large"), bootVolume: { sizeGb: 20 } };

let json: TfJson;
let fleet: ServerFleet;
let single: ServerFleet;

beforeAll(() => {
  const { stack } = providerStack();
  fleet = new ServerFleet(stack, "app", { specs: [web, db], console: { profile: "virtuozzo", hookBundle, mode: "data-source", stackOutputs: true } });
  single = new ServerFleet(stack, "cache", { specs: [{ name: "cache", image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromName("m1.tiny") }] });
  json = synthChecked(stack);
});

describe("ServerFleet", () => {
  it("names servers deterministically, <name>-1 .. <name>-<count>, in spec order", () => {
    expect(Object.keys(fleet.servers)).toEqual(["web-1", "web-2", "web-3", "db-1", "db-2"]);
    expect(Object.keys(single.servers)).toEqual(["cache-1"]);
    const names = Object.values(json.resource!.openstack_compute_instance_v2).map((r) => r.name);
    expect(names.sort()).toEqual(["cache-1", "db-1", "db-2", "web-1", "web-2", "web-3"]);
  });

  it("gives every server its spec", () => {
    const byName = Object.fromEntries(Object.values(json.resource!.openstack_compute_instance_v2).map((r) => [r.name, r]));
    expect(byName["web-2"]).toMatchObject({ flavor_name: "m1.small", network: [{ name: "private" }] });
    expect(byName["db-1"]).toMatchObject({ flavor_name: "m1.large", block_device: [expect.objectContaining({ volume_size: 20 })] });
    expect(fleet.servers["web-2"].name).toBe("web-2");
  });

  it("looks an image name up once for the whole stack", () => {
    expect(Object.keys(json.data!.openstack_images_image_v2)).toHaveLength(1);
  });

  it("with console set, one data source for all its servers and an output per server", () => {
    const externals = Object.values(json.data!.external) as Array<{ query: Record<string, string> }>;
    expect(externals).toHaveLength(1);
    const servers = externals[0].query.servers;
    for (const name of Object.keys(fleet.servers)) expect(servers).toContain(`"${name}" = openstack_compute_instance_v2.`);
    expect(externals[0].query.profile).toBe("virtuozzo");
    expect(Object.keys(json.output!).sort()).toEqual([
      "console_url_db_1",
      "console_url_db_2",
      "console_url_web_1",
      "console_url_web_2",
      "console_url_web_3",
      "console_urls",
    ]);
    expect(fleet.console?.serverNames).toEqual(Object.keys(fleet.servers));
    expect(single.console).toBeUndefined();
  });
});

describe("ServerFleet refuses, naming the prop and the fix,", () => {
  const attempt = (specs: FleetServerSpec[]) => () => {
    const { stack } = providerStack();
    new ServerFleet(stack, "f", { specs });
  };

  it.each<[string, FleetServerSpec[], RegExp]>([
    ["a count of 0", [{ ...web, count: 0 }], /ServerFleet "f": specs\[0\]\.count: 0 is not a whole number of at least 1; give how many servers/],
    ["a negative count", [{ ...web, count: -2 }], /specs\[0\]\.count: -2 is not a whole number of at least 1/],
    ["a fractional count", [web, { ...db, count: 1.5 }], /specs\[1\]\.count: 1\.5 is not a whole number/],
    ["an empty name", [{ ...web, name: "" }], /specs\[0\]\.name: is empty or not a plain string; give a name prefix such as web/],
    ["a duplicate name prefix", [web, { ...db, name: "web" }], /specs\[1\]\.name: "web" is used by two specs; give each spec its own name prefix/],
    ["no spec", [], /specs: is an empty list; give at least one server spec/],
    ["a server error, naming the server", [{ ...web, image: ServerImage.fromId("ubuntu-24.04") }], /OpenStackServer "web-1": image\.id: "ubuntu-24\.04" is not a UUID/],
    ["a prefix making names Nova refuses", [{ ...web, name: " web" }], /OpenStackServer " web-1": name: " web-1" starts or ends with whitespace/],
  ])("%s", (_what, spec, message) => {
    expect(attempt(spec)).toThrow(PropsError);
    expect(attempt(spec)).toThrow(message);
  });

  it("two fleets naming the same servers in one stack", () => {
    const { stack } = providerStack();
    new ServerFleet(stack, "a", { specs: [web] });
    expect(() => new ServerFleet(stack, "b", { specs: [web] })).toThrow(/OpenStackServer "web-1": name: is already used by test\/a\/web-1 in this stack/);
  });

  it("a console pair the profile lacks", () => {
    const { stack } = providerStack();
    expect(() => new ServerFleet(stack, "f", { specs: [web], console: { profile: "virtuozzo", protocol: "spice", hookBundle, mode: "data-source" } })).toThrow(
      /RemoteConsole "console": protocol: the virtuozzo profile offers vnc\/novnc only, not spice\/spice-html5/,
    );
  });
});
