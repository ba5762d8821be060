/**
 * Secrets never leak: with a password, an application-credential secret and
 * a token planted in the environment and in clouds.yaml/secure.yaml, every
 * hook and CLI path, success and failure, is run as a subprocess, and no
 * planted secret, Keystone token or issued console URL appears in stdout
 * (except where the user asked for URLs), stderr, or the synthesized stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { FleetStack } from "../../lib/stacks";
import { parseQuery } from "../../lib/hook/query";
import { fleetState } from "../cli/helpers/fixtures";
import { runCli, runHook, type RunResult } from "../helpers/run";
import { rawToken } from "../openstack/support/emulator";
import { leaksIn, type LeakCheck } from "./support/leaks";
import { Sandbox, fleetByName } from "./support/sandbox";

const sandbox = new Sandbox("secrets-");
const WRONG_PASSWORD = "planted-wrong-password-6f1c0e";
const WRONG_APP_SECRET = "planted-wrong-appcred-secret-93be1d";

let emu: Emulator;
let check: LeakCheck;
let fleet: Record<string, string>;
let gone: { name: string; id: string };
let notReady: { name: string; id: string };
let appCred: { id: string; secret: string };
let token: string;
let stateFile: string;
const ready = (async () => {
  emu = await startEmulator({ servers: 3, seed: 11 });
  fleet = fleetByName(emu);
  const deleted = emu.createServer({ name: "gone-1" });
  emu.deleteServer(deleted.id);
  gone = { name: deleted.name, id: deleted.id };
  const stuck = emu.createServer({ name: "stuck-1", host: false });
  notReady = { name: stuck.name, id: stuck.id };
  appCred = emu.createApplicationCredential("demo", "reliability");
  // A project token for demo, as `openstack token issue` would give it.
  token = (await rawToken(emu.env("demo"))).token;
  check = { secrets: ["demo-secret", appCred.secret, token, WRONG_PASSWORD, WRONG_APP_SECRET], emulator: emu };
  writeCloudFiles();
  stateFile = sandbox.write("terraform.example.tfstate", JSON.stringify(fleetState(Object.entries(fleet).map(([name, id]) => ({ name, id })))));
})();

afterAll(async () => {
  await ready;
  await emu.close();
  sandbox.cleanup();
});

/** clouds.yaml with three clouds (password in secure.yaml, application credential, token), all secrets on disk at once. */
function writeCloudFiles(): void {
  const auth = `auth_url: ${emu.identityUrl}`;
  sandbox.write(
    "clouds.yaml",
    [
      "clouds:",
      "  pw:",
      "    region_name: RegionOne",
      "    auth:",
      `      ${auth}`,
      "      username: demo",
      "      project_name: demo",
      "      user_domain_name: Default",
      "      project_domain_name: Default",
      "  ac:",
      "    region_name: RegionOne",
      "    auth_type: v3applicationcredential",
      "    auth:",
      `      ${auth}`,
      `      application_credential_id: ${appCred.id}`,
      "  tk:",
      "    region_name: RegionOne",
      "    auth_type: v3token",
      "    auth:",
      `      ${auth}`,
      `      token: ${token}`,
      "      project_name: demo",
      "      project_domain_name: Default",
      "",
    ].join("\n"),
  );
  sandbox.write(
    "secure.yaml",
    ["clouds:", "  pw:", "    auth:", "      password: demo-secret", "  ac:", "    auth:", `      application_credential_secret: ${appCred.secret}`, ""].join("\n"),
  );
}

interface Credentials {
  readonly name: string;
  env(): Record<string, string>;
}

const base = (): Record<string, string> => ({ OS_AUTH_URL: emu.identityUrl, OS_REGION_NAME: "RegionOne" });
const CREDENTIALS: Credentials[] = [
  // The planted token rides along: with a password set, the password is what authenticates.
  { name: "OS_* password", env: () => ({ ...emu.env("demo"), OS_TOKEN: token }) },
  {
    name: "OS_* application credential",
    env: () => ({ ...base(), OS_AUTH_TYPE: "v3applicationcredential", OS_APPLICATION_CREDENTIAL_ID: appCred.id, OS_APPLICATION_CREDENTIAL_SECRET: appCred.secret }),
  },
  { name: "OS_* token", env: () => ({ ...base(), OS_AUTH_TYPE: "v3token", OS_TOKEN: token, OS_PROJECT_NAME: "demo", OS_PROJECT_DOMAIN_NAME: "Default" }) },
  // The planted token rides along again: the password from secure.yaml is what authenticates.
  { name: "clouds.yaml + secure.yaml password", env: () => ({ OS_CLOUD: "pw", OS_TOKEN: token }) },
  { name: "clouds.yaml + secure.yaml application credential", env: () => ({ OS_CLOUD: "ac" }) },
  { name: "clouds.yaml token", env: () => ({ OS_CLOUD: "tk" }) },
];

interface Path {
  readonly name: string;
  /** stdout may carry console URLs: the hook's result, and CLI output the user asked URLs of. */
  readonly urlsOnStdout: boolean;
  readonly expectExit: number;
  run(env: Record<string, string>): Promise<RunResult>;
}

