import type { ProbeFinding } from "./probe-finding";

/** One server's fresh console, or why there is none: what `url` and `from-stack` print. */
export interface ConsoleRow {
  readonly name: string;
  readonly id: string;
  /** Terraform address, for servers read from a stack. */
  readonly address?: string;
  readonly protocol: string;
  readonly type: string;
  readonly url?: string;
  /** When the URL was minted (ISO 8601): it expires the cloud's token TTL later (600 s by default). */
  readonly mintedAt?: string;
  readonly microversion?: string;
  /** With --probe: whether the console opens. */
  readonly probe?: ProbeFinding;
  readonly error?: ErrorSummary;
}

/** A client error reduced to what reports print (messages carry no secrets: the client's contract). */
export interface ErrorSummary {
  readonly kind: string;
  readonly status?: number;
  readonly message: string;
}
