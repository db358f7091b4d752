import { describe, expect, it } from 'vitest';
import { errorBodySchema, pulledChangeSchema, pullPageSchema, pushResponseSchema } from '../../../src/sync/change';
import { change, emulator, get, KEY, pull, pullAll, push, stats, tempFolder } from './emulatorKit';

function errorCode(body: unknown): string {
  return errorBodySchema.parse(body).error.code;
}

describe('CE emulator: auth', () => {
  it('answers 401 with the error shape to a missing or wrong api-key, on every route', async () => {
    const ce = await emulator();
    for (const key of [null, '', 'wrong', `${KEY}x`, KEY.toUpperCase()]) {
      const pulled = await get(ce.baseUrl, '/changes', key);
      expect(pulled.status, String(key)).toBe(401);
      expect(errorCode(pulled.body)).toBe('unauthorized');
      const pushed = await push(ce.baseUrl, 'k1', { items: [change()] }, key);
      expect(pushed.status).toBe(401);
      expect((await get(ce.baseUrl, '/_emulator/state', key)).status).toBe(401);
    }
    expect((await stats(ce.baseUrl)).feed_length).toBe(0);
    expect((await get(ce.baseUrl, '/changes')).status).toBe(200);
  });

  it('answers unknown routes 404 and other methods 405, with the error shape', async () => {
    const ce = await emulator();
    const missing = await get(ce.baseUrl, '/nothing');
    expect(missing.status).toBe(404);
    expect(errorCode(missing.body)).toBe('not_found');
    const put = await fetch(`${ce.baseUrl}/changes`, { method: 'PUT', headers: { 'api-key': KEY } });
    expect(put.status).toBe(405);
    expect(errorCode(await put.json())).toBe('method_not_allowed');
  });
});

describe('CE emulator: push and pull', () => {
  it('appends accepted changes in body order and pulls them back page by page', async () => {
    const ce = await emulator();
    const items = [1, 2, 3, 4, 5].map((i) => change({ identifier: `user${i}@example.com` }));
    const pushed = await push(ce.baseUrl, 'batch-1', { items });
    expect(pushed.status).toBe(200);
    expect(pushResponseSchema.parse(pushed.body)).toEqual({ accepted: 5, rejected: [] });

    const first = await pull(ce.baseUrl, '?limit=2');
    expect(pullPageSchema.parse(first).has_more).toBe(true);
    expect(first.items.map((c) => c.id)).toEqual(['c_000001', 'c_000002']);
    expect(pulledChangeSchema.parse(first.items[0])).toEqual({ id: 'c_000001', ...items[0] });
    const second = await pull(ce.baseUrl, `?limit=2&cursor=${first.next_cursor}`);
    expect(second.items.map((c) => c.identifier)).toEqual(['user3@example.com', 'user4@example.com']);
    expect(second.has_more).toBe(true);
    const third = await pull(ce.baseUrl, `?limit=2&cursor=${second.next_cursor}`);
    expect(third.items.map((c) => c.id)).toEqual(['c_000005']);
    expect(third.has_more).toBe(false);

    // nothing new: the same cursor back, has_more false; a re-pull of a page gives the same page
    const none = await pull(ce.baseUrl, `?limit=2&cursor=${third.next_cursor}`);
    expect(none).toEqual({ items: [], next_cursor: third.next_cursor, has_more: false });
    expect(await pull(ce.baseUrl, `?limit=2&cursor=${first.next_cursor}`)).toEqual(second);

    // a later push continues from the stored cursor, echoes included
    await push(ce.baseUrl, 'batch-2', { items: [change({ identifier: 'user6@example.com' })] });
    expect((await pull(ce.baseUrl, `?cursor=${third.next_cursor}`)).items.map((c) => c.id)).toEqual(['c_000006']);
  });

  it('pulls 100 by default, from the start with no cursor or an empty one, and says has_more exactly', async () => {
    const ce = await emulator();
    const empty = await pull(ce.baseUrl);
    expect(empty.items).toEqual([]);
    expect(empty.has_more).toBe(false);
    expect(await pull(ce.baseUrl, '?cursor=')).toEqual(empty);

    const items = Array.from({ length: 100 }, (_, i) => change({ identifier_type: 'customer_id', identifier: `C${i}`, channel: 'sms' }));
    await push(ce.baseUrl, 'hundred', { items });
    const page = await pull(ce.baseUrl);
    expect(page.items).toHaveLength(100);
    expect(page.has_more).toBe(false);
    const fromStart = await pull(ce.baseUrl, `?cursor=${empty.next_cursor}&limit=1000`);
    expect(fromStart).toEqual(page);
  });

  it('refuses a limit outside 1..1000 and a malformed or foreign cursor with 422', async () => {
    const ce = await emulator();
    for (const limit of ['0', '1001', '-1', 'ten', '2.5', '']) {
      const r = await get(ce.baseUrl, `/changes?limit=${limit}`);
      expect(r.status, limit).toBe(422);
      expect(errorCode(r.body)).toBe('invalid_limit');
    }
    expect((await get(ce.baseUrl, '/changes?limit=1000')).status).toBe(200);
    for (const cursor of ['garbage', 'djEu', '!!', Buffer.from('v1.0123456789abcdef.01').toString('base64url')]) {
      const r = await get(ce.baseUrl, `/changes?cursor=${cursor}`);
      expect(r.status, cursor).toBe(422);
      expect(errorCode(r.body)).toBe('invalid_cursor');
    }
    const other = await emulator();
    const foreign = (await pull(other.baseUrl)).next_cursor;
    expect((await get(ce.baseUrl, `/changes?cursor=${foreign}`)).status).toBe(422);
  });

  it('keeps the feed, the cursors and the idempotency records across a restart on the same folder', async () => {
    const dataFolder = tempFolder();
    const before = await emulator({ dataFolder });
    const body = { items: [change({ identifier: 'a@example.com' }), change({ identifier: 'b@example.com' })] };
    const first = await push(before.baseUrl, 'restart-key', body);
    const page = await pull(before.baseUrl, '?limit=1');
    await before.close();

    const after = await emulator({ dataFolder });
    const rest = await pull(after.baseUrl, `?limit=1&cursor=${page.next_cursor}`);
    expect(rest.items.map((c) => [c.id, c.identifier])).toEqual([['c_000002', 'b@example.com']]);
    const replay = await push(after.baseUrl, 'restart-key', body);
    expect(replay).toMatchObject({ status: first.status, body: first.body });
    expect((await stats(after.baseUrl)).feed_length).toBe(2);
  });
});

