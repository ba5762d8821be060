import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { OpenStackServer, OpenStackServerProps, PropsError, ServerFlavor, ServerImage } from "../../lib/constructs";
import { TfJson, providerStack, resourcesOf, synthChecked } from "../helpers/checked-synth";

const IMAGE = "6f3c2b1a-1111-4222-8333-944455556666";
const NET = "0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const PORT = "9a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const GROUP = "5e1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK16mLxovbHS+tGQpXBrjCE1/Qwc5yYI2zfDWfNYcz4O deployer@example";

/** One stack holding every variant the tests read, synthesized once. */
let json: TfJson;
let full: OpenStackServer;
let stack: TerraformStack;

beforeAll(() => {
  stack = providerStack().stack;
  full = new OpenStackServer(stack, "full", {
    name: "app-1",
    image: ServerImage.fromId(IMAGE),
    flavor: ServerFlavor.fromName("m1.small"),
    networks: [{ uuid: NET, fixedIpV4: "10.0.0.10", accessNetwork: true }, { name: "storage" }, { port: PORT }],
    keyPair: { name: "ops" },
    securityGroups: ["default", "web"],
    userData: "#cloud-config\npackages: [nginx]\n",
    metadata: { role: "app", tier: "front" },
    tags: ["app", "blue"],
    availabilityZone: "nova",
    schedulerHints: { group: GROUP, differentHost: [IMAGE] },
  });
  new OpenStackServer(stack, "by-name", { name: "named-1", image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromId("42") });
  new OpenStackServer(stack, "by-name-too", { name: "named-2", image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromId("42") });
  new OpenStackServer(stack, "volume", {
    name: "vol-1",
    image: ServerImage.fromName("debian-12"),
    flavor: ServerFlavor.fromName("m1.medium"),
    bootVolume: { sizeGb: 40, volumeType: "ssd" },
  });
  new OpenStackServer(stack, "keyed", { name: "keyed-1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small"), keyPair: { name: "new-key", publicKey: PUBLIC_KEY } });
  new OpenStackServer(stack, "keyed-too", { name: "keyed-2", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small"), keyPair: { name: "new-key", publicKey: PUBLIC_KEY } });
  new OpenStackServer(stack, "odd-name", { name: "Web Server 1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") });
  new TerraformOutput(stack, "attributes", { value: { id: full.id, v4: full.accessIpV4, v6: full.accessIpV6 } });
  json = synthChecked(stack);
});

const instanceNamed = (name: string): Record<string, unknown> => {
  const found = Object.values(resourcesOf(json, "openstack_compute_instance_v2")).find((r) => r.name === name);
  if (!found) throw new Error(`no instance named ${name}`);
  return found;
};

