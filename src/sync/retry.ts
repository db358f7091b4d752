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

/**
 * The longest Retry-After a sync waits out. A longer one ends the sync at once ("try
 * later"): Node's setTimeout cannot wait more than 24.8 days and fires after 1 ms
 * instead, so `Retry-After: 3000000` once burned every try in 3 s while the report said
 * it was waiting.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

const UNITS: [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** A wait in words, to the two largest units: "34 days 17 hours", "10 minutes", "1 second". */
export function describeWait(ms: number): string {
  let rest = Math.max(1000, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
    else if (parts.length > 0) break;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
