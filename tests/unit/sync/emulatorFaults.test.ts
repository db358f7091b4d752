import { describe, expect, it } from 'vitest';
import { change, emulator, get, pull, pullAll, push, stats } from './emulatorKit';

/** The statuses of `count` pulls sent one after another. */
async function statuses(base: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push((await get(base, '/changes')).status);
  return out;
}

describe('CE emulator: injected faults', () => {
  it('--fail-first N answers the first N requests 503 with the error shape, then serves', async () => {
    const ce = await emulator({ failFirst: 2 });
    const first = await get(ce.baseUrl, '/changes');
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    expect(await statuses(ce.baseUrl, 3)).toEqual([503, 200, 200]);
    // the helper endpoints are never faulted, so a test can always look
    expect(await stats(ce.baseUrl)).toMatchObject({ requests: { total: 4, pull: 4 }, faults: { unavailable: 2 } });
  });

  it('--fail-first answers a push 503 before applying anything', async () => {
    const ce = await emulator({ failFirst: 1 });
    expect((await push(ce.baseUrl, 'k', { items: [change()] })).status).toBe(503);
    expect((await stats(ce.baseUrl)).feed_length).toBe(0);
    expect((await push(ce.baseUrl, 'k', { items: [change()] })).status).toBe(200);
  });

  it('--fail-rate P fails the same requests for the same seed', async () => {
    const a = await emulator({ failRate: 0.5, seed: 42 });
    const b = await emulator({ failRate: 0.5, seed: 42 });
    const c = await emulator({ failRate: 0.5, seed: 7 });
    const [sa, sb, sc] = [await statuses(a.baseUrl, 24), await statuses(b.baseUrl, 24), await statuses(c.baseUrl, 24)];
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa).toContain(503);
    expect(sa).toContain(200);
    expect(await statuses((await emulator({ failRate: 1 })).baseUrl, 3)).toEqual([503, 503, 503]);
  });

  it('--rate-limit N answers the excess 429 with Retry-After in whole seconds, and refills', async () => {
    let now = 1_000_000;
    const ce = await emulator({ rateLimitPerSecond: 2, clock: () => now });
    expect(await statuses(ce.baseUrl, 2)).toEqual([200, 200]);
    const limited = await get(ce.baseUrl, '/changes');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(limited.headers.get('retry-after')).toBe('1');
    now += 500; // half a second: one token back
    expect(await statuses(ce.baseUrl, 2)).toEqual([200, 429]);
    now += 10_000; // the bucket holds at most N
    expect(await statuses(ce.baseUrl, 3)).toEqual([200, 200, 429]);
    expect((await stats(ce.baseUrl)).faults.rate_limited).toBe(3);
  });

  it('--drop-first N applies the push, then drops the connection; the retry gets the stored answer', async () => {
    const ce = await emulator({ dropFirst: 1 });
    const body = { items: [change(), change({ identifier: 'NOT@lower.com' }), change({ identifier: 'b@example.com' })] };
    await expect(push(ce.baseUrl, 'dropped-key', body)).rejects.toThrow();
    expect((await stats(ce.baseUrl)).faults.dropped).toBe(1);
    const retry = await push(ce.baseUrl, 'dropped-key', body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ accepted: 2, rejected: [{ index: 1, code: 'identifier_not_normalised', message: expect.any(String) }] });
    expect((await pullAll(ce.baseUrl)).map((c) => c.identifier)).toEqual(['asha@example.com', 'b@example.com']);
    // only the first new push is dropped
    expect((await push(ce.baseUrl, 'next-key', { items: [change({ identifier: 'c@example.com' })] })).status).toBe(200);
  });

  it('--drop-after-apply P drops newly applied pushes but never a replay', async () => {
    const ce = await emulator({ dropAfterApply: 1, seed: 3 });
    for (const i of [1, 2, 3]) {
      const body = { items: [change({ identifier: `u${i}@example.com` })] };
      await expect(push(ce.baseUrl, `key-${i}`, body)).rejects.toThrow();
      expect((await push(ce.baseUrl, `key-${i}`, body)).body).toEqual({ accepted: 1, rejected: [] });
    }
    expect(await stats(ce.baseUrl)).toMatchObject({ feed_length: 3, idempotency_records: 3, faults: { dropped: 3 } });
  });

  it('--latency MS delays every answer but changes none', async () => {
    const ce = await emulator({ latencyMs: 30 });
    expect((await push(ce.baseUrl, 'slow', { items: [change()] })).status).toBe(200);
    expect((await pull(ce.baseUrl)).items).toHaveLength(1);
    expect(await stats(ce.baseUrl)).toMatchObject({ latency_ms: 30, faults: { delayed: 2 } });
  });

  it('refuses impossible fault settings', async () => {
    await expect(emulator({ failRate: 1.5 })).rejects.toThrow(RangeError);
    await expect(emulator({ rateLimitPerSecond: 0 })).rejects.toThrow(RangeError);
    await expect(emulator({ dropFirst: -1 })).rejects.toThrow(RangeError);
    await expect(emulator({ key: '' })).rejects.toThrow(RangeError);
  });
});
