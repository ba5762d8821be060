/**
 * Bad input is refused with one line naming the field, a non-zero exit and
 * no stack trace: the hook's stdin, cloud configuration (hook and CLI), CLI
 * flags, and every construct prop that can be wrong at synth time.
 */
import { App, TerraformStack } from "cdktf";
import { randomUUID } from "node:crypto";
import { OpenStackServer, PropsError, RemoteConsole, ServerFlavor, ServerFleet, ServerImage, configureOpenStackProvider, type OpenStackServerProps, type RemoteConsoleProps, type ServerFleetProps } from "../../lib/constructs";
import { runCli as runCliInProcess } from "../../lib/cli/program";
import { makeTerminal } from "../../lib/cli/terminal";
import { FleetFileError, FleetStack, type FleetEntry } from "../../lib/stacks";
import { ConfigError, resolveCloudConfig } from "../../lib/openstack";
import { stubHookBundle } from "../helpers/checked-synth";
import { expectOneLineRefusal, thrown } from "../helpers/refusals";
import { runCli, runHook } from "../helpers/run";
import { BAD_QUERIES, ID, PLANTED } from "../hook/bad-queries";
import { Sandbox } from "./support/sandbox";

const SERVERS = JSON.stringify({ "web-1": ID });
const sandbox = new Sandbox("bad-input-");
// A Keystone URL nothing listens on: every refusal below must come before any network call.
const OFFLINE_ENV = {
  OS_AUTH_URL: "http://127.0.0.1:9/v3",
  OS_USERNAME: "demo",
  OS_PASSWORD: "demo-secret",
  OS_PROJECT_NAME: "demo",
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default",
};

afterAll(() => sandbox.cleanup());

/**
 * Each case names where it runs: "process" cases (one per kind of mistake the
 * issue lists) run the shipped bundle as a subprocess; the variants run the
 * same code in-process ("parser": the config resolver; "cli": the CLI's entry
 * with a captured terminal; the hook query's variants are checked on its
 * parser in hook/query.test.ts), since a process each would cost the suite
 * seconds and prove nothing more about the output path.
 */
type Where = "process" | "parser" | "cli";

describe("hook stdin (the cases of hook/bad-queries.ts that run as a process)", () => {
  test.concurrent.each(BAD_QUERIES.filter((c) => c.process).map((c) => [c.what, c] as const))("%s: one line naming the field, exit 1, no stack", async (_what, c) => {
    const result = await runHook(c.stdin, { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.root });
    const line = expectOneLineRefusal(result, /^console-hook: /, 1);
    expect(line.slice("console-hook: ".length)).toMatch(c.message);
    expect(line).not.toContain(PLANTED);
  });
});