describe("OpenStackServer synthesizes", () => {
  it("every prop into openstack_compute_instance_v2", () => {
    expect(instanceNamed("app-1")).toEqual({
      name: "app-1",
      image_id: IMAGE,
      flavor_name: "m1.small",
      network: [{ uuid: NET, fixed_ip_v4: "10.0.0.10", access_network: true }, { name: "storage" }, { port: PORT }],
      key_pair: "ops",
      security_groups: ["default", "web"],
      user_data: "#cloud-config\npackages: [nginx]\n",
      metadata: { role: "app", tier: "front" },
      tags: ["app", "blue"],
      availability_zone: "nova",
      scheduler_hints: [{ group: GROUP, different_host: [IMAGE] }],
    });
  });

  it("an image name as one most-recent openstack_images_image_v2 lookup per name, shared by servers", () => {
    const lookups = Object.entries(json.data?.openstack_images_image_v2 ?? {});
    expect(lookups.map(([, v]) => v)).toEqual(
      expect.arrayContaining([{ name: "ubuntu-24.04", most_recent: true }, { name: "debian-12", most_recent: true }]),
    );
    expect(lookups).toHaveLength(2);
    const [ubuntuId] = lookups.find(([, v]) => v.name === "ubuntu-24.04")!;
    expect(instanceNamed("named-1")).toMatchObject({ image_id: `\${data.openstack_images_image_v2.${ubuntuId}.id}`, flavor_id: "42" });
    expect(instanceNamed("named-2").image_id).toBe(instanceNamed("named-1").image_id);
  });

  it("a boot volume as a block_device from the image, with no image_id on the server", () => {
    const [debianId] = Object.entries(json.data!.openstack_images_image_v2).find(([, v]) => v.name === "debian-12")!;
    const server = instanceNamed("vol-1");
    expect(server.image_id).toBeUndefined();
    expect(server.block_device).toEqual([
      {
        source_type: "image",
        uuid: `\${data.openstack_images_image_v2.${debianId}.id}`,
        destination_type: "volume",
        volume_size: 40,
        volume_type: "ssd",
        boot_index: 0,
        delete_on_termination: true,
      },
    ]);
  });

  it("a public key as one openstack_compute_keypair_v2 per stack and name, referenced by the servers", () => {
    const keypairs = Object.entries(resourcesOf(json, "openstack_compute_keypair_v2"));
    expect(keypairs).toHaveLength(1);
    const [id, body] = keypairs[0];
    expect(body).toEqual({ name: "new-key", public_key: PUBLIC_KEY });
    expect(instanceNamed("keyed-1").key_pair).toBe(`\${openstack_compute_keypair_v2.${id}.name}`);
    expect(instanceNamed("keyed-2").key_pair).toBe(`\${openstack_compute_keypair_v2.${id}.name}`);
  });

  it("the provider pinned to terraform-provider-openstack/openstack ~> 3.4", () => {
    expect(json.terraform?.required_providers?.openstack).toEqual({ source: "terraform-provider-openstack/openstack", version: "~> 3.4" });
    expect(json.provider?.openstack).toEqual([{ cloud: "test-cloud" }]);
  });

  it("read-only attributes: the literal name, and references for id and access IPs", () => {
    expect(full.name).toBe("app-1");
    const id = Object.entries(resourcesOf(json, "openstack_compute_instance_v2")).find(([, r]) => r.name === "app-1")![0];
    expect(json.output?.attributes.value).toEqual({
      id: `\${openstack_compute_instance_v2.${id}.id}`,
      v4: `\${openstack_compute_instance_v2.${id}.access_ip_v4}`,
      v6: `\${openstack_compute_instance_v2.${id}.access_ip_v6}`,
    });
    expect(full.resource.terraformResourceType).toBe("openstack_compute_instance_v2");
  });

  it("a warning, not an error, for a name that is not a hostname", () => {
    const odd = stack.node.findAll().find((c) => c.node.id === "odd-name")!;
    expect(odd.node.metadata.map((m) => m.data)).toEqual([expect.stringContaining("not a valid hostname label")]);
  });
});

