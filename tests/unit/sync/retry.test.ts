import { describe, expect, it } from 'vitest';
import { CE_RETRY_POLICY, parseRetryAfter, retryDelay } from '../../../src/sync/retry';

describe('retry delays', () => {
  it('grow exponentially from 1 s up to the 60 s cap, with full jitter below that ceiling', () => {
    const top = (retry: number) => retryDelay(retry, null, CE_RETRY_POLICY, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6].map(top)).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999]);
    expect(retryDelay(3, null, CE_RETRY_POLICY, () => 0)).toBe(0);
    expect(retryDelay(2, null, CE_RETRY_POLICY, () => 0.5)).toBe(2000);
  });

  it('never come sooner than Retry-After, even above the cap', () => {
    expect(retryDelay(0, 5000, CE_RETRY_POLICY, () => 0.1)).toBe(5000);
    expect(retryDelay(6, 120_000, CE_RETRY_POLICY, () => 0.9)).toBe(120_000);
  });

  it('read Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-26T08:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 26 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 08:00:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
