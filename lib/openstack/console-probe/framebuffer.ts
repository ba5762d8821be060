/**
 * One picture of the screen after ServerInit: the probe asks for 32-bit true
 * colour and Raw encoding (which every RFB server must support), requests one
 * full, non-incremental update, scales it into a thumbnail as the rectangles
 * arrive (so only the thumbnail is kept), and encodes it as PNG. It never
 * sends input. A server that sends nothing, a rectangle outside the screen,
 * or an encoding that was not asked for leaves the thumbnail missing, with
 * the reason.
 */
import { PNG } from "pngjs";
import { ByteQueue } from "./byte-queue";
import type { Desktop } from "./outcome";

export const DEFAULT_THUMBNAIL_WIDTH = 320;

export type Thumbnail =
  | { readonly ok: true; readonly png: Buffer; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly reason: string };

export class FrameProblem extends Error {}

/** SetPixelFormat: 32 bpp, depth 24, little-endian, true colour, 255/255/255, shifts 16/8/0 (noVNC's). */
function setPixelFormat(): Buffer {
  const b = Buffer.alloc(20);
  b[0] = 0;
  Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]).copy(b, 4);
  return b;
}

/** SetEncodings: Raw only. */
function setEncodings(): Buffer {
  const b = Buffer.alloc(8);
  b[0] = 2;
  b.writeUInt16BE(1, 2);
  b.writeInt32BE(0, 4);
  return b;
}

function updateRequest(width: number, height: number): Buffer {
  const b = Buffer.alloc(10);
  b[0] = 3;
  b[1] = 0; // not incremental: the whole screen
  b.writeUInt16BE(width, 6);
  b.writeUInt16BE(height, 8);
  return b;
}

/** Box-filter accumulator: each framebuffer pixel adds to the thumbnail pixel it falls in. */
class Scaler {
  readonly width: number;
  readonly height: number;
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;
  /** The thumbnail column of each screen column. */
  private readonly columns: Uint32Array;

  constructor(
    private readonly screen: Desktop,
    maxWidth: number,
  ) {
    this.width = Math.max(1, Math.min(maxWidth, screen.width));
    this.height = Math.max(1, Math.round((screen.height * this.width) / screen.width));
    this.sums = new Float64Array(this.width * this.height * 3);
    this.counts = new Uint32Array(this.width * this.height);
    this.columns = new Uint32Array(screen.width);
    for (let x = 0; x < screen.width; x++) this.columns[x] = Math.min(this.width - 1, Math.floor((x * this.width) / screen.width));
  }

  /** One row of a Raw rectangle: `pixels` holds `w` BGRX pixels starting at (x, y). */
  addRow(x: number, y: number, pixels: Buffer): void {
    const ty = Math.min(this.height - 1, Math.floor((y * this.height) / this.screen.height));
    const rowStart = ty * this.width;
    for (let i = 0, px = x; i + 3 < pixels.length; i += 4, px++) {
      const t = rowStart + this.columns[px];
      this.sums[t * 3] += pixels[i + 2];
      this.sums[t * 3 + 1] += pixels[i + 1];
      this.sums[t * 3 + 2] += pixels[i];
      this.counts[t] += 1;
    }
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    for (let t = 0; t < this.counts.length; t++) {
      const n = this.counts[t] || 1;
      png.data[t * 4] = Math.round(this.sums[t * 3] / n);
      png.data[t * 4 + 1] = Math.round(this.sums[t * 3 + 1] / n);
      png.data[t * 4 + 2] = Math.round(this.sums[t * 3 + 2] / n);
      png.data[t * 4 + 3] = 255;
    }
    return PNG.sync.write(png);
  }
}

/** Largest Raw row the probe reads at once: 65535 pixels of 4 bytes (RFC 6143's widest screen). */
const ROW_LIMIT = 65535 * 4;

/**
 * Reads one framebuffer update and returns its thumbnail; throws FrameProblem
 * (a server's misbehaviour, named) or whatever the queue throws (closed, timeout).
 */
export async function captureThumbnail(queue: ByteQueue, send: (bytes: Buffer) => void, screen: Desktop, maxWidth: number): Promise<Thumbnail> {
  send(setPixelFormat());
  send(setEncodings());
  send(updateRequest(screen.width, screen.height));
  const scaler = new Scaler(screen, maxWidth);
  for (;;) {
    const type = (await queue.read(1))[0];
    if (type === 1) {
      // SetColourMapEntries: not for true colour, but legal; skip it
      const head = await queue.read(5);
      await queue.read(head.readUInt16BE(3) * 6);
      continue;
    }
    if (type === 2) continue; // Bell
    if (type === 3) {
      const head = await queue.read(7);
      const length = head.readUInt32BE(3);
      if (length > 1024 * 1024) throw new FrameProblem(`the server sent ${length} bytes of cut text before the picture`);
      await queue.read(length);
      continue;
    }
    if (type !== 0) throw new FrameProblem(`the server sent message type ${type}, which RFB does not have`);
    const rects = (await queue.read(3)).readUInt16BE(1);
    for (let r = 0; r < rects; r++) {
      const head = await queue.read(12);
      const x = head.readUInt16BE(0);
      const y = head.readUInt16BE(2);
      const w = head.readUInt16BE(4);
      const h = head.readUInt16BE(6);
      const encoding = head.readInt32BE(8);
      if (encoding !== 0) throw new FrameProblem(`the server answered with encoding ${encoding}, which was not asked for (only Raw, 0)`);
      if (x + w > screen.width || y + h > screen.height) {
        throw new FrameProblem(`the server sent a ${w}x${h} rectangle at ${x},${y}, outside its ${screen.width}x${screen.height} screen`);
      }
      const rowBytes = w * 4;
      if (rowBytes > ROW_LIMIT) throw new FrameProblem(`the server sent rows of ${w} pixels, more than RFB allows`);
      for (let row = 0; row < h; row++) scaler.addRow(x, y + row, await queue.read(rowBytes));
    }
    return { ok: true, png: scaler.png(), width: scaler.width, height: scaler.height };
  }
}
