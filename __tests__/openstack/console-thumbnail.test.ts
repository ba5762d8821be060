/**
 * Thumbnails: one framebuffer update after ServerInit, through the emulator's
 * console proxy, from its built-in VNC server (the screen's colour checked
 * pixel by pixel) and from VNC servers that misbehave after ServerInit (no
 * update, a rectangle outside the screen, an encoding not asked for): the
 * console still opens and the thumbnail is missing with the reason.
 */
import net from "node:net";
import type { AddressInfo } from "node:net";
import { PNG } from "pngjs";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import type { OpenStackClient, ProbeOutcome, Thumbnail } from "../../lib/openstack";
import { connectClient } from "./support/emulator";

type Mode = "silent" | "outside" | "tight" | "good";

/** A VNC server (RFB 3.8, None) whose answer to FramebufferUpdateRequest is `mode`. Never reads input it was not sent. */
async function misbehavingVnc(mode: () => Mode): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let stage = 0;
    let pending = Buffer.alloc(0);
    socket.write("RFB 003.008\n");
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (stage < 3 && pending.length >= [12, 1, 1][stage]) {
        pending = pending.subarray([12, 1, 1][stage]);
        if (stage === 0) socket.write(Buffer.from([1, 1]));
        if (stage === 1) socket.write(Buffer.from([0, 0, 0, 0]));
        if (stage === 2) {
          const init = Buffer.alloc(24 + 4);
          init.writeUInt16BE(64, 0);
          init.writeUInt16BE(48, 2);
          Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0]).copy(init, 4);
          init.writeUInt32BE(4, 20);
          init.write("test", 24);
          socket.write(init);
        }
        stage += 1;
      }
      // after ServerInit: SetPixelFormat (20), SetEncodings (8), FramebufferUpdateRequest (10)
      if (stage === 3 && pending.length >= 38) {
        pending = pending.subarray(38);
        stage = 4;
        const m = mode();
        if (m === "silent") return;
        const head = Buffer.alloc(16);
        head.writeUInt16BE(1, 2);
        const [x, y, w, h, enc] = m === "outside" ? [60, 0, 64, 48, 0] : m === "tight" ? [0, 0, 64, 48, 7] : [0, 0, 64, 48, 0];
        head.writeUInt16BE(x, 4);
        head.writeUInt16BE(y, 6);
        head.writeUInt16BE(w, 8);
        head.writeUInt16BE(h, 10);
        head.writeInt32BE(enc, 12);
        // a blue left half and a red right half, BGRX
        const body = Buffer.alloc(m === "good" ? 64 * 48 * 4 : 0);
        for (let i = 0; i * 4 < body.length; i++) body.set(i % 64 < 32 ? [255, 0, 0, 0] : [0, 0, 255, 0], i * 4);
        socket.write(Buffer.concat([head, body]));
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function thumbnailOf(outcome: ProbeOutcome): Thumbnail {
  if (!outcome.opens || outcome.reached !== "server-init") throw new Error("the console should open to ServerInit");
  expect(outcome.thumbnail).toBeDefined();
  return outcome.thumbnail!;
}

describe("from the emulator's built-in VNC server", () => {
  let emulator: Emulator;
  let client: OpenStackClient;
  beforeAll(async () => {
    emulator = await startEmulator({ servers: 1, consoleProxy: { desktop: { colour: "#123456", width: 1024, height: 768 } } });
    client = await connectClient({ env: emulator.env("admin") });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  test("a 320-pixel-wide PNG of the screen, aspect kept, every pixel the screen's colour", async () => {
    const c = await client.createConsole({ id: emulator.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
    const shot = thumbnailOf(await client.probeConsole(c, { thumbnail: {} }));
    if (!shot.ok) throw new Error(shot.reason);
    expect([shot.width, shot.height]).toEqual([320, 240]);
    const png = PNG.sync.read(shot.png);
    expect([png.width, png.height]).toEqual([320, 240]);
    let other = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] !== 0x12 || png.data[i + 1] !== 0x34 || png.data[i + 2] !== 0x56) other += 1;
    expect(other).toBe(0);
  });

  test("without thumbnail: {} none is taken", async () => {
    const c = await client.createConsole({ id: emulator.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
    const outcome = await client.probeConsole(c);
    expect(outcome.opens && outcome.reached === "server-init" && outcome.thumbnail).toBeFalsy();
  });
});

describe("from VNC servers that misbehave after ServerInit", () => {
  let mode: Mode = "good";
  let vnc: { port: number; close: () => Promise<void> };
  let emulator: Emulator;
  let client: OpenStackClient;
  beforeAll(async () => {
    vnc = await misbehavingVnc(() => mode);
    emulator = await startEmulator({ servers: 1, consoleProxy: { vncServer: { host: "127.0.0.1", port: vnc.port } } });
    client = await connectClient({ env: emulator.env("admin") });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
    await vnc.close();
  });

  async function probe(m: Mode, timeoutMs = 2000): Promise<Thumbnail> {
    mode = m;
    const c = await client.createConsole({ id: emulator.listServers()[0].id }, { protocol: "vnc", type: "novnc" });
    return thumbnailOf(await client.probeConsole(c, { thumbnail: { width: 32 }, timeoutMs }));
  }

  test("a good frame, scaled by averaging: the left half blue, the right half red", async () => {
    const shot = await probe("good");
    if (!shot.ok) throw new Error(shot.reason);
    const png = PNG.sync.read(shot.png);
    expect([png.width, png.height]).toEqual([32, 24]);
    expect([...png.data.subarray(0, 3)]).toEqual([0, 0, 255]);
    expect([...png.data.subarray((32 - 1) * 4, (32 - 1) * 4 + 3)]).toEqual([255, 0, 0]);
  });

  test.each([
    ["silent", /^the server answered ServerInit but sent no framebuffer update within the probe's 0\.8 s$/],
    ["outside", /^the server sent a 64x48 rectangle at 60,0, outside its 64x48 screen$/],
    ["tight", /^the server answered with encoding 7, which was not asked for \(only Raw, 0\)$/],
  ] as const)("%s: the console opens, the thumbnail is missing with the reason", async (m, reason) => {
    const shot = await probe(m, 800);
    expect(shot).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});
