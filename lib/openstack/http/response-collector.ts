import type { Dispatcher } from "undici";
import type { HttpResponse } from "./messages";

/** Bodies beyond this are refused: OpenStack answers here are small, and a runaway one must not eat memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Collects one response straight from undici's dispatch callbacks, without
 * a body stream per request: the cheapest way through undici, which matters
 * when a fleet of a thousand servers is minted by a freshly started process.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  private status = 0;
  private headers: HttpResponse["headers"] = {};
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  onRequestStart(): void {
    // Present so undici treats this as a handler of its current interface.
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: HttpResponse["headers"]): void {
    // 1xx informational answers come first; only the final one counts.
    this.status = statusCode;
    this.headers = headers;
    this.chunks = [];
    this.size = 0;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_BODY_BYTES) {
      controller.abort(Object.assign(new Error("response body too large"), { code: "RESPONSE_TOO_LARGE" }));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const text = this.chunks.length === 1 ? this.chunks[0].toString("utf8") : Buffer.concat(this.chunks).toString("utf8");
    this.resolve({ status: this.status, headers: this.headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.reject(err);
  }
}