const hookPath = (name: string, query: () => Record<string, string>, expectExit: number, urlsOnStdout: boolean): Path => ({
  name: `hook: ${name}`,
  urlsOnStdout,
  expectExit,
  run: (env) => runHook(query(), { env, cwd: sandbox.root }),
});
const cliPath = (name: string, args: () => string[], expectExit: number, urlsOnStdout: boolean): Path => ({
  name: `os-console ${name}`,
  urlsOnStdout,
  expectExit,
  run: (env) => runCli(args(), { env, cwd: sandbox.root }),
});

const PATHS: Path[] = [
  hookPath("fleet", () => ({ servers: JSON.stringify(fleet) }), 0, true),
  hookPath("fleet with a deleted server (fails)", () => ({ servers: JSON.stringify({ ...fleet, [gone.name]: gone.id }) }), 1, false),
  hookPath("fleet with a deleted server, tolerated", () => ({ servers: JSON.stringify({ ...fleet, [gone.name]: gone.id }), tolerate_unavailable: "true" }), 0, true),
  hookPath("a server never ready (deadline)", () => ({ servers: JSON.stringify({ [notReady.name]: notReady.id }), timeout: "1" }), 1, false),
  hookPath("a console type the cloud does not serve (fails)", () => ({ servers: JSON.stringify(fleet), protocol: "rdp", type: "rdp-html5" }), 1, false),
  cliPath("url (table)", () => ["url", ...Object.keys(fleet)], 0, true),
  cliPath("url -f json", () => ["url", "-f", "json", ...Object.values(fleet)], 0, true),
  cliPath("url -f value", () => ["url", "-f", "value", "server-1"], 0, true),
  cliPath("url of a deleted server", () => ["url", "--id", gone.id], 1, false),
  cliPath("url of an unknown name", () => ["url", "no-such-server"], 2, false),
  cliPath("url --verbose of a server never ready", () => ["url", "--verbose", "--timeout", "1", notReady.id], 1, false),
  cliPath("audit (table)", () => ["audit", "--types", "vnc/novnc", "--timeout", "1"], 1, false),
  cliPath("audit -f json", () => ["audit", "--types", "vnc/novnc", "-f", "json", "--timeout", "1"], 1, false),
  cliPath("audit -f junit", () => ["audit", "--types", "vnc/novnc", "-f", "junit", "--timeout", "1"], 1, false),
  cliPath("audit --verbose -f markdown", () => ["audit", "--verbose", "--types", "vnc/novnc", "-f", "markdown", "--timeout", "1"], 1, false),
  cliPath("audit --show-urls -f json", () => ["audit", "--show-urls", "--types", "vnc/novnc", "-f", "json", "--timeout", "1"], 1, true),
  cliPath("from-stack --state", () => ["from-stack", "--state", stateFile, "-f", "json"], 0, true),
];

function expectNoLeak(result: RunResult, p: Path): void {
  const leaks = {
    stdout: leaksIn(result.stdout, check, p.urlsOnStdout),
    stderr: leaksIn(result.stderr, check),
  };
  expect(leaks).toEqual({ stdout: [], stderr: [] });
}

/**
 * Every path with all three secrets on disk and a password and a token in the
 * environment; then, for each way of giving credentials, the paths that
 * authenticate, fail, and log retries (output formats do not depend on how
 * the client logged in, and each run costs a process).
 */
const EVERY_PATH = "clouds.yaml + secure.yaml password";
const PER_CREDENTIAL = ["hook: fleet", "hook: fleet with a deleted server (fails)", "os-console audit --verbose -f markdown"];
const RUNS = CREDENTIALS.flatMap((c) => PATHS.filter((p) => c.name === EVERY_PATH || PER_CREDENTIAL.includes(p.name)).map((p) => [c.name, p.name, c, p] as const));

describe("every command and hook path", () => {
  test.concurrent.each(RUNS)("%s, %s: no secret in stdout or stderr", async (_c, _p, credentials, p) => {
    await ready;
    const result = await p.run(sandbox.env(credentials.env()));
    expectNoLeak(result, p);
    expect({ exit: result.code, stderr: result.code === p.expectExit ? "" : result.stderr }).toEqual({ exit: p.expectExit, stderr: "" });
    if (p.urlsOnStdout && p.expectExit === 0) {
      // The URLs the user asked for are there, and are live ones.
      const urls = [...result.stdout.matchAll(/\bhttps?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.filter((u) => !emu.isIssuedConsoleUrl(u))).toEqual([]);
    }
  });
});

describe("failures that involve the secrets themselves", () => {
  const failing: Array<[string, () => Record<string, string>, RegExp]> = [
    ["a wrong password", () => ({ ...emu.env("demo"), OS_PASSWORD: WRONG_PASSWORD }), /401|credentials|password/i],
    [
      "a wrong application-credential secret",
      () => ({ ...base(), OS_AUTH_TYPE: "v3applicationcredential", OS_APPLICATION_CREDENTIAL_ID: appCred.id, OS_APPLICATION_CREDENTIAL_SECRET: WRONG_APP_SECRET }),
      /401|credential/i,
    ],
    ["Keystone unreachable", () => ({ ...emu.env("demo"), OS_AUTH_URL: "http://127.0.0.1:9/v3" }), /127\.0\.0\.1:9/],
    ["a cloud entry that is not YAML around the password", () => ({ OS_CLOUD: "broken", OS_CLIENT_CONFIG_FILE: brokenClouds() }), /YAML/],
  ];

  function brokenClouds(): string {
    return sandbox.write("broken/clouds.yaml", `clouds:\n  broken:\n    auth:\n      password: ${WRONG_PASSWORD}\n      username: [demo\n`);
  }

  test.concurrent.each(failing)("%s: hook and CLI fail clearly, naming no secret", async (_what, env, reason) => {
    await ready;
    const results = await Promise.all([
      runHook({ servers: JSON.stringify(fleet) }, { env: sandbox.env(env()), cwd: sandbox.root }),
      runCli(["url", "--id", fleet["server-1"]], { env: sandbox.env(env()), cwd: sandbox.root }),
    ]);
    for (const result of results) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(reason);
      expect({ stdout: leaksIn(result.stdout, check), stderr: leaksIn(result.stderr, check) }).toEqual({ stdout: [], stderr: [] });
    }
  });
});

