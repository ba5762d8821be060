/**
 * A small VNC server on 127.0.0.1 for the emulator's proxy to bridge to when
 * no real one is given: RFB 3.8, security type None (or only VNC
 * authentication, which it then refuses, under the vncPasswordOnly fault),
 * ServerInit with a fixed desktop, and full-screen Raw updates of one colour
 * in the pixel format the client asks for. Input is read and ignored.
 */
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { Closed, Reader } from "./reader";
import type { ConsoleDesktop } from "./types";

export interface RfbServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

interface PixelFormat {
  bitsPerPixel: number;
  bigEndian: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

const DEFAULT_FORMAT: PixelFormat = { bitsPerPixel: 32, bigEndian: false, redMax: 255, greenMax: 255, blueMax: 255, redShift: 16, greenShift: 8, blueShift: 0 };

export interface ResolvedDesktop {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly rgb: readonly [number, number, number];
}

export function resolveDesktop(desktop: ConsoleDesktop = {}): ResolvedDesktop {
  const colour = desktop.colour ?? "#2e8b57";
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) throw new Error(`consoleProxy.desktop.colour: "${colour}" is not a colour; give "#rrggbb"`);
  return {
    name: desktop.name ?? "emulator",
    width: desktop.width ?? 800,
    height: desktop.height ?? 600,
    rgb: [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)],
  };
}

function serverInit(desktop: ResolvedDesktop): Buffer {
  const name = Buffer.from(desktop.name, "utf8");
  const out = Buffer.alloc(24 + name.length);
  out.writeUInt16BE(desktop.width, 0);
  out.writeUInt16BE(desktop.height, 2);
  // 32 bpp, depth 24, little-endian, true colour, 255/255/255, shifts 16/8/0
  Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]).copy(out, 4);
  out.writeUInt32BE(name.length, 20);
  name.copy(out, 24);
  return out;
}

function parseFormat(b: Buffer): PixelFormat {
  return {
    bitsPerPixel: b[0],
    bigEndian: b[2] !== 0,
    redMax: b.readUInt16BE(4),
    greenMax: b.readUInt16BE(6),
    blueMax: b.readUInt16BE(8),
    redShift: b[10],
    greenShift: b[11],
    blueShift: b[12],
  };
}

/** A FramebufferUpdate of one Raw rectangle: the whole screen in one colour. */
function solidUpdate(desktop: ResolvedDesktop, format: PixelFormat): Buffer {
  const bytes = Math.max(1, format.bitsPerPixel / 8);
  const [r, g, b] = desktop.rgb;
  const value =
    (Math.round((r * format.redMax) / 255) << format.redShift) |
    (Math.round((g * format.greenMax) / 255) << format.greenShift) |
    (Math.round((b * format.blueMax) / 255) << format.blueShift);
  const pixel = Buffer.alloc(bytes);
  if (bytes === 4) format.bigEndian ? pixel.writeUInt32BE(value >>> 0) : pixel.writeUInt32LE(value >>> 0);
  else if (bytes === 2) format.bigEndian ? pixel.writeUInt16BE(value & 0xffff) : pixel.writeUInt16LE(value & 0xffff);
  else pixel[0] = value & 0xff;
  const header = Buffer.alloc(16);
  header[0] = 0; // FramebufferUpdate
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(desktop.width, 8);
  header.writeUInt16BE(desktop.height, 10);
  header.writeInt32BE(0, 12); // Raw
  const out = Buffer.alloc(16 + desktop.width * desktop.height * bytes);
  header.copy(out, 0);
  out.fill(pixel, 16);
  return out;
}

function reason(text: string): Buffer {
  const t = Buffer.from(text, "utf8");
  const out = Buffer.alloc(4 + t.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  return out;
}

async function session(socket: net.Socket, desktop: ResolvedDesktop, passwordOnly: () => boolean): Promise<void> {
  const reader = new Reader();
  socket.on("data", (chunk: Buffer) => reader.push(chunk));
  socket.on("close", () => reader.end());
  socket.on("error", () => reader.end());
  socket.write("RFB 003.008\n");
  const version = (await reader.read(12)).toString("latin1");
  if (!/^RFB 003\.00[378]\n$/.test(version)) return void socket.destroy();
  if (passwordOnly()) {
    socket.write(Buffer.from([1, 2]));
    if ((await reader.read(1))[0] !== 2) return void socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1]), reason("Security type not offered")]));
    socket.write(Buffer.alloc(16, 0x5a)); // challenge
    await reader.read(16);
    return void socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1]), reason("Authentication failed")]));
  }
  socket.write(Buffer.from([1, 1]));
  if ((await reader.read(1))[0] !== 1) return void socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1]), reason("Security type not offered")]));
  socket.write(Buffer.from([0, 0, 0, 0]));
  await reader.read(1); // ClientInit (shared or not: one viewer at a time is all this server is for)
  socket.write(serverInit(desktop));
  let format = DEFAULT_FORMAT;
  for (;;) {
    const type = (await reader.read(1))[0];
    if (type === 0) format = parseFormat((await reader.read(19)).subarray(3));
    else if (type === 2) await reader.read(((await reader.read(3)).readUInt16BE(1)) * 4);
    else if (type === 3) {
      const request = await reader.read(9);
      if (request[0] === 0) socket.write(solidUpdate(desktop, format)); // incremental: nothing changed
    } else if (type === 4) await reader.read(7);
    else if (type === 5) await reader.read(5);
    else if (type === 6) await reader.read((await reader.read(7)).readUInt32BE(3));
    else return void socket.destroy();
  }
}

export function startRfbServer(desktop: ResolvedDesktop, passwordOnly: () => boolean): Promise<RfbServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    session(socket, desktop, passwordOnly).catch((err: unknown) => {
      if (!(err instanceof Closed)) socket.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        host: "127.0.0.1",
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
