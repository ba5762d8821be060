/**
 * Bad input is refused with one line naming the field, a non-zero exit and
 * no stack trace: the hook's stdin, cloud configuration (hook and CLI), CLI
 * flags, and every construct prop that can be wrong at synth time.
 */
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
import { randomUUID } from "node:crypto";
import { OpenStackServer, PropsError, RemoteConsole, ServerFleet, configureOpenStackProvider, type OpenStackServerProps, type RemoteConsoleProps, type ServerFleetProps } from "../../lib/constructs";
import { runCli as runCliInProcess } from "../../lib/cli/program";
import { makeTerminal } from "../../lib/cli/terminal";
import { QueryError, parseQuery } from "../../lib/hook/query";
import { FleetFileError, FleetStack, type FleetEntry } from "../../lib/stacks";
import { ConfigError, resolveCloudConfig } from "../../lib/openstack";
import { stubHookBundle } from "../helpers/checked-synth";
import { ensureBundles } from "./support/bundles";
import { expectOneLineRefusal } from "./support/expect-error";
import { runCli, runHook, runHookRaw } from "./support/run";
import { Sandbox } from "./support/sandbox";

const ID = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";
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

// At load, not in beforeAll: concurrent tests may start before beforeAll hooks run.
ensureBundles();
afterAll(() => sandbox.remove());

/**
 * Each case names where it runs: "process" cases (one per kind of mistake the
 * issue lists) run the shipped bundle as a subprocess; the variants run the
 * same code in-process ("parser": the hook's query parser or the config
 * resolver; "cli": the CLI's entry with a captured terminal), since a process
 * each would cost the suite seconds and prove nothing more about the output path.
 */
type Where = "process" | "parser" | "cli";

