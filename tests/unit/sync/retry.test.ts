import { describe, expect, it } from 'vitest';
import { CE_RETRY_POLICY, describeWait, parseRetryAfter, retryDelay } from '../../../src/sync/retry';
import { redactKey } from '../../../src/sync/redactKey';

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

describe('a wait in words', () => {
  it('gives the two largest units, as the sync says how long CE asked it to wait', () => {
    expect(describeWait(3_000_000_000)).toBe('34 days 17 hours');
    expect(describeWait(10 * 60_000)).toBe('10 minutes');
    expect(describeWait(2 * 3_600_000 + 61_000)).toBe('2 hours 1 minute');
    expect(describeWait(86_400_000 + 5 * 60_000)).toBe('1 day');
    expect(describeWait(1000)).toBe('1 second');
    expect(describeWait(0)).toBe('1 second');
  });
});

describe('the API key in a server\'s words', () => {
  it('is replaced by *** as is, JSON-escaped and URL-encoded', () => {
    const key = 'k/"ey+1';
    expect(redactKey(`echo ${key} and ${key}`, key)).toBe('echo *** and ***');
    expect(redactKey(JSON.stringify({ key }), key)).toBe('{"key":"***"}');
    expect(redactKey(`?api-key=${encodeURIComponent(key)}`, key)).toBe('?api-key=***');
    expect(redactKey('nothing here', '')).toBe('nothing here');
  });
});
