/** Exact-length reads over bytes that arrive in any split (a TCP socket, WebSocket messages). */

export class Closed extends Error {
  constructor() {
    super("closed");
    this.name = "Closed";
  }
}

export class Reader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private waiter?: { length: number; resolve: (b: Buffer) => void; reject: (e: Error) => void };

  push(chunk: Buffer): void {
    if (this.ended) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.settle();
  }

  end(): void {
    this.ended = true;
    this.settle();
  }

  read(length: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiter = { length, resolve, reject };
      this.settle();
    });
  }

  /** Whatever is buffered, taken (for switching to plain relaying). */
  drain(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    return all;
  }

  private settle(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buffered >= w.length) {
      this.waiter = undefined;
      const all = Buffer.concat(this.chunks, this.buffered);
      const rest = all.subarray(w.length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      w.resolve(all.subarray(0, w.length));
    } else if (this.ended) {
      this.waiter = undefined;
      w.reject(new Closed());
    }
  }
}
