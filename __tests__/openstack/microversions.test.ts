/**
 * Every microversion path against the emulator, which answers as Nova does
 * for the version sent (remote-consoles from 2.6, webmks from 2.8,
 * spice-direct from 2.99, 404 for legacy actions at 2.6 and above).
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../packages/openstack-emulator/src";
import { OpenStackError, type MintedConsole } from "../../lib/openstack";
import { fleetOf, rejection, withClient } from "./support/emulator";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function mint(options: EmulatorOptions, pair: { protocol: string; type: string }, microversion?: string): Promise<MintedConsole> {
  emu = await startEmulator({ servers: 1, ...options });
  const e = emu;
  return withClient({ env: e.env(), settings: microversion ? { microversion } : {} }, async (client) => {
    const console = await client.createConsole(fleetOf(e)[0], pair);
    expect(e.isIssuedConsoleUrl(console.url)).toBe(true);
    return console;
  });
}

it("2.8 by default, through remote-consoles", async () => {
  expect(await mint({ profile: "zed" }, { protocol: "vnc", type: "novnc" })).toMatchObject({ microversion: "2.8", method: "remote-consoles" });
  expect(emu!.counters().byRoute["compute.remote-consoles"]).toBe(1);
});

it("2.6 when the caller asks for it", async () => {
  expect(await mint({ profile: "zed" }, { protocol: "vnc", type: "novnc" }, "2.6")).toMatchObject({ microversion: "2.6", method: "remote-consoles" });
});

it("webmks at 2.8 when the caller asks 2.6 (Nova refuses mks below 2.8)", async () => {
  expect(await mint({ profile: "upstream" }, { protocol: "mks", type: "webmks" }, "2.6")).toMatchObject({ microversion: "2.8", protocol: "mks", type: "webmks" });
});

it("spice-direct at 2.99 on a cloud that has it", async () => {
  expect(await mint({ profile: "upstream" }, { protocol: "spice", type: "spice-direct" })).toMatchObject({ microversion: "2.99", method: "remote-consoles" });
});

it("a cloud below 2.6 gets the legacy action for the type", async () => {
  const console = await mint({ profile: "upstream", maxMicroversion: "2.5" }, { protocol: "vnc", type: "novnc" });
  expect(console).toMatchObject({ method: "legacy-action", microversion: "2.5", protocol: "vnc", type: "novnc" });
  expect(emu!.counters().byRoute["compute.action"]).toBe(1);
  expect(emu!.counters().byRoute["compute.remote-consoles"]).toBeUndefined();
});

it("a caller forcing 2.1 gets the legacy action on a modern cloud", async () => {
  const console = await mint({ profile: "zed" }, { protocol: "vnc", type: "novnc" }, "2.1");
  expect(console).toMatchObject({ method: "legacy-action", microversion: "2.1" });
  expect(emu!.counters().byRoute["compute.action"]).toBe(1);
});

describe("refusals before any console request (so Nova's 406 and schema 400s never happen)", () => {
  async function refused(options: EmulatorOptions, pair: { protocol: string; type: string }, microversion?: string): Promise<OpenStackError> {
    emu = await startEmulator({ servers: 1, ...options });
    const e = emu;
    const err = await rejection(
      withClient({ env: e.env(), settings: microversion ? { microversion } : {} }, (client) => client.createConsoles(fleetOf(e), pair)),
    );
    expect(err).toBeInstanceOf(OpenStackError);
    expect(e.counters().consoleRequests).toBe(0);
    return err as OpenStackError;
  }

  it("a pair needing more than the cloud's maximum", async () => {
    const err = await refused({ profile: "zed" }, { protocol: "spice", type: "spice-direct" });
    expect(err.kind).toBe("unsupported");
    expect(err.message).toContain("console spice/spice-direct needs microversion 2.99 or higher, and this cloud's maximum is 2.93");
  });

  it("an explicit microversion above the cloud's maximum (Virtuozzo's 2.8)", async () => {
    const err = await refused({ profile: "virtuozzo" }, { protocol: "vnc", type: "novnc" }, "2.60");
    expect(err.message).toContain("microversion 2.60 was asked for, and this cloud's maximum is 2.8. Ask for 2.8 or lower");
  });

  it("a type without a legacy action on a cloud below 2.6", async () => {
    const err = await refused({ profile: "upstream", maxMicroversion: "2.5" }, { protocol: "mks", type: "webmks" });
    expect(err.message).toContain("has no legacy server action");
  });
});
