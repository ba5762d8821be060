/**
 * The README's set-up, as a newcomer runs it on a machine without the
 * Terraform registry (CI here): a fresh clone of this commit, no `.tools/`,
 * `npm ci` then `npm run demo`. `npm ci` must print nothing that looks like an
 * error and no install-scripts warning; the demo must find the registry out
 * of reach, build the Terraform tools itself (Go and its module proxy are
 * there), deploy the example fleet to the emulator and print its URLs.
 *
 * It clones the checkout's HEAD, as a newcomer gets it: uncommitted changes
 * are not in the clone.
 *
 * The registry is made unreachable on loopback, so nothing leaves the machine
 * but the package registries': Terraform's requests go through a proxy on
 * 127.0.0.1 that hangs up; Go's module proxy and npm's registry bypass it.
 *
 * `npm test` itself is not run inside this test: it is the suite this file
 * belongs beside, and running it again in a clone would double CI's time on
 * two cores. What `npm test` adds on a fresh clone (building the tools) is what
 * the demo does here, through the same script.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { tableUrls } from "../../__tests__/helpers/demo-process";
import { ROOT } from "../../__tests__/helpers/bundles";

// npm ci (about a minute), the tools' build (seconds with Go's caches warm, minutes cold), a 51-resource apply and destroy.
jest.setTimeout(1_500_000);

let clone: string;
let refusingProxy: net.Server;
let proxyPort: number;

beforeAll(async () => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "fresh-clone-"));
  const cloned = spawnSync("git", ["clone", "--quiet", ROOT, clone], { encoding: "utf8" });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  refusingProxy = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => refusingProxy.listen(0, "127.0.0.1", resolve));
  proxyPort = (refusingProxy.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => refusingProxy?.close(() => resolve()));
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

/** This machine's environment without the project's tools or OpenStack settings, as a newcomer's shell. */
function newcomerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([k]) => !/^(OS_|TF_|TERRAFORM_|JEST_|npm_)/.test(k));
  // A CLI config file that does not exist, as these machines set: it must not make npm ci look broken.
  return { ...Object.fromEntries(kept), TF_CLI_CONFIG_FILE: path.join(clone, "no-such.terraformrc"), CI: "1", ...extra };
}

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  beforeInterrupt: string;
}

/**
 * A command in the clone, in its own process group (so a hang is killed whole).
 * Once `interruptWhen` shows, Ctrl-C as a terminal sends it: SIGINT to the whole group.
 */
function inClone(command: string, args: string[], env: NodeJS.ProcessEnv, interruptWhen?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: clone, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    let beforeInterrupt = "";
    const take = (d: string) => {
      output += d;
      if (interruptWhen && !beforeInterrupt && output.includes(interruptWhen)) {
        beforeInterrupt = output;
        process.kill(-child.pid!, "SIGINT");
      }
    };
    child.stdout.setEncoding("utf8").on("data", take);
    child.stderr.setEncoding("utf8").on("data", take);
    // Only a hung run meets this bound; a loaded machine finishes long before.
    const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 1_200_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, output, beforeInterrupt });
    });
  });
}

test("npm ci, then npm run demo without .tools/ or the registry: quiet install, tools built, URLs printed", async () => {
  expect(fs.existsSync(path.join(clone, ".tools"))).toBe(false);

  const installStarted = Date.now();
  const install = await inClone("npm", ["ci", "--no-audit", "--no-fund"], newcomerEnv({}));
  const installSeconds = (Date.now() - installStarted) / 1000;
  expect(install.code).toBe(0);
  const alarming = install.output.split("\n").filter((line) => /error|install-scripts|\bERR!/i.test(line));
  expect(alarming).toEqual([]);

  const proxy = `http://127.0.0.1:${proxyPort}`;
  const demoStarted = Date.now();
  const demo = await inClone(
    "npm",
    ["run", "demo", "--", "--port", "0"],
    newcomerEnv({ HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: "proxy.golang.org,sum.golang.org,127.0.0.1,localhost" }),
    "Ctrl-C destroys it and stops",
  );
  expect(demo.output).toContain("demo: the Terraform registry is out of reach; building the providers");
  expect(demo.output).toMatch(/demo: built the Terraform tools in \d+ s/);
  expect(fs.existsSync(path.join(clone, ".tools", "tools.json"))).toBe(true);
  expect(Object.keys(tableUrls(demo.beforeInterrupt))).toHaveLength(50);
  expect(demo.output).toContain("demo: destroyed; 0 servers left on the emulator");
  expect(demo.output.trim().split("\n").pop()).toBe("demo: emulator stopped");
  // npm ends by the signal it was interrupted with, as a shell expects of Ctrl-C (exit status 130).
  expect(demo.signal).toBe("SIGINT");
  // Measured, not asserted (timings belong to the bench).
  const built = /built the Terraform tools in (\d+) s/.exec(demo.output)![1];
  process.stdout.write(`fresh clone: npm ci ${installSeconds.toFixed(0)} s; demo to its URLs and stop ${((Date.now() - demoStarted) / 1000).toFixed(0)} s, of which the tools' build ${built} s\n`);
});