describe("cloud configuration (hook and CLI)", () => {
  interface ConfigCase {
    readonly what: string;
    readonly where: Where;
    readonly files?: Record<string, string>;
    readonly env: Record<string, string>;
    readonly query?: { cloud?: string; cacert?: string };
    readonly flags?: string[];
    readonly field: string | RegExp;
  }
  const goodCloud = (extra = ""): string =>
    `clouds:\n  mycloud:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n      username: demo\n      password: demo-secret\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n${extra}`;
  const cases: ConfigCase[] = [
    { what: "clouds.yaml that is not YAML", where: "process", files: { "clouds.yaml": "clouds:\n  mycloud: [unclosed\n    auth: {" }, env: { OS_CLOUD: "mycloud" }, field: /clouds\.yaml.*YAML/ },
    { what: "clouds.yaml without a clouds mapping", where: "parser", files: { "clouds.yaml": "- just\n- a list\n" }, env: { OS_CLOUD: "mycloud" }, field: /clouds\.yaml.*clouds/ },
    { what: "an unknown cloud (OS_CLOUD)", where: "process", files: { "clouds.yaml": goodCloud() }, env: { OS_CLOUD: "nosuchcloud" }, field: /"nosuchcloud".*mycloud/ },
    { what: "an unknown cloud (query cloud / --os-cloud)", where: "parser", files: { "clouds.yaml": goodCloud() }, env: {}, query: { cloud: "nosuchcloud" }, flags: ["--os-cloud", "nosuchcloud"], field: /"nosuchcloud".*mycloud/ },
    { what: "a cloud without auth_url", where: "process", files: { "clouds.yaml": "clouds:\n  mycloud:\n    auth:\n      username: demo\n      password: demo-secret\n" }, env: { OS_CLOUD: "mycloud" }, field: "auth_url" },
    { what: "no credentials at all", where: "process", env: {}, field: /credentials|OS_AUTH_URL|OS_CLOUD/ },
    { what: "an auth URL that is not http(s) (env)", where: "process", env: { ...OFFLINE_ENV, OS_AUTH_URL: "ftp://keystone.example.com/v3" }, field: "OS_AUTH_URL" },
    { what: "an auth URL without a scheme (env)", where: "parser", env: { ...OFFLINE_ENV, OS_AUTH_URL: "keystone.example.com:5000/v3" }, field: "OS_AUTH_URL" },
    { what: "an auth URL that is not http(s) (clouds.yaml)", where: "parser", files: { "clouds.yaml": goodCloud().replace("http://127.0.0.1:9/v3", "ldap://127.0.0.1/v3") }, env: { OS_CLOUD: "mycloud" }, field: "auth_url" },
    { what: "a CA file that does not exist (OS_CACERT)", where: "parser", env: { ...OFFLINE_ENV, OS_CACERT: "/nonexistent/ca-bundle.pem" }, field: /OS_CACERT.*\/nonexistent\/ca-bundle\.pem|\/nonexistent\/ca-bundle\.pem.*OS_CACERT/ },
    { what: "a CA file that does not exist (query cacert / --os-cacert)", where: "process", env: OFFLINE_ENV, query: { cacert: "/nonexistent/ca-bundle.pem" }, flags: ["--os-cacert", "/nonexistent/ca-bundle.pem"], field: "/nonexistent/ca-bundle.pem" },
    { what: "a CA file that does not exist (clouds.yaml cacert)", where: "parser", files: { "clouds.yaml": goodCloud("    cacert: /nonexistent/ca-bundle.pem\n") }, env: { OS_CLOUD: "mycloud" }, field: /cacert.*\/nonexistent\/ca-bundle\.pem|\/nonexistent\/ca-bundle\.pem.*cacert/ },
  ];

  const prepare = (c: ConfigCase): Sandbox => {
    const box = new Sandbox("config-");
    for (const [name, content] of Object.entries(c.files ?? {})) box.write(name, content);
    return box;
  };
  const byWhere = (where: Where) => cases.filter((c) => c.where === where).map((c) => [c.what, c] as const);

  test.concurrent.each(byWhere("process"))("hook, %s", async (_what, c) => {
    const box = prepare(c);
    try {
      const result = await runHook({ servers: SERVERS, ...c.query }, { env: box.env(c.env), cwd: box.root });
      const line = expectOneLineRefusal(result, c.field);
      expect(line).not.toContain("demo-secret");
    } finally {
      box.cleanup();
    }
  });

  test.concurrent.each(byWhere("process"))("CLI url, %s: exit 2", async (_what, c) => {
    const box = prepare(c);
    try {
      const result = await runCli(["url", ID, ...(c.flags ?? [])], { env: box.env(c.env), cwd: box.root });
      const line = expectOneLineRefusal(result, c.field, 2);
      expect(line).not.toContain("demo-secret");
    } finally {
      box.cleanup();
    }
  });

  // Variants on the resolver both hook and CLI call (one code path for both).
  test.each(byWhere("parser"))("resolver, %s", (_what, c) => {
    const box = prepare(c);
    try {
      const caught = thrown(() => resolveCloudConfig({ ...c.query }, box.env(c.env), box.root));
      expect(caught).toBeInstanceOf(ConfigError);
      const message = (caught as ConfigError).message;
      expect(message).not.toContain("\n");
      expect(message).not.toContain("demo-secret");
      if (typeof c.field === "string") expect(message).toContain(c.field);
      else expect(message).toMatch(c.field);
    } finally {
      box.cleanup();
    }
  });
});

