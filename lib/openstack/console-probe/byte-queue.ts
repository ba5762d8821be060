/**
 * The bytes of a WebSocket as a stream to read exact lengths from: RFB
 * messages arrive split or merged across binary frames in any way.
 */

export class StreamClosed extends Error {
  constructor(
    /** Bytes that arrived but were not consumed by a read. */
    readonly leftover: Buffer,
    /** Bytes received since the stream opened. */
    readonly received: number,
    readonly closeCode?: number,
    readonly closeReason?: string,
  ) {
    super("the stream closed");
    this.name = "StreamClosed";
  }
}

const MAX_TRANSCRIPT = 64 * 1024;

interface Waiter {
  readonly length: number;
  readonly resolve: (bytes: Buffer) => void;
  readonly reject: (err: Error) => void;
}

export class ByteQueue {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private total = 0;
  private waiter?: Waiter;
  private ended?: { code?: number; reason?: string };
  private failure?: Error;
  private recording?: Buffer[];
  private recorded = 0;

  /** Bytes received so far. */
  get received(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    if (this.ended || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.total += chunk.length;
    if (this.recording && this.recorded < MAX_TRANSCRIPT) {
      this.recording.push(chunk);
      this.recorded += chunk.length;
    }
    this.settle();
  }

  /** From now on, keep what arrives (up to 64 KiB), read or not: see transcript(). */
  startTranscript(): void {
    this.recording = [...this.chunks];
    this.recorded = this.buffered;
  }

  /** Every byte that arrived since startTranscript() (bounded). */
  transcript(): Buffer {
    return Buffer.concat(this.recording ?? []);
  }

  /** The other side closed: a pending read that cannot be satisfied fails with StreamClosed. */
  close(code?: number, reason?: string): void {
    if (this.ended) return;
    this.ended = { code, reason };
    this.settle();
  }

  /** Ends every pending and later read with this error (the probe's timeout). */
  fail(err: Error): void {
    this.failure ??= err;
    this.settle();
  }

  /** The next `length` bytes, once they have all arrived. */
  read(length: number): Promise<Buffer> {
    if (this.waiter) return Promise.reject(new Error("ByteQueue: one read at a time"));
    return new Promise<Buffer>((resolve, reject) => {
      this.waiter = { length, resolve, reject };
      this.settle();
    });
  }

  /** Whatever has arrived and not been read (for recognising a failure message). */
  peekAll(): Buffer {
    return Buffer.concat(this.chunks, this.buffered);
  }

  /** The first `length` bytes, copying only those (frames of a framebuffer update are megabytes, read row by row). */
  private take(length: number): Buffer {
    if (length === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length >= length) {
      const out = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      this.buffered -= length;
      return out;
    }
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[0];
      const n = Math.min(chunk.length, length - filled);
      chunk.copy(out, filled, 0, n);
      filled += n;
      if (n === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(n);
    }
    this.buffered -= length;
    return out;
  }

  private settle(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (this.buffered >= waiter.length) {
      this.waiter = undefined;
      waiter.resolve(this.take(waiter.length));
    } else if (this.failure) {
      this.waiter = undefined;
      waiter.reject(this.failure);
    } else if (this.ended) {
      this.waiter = undefined;
      waiter.reject(new StreamClosed(this.peekAll(), this.total, this.ended.code, this.ended.reason));
    }
  }
}
