/**
 * CE-SYNC.md, Retries: full-jitter exponential backoff (base 1 s, cap 60 s, at most 8
 * tries) that never retries sooner than the server's Retry-After.
 */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Tries in all, the first one included. */
  maxTries: number;
}

export const CE_RETRY_POLICY: Readonly<RetryPolicy> = { baseMs: 1000, capMs: 60_000, maxTries: 8 };

/**
 * The wait before retry number `retry` (0 for the first retry): a uniformly random time up
 * to min(cap, base × 2^retry) — "full jitter", so clients that failed together do not
 * come back together — but never less than Retry-After.
 */
export function retryDelay(retry: number, retryAfterMs: number | null, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Retry-After as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP header, not user data: RFC 9110's IMF-fixdate, which Date.parse reads exactly, so not the product's date reader.
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