describe("hook stdin", () => {
  const cases: Array<[string, Where, string, string | RegExp]> = [
    ["not JSON", "process", "{servers: web}", /stdin|query/],
    ["empty", "parser", "", /stdin|query/],
    ["a JSON array", "process", JSON.stringify([SERVERS]), /stdin|query/],
    ["a JSON string", "parser", JSON.stringify("servers"), /stdin|query/],
    ["JSON null", "parser", "null", /stdin|query/],
    ["a number value", "process", JSON.stringify({ servers: SERVERS, timeout: 120 }), '"timeout"'],
    ["a boolean value", "parser", JSON.stringify({ servers: SERVERS, tolerate_unavailable: true }), '"tolerate_unavailable"'],
    ["an object value", "parser", JSON.stringify({ servers: { "web-1": ID } }), '"servers"'],
    ["missing servers", "process", JSON.stringify({ protocol: "vnc" }), '"servers"'],
    ["servers not JSON", "parser", JSON.stringify({ servers: "web-1=" + ID }), '"servers"'],
    ["servers a JSON list", "parser", JSON.stringify({ servers: JSON.stringify([ID]) }), '"servers"'],
    ["a server id that is a name", "parser", JSON.stringify({ servers: JSON.stringify({ "web-1": "web-1" }) }), /"servers".*web-1/],
    ["a server id that is not a UUID", "process", JSON.stringify({ servers: JSON.stringify({ "web-1": "1234" }) }), /"servers".*1234/],
    ["unknown protocol", "process", JSON.stringify({ servers: SERVERS, protocol: "telnet" }), '"protocol"'],
    ["unknown type", "process", JSON.stringify({ servers: SERVERS, protocol: "vnc", type: "vnc-html" }), '"type"'],
    ["a type of another protocol", "parser", JSON.stringify({ servers: SERVERS, protocol: "vnc", type: "spice-html5" }), '"type"'],
    ["a pair the profile does not allow", "process", JSON.stringify({ servers: SERVERS, profile: "virtuozzo", protocol: "spice", type: "spice-html5" }), /"type".*virtuozzo/],
    ["unknown profile", "parser", JSON.stringify({ servers: SERVERS, profile: "aws" }), '"profile"'],
    ["microversion not X.Y", "process", JSON.stringify({ servers: SERVERS, microversion: "2" }), '"microversion"'],
    ["microversion with three parts", "parser", JSON.stringify({ servers: SERVERS, microversion: "2.8.1" }), '"microversion"'],
    ["microversion a word", "parser", JSON.stringify({ servers: SERVERS, microversion: "latest" }), '"microversion"'],
    ["timeout zero", "parser", JSON.stringify({ servers: SERVERS, timeout: "0" }), '"timeout"'],
    ["timeout negative", "process", JSON.stringify({ servers: SERVERS, timeout: "-5" }), '"timeout"'],
    ["timeout not a number", "parser", JSON.stringify({ servers: SERVERS, timeout: "2m" }), '"timeout"'],
    ["timeout empty", "parser", JSON.stringify({ servers: SERVERS, timeout: "" }), '"timeout"'],
    ["tolerate_unavailable not a boolean", "parser", JSON.stringify({ servers: SERVERS, tolerate_unavailable: "yes" }), '"tolerate_unavailable"'],
    ["insecure not a boolean", "parser", JSON.stringify({ servers: SERVERS, insecure: "1" }), '"insecure"'],
    ["unknown interface", "parser", JSON.stringify({ servers: SERVERS, interface: "private" }), '"interface"'],
    ["compute_endpoint not http(s)", "parser", JSON.stringify({ servers: SERVERS, compute_endpoint: "ftp://nova:8774/v2.1" }), '"compute_endpoint"'],
    ["an unknown key", "parser", JSON.stringify({ servers: SERVERS, protocl: "vnc" }), '"protocl"'],
    ["a credential in the query", "process", JSON.stringify({ servers: SERVERS, password: "hunter2-planted" }), '"password"'],
  ];

  test.concurrent.each(cases.filter((c) => c[1] === "process"))("%s (%s): one line naming the field, exit non-zero, no stack", async (_what, _where, stdin, field) => {
    const result = await runHookRaw(stdin, { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.dir });
    const line = expectOneLineRefusal(result, field);
    expect(line).not.toContain("hunter2-planted");
  });

  test.each(cases.filter((c) => c[1] === "parser"))("%s (%s): one line naming the field", (_what, _where, stdin, field) => {
    let caught: unknown;
    try {
      parseQuery(stdin);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QueryError);
    const message = (caught as QueryError).message;
    expect(message).not.toContain("\n");
    if (typeof field === "string") expect(message).toContain(field);
    else expect(message).toMatch(field);
  });

  // The same rules over many generated inputs, on the hook's own query parser (a process per input would be slow).
  describe("property-based, on the query parser", () => {
    const refusal = (query: Record<string, unknown>): QueryError => {
      try {
        parseQuery(JSON.stringify(query));
      } catch (err) {
        if (err instanceof QueryError) return err;
        throw err;
      }
      throw new Error(`accepted ${JSON.stringify(query)}`);
    };
    const oneLine = (e: QueryError): boolean => !e.message.includes("\n");
    const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

    test("any server id that is not a UUID is refused naming servers and the server", () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 12 }).filter((n) => n.trim() !== ""),
          fc.string().filter((id) => !UUID_RE.test(id)),
          (name, id) => {
            const e = refusal({ servers: JSON.stringify({ [name]: id }) });
            return e.field === "servers" && e.message.includes(name) && oneLine(e);
          },
        ),
        { numRuns: 300 },
      );
    });

    test("any microversion not of the form X.Y is refused naming microversion", () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1 }).filter((v) => !/^\d+\.\d+$/.test(v)),
          (v) => {
            const e = refusal({ servers: SERVERS, microversion: v });
            return e.field === "microversion" && oneLine(e);
          },
        ),
        { numRuns: 300 },
      );
    });

    test("any timeout that is not a positive number is refused naming timeout", () => {
      const notPositive = fc.oneof(
        fc.double({ max: 0, noNaN: true }).map(String),
        fc.string().filter((t) => !(Number(t) > 0) || t.trim() === ""),
      );
      fc.assert(
        fc.property(notPositive, (t) => {
          const e = refusal({ servers: SERVERS, timeout: t });
          return e.field === "timeout" && oneLine(e);
        }),
        { numRuns: 300 },
      );
    });

    test("any non-string value of any known key is refused naming that key", () => {
      const keys = ["servers", "protocol", "type", "profile", "microversion", "timeout", "tolerate_unavailable", "cloud", "region", "interface", "compute_endpoint", "cacert", "insecure"];
      const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));
      fc.assert(
        fc.property(fc.constantFrom(...keys), nonString, (key, value) => {
          const e = refusal({ servers: SERVERS, [key]: value });
          return e.field === key && oneLine(e);
        }),
        { numRuns: 300 },
      );
    });

    test("any stdin that is not a JSON object is refused without naming a field", () => {
      const notObject = fc.oneof(fc.string().filter((t) => !t.trim().startsWith("{")), fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)));
      fc.assert(
        fc.property(notObject, (text) => {
          try {
            parseQuery(text);
            return false;
          } catch (err) {
            return err instanceof QueryError && err.field === "" && !err.message.includes("\n");
          }
        }),
        { numRuns: 300 },
      );
    });
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
      const result = await runHook({ servers: SERVERS, ...c.query }, { env: box.env(c.env), cwd: box.dir });
      const line = expectOneLineRefusal(result, c.field);
      expect(line).not.toContain("demo-secret");
    } finally {
      box.remove();
    }
  });

  test.concurrent.each(byWhere("process"))("CLI url, %s: exit 2", async (_what, c) => {
    const box = prepare(c);
    try {
      const result = await runCli(["url", ID, ...(c.flags ?? [])], { env: box.env(c.env), cwd: box.dir });
      const line = expectOneLineRefusal(result, c.field, 2);
      expect(line).not.toContain("demo-secret");
    } finally {
      box.remove();
    }
  });

  // Variants on the resolver both hook and CLI call (one code path for both).
  test.each(byWhere("parser"))("resolver, %s", (_what, c) => {
    const box = prepare(c);
    try {
      let caught: unknown;
      try {
        resolveCloudConfig({ ...c.query }, box.env(c.env), box.dir);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const message = (caught as ConfigError).message;
      expect(message).not.toContain("\n");
      expect(message).not.toContain("demo-secret");
      if (typeof c.field === "string") expect(message).toContain(c.field);
      else expect(message).toMatch(c.field);
    } finally {
      box.remove();
    }
  });
});

