import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { FleetDefinition, FleetFileError, FleetStack, loadFleetFile, parseFleetDocument } from "../../lib/stacks";
import { fleetFileProblem } from "../helpers/fleet-file";

const EXAMPLE = path.resolve(__dirname, "../../fleet.yaml");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-file-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

const valid = { stack: "demo", fleets: [{ name: "web", count: 2, imageName: "ubuntu", flavorName: "m1.small" }] };

const problemOf = (doc: unknown): string => fleetFileProblem(doc, "fleet.yaml");

describe("fleet file", () => {
  it("the example loads: two fleets, 50 servers, consoles on", () => {
    const { stacks } = loadFleetFile(EXAMPLE);
    expect(stacks).toHaveLength(1);
    const [def] = stacks;
    expect(def.stack).toBe("example");
    expect(def.fleets.map((f) => [f.name, f.count])).toEqual([["web", 40], ["db", 10]]);
    expect(def.fleets.every((f) => f.console !== undefined)).toBe(true);
    // the YAML anchor gave both fleets the same key pair
    expect(def.fleets[1].keyPair).toEqual(def.fleets[0].keyPair);
  });

  it("JSON works the same as YAML, and the stack name defaults to fleet", () => {
    const file = write("fleet.json", JSON.stringify({ fleets: valid.fleets }));
    expect(loadFleetFile(file)).toEqual({ stacks: [{ stack: "fleet", fleets: valid.fleets }] });
  });

  it.each<[string, unknown, string]>([
    ["a misspelt key", { fleets: [{ ...valid.fleets[0], imageNmae: "x" }] }, "fleet.yaml: fleets[0].imageNmae: is not a known key; did you mean imageName?"],
    ["a quoted count", { fleets: [{ ...valid.fleets[0], count: "3" }] }, 'fleet.yaml: fleets[0].count: expected a whole number, got string "3"; write a number without quotes, e.g. 3'],
    ["an unquoted microversion", { fleets: [{ ...valid.fleets[0], console: { microversion: 2.1 } }] }, 'fleet.yaml: fleets[0].console.microversion: is number 2.1, not a string; quote it: "2.1"'],
    ["a bad interface", { fleets: [{ ...valid.fleets[0], console: { interface: "private" } }] }, 'fleet.yaml: fleets[0].console.interface: string "private" is not allowed; use one of public, internal, admin'],
    ["a network that is a string", { fleets: [{ ...valid.fleets[0], networks: ["private"] }] }, 'fleet.yaml: fleets[0].networks[0]: expected an object, got string "private"; write key: value pairs'],
    ["a boot volume without size", { fleets: [{ ...valid.fleets[0], bootVolume: {} }] }, "fleet.yaml: fleets[0].bootVolume.sizeGb: is missing; add it"],
    ["no fleets", { stack: "x" }, "fleet.yaml: fleets: is missing; add it"],
    ["an empty fleet list", { fleets: [] }, "fleet.yaml: fleets: is empty; describe at least one fleet"],
    ["a fleet without a name", { fleets: [{ count: 1 }] }, "fleet.yaml: fleets[0].name: is missing; add it"],
    ["a bad stack name", { ...valid, stack: "my stack" }, 'fleet.yaml: stack: "my stack" is not a usable stack name; use letters, digits, - and _, starting with a letter'],
    ["credentials in the provider settings", { ...valid, openstack: { cloud: "c", password: "x" } }, "fleet.yaml: openstack.password: is not a known key; use one of cloud, region"],
    ["extension keys below the top level", { fleets: [{ ...valid.fleets[0], "x-note": 1 }] }, "fleet.yaml: fleets[0].x-note: is not a known key"],
    ["not an object at all", ["web"], "fleet.yaml: (top level): expected an object, got a list"],
  ])("refuses %s with one line naming the key", (_what, doc, message) => {
    const got = problemOf(doc);
    expect(got.startsWith(message)).toBe(true);
    expect(got).not.toContain("\n");
  });

  it("ignores x- keys at the top level (anchors to reuse)", () => {
    expect(parseFleetDocument({ ...valid, "x-common": { a: 1 } }, "f").stacks[0].fleets).toEqual(valid.fleets);
  });

  it.each<[string, string, RegExp]>([
    ["missing.yaml", "", /missing\.yaml: cannot read it \(ENOENT\); set FLEET_FILE to an existing fleet file/],
    ["broken.yaml", "fleets: [\n  - name: web\n", /broken\.yaml: not valid YAML: .*; fix the syntax/],
    ["dup.yaml", "fleets: []\nfleets: []\n", /dup\.yaml: not valid YAML: Map keys must be unique/],
    ["broken.json", "{", /broken\.json: not valid JSON: .*; fix the syntax/],
    ["fleet.toml", "x", /fleet\.toml: unknown file type "\.toml"; name it \.yaml, \.yml or \.json/],
  ])("refuses %s", (name, text, message) => {
    const file = name === "missing.yaml" ? path.join(tmp, name) : write(name, text);
    expect(() => loadFleetFile(file)).toThrow(message);
  });
});

