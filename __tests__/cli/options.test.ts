/** Flag values, server arguments, console pairs and terminal decisions. */
import { InvalidArgumentError } from "commander";
import { CONSOLE_PROFILES } from "../../lib/console-matrix";
import { ConfigError } from "../../lib/openstack/errors";
import { UsageError, exitCodeFor } from "../../lib/cli/errors";
import { connectionSettings } from "../../lib/cli/options/connection";
import { auditPairs, singlePair } from "../../lib/cli/options/pairs";
import { microversion, positiveInteger, positiveSeconds } from "../../lib/cli/options/values";
import { serverRef } from "../../lib/cli/server-ref";
import { colourWanted, inCi, progressWanted } from "../../lib/cli/terminal";
import { ID1 } from "./helpers/fixtures";

describe("server arguments", () => {
  test("a UUID is an id, anything else a name", () => {
    expect(serverRef(ID1.toUpperCase(), false)).toEqual({ kind: "id", id: ID1 });
    expect(serverRef("web-1", false)).toEqual({ kind: "name", name: "web-1" });
    expect(serverRef("dead-beef", false)).toEqual({ kind: "name", name: "dead-beef" });
  });

  test.each([
    ["one digit short", ID1.slice(0, -1)],
    ["a letter that is not hex", `${ID1.slice(0, -1)}g`],
    ["no dashes and an extra digit", `${ID1.replace(/-/g, "")}0`],
  ])("an id-shaped argument that is not a UUID is refused (%s)", (_why, arg) => {
    expect(() => serverRef(arg, false)).toThrow(UsageError);
    expect(() => serverRef(arg, false)).toThrow(`server "${arg}" is not a valid server id`);
  });

  test("--id refuses names", () => {
    expect(() => serverRef("web-1", true)).toThrow(/not a valid server id.*leave out --id/);
    expect(serverRef(ID1, true)).toEqual({ kind: "id", id: ID1 });
  });
});

describe("console pairs", () => {
  test("--protocol/--type are checked against the matrix", () => {
    expect(singlePair("spice", "spice-html5")).toEqual({ protocol: "spice", type: "spice-html5" });
    expect(() => singlePair("vnc", "spice-html5")).toThrow(/--protocol\/--type: type "spice-html5" does not belong to protocol "vnc"/);
    expect(() => singlePair("telnet", "novnc")).toThrow(/unknown protocol "telnet"/);
  });

  test("a bare --type names its protocol, a bare --protocol its first type, neither vnc/novnc (as the constructs and audit --types)", () => {
    expect(singlePair(undefined, "spice-html5")).toEqual({ protocol: "spice", type: "spice-html5" });
    expect(singlePair(undefined, "serial")).toEqual({ protocol: "serial", type: "serial" });
    expect(singlePair(undefined, "webmks")).toEqual({ protocol: "mks", type: "webmks" });
    expect(singlePair("spice", undefined)).toEqual({ protocol: "spice", type: "spice-html5" });
    expect(singlePair(undefined, undefined)).toEqual({ protocol: "vnc", type: "novnc" });
    expect(() => singlePair(undefined, "spice")).toThrow(/^--protocol\/--type: unknown console type "spice"\. Use one of novnc, /);
    expect(() => singlePair("telnet", undefined)).toThrow(/^--protocol\/--type: unknown protocol "telnet"/);
  });

  test("CLI misuse is its own kind, exit 2, apart from the cloud's configuration errors (also exit 2)", () => {
    let misuse: unknown;
    try {
      singlePair("vnc", "webmks");
    } catch (err) {
      misuse = err;
    }
    expect(misuse).toBeInstanceOf(UsageError);
    expect(misuse).not.toBeInstanceOf(ConfigError);
    expect(exitCodeFor(misuse)).toBe(2);
    expect(exitCodeFor(new ConfigError("clouds.yaml: no cloud named x", "Check OS_CLOUD."))).toBe(2);
  });

  test("--types takes pairs and bare types, deduplicated; default vnc/novnc; --profile gives its pairs and checks others", () => {
    expect(auditPairs(undefined, undefined)).toEqual([{ protocol: "vnc", type: "novnc" }]);
    expect(auditPairs("vnc/novnc, spice-html5,novnc", undefined)).toEqual([
      { protocol: "vnc", type: "novnc" },
      { protocol: "spice", type: "spice-html5" },
    ]);
    expect(auditPairs(undefined, "virtuozzo")).toEqual([{ protocol: "vnc", type: "novnc" }]);
    expect(auditPairs(undefined, "upstream").map((p) => `${p.protocol}/${p.type}`)).toEqual(CONSOLE_PROFILES.upstream.enabledPairs);
    expect(() => auditPairs("spice/spice-html5", "virtuozzo")).toThrow(/--types: "spice\/spice-html5": the virtuozzo profile offers vnc\/novnc only/);
    expect(() => auditPairs(undefined, "aws")).toThrow(/--profile: unknown profile "aws"/);
    expect(() => auditPairs("vnc", undefined)).toThrow(/--types: unknown console type "vnc"/);
    expect(() => auditPairs(" , ", undefined)).toThrow(/--types: the list is empty/);
  });
});

describe("flag values", () => {
  test("timeouts, counts and microversions", () => {
    expect(positiveSeconds("2.5")).toBe(2.5);
    expect(positiveInteger("16")).toBe(16);
    expect(microversion("2.8")).toBe("2.8");
    for (const bad of ["0", "-1", "abc", ""]) expect(() => positiveSeconds(bad)).toThrow(InvalidArgumentError);
    for (const bad of ["0", "1.5", "x", "1e3"]) expect(() => positiveInteger(bad)).toThrow(InvalidArgumentError);
    for (const bad of ["2", "2.8.1", "v2.8", "latest"]) expect(() => microversion(bad)).toThrow(InvalidArgumentError);
  });

  test("connection flags map onto the client's settings; unset flags stay unset", () => {
    expect(connectionSettings({ timeout: 30, concurrency: 4 })).toEqual({ deadlineMs: 30000, concurrency: 4 });
    expect(
      connectionSettings({
        osCloud: "prod",
        osRegionName: "RegionTwo",
        osInterface: "internal",
        osComputeEndpoint: "https://nova.example:8774/v2.1",
        osCacert: "ca.pem",
        osCert: "c.pem",
        osKey: "k.pem",
        insecure: true,
        microversion: "2.6",
        timeout: 1.5,
        concurrency: 2,
      }),
    ).toEqual({
      cloud: "prod",
      region: "RegionTwo",
      interface: "internal",
      computeEndpoint: "https://nova.example:8774/v2.1",
      cacert: "ca.pem",
      cert: "c.pem",
      key: "k.pem",
      insecure: true,
      microversion: "2.6",
      deadlineMs: 1500,
      concurrency: 2,
    });
  });
});

describe("terminal decisions", () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };

  test("colour only on a terminal, off with NO_COLOR or TERM=dumb", () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(pipe, {})).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: "" })).toBe(true);
    expect(colourWanted(tty, { TERM: "dumb" })).toBe(false);
  });

  test("progress only on an interactive stderr outside CI", () => {
    expect(progressWanted(tty, {})).toBe(true);
    expect(progressWanted(pipe, {})).toBe(false);
    expect(progressWanted(tty, { CI: "true" })).toBe(false);
    expect(progressWanted(tty, { CI: "false" })).toBe(true);
    expect(inCi({ CI: "1" })).toBe(true);
    expect(inCi({})).toBe(false);
  });
});
