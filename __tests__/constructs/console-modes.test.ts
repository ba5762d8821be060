/**
 * RemoteConsole's modes beside the data-source one (remote-console.test.ts):
 * the provider's managed resource with typed arguments and keepers, the
 * ephemeral block, the provider laid into the stack folder, and the refusals.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { CONSOLE_PROVIDER_PLATFORMS, CONSOLE_PROVIDER_SOURCE, CONSOLE_PROVIDER_VERSION, consoleProviderMirrorPath } from "../../lib/hook-contract";
import { OpenStackServer, PropsError, ProviderBundleMissingError, RemoteConsole, STACK_PLUGINS_DIR, ServerFlavor, ServerImage } from "../../lib/constructs";
import { FleetFileError, FleetStack, parseFleetDocument } from "../../lib/stacks";
import { TfJson, expectSchemaValid, providerStack, stubHookBundle, stubProviderBundle, synthChecked } from "../helpers/checked-synth";
import { thrown } from "../helpers/refusals";

const IMAGE = "6f3c2b1a-1111-4222-8333-944455556666";
const providerBundle = stubProviderBundle();
const hookBundle = stubHookBundle();

const server = (stack: TerraformStack, name: string): OpenStackServer => new OpenStackServer(stack, name, { name, image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") });
const idRef = (json: TfJson, name: string): string => {
  const [id] = Object.entries(json.resource!.openstack_compute_instance_v2).find(([, r]) => r.name === name)!;
  return `\${openstack_compute_instance_v2.${id}.id}`;
};

describe("resource mode (the default)", () => {
  let json: TfJson;
  let console: RemoteConsole;
  beforeAll(() => {
    const { stack } = providerStack();
    console = new RemoteConsole(stack, "web", {
      servers: { "web-1": server(stack, "web-1"), "web-2": server(stack, "web-2") },
      providerBundle,
      stackOutputs: true,
      keepers: { rotation: "2026-12" },
      profile: "zed",
      timeout: 30,
      probe: true,
      tolerateUnavailable: false,
      region: "RegionOne",
    });
    new TerraformOutput(stack, "mine", { value: console.urlOf("web-2"), sensitive: true });
    json = synthChecked(stack);
  });

  it("one osconsole_urls resource: servers as a map of id references, options typed under the query keys, keepers", () => {
    expect(console.mode).toBe("resource");
    const resources = Object.values(json.resource!.osconsole_urls);
    expect(resources).toHaveLength(1);
    const { "//": _meta, ...args } = resources[0];
    expect(args).toEqual({
      servers: { "web-1": idRef(json, "web-1"), "web-2": idRef(json, "web-2") },
      keepers: { rotation: "2026-12" },
      protocol: "vnc",
      type: "novnc",
      profile: "zed",
      timeout: 30,
      probe: true,
      tolerate_unavailable: false,
      region: "RegionOne",
    });
    // No hook and no hashicorp/external in this mode.
    expect(json.data?.external).toBeUndefined();
    expect(json.terraform?.required_providers?.external).toBeUndefined();
  });

  it("the provider once, pinned to the package's version at its own address, beside the registry's providers", () => {
    expect(json.terraform?.required_providers?.osconsole).toEqual({ source: CONSOLE_PROVIDER_SOURCE, version: CONSOLE_PROVIDER_VERSION });
    expect(json.terraform?.required_providers?.openstack?.source).toBe("terraform-provider-openstack/openstack");
    expect(json.provider?.osconsole).toEqual([{}]);
  });

  it("sensitive outputs and urls/urlOf referring to the resource's urls", () => {
    const [id] = Object.keys(json.resource!.osconsole_urls);
    expect(json.output!.console_urls).toMatchObject({ sensitive: true, value: `\${osconsole_urls.${id}.urls}` });
    expect(json.output!.console_url_web_1).toMatchObject({ sensitive: true, value: `\${osconsole_urls.${id}.urls["web-1"]}` });
    expect(json.output!.mine.value).toBe(`\${osconsole_urls.${id}.urls["web-2"]}`);
  });

  it("one provider for every console of a stack, and console_urls merging a resource console with a data-source one", () => {
    const { stack } = providerStack();
    new RemoteConsole(stack, "a", { server: server(stack, "a-1"), providerBundle, stackOutputs: true });
    new RemoteConsole(stack, "b", { server: server(stack, "b-1"), providerBundle, stackOutputs: true });
    new RemoteConsole(stack, "c", { server: server(stack, "c-1"), hookBundle, mode: "data-source", stackOutputs: true });
    const out = synthChecked(stack);
    expect(out.provider?.osconsole).toHaveLength(1);
    expect(Object.keys(out.resource!.osconsole_urls)).toHaveLength(2);
    expect(Object.keys(out.data!.external)).toHaveLength(1);
    expect(out.output!.console_urls.value).toMatch(/^\$\{merge\(osconsole_urls\.\w+\.urls, osconsole_urls\.\w+\.urls, data\.external\.\w+\.result\)\}$/);
  });
});

describe("the provider laid into the stack folder", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "modes-out-"));
    const app = new App({ outdir });
    for (const name of ["one", "two"]) {
      const stack = new TerraformStack(app, name);
      new RemoteConsole(stack, "c", { server: OpenStackServer.fromServerAttributes(stack, "s", { id: IMAGE, name: "s" }), providerBundle });
    }
    const plain = new TerraformStack(app, "plain");
    new RemoteConsole(plain, "c", { server: OpenStackServer.fromServerAttributes(plain, "s", { id: IMAGE, name: "s" }), hookBundle, mode: "data-source" });
    app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("as terraform.d/plugins/<host>/<ns>/<type>/<version>/<platform>/terraform-provider-osconsole_v<version>, executable, for each platform and stack", () => {
    for (const name of ["one", "two"]) {
      for (const platform of CONSOLE_PROVIDER_PLATFORMS) {
        const file = path.join(outdir, "stacks", name, STACK_PLUGINS_DIR, consoleProviderMirrorPath(platform));
        expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(providerBundle, "utf8"));
        // The stub is 0644: synth makes the copies executable, as Terraform needs.
        expect(fs.statSync(file).mode & 0o777).toBe(0o755);
      }
    }
    expect(consoleProviderMirrorPath("linux_amd64")).toBe(`openstack-console.invalid/cdktf/osconsole/${CONSOLE_PROVIDER_VERSION}/linux_amd64/terraform-provider-osconsole_v${CONSOLE_PROVIDER_VERSION}`);
  });

  it("not into a stack that does not use it", () => {
    expect(fs.existsSync(path.join(outdir, "stacks", "plain", "terraform.d"))).toBe(false);
  });

  it("a missing provider bundle fails synth with one line telling to build it", () => {
    const { stack } = providerStack();
    const err = thrown(() => new RemoteConsole(stack, "c", { server: server(stack, "x-1"), providerBundle: path.join(os.tmpdir(), "no-such-provider.js") }));
    expect(err).toBeInstanceOf(ProviderBundleMissingError);
    expect((err as Error).message).toMatch(/^the console provider bundle \S+no-such-provider\.js is missing; reinstall the package \(npm ci\), or run npm run build in a clone of it, then synth again$/);
  });
});

describe("ephemeral mode", () => {
  it("an ephemeral block (cdktf 0.21 has none: the construct writes it), no resource, no state, urls as ephemeral references", () => {
    const { stack } = providerStack();
    const c = new RemoteConsole(stack, "e", { servers: { "e-1": server(stack, "e-1") }, providerBundle, mode: "ephemeral", timeout: 10 });
    new TerraformOutput(stack, "never", { value: "x" }); // outputs of the user's own are untouched
    const json = synthChecked(stack);
    expect(json.resource?.osconsole_urls).toBeUndefined();
    const blocks = (json.ephemeral as Record<string, Record<string, Record<string, unknown>>>).osconsole_urls;
    const [[id, body]] = Object.entries(blocks);
    expect(body).toMatchObject({ servers: { "e-1": idRef(json, "e-1") }, protocol: "vnc", type: "novnc", timeout: 10 });
    expect(json.terraform?.required_providers?.osconsole?.source).toBe(CONSOLE_PROVIDER_SOURCE);
    expect(Testing.synthScope((scope) => new TerraformOutput(scope, "u", { value: c.urlOf("e-1"), sensitive: true }))).toBeDefined();
    const withRef = providerStack();
    const e2 = new RemoteConsole(withRef.stack, "e", { server: server(withRef.stack, "e-1"), providerBundle, mode: "ephemeral" });
    new TerraformOutput(withRef.stack, "ref", { value: e2.urls, sensitive: true });
    const out = JSON.parse(Testing.synth(withRef.stack)) as TfJson;
    expect(out.output!.ref.value).toBe(`\${ephemeral.osconsole_urls.${id}.urls}`);
  });
});

describe("refusals name the construct, the prop and the fix", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["an unknown mode", { mode: "resources" }, /^test\/c: RemoteConsole "c": mode: "resources" is not a console mode; use one of resource, ephemeral, data-source$/],
    [
      "ephemeral with stackOutputs",
      { mode: "ephemeral", stackOutputs: true },
      /^test\/c: RemoteConsole "c": stackOutputs: cannot be set with mode ephemeral: a root module's outputs cannot carry ephemeral values; leave stackOutputs out .*or use mode resource to keep the URLs in state$/,
    ],
    ["keepers outside resource mode", { mode: "data-source", hookBundle, keepers: { a: "1" } }, /^test\/c: RemoteConsole "c": keepers: is set, but mode data-source mints URLs at every run, so there is nothing to keep; leave keepers out, or use mode resource$/],
    ["keepers that are not a map", { keepers: ["a"] }, /^test\/c: RemoteConsole "c": keepers: is not a map of strings; give an object of string values/],
    ["a keeper that is not a string", { keepers: { rotation: 3 } }, /^test\/c: RemoteConsole "c": keepers\.rotation: is number, not a string; give a string, e\.g\. "3"$/],
    ["serverOutputs without stackOutputs", { serverOutputs: true }, /^test\/c: RemoteConsole "c": serverOutputs: asks for per-server outputs, which exist only beside the stack outputs; set stackOutputs: true as well, or leave serverOutputs out$/],
    ["a pair the profile refuses, in resource mode too", { profile: "virtuozzo", protocol: "spice" }, /^test\/c: RemoteConsole "c": protocol: .*virtuozzo/],
  ];
  it.each(cases)("%s", (_name, props, message) => {
    const { stack } = providerStack();
    const err = thrown(() => new RemoteConsole(stack, "c", { server: server(stack, "r-1"), providerBundle, ...props } as never));
    expect(err).toBeInstanceOf(PropsError);
    expect((err as Error).message).toMatch(message);
  });
});

describe("the fleet file's console.mode and keepers", () => {
  const doc = (console: Record<string, unknown>) => ({ stack: "s", fleets: [{ name: "web", count: 2, imageName: "cirros", flavorName: "m1.tiny", console }] });

  it("resource by default, keepers passed through, outputs on", () => {
    const [definition] = parseFleetDocument(doc({ keepers: { rotation: "1" } }), "fleet.yaml").stacks;
    const stack = new FleetStack(Testing.app(), "s", { definition, source: "fleet.yaml", providerBundle });
    const json = synthChecked(stack);
    expect(Object.values(json.resource!.osconsole_urls)[0]).toMatchObject({ keepers: { rotation: "1" } });
    expect(json.output!.console_urls.sensitive).toBe(true);
  });

  it("ephemeral: no console outputs, and consoleOutputs: true refused naming the file and key", () => {
    const [definition] = parseFleetDocument(doc({ mode: "ephemeral" }), "fleet.yaml").stacks;
    const json = synthChecked(new FleetStack(Testing.app(), "s", { definition, source: "fleet.yaml", providerBundle }));
    expect(Object.keys(json.output!).filter((o) => o.startsWith("console_url"))).toEqual([]);
    expect(json.output!.server_ids).toBeDefined();
    expect(() => new FleetStack(Testing.app(), "s", { definition, source: "fleet.yaml", providerBundle, consoleOutputs: true })).toThrow(
      new FleetFileError("fleet.yaml: fleets[0].console.mode: ephemeral URLs cannot be stack outputs, which this FleetStack's consoleOutputs asks for; use mode resource, or set consoleOutputs to false"),
    );
  });

  it("serverOutputs: false keeps console_urls alone (large fleets plan faster); true where there are no outputs is refused, naming file and key", () => {
    const [definition] = parseFleetDocument(doc({ serverOutputs: false }), "fleet.yaml").stacks;
    const json = synthChecked(new FleetStack(Testing.app(), "s", { definition, source: "fleet.yaml", providerBundle }));
    const [id] = Object.keys(json.resource!.osconsole_urls);
    expect(Object.keys(json.output!).filter((o) => o.startsWith("console_url"))).toEqual(["console_urls"]);
    expect(json.output!.console_urls).toMatchObject({ sensitive: true, value: `\${osconsole_urls.${id}.urls}` });
    const [defaults] = parseFleetDocument(doc({}), "fleet.yaml").stacks;
    const all = synthChecked(new FleetStack(Testing.app(), "s", { definition: defaults, source: "fleet.yaml", providerBundle }));
    expect(Object.keys(all.output!).filter((o) => o.startsWith("console_url")).sort()).toEqual(["console_url_web_1", "console_url_web_2", "console_urls"]);

    const [asked] = parseFleetDocument(doc({ serverOutputs: true }), "fleet.yaml").stacks;
    expect(() => new FleetStack(Testing.app(), "s", { definition: asked, source: "fleet.yaml", providerBundle, consoleOutputs: false })).toThrow(
      new FleetFileError("fleet.yaml: fleets[0].console.serverOutputs: asks for per-server outputs, but the fleet's console has no stack outputs (this FleetStack's consoleOutputs is false); leave serverOutputs out"),
    );
    const [ephemeral] = parseFleetDocument(doc({ mode: "ephemeral", serverOutputs: true }), "fleet.yaml").stacks;
    expect(() => new FleetStack(Testing.app(), "s", { definition: ephemeral, source: "fleet.yaml", providerBundle })).toThrow(
      new FleetFileError("fleet.yaml: fleets[0].console.serverOutputs: asks for per-server outputs, but the fleet's console has no stack outputs (an ephemeral console has none); leave serverOutputs out"),
    );
    expect(() => parseFleetDocument(doc({ serverOutputs: "no" }), "fleet.yaml")).toThrow(/^fleet\.yaml: fleets\[0\]\.console\.serverOutputs: /);
  });

  it("FleetStack's consoleMode for fleets that name none; a fleet's own mode wins", () => {
    const two = { stack: "s", fleets: [{ name: "a", imageName: "cirros", flavorName: "m1.tiny", console: {} }, { name: "b", imageName: "cirros", flavorName: "m1.tiny", console: { mode: "resource" } }] };
    const [definition] = parseFleetDocument(two, "fleet.yaml").stacks;
    const json = synthChecked(new FleetStack(Testing.app(), "s", { definition, source: "fleet.yaml", providerBundle, consoleMode: "data-source" }));
    expect(Object.keys(json.data!.external)).toHaveLength(1);
    expect(Object.keys(json.resource!.osconsole_urls)).toHaveLength(1);
  });

  it("refuses an unknown mode, a misspelt key and a keeper that is not a string, naming file and key", () => {
    expect(() => parseFleetDocument(doc({ mode: "ephemeral-resource" }), "fleet.yaml")).toThrow(
      'fleet.yaml: fleets[0].console.mode: string "ephemeral-resource" is not allowed; use one of resource, ephemeral, data-source',
    );
    expect(() => parseFleetDocument(doc({ mdoe: "resource" }), "fleet.yaml")).toThrow("fleet.yaml: fleets[0].console.mdoe: is not a known key; did you mean mode?");
    expect(() => parseFleetDocument(doc({ keepers: { rotation: 3 } }), "fleet.yaml")).toThrow('fleet.yaml: fleets[0].console.keepers.rotation: is number 3, not a string; quote it: "3"');
  });
});

test("every stack above passes the schema check with the provider's committed schema", () => {
  const { stack } = providerStack();
  new RemoteConsole(stack, "c", { server: server(stack, "z-1"), providerBundle, keepers: { k: "v" }, insecure: false, cacert: "/etc/ca.pem" });
  expect(() => expectSchemaValid(JSON.parse(Testing.synth(stack)))).not.toThrow();
});

test("cdktf's HCL output writes the resource with typed arguments, and refuses the ephemeral block rather than drop it", () => {
  const { stack } = providerStack();
  const s = server(stack, "h-1");
  new RemoteConsole(stack, "r", { server: s, providerBundle, keepers: { k: "1" }, timeout: 30, probe: true });
  const hcl = (stack.toHclTerraform() as { hcl: string }).hcl;
  expect(hcl).toMatch(/resource "osconsole_urls" "r_urls_\w+" \{\nprotocol = "vnc"\ntype = "novnc"\ntimeout = 30\nprobe = true\nservers = \{\nh-1 = "\$\{openstack_compute_instance_v2\.[\w-]+\.id\}"\n\}\nkeepers = \{\nk = "1"\n\}\n\}/);
  new RemoteConsole(stack, "e", { server: s, providerBundle, mode: "ephemeral" });
  expect(() => stack.toHclTerraform()).toThrow(/^test\/e\/urls: cdktf synth --hcl cannot write an ephemeral block; synthesize JSON \(the default\), or use mode resource$/);
});
