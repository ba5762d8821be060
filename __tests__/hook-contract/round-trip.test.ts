/**
 * The hook contract from both ends: what a RemoteConsole writes is what the
 * hook reads, option by option, and both refuse the same values with the
 * same words. SAMPLES and EFFECT are typed over every option, so a new
 * option fails type-checking here until it is covered.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { TerraformStack } from "cdktf";
import { OpenStackServer, PropsError, RemoteConsole, ServerFlavor, ServerImage } from "../../lib/constructs";
import { CONSOLE_OPTION_NAMES, QUERY_KEYS, queryKeyOf, type ConsoleOptionName, type ConsoleOptions } from "../../lib/hook-contract";
import { QueryError, parseQuery, type HookQuery } from "../../lib/hook/query";
import { resolveCloudConfig } from "../../lib/openstack";
import { planConsole } from "../../lib/openstack/compute/microversion";
import { providerStack, stubHookBundle } from "../helpers/checked-synth";

const hookBundle = stubHookBundle();
const ID = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";

/** A value for every option, each one the default would not give. */
const SAMPLES: Required<ConsoleOptions> = {
  protocol: "spice",
  type: "spice-html5",
  profile: "upstream",
  microversion: "2.60",
  timeout: 7.5,
  tolerateUnavailable: true,
  probe: true,
  cloud: "prod",
  region: "RegionTwo",
  interface: "internal",
  computeEndpoint: "https://nova.example.com:8774/v2.1",
  cacert: "/etc/ssl/cloud-ca.pem",
  insecure: true,
};

/** Where each option lands in what the hook acts on. */
const EFFECT: { readonly [K in ConsoleOptionName]: (q: HookQuery) => unknown } = {
  protocol: (q) => q.pair.protocol,
  type: (q) => q.pair.type,
  profile: (q) => q.profile,
  microversion: (q) => q.settings.microversion,
  timeout: (q) => q.timeoutMs / 1000,
  tolerateUnavailable: (q) => q.tolerateUnavailable,
  probe: (q) => q.probe,
  cloud: (q) => q.settings.cloud,
  region: (q) => q.settings.region,
  interface: (q) => q.settings.interface,
  computeEndpoint: (q) => q.settings.computeEndpoint,
  cacert: (q) => q.settings.cacert,
  insecure: (q) => q.settings.insecure,
};

function server(stack: TerraformStack): OpenStackServer {
  return new OpenStackServer(stack, "s", { name: "web-1", image: ServerImage.fromId("6f3c2b1a-1111-4222-8333-944455556666"), flavor: ServerFlavor.fromName("m1.small") });
}

/** The query a RemoteConsole synthesizes, as Terraform hands it to the hook once the server exists. */
function written(options: ConsoleOptions): string {
  const { stack } = providerStack();
  const query = new RemoteConsole(stack, "c", { server: server(stack), hookBundle, mode: "data-source", ...options }).query;
  return JSON.stringify({ ...query, servers: JSON.stringify({ "web-1": ID }) });
}

/** The construct's refusal and the hook's, for the same option value. */
function refusals(options: ConsoleOptions): { construct?: PropsError; hook?: QueryError } {
  const out: { construct?: PropsError; hook?: QueryError } = {};
  try {
    written(options);
  } catch (err) {
    if (!(err instanceof PropsError)) throw err;
    out.construct = err;
  }
  const query: Record<string, string> = { servers: JSON.stringify({ "web-1": ID }) };
  for (const [name, value] of Object.entries(options)) query[queryKeyOf(name as ConsoleOptionName)] = String(value);
  try {
    parseQuery(JSON.stringify(query));
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    out.hook = err;
  }
  return out;
}

describe("every option round-trips from the construct to the hook", () => {
  it("the samples cover every option of the contract, and every key the hook reads", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CONSOLE_OPTION_NAMES].sort());
    expect(QUERY_KEYS).toEqual(["servers", ...CONSOLE_OPTION_NAMES.map(queryKeyOf)]);
  });

  it("all options at once", () => {
    const parsed = parseQuery(written(SAMPLES));
    for (const name of CONSOLE_OPTION_NAMES) expect([name, EFFECT[name](parsed)]).toEqual([name, SAMPLES[name]]);
    expect(parsed.servers).toEqual([{ name: "web-1", id: ID }]);
  });

  it.each(CONSOLE_OPTION_NAMES.filter((n) => n !== "protocol" && n !== "type" && n !== "profile"))("%s alone", (name) => {
    const parsed = parseQuery(written({ [name]: SAMPLES[name] }));
    expect(EFFECT[name](parsed)).toEqual(SAMPLES[name]);
  });

  it.each<[ConsoleOptions, string, string]>([
    [{ protocol: "serial" }, "serial", "serial"],
    [{ type: "webmks" }, "mks", "webmks"],
    [{ profile: "zed" }, "vnc", "novnc"],
    [{ protocol: "spice", profile: "upstream" }, "spice", "spice-html5"],
  ])("the pair of %j resolves to %s/%s on both sides", (options, protocol, type) => {
    const parsed = parseQuery(written(options));
    expect(parsed.pair).toEqual({ protocol, type });
    const bare: Record<string, string> = { servers: "{}" };
    for (const [name, value] of Object.entries(options)) bare[queryKeyOf(name as ConsoleOptionName)] = String(value);
    expect(parseQuery(JSON.stringify(bare)).pair).toEqual({ protocol, type });
  });

  it("no options: the hook's defaults (vnc/novnc, 120 s, not tolerant, microversion left to the cloud config)", () => {
    const parsed = parseQuery(written({}));
    expect(parsed).toMatchObject({ pair: { protocol: "vnc", type: "novnc" }, tolerateUnavailable: false, timeoutMs: 120_000 });
    expect(parsed.settings.microversion).toBeUndefined();
  });
});

