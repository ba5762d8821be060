/** The command: starts on free ports, prints the OS_* exports, serves, stops on SIGTERM; refuses bad input with one line. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { parseCommand, startRefusal } from "../src/command";
import { startEmulator } from "../src";
import { json, passwordBody, request } from "./support/http";

const ROOT = join(__dirname, "..", "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(__dirname, "..", "src", "cli.ts");

function run(args: string[]): ChildProcess {
  return spawn(TSX, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves with stdout once the banner's last line is out; rejects if the command exits first (no clock: a loaded machine is slow, not wrong). */
function banner(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("# Serving until Ctrl-C.")) resolve(out);
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code} before its banner: ${err}`)));
  });
}

function exit(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

test("serves seeded servers with the printed credentials and stops on SIGTERM; bad input exits 2 with one line", async () => {
  // Both processes at once: each tsx start costs seconds on a busy machine.
  const refused = exit(run(["--port", "0", "--profile", "openstack"]));
  const child = run(["--port", "0", "--servers", "3", "--profile", "virtuozzo"]);
  const stopped = exit(child);
  try {
    const out = await banner(child);
    const env = Object.fromEntries([...out.matchAll(/^export (OS_\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env).sort()).toEqual([
      "OS_AUTH_URL",
      "OS_PASSWORD",
      "OS_PROJECT_DOMAIN_NAME",
      "OS_PROJECT_NAME",
      "OS_REGION_NAME",
      "OS_USERNAME",
      "OS_USER_DOMAIN_NAME",
    ]);
    expect(env.OS_AUTH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    const auth = await request(`${env.OS_AUTH_URL}/auth/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: passwordBody(env.OS_USERNAME, env.OS_PASSWORD, env.OS_PROJECT_NAME),
    });
    expect(auth.status).toBe(201);
    const compute = json(auth).token.catalog.find((e: { type: string }) => e.type === "compute").endpoints[0].url;
    expect(json(await request(compute.replace("/v2.1", "/"))).versions[1].version).toBe("2.8");
    const servers = json(await request(`${compute}/servers`, { headers: { "X-Auth-Token": auth.headers["x-subject-token"][0] } })).servers;
    expect(servers.map((s: { name: string }) => s.name)).toEqual(["server-3", "server-2", "server-1"]);
  } finally {
    child.kill("SIGTERM");
  }
  expect((await stopped).code).toBe(0);
  const { code, stderr } = await refused;
  expect(code).toBe(2);
  expect(stderr).toBe('emulator: --profile: "openstack" is not a profile; use one of upstream, zed, virtuozzo\n');
});

describe("every kind of bad input gets one line naming its flag", () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => taken.close(() => r())));

  /** What the command would print: the parse refusal, or the start-up refusal. */
  async function refusal(args: string[]): Promise<string | undefined> {
    const parsed = parseCommand(args);
    if (parsed.kind === "refuse") return parsed.message;
    if (parsed.kind !== "run") return undefined;
    try {
      const e = await startEmulator(parsed.options);
      await e.close();
      return undefined;
    } catch (err) {
      return startRefusal(err, parsed.options);
    }
  }

  test.each<[string[], RegExp]>([
    [["--faults", "{nope"], /^--faults: not JSON; give an object/],
    [["--faults", '{"compute.x": {}}'], /^--faults: unknown route "compute.x"; use one of /],
    [["--faults", '{"*": {"dropRate": "high"}}'], /^--faults: "\*".dropRate "high" is not a share; give a number from 0 to 1$/],
    [["--max-microversion", "2.x"], /^--max-microversion: "2.x" is not a microversion of 2.1 or above; give it as X.Y, e.g. 2.93$/],
    [["--servers", "many"], /^--servers: "many" is not a whole number; give digits/],
    [["--servers", "200000"], /^--servers: 200000 is not a whole number from 0 to 100000/],
    [["--enable", "vnc/spice"], /^--enable: "vnc\/spice" is not a console pair; use protocol\/type pairs from /],
    [["--regions", "v2.1"], /^--regions: "v2\.1" is not a usable region name/],
    [["--token-ttl", "soon"], /^--token-ttl: "soon" is not a number/],
    [["--user", "root"], /^--user: "root" is not a user; use demo, admin, viewer or demo-reader$/],
    [["--frobnicate"], /^unknown option '--frobnicate'; see --help$/],
    [["--latency", "slow"], /^--latency: give real-nova or a JSON object such as/],
    [["--latency", '{"workers": 0}'], /^--latency: workers 0 is not a whole number from 1 to 1000; give e\.g\. 2$/],
    [["--latency", '{"serviceMs": {"compute.remote-consoles": -1}}'], /^--latency: serviceMs\.compute\.remote-consoles -1 is not a delay; give milliseconds from 0 to 60000$/],
  ])("%j", async (args, expected) => {
    expect(await refusal(["--port", "0", ...args])).toMatch(expected);
  });

  test("a port in use names --port or --compute-port", async () => {
    const port = String(takenPort);
    expect(await refusal(["--port", port])).toBe(`--port: 127.0.0.1:${port} is already in use; choose another port, or 0 for a free one`);
    expect(await refusal(["--port", "0", "--compute-port", port])).toBe(
      `--compute-port: 127.0.0.1:${port} is already in use; choose another port, or 0 for a free one`,
    );
  });

  test("the compute, image, network and placement ports default to --port + 1..4, or free ones with --port 0", () => {
    const ports = (args: string[]) => {
      const p = parseCommand(args);
      return p.kind === "run" && [p.options.identityPort, p.options.computePort, p.options.imagePort, p.options.networkPort, p.options.placementPort];
    };
    expect(ports(["--port", "5000"])).toEqual([5000, 5001, 5002, 5003, 5004]);
    expect(ports(["--port", "0"])).toEqual([0, 0, 0, 0, 0]);
  });

  test("a taken image port names --image-port", async () => {
    expect(await refusal(["--port", "0", "--image-port", String(takenPort)])).toBe(
      `--image-port: 127.0.0.1:${takenPort} is already in use; choose another port, or 0 for a free one`,
    );
  });
});