describe("CLI usage mistakes: one line, exit 2", () => {
  const cases: Array<[string, Where, string[], string | RegExp]> = [
    ["unknown format", "process", ["url", ID, "--format", "yaml"], "option '-f, --format <format>' argument 'yaml' is invalid. Allowed choices are table, json, value"],
    ["unknown audit format", "cli", ["audit", "--format", "pdf"], "argument 'pdf' is invalid. Allowed choices are table, json, junit, markdown, html"],
    ["timeout not a positive number", "process", ["url", ID, "--timeout", "0"], "option '--timeout <seconds>' argument '0' is invalid"],
    ["timeout not a number", "cli", ["url", ID, "--timeout", "soon"], "option '--timeout <seconds>' argument 'soon' is invalid"],
    ["concurrency not a positive integer", "process", ["audit", "--concurrency", "0"], "option '--concurrency <n>' argument '0' is invalid. expected a whole number of 1 or more"],
    ["concurrency a fraction", "cli", ["audit", "--concurrency", "2.5"], "option '--concurrency <n>' argument '2.5' is invalid"],
    ["microversion not X.Y", "process", ["url", ID, "--microversion", "2"], "option '--microversion <X.Y>' argument '2' is invalid. expected a compute microversion of the form X.Y"],
    ["unknown protocol", "process", ["url", ID, "--protocol", "telnet"], '--protocol/--type: unknown protocol "telnet"'],
    ["unknown type", "cli", ["url", ID, "--type", "vnc-html"], '--protocol/--type: unknown console type "vnc-html"'],
    ["a type of another protocol", "cli", ["url", ID, "--protocol", "vnc", "--type", "spice-html5"], '--protocol/--type: type "spice-html5" does not belong to protocol "vnc"'],
    ["a pair the profile does not allow", "cli", ["audit", "--profile", "virtuozzo", "--types", "spice/spice-html5"], '--types: "spice/spice-html5": the virtuozzo profile offers vnc/novnc only'],
    ["unknown profile", "cli", ["audit", "--profile", "aws"], '--profile: unknown profile "aws"'],
    ["unknown interface", "cli", ["url", ID, "--os-interface", "private"], "option '--os-interface <interface>' argument 'private' is invalid"],
    ["a server id that is not a UUID (--id)", "process", ["url", "--id", "web-1"], /server "web-1" is not a valid server id\..*leave out --id/],
    ["url without a server", "cli", ["url"], "missing required argument 'server'"],
    ["unknown command", "cli", ["consoles"], "unknown command 'consoles'"],
    ["unknown option", "process", ["url", ID, "--colour"], "unknown option '--colour'"],
    ["a state file that does not exist", "process", ["from-stack", "--state", "/nonexistent/terraform.tfstate"], "cannot read state file /nonexistent/terraform.tfstate: it does not exist"],
  ];

  test.concurrent.each(cases.filter((c) => c[1] === "process"))("%s (%s)", async (_what, _where, args, field) => {
    const result = await runCli(args, { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.root });
    expect(expectOneLineRefusal(result, field, 2)).not.toContain("demo-secret");
  });

  // Variants through the CLI's own entry (runCli with a captured terminal), in-process.
  test.each(cases.filter((c) => c[1] === "cli"))("%s (%s)", async (_what, _where, args, field) => {
    let stdout = "";
    let stderr = "";
    const terminal = makeTerminal({ write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) }, sandbox.env(OFFLINE_ENV), sandbox.root);
    const code = await runCliInProcess(args, terminal);
    expect(expectOneLineRefusal({ code, stdout, stderr, wallMs: 0 }, field, 2)).not.toContain("demo-secret");
  });

  test("a state file that is not Terraform state", async () => {
    const file = sandbox.write("broken.tfstate", "{ not json");
    const result = await runCli(["from-stack", "--state", file], { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.root });
    expectOneLineRefusal(result, file, 2);
  });
});