describe("an absent microversion means the cloud's compute_api_version from clouds.yaml, else 2.8", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "contract-clouds-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cloud = (extra: string) =>
    `clouds:\n  c:\n    auth:\n      auth_url: https://keystone.example.com:5000/v3\n      username: u\n      password: p\n      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n${extra}`;
  const configFor = (yaml: string) => {
    fs.writeFileSync(path.join(dir, "clouds.yaml"), yaml);
    return resolveCloudConfig(parseQuery(written({ cloud: "c" })).settings, { HOME: dir }, dir);
  };
  const cloudRange = { min: "2.1", max: "2.93" };

  it("clouds.yaml's compute_api_version when the construct gives none", () => {
    const config = configFor(cloud("    compute_api_version: '2.60'\n"));
    expect(config.microversion).toBe("2.60");
    expect(planConsole("vnc", "novnc", config.microversion, cloudRange).microversion).toBe("2.60");
  });

  it("2.8 when clouds.yaml has none either", () => {
    const config = configFor(cloud(""));
    expect(config.microversion).toBeUndefined();
    expect(planConsole("vnc", "novnc", config.microversion, cloudRange).microversion).toBe("2.8");
  });

  it("the construct's microversion over clouds.yaml's", () => {
    fs.writeFileSync(path.join(dir, "clouds.yaml"), cloud("    compute_api_version: '2.60'\n"));
    const config = resolveCloudConfig(parseQuery(written({ cloud: "c", microversion: "2.79" })).settings, { HOME: dir }, dir);
    expect(config.microversion).toBe("2.79");
  });
});

describe("one rule set: the construct and the hook refuse the same values with the same words", () => {
  const BAD: ReadonlyArray<[string, ConsoleOptions]> = [
    ["protocol", { protocol: "telnet" }],
    ["type", { type: "html5" }],
    ["type", { protocol: "vnc", type: "spice-html5" }],
    ["protocol/type", { profile: "virtuozzo", protocol: "spice", type: "spice-html5" }],
    ["profile", { profile: "aws" }],
    ["microversion", { microversion: "2" }],
    ["microversion", { microversion: "1.9" }],
    ["microversion", { profile: "virtuozzo", microversion: "2.9" }],
    ["timeout", { timeout: 0 }],
    ["timeout", { timeout: -1 }],
    ["cloud", { cloud: "" }],
    ["region", { region: " " }],
    ["interface", { interface: "private" as never }],
    ["computeEndpoint", { computeEndpoint: "nova:8774" }],
    ["cacert", { cacert: "ca.pem" }],
  ];

  it.each(BAD)("%s %j", (prop, options) => {
    const { construct, hook } = refusals(options);
    expect(construct?.prop).toBe(prop);
    expect(hook?.field).toBe(prop.split("/").map((p) => queryKeyOf(p as ConsoleOptionName)).join("/"));
    expect(hook!.message.replace(/^query "[^"]*": /, "")).toBe(`${construct!.problem}; ${construct!.fix}`);
  });

  it("any string value is accepted by both or refused by both, for every string option", () => {
    const stringOptions = CONSOLE_OPTION_NAMES.filter((n) => typeof SAMPLES[n] === "string");
    fc.assert(
      fc.property(fc.constantFrom(...stringOptions), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("vnc", "novnc", "2.8", "2.1000", "/abs/ca.pem", "https://x:1/v2.1", "public", "zed", "${", "$${x}")), (name, value) => {
        // A whole "${...}" is a Terraform reference: the construct leaves it to Terraform by design.
        fc.pre(!/(^|[^$])\$\{[^}]*\}/.test(value));
        const { construct, hook } = refusals({ [name]: value });
        return (construct === undefined) === (hook === undefined);
      }),
      { numRuns: 300 },
    );
  });

  it("any timeout is accepted by both or refused by both", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 1000 })), (timeout) => {
        const { construct, hook } = refusals({ timeout });
        return (construct === undefined) === (hook === undefined);
      }),
      { numRuns: 300 },
    );
  });
});