describe("CLI usage mistakes: one line, exit 2", () => {
  const cases: Array<[string, Where, string[], string | RegExp]> = [
    ["unknown format", "process", ["url", ID, "--format", "yaml"], /format/],
    ["unknown audit format", "cli", ["audit", "--format", "html"], /format/],
    ["timeout not a positive number", "process", ["url", ID, "--timeout", "0"], /timeout/],
    ["timeout not a number", "cli", ["url", ID, "--timeout", "soon"], /timeout/],
    ["concurrency not a positive integer", "process", ["audit", "--concurrency", "0"], /concurrency/],
    ["concurrency a fraction", "cli", ["audit", "--concurrency", "2.5"], /concurrency/],
    ["microversion not X.Y", "process", ["url", ID, "--microversion", "2"], /microversion/],
    ["unknown protocol", "process", ["url", ID, "--protocol", "telnet"], /protocol/],
    ["unknown type", "cli", ["url", ID, "--type", "vnc-html"], /type/],
    ["unknown interface", "cli", ["url", ID, "--os-interface", "private"], /interface/],
    ["a server id that is not a UUID (--id)", "process", ["url", "--id", "web-1"], /web-1/],
    ["url without a server", "cli", ["url"], /server/i],
    ["unknown command", "cli", ["consoles"], /consoles/],
    ["unknown option", "process", ["url", ID, "--colour"], /--colour/],
    ["a state file that does not exist", "process", ["from-stack", "--state", "/nonexistent/terraform.tfstate"], /\/nonexistent\/terraform\.tfstate/],
  ];

  test.concurrent.each(cases.filter((c) => c[1] === "process"))("%s (%s)", async (_what, _where, args, field) => {
    const result = await runCli(args, { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.dir });
    expectOneLineRefusal(result, field, 2);
  });

  // Variants through the CLI's own entry (runCli with a captured terminal), in-process.
  test.each(cases.filter((c) => c[1] === "cli"))("%s (%s)", async (_what, _where, args, field) => {
    let stdout = "";
    let stderr = "";
    const terminal = makeTerminal({ write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) }, sandbox.env(OFFLINE_ENV), sandbox.dir);
    const code = await runCliInProcess(args, terminal);
    expectOneLineRefusal({ code, stdout, stderr, wallMs: 0 }, field, 2);
  });

  test("a state file that is not Terraform state", async () => {
    const file = sandbox.write("broken.tfstate", "{ not json");
    const result = await runCli(["from-stack", "--state", file], { env: sandbox.env(OFFLINE_ENV), cwd: sandbox.dir });
    expectOneLineRefusal(result, file, 2);
  });
});