describe('CE emulator: idempotency', () => {
  it('answers the same key and body with the first response again and applies it once', async () => {
    const ce = await emulator();
    const body = { items: [change(), change({ identifier: 'NOT@LOWER.case' })] };
    const first = await push(ce.baseUrl, 'once', body);
    expect(first.body).toEqual({ accepted: 1, rejected: [{ index: 1, code: 'identifier_not_normalised', message: expect.any(String) }] });
    const again = await push(ce.baseUrl, 'once', body);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await pullAll(ce.baseUrl)).toHaveLength(1);
    expect(await stats(ce.baseUrl)).toMatchObject({ feed_length: 1, idempotency_records: 1 });
  });

  it('answers the same key with another body 409 and applies nothing', async () => {
    const ce = await emulator();
    await push(ce.baseUrl, 'reused', { items: [change()] });
    for (const other of [{ items: [change({ identifier: 'other@example.com' })] }, 'not json']) {
      const r = await push(ce.baseUrl, 'reused', other);
      expect(r.status).toBe(409);
      expect(errorCode(r.body)).toBe('idempotency_key_reused');
    }
    expect(await pullAll(ce.baseUrl)).toHaveLength(1);
  });

  it('needs an Idempotency-Key on a push (400)', async () => {
    const ce = await emulator();
    for (const key of [null, '', 'x'.repeat(256)]) {
      const r = await push(ce.baseUrl, key, { items: [change()] });
      expect(r.status).toBe(400);
      expect(errorCode(r.body)).toMatch(/^idempotency_key_(required|invalid)$/);
    }
    expect((await stats(ce.baseUrl)).feed_length).toBe(0);
  });

  it('forgets a key after 24 hours', async () => {
    let now = Date.parse('2026-11-26T00:00:00.000Z');
    const ce = await emulator({ clock: () => now });
    const body = { items: [change()] };
    await push(ce.baseUrl, 'old', body);
    now += 24 * 60 * 60 * 1000 - 1;
    await push(ce.baseUrl, 'old', body);
    expect((await stats(ce.baseUrl)).feed_length).toBe(1);
    now += 2;
    await push(ce.baseUrl, 'old', body);
    expect((await stats(ce.baseUrl)).feed_length).toBe(2);
  });
});

