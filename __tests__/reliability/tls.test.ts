/**
 * TLS is verified by default: the emulator's self-signed endpoints are
 * refused with a message pointing at the CA bundle setting, accepted with
 * that bundle (and only that one), and accepted without verification only
 * when insecure is asked for, with a warning on stderr. Hook and CLI.
 */
import { generate } from "selfsigned";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runCli, runHook, type RunResult } from "../helpers/run";
import { leaksIn } from "./support/leaks";
import { Sandbox, fleetByName } from "./support/sandbox";

const sandbox = new Sandbox("tls-");
let emu: Emulator;
let otherCa: string;
let fleet: Record<string, string>;
const ready = (async () => {
  emu = await startEmulator({ tls: true, servers: 2, seed: 5 });
  fleet = fleetByName(emu);
  // A CA that did not sign the emulator's certificate.
  const other = await generate([{ name: "commonName", value: "Some other CA" }], { keyType: "ec", algorithm: "sha256", extensions: [{ name: "basicConstraints", cA: true }] });
  otherCa = sandbox.write("other-ca.pem", other.cert);
})();

afterAll(async () => {
  await ready;
  await emu.close();
  sandbox.cleanup();
});

/** The emulator's credentials without OS_CACERT: the system CAs only, as on a machine that was not told about the cloud's CA. */
function envWithoutCa(extra: Record<string, string> = {}): Record<string, string> {
  const { OS_CACERT: _ca, ...env } = emu.env();
  return sandbox.env({ ...env, ...extra });
}

const hook = (query: Record<string, string>, env: Record<string, string>): Promise<RunResult> => runHook({ servers: JSON.stringify(fleet), ...query }, { env, cwd: sandbox.root });
const cli = (args: string[], env: Record<string, string>): Promise<RunResult> => runCli(["url", "-f", "json", ...Object.keys(fleet), ...args], { env, cwd: sandbox.root });

function expectRefused(result: RunResult, pointer: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/TLS|certificate/i);
  expect(result.stderr).toMatch(pointer);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(leaksIn(result.stderr, { secrets: ["demo-secret"], emulator: emu })).toEqual([]);
}

function expectUrls(result: RunResult): void {
  if (result.code !== 0) throw new Error(`exit ${String(result.code)}: ${result.stderr}`);
  const urls = [...result.stdout.matchAll(/\bhttps:\/\/[^\s"']+/g)].map((m) => m[0]);
  expect(urls).toHaveLength(Object.keys(fleet).length);
  expect(urls.filter((u) => !emu.isIssuedConsoleUrl(u))).toEqual([]);
}

const WARNING = /WARNING.*(insecure|verification)/i;

describe("a self-signed endpoint", () => {
  test.concurrent("hook: refused by default, pointing to cacert", async () => {
    await ready;
    expectRefused(await hook({}, envWithoutCa()), /cacert/);
  });

  test.concurrent("CLI: refused by default with exit 2, pointing to --os-cacert", async () => {
    await ready;
    const result = await cli([], envWithoutCa());
    expectRefused(result, /--os-cacert/);
    expect(result.code).toBe(2);
  });

  test.concurrent("hook and CLI: refused with a CA bundle that did not sign it", async () => {
    await ready;
    expectRefused(await hook({ cacert: otherCa }, envWithoutCa()), /cacert/);
    expectRefused(await cli(["--os-cacert", otherCa], envWithoutCa()), /--os-cacert/);
  });

  test.concurrent("hook: accepted with the CA bundle (query cacert, or OS_CACERT), no warning", async () => {
    await ready;
    for (const result of [await hook({ cacert: emu.caFile! }, envWithoutCa()), await hook({}, envWithoutCa({ OS_CACERT: emu.caFile! }))]) {
      expectUrls(result);
      expect(result.stderr).toBe("");
    }
  });

  test.concurrent("CLI: accepted with --os-cacert (or OS_CACERT), no warning", async () => {
    await ready;
    for (const result of [await cli(["--os-cacert", emu.caFile!], envWithoutCa()), await cli([], envWithoutCa({ OS_CACERT: emu.caFile! }))]) {
      expectUrls(result);
      expect(result.stderr).not.toMatch(WARNING);
    }
  });

  test.concurrent('hook: accepted with insecure="true" only with a warning on stderr', async () => {
    await ready;
    const result = await hook({ insecure: "true" }, envWithoutCa());
    expectUrls(result);
    expect(result.stderr).toMatch(WARNING);
    expect(leaksIn(result.stderr, { secrets: ["demo-secret"], emulator: emu })).toEqual([]);
  });

  test.concurrent("CLI: accepted with --insecure only with a warning on stderr", async () => {
    await ready;
    const result = await cli(["--insecure"], envWithoutCa());
    expectUrls(result);
    expect(result.stderr).toMatch(WARNING);
    expect(leaksIn(result.stderr, { secrets: ["demo-secret"], emulator: emu })).toEqual([]);
  });

  test.concurrent("insecure from the environment (OS_INSECURE) warns too", async () => {
    await ready;
    const result = await hook({}, envWithoutCa({ OS_INSECURE: "true" }));
    expectUrls(result);
    expect(result.stderr).toMatch(WARNING);
  });
});