describe("FleetStack reports construct errors in the file's terms", () => {
  const build = (fleets: unknown[]) => () => {
    new FleetStack(Testing.app(), "s", { definition: { stack: "s", fleets } as FleetDefinition, source: "fleet.yaml" });
  };

  it.each<[string, unknown[], string]>([
    ["both image id and name", [{ ...valid.fleets[0], imageId: "6f3c2b1a-1111-4222-8333-944455556666" }], "fleet.yaml: fleets[0].imageId/imageName: both are set; set only one of imageId or imageName"],
    ["neither image id nor name", [{ name: "web", flavorName: "m1.small" }], "fleet.yaml: fleets[0].imageId/imageName: neither is set; set one of imageId or imageName (imageName looks up the most recent image of that name)"],
    ["both flavor id and name", [{ ...valid.fleets[0], flavorId: "42" }], "fleet.yaml: fleets[0].flavorId/flavorName: both are set; set only one of flavorId or flavorName"],
    ["neither flavor id nor name", [{ name: "web", imageName: "ubuntu" }], "fleet.yaml: fleets[0].flavorId/flavorName: neither is set; set one of flavorId or flavorName (flavorName is the easier one to read)"],
    ["an image id that is a name", [{ name: "web", imageId: "ubuntu", flavorName: "m1.small" }], 'fleet.yaml: fleets[0].imageId (server "web-1"): "ubuntu" is not a UUID; give the image\'s UUID, or use imageName for an image name'],
    ["an empty image id", [{ name: "web", imageId: "", flavorName: "m1.small" }], 'fleet.yaml: fleets[0].imageId (server "web-1"): is empty; give the image\'s UUID, or use imageName for its name'],
    ["an empty image name", [{ name: "web", imageName: " ", flavorName: "m1.small" }], 'fleet.yaml: fleets[0].imageName (server "web-1"): is empty; give the image\'s name, or use imageId for its UUID'],
    ["an empty flavor id", [{ name: "web", imageName: "ubuntu", flavorId: "" }], 'fleet.yaml: fleets[0].flavorId (server "web-1"): is empty; give the flavor\'s id, or use flavorName for its name'],
    ["an empty flavor name", [{ name: "web", imageName: "ubuntu", flavorName: "" }], 'fleet.yaml: fleets[0].flavorName (server "web-1"): is empty; give the flavor\'s name, or use flavorId for its id'],
    ["a zero count", [valid.fleets[0], { name: "db", count: 0, imageName: "u", flavorName: "f" }], "fleet.yaml: fleets[1].count: 0 is not a whole number of at least 1; give how many servers to create, e.g. 3"],
    ["a pair the profile lacks", [{ ...valid.fleets[0], console: { profile: "virtuozzo", type: "serial" } }], "fleet.yaml: fleets[0].console.type: the virtuozzo profile offers vnc/novnc only, not serial/serial"],
    ["two fleets of one name", [valid.fleets[0], valid.fleets[0]], 'fleet.yaml: fleets[1].name: "web" is already the name of fleets[0]; give each fleet its own name'],
  ])("%s", (_what, fleets, message) => {
    expect(build(fleets)).toThrow(FleetFileError);
    expect(build(fleets)).toThrow(message);
  });
});
