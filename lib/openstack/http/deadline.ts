/** An overall time budget for one operation (a fleet, a page, a login). */
export class Deadline {
  readonly totalMs: number;
  private readonly at: number;

  constructor(totalMs: number, startedAt: number = Date.now()) {
    this.totalMs = totalMs;
    this.at = startedAt + totalMs;
  }

  remaining(now: number = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  expired(now: number = Date.now()): boolean {
    return now >= this.at;
  }

  /** Seconds, for messages. */
  describe(): string {
    return `${Math.round(this.totalMs / 100) / 10} s`;
  }
}
