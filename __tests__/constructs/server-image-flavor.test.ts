/**
 * ServerImage and ServerFlavor: one typed prop each where a pair of mutually
 * exclusive props stood (imageId/imageName, flavorId/flavorName). The
 * refusals of bad values are in server.test.ts (they name the construct);
 * here the classes themselves, and the synthesized JSON, which must be what
 * the pairs of props gave: fixtures/image-flavor-synth.json was synthesized
 * by the code before the change (commit 95b2c13) from the same servers,
 * written with the old props.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { OpenStackServer, ServerFlavor, ServerFleet, ServerImage, configureOpenStackProvider } from "../../lib/constructs";
import { FleetStack } from "../../lib/stacks";
import { expectSchemaValid } from "../helpers/checked-synth";

const IMAGE = "6f3c2b1a-1111-4222-8333-944455556666";

describe("ServerImage", () => {
  it("fromId keeps the id, fromName the name", () => {
    expect(ServerImage.fromId(IMAGE)).toMatchObject({ id: IMAGE, name: undefined });
    expect(ServerImage.fromName("ubuntu-24.04")).toMatchObject({ id: undefined, name: "ubuntu-24.04" });
  });

  it("fromId takes a Terraform reference as is (checked by Terraform at plan)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ref = new TerraformVariable(stack, "image", { type: "string" }).stringValue;
    expect(ServerImage.fromId(ref).id).toBe(ref);
  });

  it("is told from a look-alike object, and from a ServerFlavor", () => {
    expect(ServerImage.isServerImage(ServerImage.fromName("x"))).toBe(true);
    expect(ServerImage.isServerImage({ id: IMAGE })).toBe(false);
    expect(ServerImage.isServerImage(ServerFlavor.fromId("42"))).toBe(false);
    expect(ServerImage.isServerImage(IMAGE)).toBe(false);
    expect(ServerImage.isServerImage(undefined)).toBe(false);
  });

  it("is recognised when made by another copy of the package (a nested install)", () => {
    let other: unknown;
    jest.isolateModules(() => {
      other = (require("../../lib/constructs/server-image") as typeof import("../../lib/constructs/server-image")).ServerImage.fromName("ubuntu");
    });
    expect(other).not.toBeInstanceOf(ServerImage);
    expect(ServerImage.isServerImage(other)).toBe(true);
  });
});

describe("ServerFlavor", () => {
  it("fromId keeps the id (free-form, as Nova's), fromName the name", () => {
    expect(ServerFlavor.fromId("42")).toMatchObject({ id: "42", name: undefined });
    expect(ServerFlavor.fromName("m1.small")).toMatchObject({ id: undefined, name: "m1.small" });
  });

  it("is told from a look-alike object, and from a ServerImage", () => {
    expect(ServerFlavor.isServerFlavor(ServerFlavor.fromName("m1.small"))).toBe(true);
    expect(ServerFlavor.isServerFlavor({ name: "m1.small" })).toBe(false);
    expect(ServerFlavor.isServerFlavor(ServerImage.fromName("m1.small"))).toBe(false);
    expect(ServerFlavor.isServerFlavor("m1.small")).toBe(false);
  });
});

describe("the synthesized JSON is what imageId/imageName and flavorId/flavorName gave", () => {
  const before = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "image-flavor-synth.json"), "utf8")) as Record<string, unknown>;

  it("servers by image id and name (one lookup per name), boot volumes from either, references, a fleet, and a fleet file's four keys", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "golden");
    configureOpenStackProvider(stack, { cloud: "test-cloud" });
    new OpenStackServer(stack, "by-id", { name: "by-id-1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") });
    new OpenStackServer(stack, "by-name", { name: "by-name-1", image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromId("42") });
    new OpenStackServer(stack, "by-name-too", { name: "by-name-2", image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromId("42") });
    new OpenStackServer(stack, "volume-by-name", {
      name: "volume-1",
      image: ServerImage.fromName("debian-12"),
      flavor: ServerFlavor.fromName("m1.medium"),
      bootVolume: { sizeGb: 40, volumeType: "ssd" },
    });
    new OpenStackServer(stack, "volume-by-id", { name: "volume-2", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromId("7"), bootVolume: { sizeGb: 10, deleteOnTermination: false } });
    const image = new TerraformVariable(stack, "image", { type: "string" });
    const flavor = new TerraformVariable(stack, "flavor", { type: "string" });
    new OpenStackServer(stack, "ref", { name: "ref-1", image: ServerImage.fromId(image.stringValue), flavor: ServerFlavor.fromName(flavor.stringValue) });
    new ServerFleet(stack, "fleet", {
      specs: [
        { name: "web", count: 2, image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromName("m1.small"), networks: [{ name: "private" }] },
        { name: "db", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromId("42"), bootVolume: { sizeGb: 20 } },
      ],
    });
    // The fleet file keeps its keys: the same entries as before the change.
    const file = new FleetStack(app, "file", {
      definition: { stack: "file", fleets: [{ name: "app", count: 2, imageName: "cirros", flavorName: "m1.tiny" }, { name: "db", imageId: IMAGE, flavorId: "42", bootVolume: { sizeGb: 20 } }] },
      source: "fleet.yaml",
    });
    const now = { golden: JSON.parse(Testing.synth(stack)), file: JSON.parse(Testing.synth(file)) };
    expectSchemaValid(now.golden);
    expect(now).toEqual(before);
  });
});