describe('CE emulator: refusing a push', () => {
  it('answers more than 1000 items 413 and applies nothing', async () => {
    const ce = await emulator();
    const items = Array.from({ length: 1001 }, (_, i) => change({ identifier: `u${i}@example.com` }));
    const r = await push(ce.baseUrl, 'big', { items });
    expect(r.status).toBe(413);
    expect(errorCode(r.body)).toBe('batch_too_large');
    expect((await push(ce.baseUrl, 'big-ok', { items: items.slice(0, 1000) })).body).toEqual({ accepted: 1000, rejected: [] });
    expect((await stats(ce.baseUrl)).feed_length).toBe(1000);
  });

  it('answers a malformed body 422 and applies nothing, not even the good items', async () => {
    const ce = await emulator();
    const bodies = ['{"items": [', '', 'null', '[]', '{"changes": []}', '{"items": {}}', JSON.stringify({ items: [change(), 3] }), JSON.stringify({ items: [change(), [change()]] }), JSON.stringify({ items: [null] })];
    for (const [i, body] of bodies.entries()) {
      const r = await push(ce.baseUrl, `bad-${i}`, body);
      expect(r.status, body).toBe(422);
      expect(errorCode(r.body)).toBe('malformed_body');
    }
    expect(await stats(ce.baseUrl)).toMatchObject({ feed_length: 0, idempotency_records: 0 });
  });

  it('rejects bad items one by one and applies the good ones', async () => {
    const ce = await emulator();
    const good = [
      change(),
      change({ identifier_type: 'mobile', identifier: '+919876543210', channel: 'whatsapp' }),
      change({ identifier_type: 'customer_id', identifier: 'Cust-42', channel: 'rcs', action: 'unblock' }),
      change({ action: 'whitelist' }),
    ];
    const bad: [unknown, string][] = [
      [{ ...change(), channel: 'fax' }, 'invalid_change'],
      [{ ...change(), at: '2026-11-26T08:54:37Z' }, 'invalid_change'],
      [{ ...change(), reason: 'x'.repeat(501) }, 'invalid_change'],
      [{ identifier: 'x@example.com' }, 'invalid_change'],
      [change({ identifier: 'Asha@Example.com' }), 'identifier_not_normalised'],
      [change({ identifier: 'asha @example.com' }), 'identifier_not_normalised'],
      [change({ identifier: 'no-at-sign' }), 'identifier_not_normalised'],
      [change({ identifier_type: 'mobile', identifier: '9876543210', channel: 'sms' }), 'identifier_not_normalised'],
      [change({ identifier_type: 'mobile', identifier: '+0123456789', channel: 'sms' }), 'identifier_not_normalised'],
      [change({ identifier_type: 'customer_id', identifier: ' C1', channel: 'sms' }), 'identifier_not_normalised'],
      [change({ channel: 'sms' }), 'channel_not_allowed'],
      [change({ identifier_type: 'mobile', identifier: '+919876543210', channel: 'email' }), 'channel_not_allowed'],
      [change({ identifier_type: 'customer_id', identifier: 'C1', channel: 'sms', action: 'whitelist' }), 'whitelist_not_allowed'],
    ];
    const items = [...good.slice(0, 2), ...bad.map(([item]) => item), ...good.slice(2)];
    const r = await push(ce.baseUrl, 'mixed', { items });
    expect(r.status).toBe(200);
    const body = pushResponseSchema.parse(r.body);
    expect(body.accepted).toBe(4);
    expect(body.rejected.map((x) => [x.index, x.code])).toEqual(bad.map(([, code], i) => [i + 2, code]));
    expect(body.rejected.every((x) => x.message.length > 0)).toBe(true);
    expect((await pullAll(ce.baseUrl)).map(({ id: _id, ...c }) => c)).toEqual([good[0], good[1], good[2], good[3]]);
  });
});

describe('CE emulator: /_emulator/state', () => {
  it('applies the contract conflict rules per identifier and channel', async () => {
    const ce = await emulator();
    const t = (s: number) => `2026-11-26T08:00:${String(s).padStart(2, '0')}.000Z`;
    const mobile = { identifier_type: 'mobile', identifier: '+919876543210' } as const;
    await push(ce.baseUrl, 'k1', {
      items: [
        change({ at: t(10), action: 'block', reason: 'first' }),
        change({ at: t(5), action: 'unblock' }), // older: loses
        change({ ...mobile, channel: 'sms', at: t(10), action: 'unblock' }),
        change({ ...mobile, channel: 'sms', at: t(10), action: 'block', reason: 'tie: block beats unblock' }),
        change({ ...mobile, channel: 'whatsapp', at: t(10), action: 'block', reason: 'applied first' }),
        change({ ...mobile, channel: 'whatsapp', at: t(10), action: 'block', reason: 'applied second' }),
        change({ ...mobile, channel: 'rcs', at: t(10), action: 'block' }),
        change({ ...mobile, channel: 'rcs', at: t(11), action: 'unblock', reason: 'later unblock wins' }),
      ],
    });
    await push(ce.baseUrl, 'k2', { items: [change({ identifier: 'w@example.com', at: t(1), action: 'whitelist' })] });
    const { entries } = (await get(ce.baseUrl, '/_emulator/state')).body as { entries: { identifier: string; channel: string; status: string; change: { reason: string; id: string } }[] };
    const view = Object.fromEntries(entries.map((e) => [`${e.identifier}/${e.channel}`, [e.status, e.change.reason]]));
    expect(view).toEqual({
      'asha@example.com/email': ['blocked', 'first'],
      '+919876543210/sms': ['blocked', 'tie: block beats unblock'],
      '+919876543210/whatsapp': ['blocked', 'applied first'],
      '+919876543210/rcs': ['unblocked', 'later unblock wins'],
      'w@example.com/email': ['whitelisted', 'asked by phone'],
    });
  });
});