describe("OpenStackServer refuses, naming the prop and the fix,", () => {
  const base: OpenStackServerProps = { name: "s-1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") };
  const attempt = (props: Partial<OpenStackServerProps> & Record<string, unknown>): (() => void) => () => {
    const { stack: s } = providerStack();
    new OpenStackServer(s, "s", { ...base, ...props } as OpenStackServerProps);
  };

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["no image", { image: undefined }, /OpenStackServer "s-1": image: is missing; give image: ServerImage\.fromId\(uuid\) or ServerImage\.fromName\(name\)$/],
    ["the old image props", { image: undefined, imageName: "ubuntu" }, /image: is missing, and imageName is no longer a prop; replace imageId or imageName with image: ServerImage\.fromId\(uuid\) or ServerImage\.fromName\(name\)$/],
    ["an image name as a plain string", { image: "ubuntu" }, /image: is the string "ubuntu", not a ServerImage; use ServerImage\.fromName\("ubuntu"\), or ServerImage\.fromId for a UUID$/],
    ["an image UUID as a plain string", { image: IMAGE }, new RegExp(`image: is the string "${IMAGE}", not a ServerImage; use ServerImage\\.fromId\\("${IMAGE}"\\)$`)],
    ["an image reference as a plain string", { image: "${var.image}" }, /image: is a string \(a Terraform reference\), not a ServerImage; wrap it: ServerImage\.fromId\(reference\)$/],
    ["an image as a plain object", { image: { id: IMAGE } }, /image: is an object, not a ServerImage; make it with ServerImage\.fromId\(uuid\) or ServerImage\.fromName\(name\)$/],
    ["a flavor where the image belongs", { image: ServerFlavor.fromName("m1.small") }, /image: is an object, not a ServerImage/],
    ["an image id that is a name", { image: ServerImage.fromId("ubuntu-24.04") }, /image\.id: "ubuntu-24\.04" is not a UUID; give the image's UUID, or use ServerImage\.fromName for an image name$/],
    ["an empty image id", { image: ServerImage.fromId("") }, /image\.id: is empty; give the image's UUID, or use ServerImage\.fromName for its name$/],
    ["an empty image name", { image: ServerImage.fromName(" ") }, /image\.name: is empty; give the image's name, or use ServerImage\.fromId for its UUID$/],
    ["an image id that is not a string", { image: ServerImage.fromId(42 as unknown as string) }, /image\.id: is number 42, not a string; give the image's UUID as a string$/],
    ["an image made from nothing (JavaScript)", { image: ServerImage.fromId(undefined as unknown as string) }, /image: names no image \(ServerImage\.fromId or fromName was given nothing\); give it the image's UUID or name$/],
    ["a function where the image belongs", { image: () => "secret-ish source" }, /^test\/s: OpenStackServer "s-1": image: is a function, not a ServerImage; make it with ServerImage\.fromId\(uuid\) or ServerImage\.fromName\(name\)$/],
    ["no flavor", { flavor: undefined }, /flavor: is missing; give flavor: ServerFlavor\.fromId\(id\) or ServerFlavor\.fromName\(name\)$/],
    ["the old flavor props", { flavor: undefined, flavorId: "42" }, /flavor: is missing, and flavorId is no longer a prop; replace flavorId or flavorName with flavor: /],
    ["a flavor name as a plain string", { flavor: "m1.small" }, /flavor: is the string "m1\.small", not a ServerFlavor; use ServerFlavor\.fromName\("m1\.small"\), or ServerFlavor\.fromId for an id$/],
    ["an image where the flavor belongs", { flavor: ServerImage.fromName("ubuntu") }, /flavor: is an object, not a ServerFlavor/],
    ["an empty flavor id", { flavor: ServerFlavor.fromId("") }, /flavor\.id: is empty; give the flavor's id, or use ServerFlavor\.fromName for its name$/],
    ["an empty flavor name", { flavor: ServerFlavor.fromName("") }, /flavor\.name: is empty; give the flavor's name, or use ServerFlavor\.fromId for its id$/],
    ["an empty name", { name: "" }, /name: "" is empty; give every server a name/],
    ["a name Nova refuses", { name: "web\t1" }, /name: "web\\t1" contains U\+0009 .*; use printable characters only/],
    ["a name with trailing whitespace", { name: "web-1 " }, /starts or ends with whitespace, which Nova refuses; trim the name/],
    ["a name too long", { name: "x".repeat(256) }, /256 characters long, Nova allows at most 255; shorten it/],
    ["a name that is a reference", { name: "${var.name}" }, /name: is not a plain string known at synth/],
    ["a network naming nothing", { networks: [{}] }, /networks\[0\]: names no network; set exactly one of uuid, name or port/],
    ["a network naming two", { networks: [{ name: "a" }, { name: "b", uuid: NET }] }, /networks\[1\]: sets uuid and name; set exactly one/],
    ["a network uuid that is not one", { networks: [{ uuid: "private" }] }, /networks\[0\]\.uuid: "private" is not a UUID; .*use name/],
    ["a fixed IP with a port", { networks: [{ port: PORT, fixedIpV4: "10.0.0.2" }] }, /networks\[0\]\.fixedIpV4: is set with port/],
    ["a bad fixed IP", { networks: [{ name: "n", fixedIpV4: "10.0.0.300" }] }, /networks\[0\]\.fixedIpV4: "10.0.0.300" is not an IPv4 address/],
    ["a boot volume of 0 GiB", { bootVolume: { sizeGb: 0 } }, /bootVolume\.sizeGb: 0 is not a whole number of GiB of at least 1; give the root volume size/],
    ["a boot volume of 2.5 GiB", { bootVolume: { sizeGb: 2.5 } }, /bootVolume\.sizeGb: 2.5 is not a whole number/],
    ["a duplicate security group", { securityGroups: ["a", "a"] }, /securityGroups\[1\]: "a" is listed twice/],
    ["a tag with a comma", { tags: ["a,b"] }, /tags\[0\]: "a,b" is not a valid Nova tag/],
    ["51 tags", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /tags: has 51 tags; Nova allows at most 50/],
    ["a metadata value too long", { metadata: { k: "v".repeat(256) } }, /metadata\.k: is 256 characters long/],
    ["user data too large", { userData: "x".repeat(50_000) }, /userData: is 66668 bytes once base64-encoded; Nova accepts at most 65535/],
    ["an empty availability zone", { availabilityZone: "" }, /availabilityZone: is empty/],
    ["a server group that is not a UUID", { schedulerHints: { group: "anti" } }, /schedulerHints\.group: "anti" is not a UUID/],
    ["an empty key pair name", { keyPair: { name: "" } }, /keyPair\.name: is empty/],
    ["a key that is not a public key", { keyPair: { name: "k", publicKey: "hello" } }, /keyPair\.publicKey: is not an OpenSSH public key/],
  ])("%s", (_what, props, message) => {
    expect(attempt(props)).toThrow(PropsError);
    expect(attempt(props)).toThrow(message);
  });

  it("a private key, without echoing it", () => {
    const secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-secret-material\n-----END OPENSSH PRIVATE KEY-----";
    let message = "";
    try {
      attempt({ keyPair: { name: "k", publicKey: secret } })();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/keyPair\.publicKey: holds a private key; give the public key/);
    expect(message).not.toContain("secret-material");
  });

  it("two servers of the same name in a stack", () => {
    const { stack: s } = providerStack();
    new OpenStackServer(s, "a", base);
    expect(() => new OpenStackServer(s, "b", base)).toThrow(/name: is already used by test\/a in this stack; give every server a unique name/);
  });

  it("one key pair name with two public keys", () => {
    const { stack: s } = providerStack();
    new OpenStackServer(s, "a", { ...base, keyPair: { name: "k", publicKey: PUBLIC_KEY } });
    const other = PUBLIC_KEY.replace("AAAAIK16", "AAAAIK17");
    expect(() => new OpenStackServer(s, "b", { ...base, name: "s-2", keyPair: { name: "k", publicKey: other } })).toThrow(
      /keyPair\.publicKey: differs from the public key another server gave for key pair "k"/,
    );
  });

  it("but accepts references where values are only known at plan", () => {
    const { stack: s } = providerStack();
    const image = new TerraformVariable(s, "image", { type: "string" });
    new TerraformVariable(s, "net", { type: "string" });
    const server = new OpenStackServer(s, "ref", { name: "ref-1", image: ServerImage.fromId(image.stringValue), flavor: ServerFlavor.fromName("m1.small"), networks: [{ uuid: "${var.net}" }] });
    expect(server.name).toBe("ref-1");
    expect(synthChecked(s).resource!.openstack_compute_instance_v2[server.resource.friendlyUniqueId]).toMatchObject({
      image_id: "${var.image}",
      network: [{ uuid: "${var.net}" }],
    });
  });
});

describe("OpenStackServer networkMode", () => {
  const base = { image: ServerImage.fromId("6f3c2b1a-1111-4222-8333-944455556666"), flavor: ServerFlavor.fromName("m1.small") };

  it("none boots without a network interface", () => {
    const { stack: s } = providerStack();
    const server = new OpenStackServer(s, "isolated", { ...base, name: "isolated-1", networkMode: "none" });
    const body = synthChecked(s).resource!.openstack_compute_instance_v2[server.resource.friendlyUniqueId];
    expect(body).toMatchObject({ network_mode: "none" });
    expect(body).not.toHaveProperty("network");
  });

  it.each([
    [{ networkMode: "none", networks: [{ name: "private" }] }, /networkMode: is set together with networks; use one/],
    [{ networkMode: "off" }, /networkMode: "off" is not "auto" or "none"/],
  ])("refuses %j", (props, message) => {
    const { stack: s } = providerStack();
    expect(() => new OpenStackServer(s, "bad", { ...base, name: "bad-1", ...(props as object) })).toThrow(message);
  });
});