describe("synth time: every construct prop that can be wrong", () => {
  const hookBundle = stubHookBundle();
  const IMAGE = randomUUID();
  const base: OpenStackServerProps = { name: "web-1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") };

  /** A fresh stack with the provider, so each case fails on its own prop. */
  const stack = (): TerraformStack => {
    const s = new TerraformStack(new App({ outdir: sandbox.root }), "bad");
    configureOpenStackProvider(s, { cloud: "c" });
    return s;
  };
  const refused = (build: () => unknown, prop: string): PropsError => {
    const caught = thrown(build);
    if (!(caught instanceof PropsError)) throw new Error(`expected a PropsError naming ${prop}, got ${String(caught)}`);
    expect(caught.prop).toBe(prop);
    expect(caught.message).toContain(prop);
    expect(caught.message).not.toContain("\n");
    return caught;
  };

  const serverCases: Array<[string, Partial<Record<keyof OpenStackServerProps, unknown>>]> = [
    ["name", { name: "" }],
    ["name", { name: " web" }],
    ["name", { name: "x".repeat(256) }],
    ["name", { name: "web\u0000" }],
    ["image", { image: undefined }],
    ["image", { image: "ubuntu" }],
    ["image.id", { image: ServerImage.fromId("ubuntu-24.04") }],
    ["image.name", { image: ServerImage.fromName(" ") }],
    ["flavor", { flavor: undefined }],
    ["flavor", { flavor: { name: "m1.small" } }],
    ["flavor.name", { flavor: ServerFlavor.fromName("") }],
    ["flavor.id", { flavor: ServerFlavor.fromId("") }],
    ["networks[0]", { networks: [{}] }],
    ["networks[0]", { networks: [{ uuid: randomUUID(), name: "private" }] }],
    ["networks[0].uuid", { networks: [{ uuid: "private" }] }],
    ["networks[1].port", { networks: [{ name: "a" }, { port: "port-1" }] }],
    ["networks[0].name", { networks: [{ name: "" }] }],
    ["networks[0].fixedIpV4", { networks: [{ name: "a", fixedIpV4: "10.0.0.256" }] }],
    ["networks[0].fixedIpV4", { networks: [{ port: randomUUID(), fixedIpV4: "10.0.0.5" }] }],
    ["securityGroups[1]", { securityGroups: ["default", "default"] }],
    ["securityGroups[0]", { securityGroups: [""] }],
    ["userData", { userData: "x".repeat(50_000) }],
    ["metadata", { metadata: { ["k".repeat(256)]: "v" } }],
    ["metadata.role", { metadata: { role: "v".repeat(256) } }],
    ["tags", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
    ["tags[0]", { tags: ["a/b"] }],
    ["tags[1]", { tags: ["web", "web"] }],
    ["availabilityZone", { availabilityZone: "" }],
    ["bootVolume.sizeGb", { bootVolume: { sizeGb: 0 } }],
    ["bootVolume.sizeGb", { bootVolume: { sizeGb: 2.5 } }],
    ["bootVolume.volumeType", { bootVolume: { sizeGb: 10, volumeType: "" } }],
    ["schedulerHints.group", { schedulerHints: { group: "anti-affinity" } }],
    ["keyPair.name", { keyPair: { name: "" } }],
    ["keyPair.publicKey", { keyPair: { name: "k", publicKey: "not a key" } }],
  ];

  test.each(serverCases)("OpenStackServer %s", (prop, override) => {
    refused(() => new OpenStackServer(stack(), "s", { ...base, ...override } as OpenStackServerProps), prop);
  });

  test("OpenStackServer name used twice in a stack", () => {
    const s = stack();
    new OpenStackServer(s, "a", base);
    refused(() => new OpenStackServer(s, "b", base), "name");
  });

  test("a private key given as publicKey is refused without echoing it", () => {
    const privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-planted\n-----END OPENSSH PRIVATE KEY-----";
    const e = refused(() => new OpenStackServer(stack(), "s", { ...base, keyPair: { name: "k", publicKey: privateKey } }), "keyPair.publicKey");
    expect(e.message).not.toContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-planted");
  });

  const consoleCases: Array<[string, Partial<RemoteConsoleProps>]> = [
    ["profile", { profile: "aws" }],
    ["type", { type: "vnc-html" }],
    ["protocol", { protocol: "telnet" }],
    ["type", { protocol: "vnc", type: "spice-html5" }],
    ["protocol/type", { profile: "virtuozzo", protocol: "spice", type: "spice-html5" }],
    ["protocol", { profile: "virtuozzo", protocol: "serial" }],
    ["microversion", { microversion: "2" }],
    ["microversion", { microversion: "latest" }],
    ["microversion", { microversion: "1.9" }],
    ["microversion", { profile: "virtuozzo", microversion: "2.99" }],
    ["timeout", { timeout: 0 }],
    ["timeout", { timeout: -10 }],
    ["timeout", { timeout: Number.POSITIVE_INFINITY }],
    ["timeout", { timeout: Number.NaN }],
    ["cloud", { cloud: "" }],
    ["region", { region: " " }],
    ["interface", { interface: "private" as never }],
    ["computeEndpoint", { computeEndpoint: "nova:8774/v2.1" }],
    ["cacert", { cacert: "certs/ca.pem" }],
  ];

  test.each(consoleCases)("RemoteConsole %s", (prop, override) => {
    const s = stack();
    const server = new OpenStackServer(s, "s", base);
    refused(() => new RemoteConsole(s, "console", { server, hookBundle, ...override }), prop);
  });

  test("RemoteConsole server/servers: both, neither, empty", () => {
    const s = stack();
    const server = new OpenStackServer(s, "s", base);
    refused(() => new RemoteConsole(s, "c1", { server, servers: { "web-1": server }, hookBundle }), "server/servers");
    refused(() => new RemoteConsole(s, "c2", { hookBundle }), "server/servers");
    refused(() => new RemoteConsole(s, "c3", { servers: {}, hookBundle }), "servers");
  });

  const fleetCases: Array<[string, ServerFleetProps["specs"]]> = [
    ["specs", []],
    ["specs[0].name", [{ ...base, name: "" }]],
    ["specs[0].count", [{ ...base, name: "web", count: 0 }]],
    ["specs[0].count", [{ ...base, name: "web", count: 2.5 }]],
    ["specs[1].name", [{ ...base, name: "web" }, { ...base, name: "web" }]],
  ];

  test.each(fleetCases)("ServerFleet %s", (prop, specs) => {
    refused(() => new ServerFleet(stack(), "fleet", { specs }), prop);
  });

  test("ServerFleet console props are checked like RemoteConsole's", () => {
    refused(() => new ServerFleet(stack(), "fleet", { specs: [{ ...base, name: "web", count: 2 }], console: { profile: "virtuozzo", type: "spice-html5", hookBundle } }), "type");
  });

  // A fleet file names the image and flavor by its own keys, not the construct's.
  const entry = { imageId: IMAGE, flavorName: "m1.small" };
  test.each([
    ["fleets[0].console.timeout", [{ ...entry, name: "web", console: { timeout: 0, hookBundle } }]],
    ["fleets[1].console.type", [{ ...entry, name: "web" }, { ...entry, name: "db", console: { profile: "virtuozzo", type: "serial", hookBundle } }]],
    ["fleets[0].count", [{ ...entry, name: "web", count: -1 }]],
    ["fleets[0].networks[0].uuid", [{ ...entry, name: "web", networks: [{ uuid: "private" }] }]],
    ["fleets[1].name", [{ ...entry, name: "web" }, { ...entry, name: "web" }]],
    ["fleets[0].imageId/imageName", [{ ...entry, name: "web", imageName: "ubuntu" }]],
    ["fleets[0].imageId", [{ ...entry, name: "web", imageId: "ubuntu" }]],
    ["fleets[0].flavorId/flavorName", [{ imageId: IMAGE, name: "web" }]],
    ["fleets[0].flavorName", [{ ...entry, name: "web", flavorName: " " }]],
  ] as const)("FleetStack (fleet file) names %s", (key, fleets) => {
    const caught = thrown(() => new FleetStack(new App({ outdir: sandbox.root }), "bad", { definition: { stack: "bad", fleets: fleets as unknown as FleetEntry[] }, source: "fleet.yaml" }));
    expect(caught).toBeInstanceOf(FleetFileError);
    const message = (caught as FleetFileError).message;
    expect(message).toContain(`fleet.yaml: ${key}`);
    expect(message).not.toContain("\n");
  });

  test("provider: empty cloud, empty region, configured twice", () => {
    const app = new App({ outdir: sandbox.root });
    refused(() => configureOpenStackProvider(new TerraformStack(app, "p1"), { cloud: "" }), "cloud");
    refused(() => configureOpenStackProvider(new TerraformStack(app, "p2"), { region: "" }), "region");
    const twice = new TerraformStack(app, "p3");
    configureOpenStackProvider(twice);
    refused(() => configureOpenStackProvider(twice), "provider");
  });
});
