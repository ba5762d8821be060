import * as path from "node:path";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { ComputeInstanceV2 } from "../../.gen/providers/openstack/compute-instance-v2";
import { EXTERNAL_PROVIDER_VERSION, HookBundleMissingError, OpenStackServer, PropsError, RemoteConsole, RemoteConsoleProps, ServerFlavor, ServerImage } from "../../lib/constructs";
import { TfJson, providerStack, stubHookBundle, synthChecked } from "../helpers/checked-synth";

const IMAGE = "6f3c2b1a-1111-4222-8333-944455556666";
const hookBundle = stubHookBundle();

function server(stack: TerraformStack, name: string): OpenStackServer {
  return new OpenStackServer(stack, name, { name, image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") });
}

let json: TfJson;
let single: RemoteConsole;

/** One stack with a single-server console and a three-server console with every setting, synthesized once. */
beforeAll(() => {
  const { stack } = providerStack();
  single = new RemoteConsole(stack, "solo", { server: server(stack, "solo-1"), hookBundle, mode: "data-source", stackOutputs: true });
  new RemoteConsole(stack, "trio", {
    servers: { "web-1": server(stack, "web-1"), "web.2": server(stack, "web.2"), "Web 3": server(stack, "Web 3") },
    hookBundle,
    mode: "data-source",
    stackOutputs: true,
    protocol: "vnc",
    type: "novnc",
    profile: "virtuozzo",
    microversion: "2.8",
    timeout: 300,
    tolerateUnavailable: true,
    cloud: "prod",
    region: "RegionTwo",
    interface: "internal",
    computeEndpoint: "https://node1:8774/v2.1",
    cacert: "/etc/ssl/cloud-ca.pem",
    insecure: false,
  });
  json = synthChecked(stack);
});

const consoles = (): Record<string, { program: string[]; query: Record<string, string> }> =>
  json.data!.external as unknown as Record<string, { program: string[]; query: Record<string, string> }>;

const instanceRef = (name: string, attr = "id"): string => {
  const [id] = Object.entries(json.resource!.openstack_compute_instance_v2).find(([, r]) => r.name === name)!;
  return `openstack_compute_instance_v2.${id}.${attr}`;
};

describe("RemoteConsole synthesizes", () => {
  it("one data.external per console, running the bundled hook with node from the stack folder", () => {
    const all = Object.values(consoles());
    expect(all).toHaveLength(2);
    for (const { program } of all) {
      expect(program).toEqual(["node", expect.stringMatching(/^assets\/console-hook\/[0-9A-F]+\/console-hook\.js$/)]);
    }
    // one asset for the stack, whatever the number of consoles
    expect(new Set(all.map((c) => c.program[1])).size).toBe(1);
  });

  it("the hook provider once per stack", () => {
    expect(json.provider?.external).toEqual([{}]);
    // The constraint the hook's protocol allows, which admits the 1.2.0 that offline tool builds have.
    expect(EXTERNAL_PROVIDER_VERSION).toBe(">= 1.2.0, < 3.0.0");
    expect(json.terraform?.required_providers?.external).toEqual({ source: "external", version: ">= 1.2.0, < 3.0.0" });
  });

  it("another external constraint when asked, and a stack's own external provider keeps its pin", () => {
    const asked = providerStack();
    new RemoteConsole(asked.stack, "c", { server: server(asked.stack, "v-1"), hookBundle, mode: "data-source", externalProviderVersion: "~> 2.3" });
    expect(synthChecked(asked.stack).terraform?.required_providers?.external?.version).toBe("~> 2.3");
    expect(() => new RemoteConsole(asked.stack, "d", { server: server(asked.stack, "v-2"), hookBundle, mode: "data-source", externalProviderVersion: "~> 2.2" })).toThrow(
      /RemoteConsole "d": externalProviderVersion: "~> 2.2" differs from "~> 2.3", asked by an earlier console of the stack/,
    );

    const own = providerStack();
    new ExternalProvider(own.stack, "mine");
    new RemoteConsole(own.stack, "c", { server: server(own.stack, "o-1"), hookBundle, mode: "data-source" });
    const out = synthChecked(own.stack);
    expect(out.provider?.external).toHaveLength(1);
    expect(out.terraform?.required_providers?.external?.version).toBe("2.3.5");
  });

  it("a query of strings per the hook contract, servers referring to the instance ids (no depends_on)", () => {
    const [solo, trio] = Object.values(consoles());
    // Only the resolved pair and what was given: the hook applies the same defaults (microversion: the cloud's compute_api_version, else 2.8).
    expect(solo.query).toEqual({
      servers: `\${jsonencode({"solo-1" = ${instanceRef("solo-1")}})}`,
      protocol: "vnc",
      type: "novnc",
    });
    expect(trio.query).toEqual({
      servers: `\${jsonencode({"web-1" = ${instanceRef("web-1")}, "web.2" = ${instanceRef("web.2")}, "Web 3" = ${instanceRef("Web 3")}})}`,
      protocol: "vnc",
      type: "novnc",
      profile: "virtuozzo",
      microversion: "2.8",
      timeout: "300",
      tolerate_unavailable: "true",
      cloud: "prod",
      region: "RegionTwo",
      interface: "internal",
      compute_endpoint: "https://node1:8774/v2.1",
      cacert: "/etc/ssl/cloud-ca.pem",
      insecure: "false",
    });
    for (const c of Object.values(consoles())) {
      expect(Object.values(c.query).every((v) => typeof v === "string")).toBe(true);
      expect(c).not.toHaveProperty("depends_on");
    }
  });

  it("sensitive outputs: console_urls for the whole stack and console_url_<name> per server", () => {
    const [soloId, trioId] = Object.keys(consoles());
    const outputs = json.output!;
    expect(outputs.console_urls).toMatchObject({
      sensitive: true,
      value: `\${merge(data.external.${soloId}.result, data.external.${trioId}.result)}`,
    });
    expect(outputs.console_url_solo_1).toMatchObject({ sensitive: true, value: `\${data.external.${soloId}.result["solo-1"]}` });
    expect(outputs.console_url_web_1).toMatchObject({ sensitive: true, value: `\${data.external.${trioId}.result["web-1"]}` });
    expect(outputs.console_url_web_2).toMatchObject({ sensitive: true, value: `\${data.external.${trioId}.result["web.2"]}` });
    expect(outputs.console_url_Web_3).toMatchObject({ sensitive: true, value: `\${data.external.${trioId}.result["Web 3"]}` });
    expect(Object.keys(outputs).sort()).toEqual(["console_url_Web_3", "console_url_solo_1", "console_url_web_1", "console_url_web_2", "console_urls"]);
  });

  it("console_urls as the one result itself when the stack has one console", () => {
    const { stack } = providerStack();
    new RemoteConsole(stack, "only", { server: server(stack, "a-1"), hookBundle, mode: "data-source", stackOutputs: true });
    const out = synthChecked(stack);
    const [id] = Object.keys(out.data!.external);
    expect(out.output!.console_urls.value).toBe(`\${data.external.${id}.result}`);
  });

  it("urlOf and urls as references into the result", () => {
    expect(single.serverNames).toEqual(["solo-1"]);
    expect(() => single.urlOf("nope")).toThrow(/urlOf: has no server "nope"; use one of solo-1/);
    const { stack } = providerStack();
    const c = new RemoteConsole(stack, "mine", { server: server(stack, "u-1"), hookBundle, mode: "data-source" });
    new TerraformOutput(stack, "all", { value: c.urls, sensitive: true });
    new TerraformOutput(stack, "one", { value: c.urlOf("u-1"), sensitive: true });
    const out = synthChecked(stack);
    const [id] = Object.keys(out.data!.external);
    expect(out.output!.all.value).toBe(`\${data.external.${id}.result}`);
    expect(out.output!.one.value).toBe(`\${data.external.${id}.result["u-1"]}`);
  });

  it("no stack outputs unless asked: the library claims no output names in a user's stack", () => {
    const { stack } = providerStack();
    new RemoteConsole(stack, "quiet", { servers: { "a.1": server(stack, "a.1"), "a-1": server(stack, "a-1") }, hookBundle, mode: "data-source" });
    expect(synthChecked(stack).output).toBeUndefined();
  });

  it("no credential anywhere in the stack, whatever the environment holds", () => {
    const planted = { OS_PASSWORD: "planted-password-value", OS_APPLICATION_CREDENTIAL_SECRET: "planted-appcred-secret", OS_TOKEN: "planted-token" };
    const saved = { ...process.env };
    Object.assign(process.env, planted);
    try {
      const { stack } = providerStack();
      new RemoteConsole(stack, "c", { server: server(stack, "x-1"), hookBundle, mode: "data-source" });
      const text = JSON.stringify(synthChecked(stack));
      for (const secret of Object.values(planted)) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/password|secret|token"/i);
    } finally {
      process.env = saved;
    }
  });
});

describe("RemoteConsole with values known only at apply", () => {
  it("writes Terraform references as they are, for the hook to check", () => {
    const { stack } = providerStack();
    const region = new TerraformVariable(stack, "region", { type: "string" });
    const timeout = new TerraformVariable(stack, "timeout", { type: "number" });
    new RemoteConsole(stack, "c", { server: server(stack, "t-1"), hookBundle, mode: "data-source", region: region.stringValue, timeout: timeout.numberValue });
    const [block] = Object.values(synthChecked(stack).data!.external) as Array<{ query: Record<string, string> }>;
    expect(block.query).toMatchObject({ region: "${var.region}", timeout: "${var.timeout}" });
  });
});

describe("RemoteConsole pairs and defaults", () => {
  const queryFor = (options: Partial<RemoteConsoleProps>): Record<string, string> => {
    const { stack } = providerStack();
    return new RemoteConsole(stack, "c", { server: server(stack, "p-1"), hookBundle, mode: "data-source", ...options }).query;
  };

  it.each<[Partial<RemoteConsoleProps>, string, string]>([
    [{}, "vnc", "novnc"],
    [{ type: "spice-html5" }, "spice", "spice-html5"],
    [{ type: "webmks" }, "mks", "webmks"],
    [{ protocol: "serial" }, "serial", "serial"],
    [{ protocol: "spice" }, "spice", "spice-html5"],
    [{ profile: "zed" }, "vnc", "novnc"],
    [{ profile: "upstream", type: "spice-direct" }, "spice", "spice-direct"],
    [{ protocol: "rdp", type: "rdp-html5" }, "rdp", "rdp-html5"], // no profile: any pair Nova's schema knows
  ])("%j gives %s/%s", (options, protocol, type) => {
    expect(queryFor(options)).toMatchObject({ protocol, type });
  });
});

describe("RemoteConsole refuses at synth, naming the prop and the fix,", () => {
  const attempt = (options: Partial<RemoteConsoleProps>) => () => {
    const { stack } = providerStack();
    new RemoteConsole(stack, "c", { server: server(stack, "r-1"), hookBundle, mode: "data-source", ...options });
  };

  it.each<[string, Partial<RemoteConsoleProps>, RegExp]>([
    ["spice on the virtuozzo profile", { profile: "virtuozzo", protocol: "spice", type: "spice-html5" }, /RemoteConsole "c": protocol\/type: the virtuozzo profile offers vnc\/novnc only, not spice\/spice-html5; choose a protocol\/type pair/],
    ["serial on the virtuozzo profile", { profile: "virtuozzo", type: "serial" }, /virtuozzo profile offers vnc\/novnc only, not serial\/serial/],
    ["rdp on the upstream profile (Nova removed it)", { profile: "upstream", protocol: "rdp", type: "rdp-html5" }, /the upstream profile offers .* only, not rdp\/rdp-html5/],
    ["xvpvnc on the zed profile", { profile: "zed", protocol: "vnc", type: "xvpvnc" }, /the zed profile offers vnc\/novnc only/],
    ["a mismatched pair", { protocol: "vnc", type: "spice-html5" }, /"c": type: type "spice-html5" does not belong to protocol "vnc"; vnc offers novnc, xvpvnc/],
    ["an unknown protocol", { protocol: "telnet" }, /protocol: unknown protocol "telnet"; use one of vnc, spice, serial, rdp, mks/],
    ["an unknown type", { type: "html5" }, /type: unknown console type "html5"/],
    ["an unknown profile", { profile: "aws" }, /profile: "aws" is not a known profile; use one of upstream, zed, virtuozzo/],
    ["a malformed microversion", { microversion: "2.x" }, /microversion: "2.x" is not a compute microversion; give one of the form 2.N/],
    ["a microversion above the profile's maximum", { profile: "virtuozzo", microversion: "2.9" }, /microversion: 2.9 is above the virtuozzo profile's maximum 2.8/],
    ["a zero timeout", { timeout: 0 }, /timeout: 0 is not a positive number of seconds; give the hook's overall deadline in seconds/],
    ["a bad interface", { interface: "private" as "public" }, /interface: "private" is not a catalog interface; use public, internal or admin/],
    ["a compute endpoint that is not a URL", { computeEndpoint: "node1:8774" }, /computeEndpoint: "node1:8774" is not an http\(s\) URL/],
    ["a relative CA path", { cacert: "ca.pem" }, /cacert: "ca.pem" is a relative path, but the hook runs in cdktf.out\/stacks\/<stack>; give an absolute path/],
    ["an empty cloud", { cloud: "" }, /cloud: is empty/],
  ])("%s", (_what, options, message) => {
    expect(attempt(options)).toThrow(PropsError);
    expect(attempt(options)).toThrow(message);
  });

  it("neither or both of server and servers", () => {
    const { stack } = providerStack();
    const s = server(stack, "n-1");
    expect(() => new RemoteConsole(stack, "none", { hookBundle, mode: "data-source" })).toThrow(/server\/servers: neither is set/);
    expect(() => new RemoteConsole(stack, "both", { server: s, servers: { "n-1": s }, hookBundle, mode: "data-source" })).toThrow(/server\/servers: both are set/);
    expect(() => new RemoteConsole(stack, "empty", { servers: {}, hookBundle, mode: "data-source" })).toThrow(/servers: is empty; give at least one server/);
  });

  it("two servers whose output ids would collide", () => {
    const { stack } = providerStack();
    expect(() => new RemoteConsole(stack, "c", { servers: { "a.1": server(stack, "a.1"), "a-1": server(stack, "a-1") }, hookBundle, mode: "data-source", stackOutputs: true })).toThrow(
      /servers\.a-1: gives output id console_url_a_1, as server "a.1" already does; rename one/,
    );
  });

  it("a missing hook bundle, telling to build it", () => {
    const missing = path.join(path.dirname(hookBundle), "nope", "console-hook.js");
    expect(attempt({ hookBundle: missing })).toThrow(HookBundleMissingError);
    expect(attempt({ hookBundle: missing })).toThrow(/the console hook bundle .*nope\/console-hook.js is missing; reinstall the package \(npm ci\), or run npm run build in a clone of it, then synth again/);
  });

  it("a pair current Nova retired only with a warning, when no profile rules it out", () => {
    const { stack } = providerStack();
    const c = new RemoteConsole(stack, "c", { server: server(stack, "x-1"), hookBundle, mode: "data-source", type: "xvpvnc" });
    expect(c.query).toMatchObject({ protocol: "vnc", type: "xvpvnc" });
    expect(c.node.metadata.map((m) => m.data)).toEqual([expect.stringContaining("current Nova refuses vnc/xvpvnc")]);
  });

  it("insecure only with a warning on the construct", () => {
    const { stack } = providerStack();
    const c = new RemoteConsole(stack, "c", { server: server(stack, "i-1"), hookBundle, mode: "data-source", insecure: true });
    expect(c.query.insecure).toBe("true");
    expect(c.node.metadata.map((m) => m.data)).toEqual([expect.stringContaining("will not verify the cloud's TLS certificate")]);
  });
});

describe("RemoteConsole on servers made elsewhere (IOpenStackServer)", () => {
  const ID = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";

  it("a raw openstack_compute_instance_v2 and a server imported by id", () => {
    const { stack } = providerStack();
    const raw = new ComputeInstanceV2(stack, "raw", { name: "raw-1", imageId: IMAGE, flavorName: "m1.small" });
    const imported = OpenStackServer.fromServerAttributes(stack, "bastion", { id: ID, name: "bastion" });
    const c = new RemoteConsole(stack, "c", { servers: { "raw-1": raw, bastion: imported }, hookBundle, mode: "data-source" });
    expect(c.serverNames).toEqual(["raw-1", "bastion"]);
    const out = synthChecked(stack);
    const [block] = Object.values(out.data!.external) as Array<{ query: Record<string, string> }>;
    expect(block.query.servers).toBe(`\${jsonencode({"raw-1" = openstack_compute_instance_v2.raw.id, "bastion" = "${ID}"})}`);
  });

  it("any object with an id and a name, not only this package's classes (no instanceof)", () => {
    const { stack } = providerStack();
    const c = new RemoteConsole(stack, "c", { server: { id: ID, name: "elsewhere" }, hookBundle, mode: "data-source" });
    expect(c.serverNames).toEqual(["elsewhere"]);
  });

  it.each<[string, () => RemoteConsoleProps, RegExp]>([
    ["an imported id that is not a UUID", () => ({ server: { id: "bastion", name: "bastion" } }), /RemoteConsole "c": server: server "bastion" has id "bastion", which is not a UUID/],
    ["a value without an id", () => ({ servers: { a: {} as never } }), /RemoteConsole "c": servers\.a: is not a server \(an IOpenStackServer with an id\)/],
    ["a server without a name", () => ({ server: { id: ID } as never }), /RemoteConsole "c": server: is not a server \(an IOpenStackServer with an id and a name\)/],
    ["a raw resource as server (its name is a reference)", () => ({ server: new ComputeInstanceV2(providerStack().stack, "r", { name: "r-1", imageId: IMAGE, flavorName: "m1.small" }) }), /server: has a name known only at apply; key it yourself: servers: \{ <name>: server \}/],
  ])("refuses %s", (_what, props, message) => {
    const { stack } = providerStack();
    expect(() => new RemoteConsole(stack, "c", { ...props(), hookBundle, mode: "data-source" })).toThrow(message);
  });

  it("fromServerAttributes checks what it is given", () => {
    const { stack } = providerStack();
    expect(() => OpenStackServer.fromServerAttributes(stack, "x", { id: "1234", name: "x" })).toThrow(/OpenStackServer "x": id: "1234" is not a server UUID/);
    expect(() => OpenStackServer.fromServerAttributes(stack, "y", { id: ID, name: " " })).toThrow(/OpenStackServer "y": name: is empty/);
  });
});
