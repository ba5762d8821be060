/**
 * The hook's `probe` query key: parsed like every flag, and, with the bundled
 * hook as Terraform runs it, a console that does not open fails the read with
 * the step that failed, or gives "" with tolerate_unavailable.
 */
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { QueryError, parseQuery } from "../../lib/hook/query";
import { runHook } from "../helpers/run";
import { fleetOf, serversQuery } from "../openstack/support/emulator";

const SERVERS = JSON.stringify({ web: "2adc7bdc-0dbd-49ea-85a9-fe63084c178a" });

describe("the probe key", () => {
  test('absent is false; "true" and "false" are read', () => {
    expect(parseQuery(JSON.stringify({ servers: SERVERS })).probe).toBe(false);
    expect(parseQuery(JSON.stringify({ servers: SERVERS, probe: "true" })).probe).toBe(true);
    expect(parseQuery(JSON.stringify({ servers: SERVERS, probe: "false" })).probe).toBe(false);
  });

  test.each([["yes"], [""], ["TRUE"]])('"%s" is refused in one line naming the key', (value) => {
    expect(() => parseQuery(JSON.stringify({ servers: SERVERS, probe: value }))).toThrow(QueryError);
    expect(() => parseQuery(JSON.stringify({ servers: SERVERS, probe: value }))).toThrow(`query "probe": "${value}" is not "true" or "false"; give "true" or "false"`);
  });
});

describe("the hook with probe = true", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ servers: 3, profile: "zed" });
  });
  afterEach(() => emu.setConsoleProxyFaults({}));
  afterAll(() => emu.close());

  test("consoles that open: the usual {name: url}", async () => {
    const run = await runHook({ servers: serversQuery(fleetOf(emu)), probe: "true" }, { env: emu.env("admin") });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const result = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.values(result).every((u) => emu.isIssuedConsoleUrl(u))).toBe(true);
  });

  test("a console that does not open fails the read, naming the step; nothing on stdout, no token on stderr", async () => {
    emu.setConsoleProxyFaults({ vncUnreachable: true });
    const run = await runHook({ servers: serversQuery(fleetOf(emu)), probe: "true" }, { env: emu.env("admin") });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("console-hook: no vnc/novnc console URL that opens for 3 of 3 servers; nothing was written:");
    expect(lines.slice(1)).toHaveLength(3);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^ {2}- server "server-\d" \([0-9a-f-]{36}\): the console was minted but does not open at step rfb: the proxy accepted the WebSocket but could not reach the console's VNC server at 127\.0\.0\.1:\d+ .* The proxy host must reach/);
    }
    expect(run.stderr).not.toMatch(/token(%3D|=)/);
  });

  test('tolerate_unavailable: "" for those, with the reason on stderr', async () => {
    emu.setConsoleProxyFaults({ page404: true });
    const run = await runHook({ servers: serversQuery(fleetOf(emu)), probe: "true", tolerate_unavailable: "true" }, { env: emu.env("admin") });
    expect(run.code).toBe(0);
    expect(Object.values(JSON.parse(run.stdout) as Record<string, string>)).toEqual(["", "", ""]);
    expect(run.stderr).toMatch(/^console-hook: note: tolerate_unavailable is set, so 3 of 3 servers get "" instead of a vnc\/novnc console URL that opens:\n/);
    expect(run.stderr).toMatch(/does not open at step page: GET http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html answered 404/);
  });

  test("without probe, the same fault goes unnoticed (the URL is minted)", async () => {
    emu.setConsoleProxyFaults({ vncUnreachable: true });
    const run = await runHook({ servers: serversQuery(fleetOf(emu)) }, { env: emu.env("admin") });
    expect(run.code).toBe(0);
  });
});