describe("the synthesized stack", () => {
  const PLANTED: Record<string, string> = {
    OS_PASSWORD: "planted-synth-password-0b7e",
    OS_APPLICATION_CREDENTIAL_SECRET: "planted-synth-appcred-4d2a",
    OS_TOKEN: "gAAAAABplantedsynthtokenplantedsynthtoken",
    OS_AUTH_URL: "https://keystone.example.com:5000/v3",
    OS_USERNAME: "deployer",
  };
  let json: {
    data?: { external?: Record<string, { program: string[]; query: Record<string, string> }> };
    resource?: { osconsole_urls?: Record<string, Record<string, unknown>> };
    output?: Record<string, { value: unknown; sensitive?: boolean }>;
  };
  let text: string;

  beforeAll(() => {
    const saved = { ...process.env };
    Object.assign(process.env, PLANTED);
    try {
      const outdir = path.join(sandbox.root, "cdktf.out");
      const app = new App({ outdir });
      new FleetStack(app, "secrets", {
        definition: {
          stack: "secrets",
          openstack: { region: "RegionOne" },
          fleets: [
            { name: "web", count: 3, imageName: "ubuntu-24.04", flavorName: "m1.small", console: { profile: "virtuozzo" } },
            { name: "db", count: 2, imageName: "ubuntu-24.04", flavorName: "m1.small", console: { mode: "data-source", tolerateUnavailable: true, cloud: "prod", insecure: false } },
          ],
        },
      });
      app.synth();
      text = fs.readFileSync(path.join(outdir, "stacks/secrets/cdk.tf.json"), "utf8");
      json = JSON.parse(text) as typeof json;
    } finally {
      for (const key of Object.keys(PLANTED)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  test("holds none of the credentials in the environment at synth", () => {
    for (const [name, value] of Object.entries(PLANTED).filter(([k]) => k !== "OS_AUTH_URL" && k !== "OS_USERNAME")) {
      expect({ [name]: text.includes(value) }).toEqual({ [name]: false });
    }
  });

  test("the hook's query and the provider's arguments carry non-secret settings only", () => {
    const allowed = new Set(["servers", "protocol", "type", "profile", "microversion", "timeout", "tolerate_unavailable", "cloud", "region", "interface", "compute_endpoint", "cacert", "insecure"]);
    // web is in the default resource mode, db in the data-source mode.
    const resources = Object.values(json.resource?.osconsole_urls ?? {}).map(({ "//": _meta, ...args }) => args);
    const sources = Object.values(json.data?.external ?? {});
    expect([resources.length, sources.length]).toEqual([1, 1]);
    for (const args of [...resources, ...sources.map((s) => s.query)]) {
      expect(Object.keys(args).filter((k) => !allowed.has(k))).toEqual([]);
      expect(JSON.stringify(args)).not.toMatch(/password|secret|token|credential/i);
    }
    // The default is to fail the read, not to hide a missing console: the fleet that says nothing gets false from the provider.
    expect(resources[0].tolerate_unavailable).toBeUndefined();
    expect(sources[0].query.tolerate_unavailable).toBe("true");
    expect(parseQuery(JSON.stringify({ ...sources[0].query, servers: "{}" })).tolerateUnavailable).toBe(true);
  });

  test("every output that carries a console URL is sensitive", () => {
    const outputs = Object.entries(json.output ?? {});
    const carriesUrl = outputs.filter(([, o]) => /data\.external\.|osconsole_urls\./.test(JSON.stringify(o.value)));
    expect(carriesUrl.map(([id]) => id).sort()).toEqual(
      ["console_urls", "console_url_web_1", "console_url_web_2", "console_url_web_3", "console_url_db_1", "console_url_db_2"].sort(),
    );
    expect(carriesUrl.filter(([, o]) => o.sensitive !== true).map(([id]) => id)).toEqual([]);
  });
});