describe("synth time: every construct prop that can be wrong", () => {
  const hookBundle = stubHookBundle();
  const IMAGE = randomUUID();
  const base: OpenStackServerProps = { name: "web-1", imageId: IMAGE, flavorName: "m1.small" };

  /** A fresh stack with the provider, so each case fails on its own prop. */
  const stack = (): TerraformStack => {
    const s = new TerraformStack(new App({ outdir: sandbox.dir }), "bad");
    configureOpenStackProvider(s, { cloud: "c" });
    return s;
  };
  const refused = (build: () => unknown, prop: string): PropsError => {
    let caught: unknown;
    try {
      build();
    } catch (err) {
      caught = err;
    }
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
    ["imageId/imageName", { imageId: undefined }],
    ["imageId/imageName", { imageName: "ubuntu" }],
    ["imageId", { imageId: "ubuntu-24.04" }],
    ["imageName", { imageId: undefined, imageName: " " }],
    ["flavorId/flavorName", { flavorName: undefined }],
    ["flavorId/flavorName", { flavorId: "1" }],
    ["flavorName", { flavorName: "" }],
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
    ["protocol/type", { protocol: "vnc", type: "spice-html5" }],
    ["protocol/type", { profile: "virtuozzo", protocol: "spice", type: "spice-html5" }],
    ["protocol/type", { profile: "virtuozzo", protocol: "serial" }],
    ["microversion", { microversion: "2" }],
    ["microversion", { microversion: "latest" }],
    ["microversion", { microversion: "1.9" }],
    ["microversion", { profile: "virtuozzo", microversion: "2.99" }],
    ["timeout", { timeout: 0 }],
    ["timeout", { timeout: -10 }],
    ["timeout", { timeout: 1.5 }],
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

  const fleetCases: Array<[string, ServerFleetProps["spec"]]> = [
    ["spec", []],
    ["spec.name", { ...base, name: "" }],
    ["spec.count", { ...base, name: "web", count: 0 }],
    ["spec.count", { ...base, name: "web", count: 2.5 }],
    ["spec[1].name", [{ ...base, name: "web" }, { ...base, name: "web" }]],
  ];

  test.each(fleetCases)("ServerFleet %s", (prop, spec) => {
    refused(() => new ServerFleet(stack(), "fleet", { spec }), prop);
  });

  test("ServerFleet console props are checked like RemoteConsole's", () => {
    refused(() => new ServerFleet(stack(), "fleet", { spec: { ...base, name: "web", count: 2 }, console: { profile: "virtuozzo", type: "spice-html5", hookBundle } }), "protocol/type");
  });

  test.each([
    ["fleets[0].console.timeout", [{ ...base, name: "web", console: { timeout: 0, hookBundle } }]],
    ["fleets[1].console.protocol/type", [{ ...base, name: "web" }, { ...base, name: "db", console: { profile: "virtuozzo", type: "serial", hookBundle } }]],
    ["fleets[0].count", [{ ...base, name: "web", count: -1 }]],
    ["fleets[0].networks[0].uuid", [{ ...base, name: "web", networks: [{ uuid: "private" }] }]],
    ["fleets[1].name", [{ ...base, name: "web" }, { ...base, name: "web" }]],
  ] as const)("FleetStack (fleet file) names %s", (key, fleets) => {
    let caught: unknown;
    try {
      new FleetStack(new App({ outdir: sandbox.dir }), { definition: { stack: "bad", fleets: fleets as unknown as FleetEntry[] }, source: "fleet.yaml" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FleetFileError);
    const message = (caught as FleetFileError).message;
    expect(message).toContain(`fleet.yaml: ${key}`);
    expect(message).not.toContain("\n");
  });

  test("provider: empty cloud, empty region, configured twice", () => {
    const app = new App({ outdir: sandbox.dir });
    refused(() => configureOpenStackProvider(new TerraformStack(app, "p1"), { cloud: "" }), "cloud");
    refused(() => configureOpenStackProvider(new TerraformStack(app, "p2"), { region: "" }), "region");
    const twice = new TerraformStack(app, "p3");
    configureOpenStackProvider(twice);
    refused(() => configureOpenStackProvider(twice), "provider");
  });
});
