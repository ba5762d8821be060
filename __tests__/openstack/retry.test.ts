import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfter } from "../../lib/openstack/http/retry";

describe("retry rules", () => {
  it("retries 429 and 5xx except 501; 409 only where it means not ready; never 400, 401, 403, 404", () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryableStatus(s, false)).toBe(true);
    for (const s of [400, 401, 403, 404, 406, 501, 409]) expect(isRetryableStatus(s, false)).toBe(false);
    expect(isRetryableStatus(409, true)).toBe(true);
  });

  it("backs off exponentially with full jitter under a cap", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 10_000, policy, () => 0.999))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(20, 2_000, policy, () => 0.999)).toBe(1998);
    expect(backoffDelay(3, 10_000, policy, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2026-11-27T00:00:00Z");
    expect(parseRetryAfter("Fri, 27 Nov 2026 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
