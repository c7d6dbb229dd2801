/**
 * Token buckets per key (the client id of the bearer token): `burst` requests at once,
 * refilled at `requestsPerSecond`, measured on the sandbox clock, so a frozen test clock
 * never refills and an advanced one refills exactly.
 */
export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request would be allowed (≥ 1) when refused. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, nowMs: number): RateDecision;
}

export function createRateLimiter(limit: RateLimit): RateLimiter {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: limit.burst, atMs: nowMs };
      const elapsed = Math.max(0, nowMs - bucket.atMs) / 1000;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.requestsPerSecond);
      bucket.atMs = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      const wait = (1 - bucket.tokens) / limit.requestsPerSecond;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
    },
  };
}
