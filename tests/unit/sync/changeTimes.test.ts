import { describe, expect, it } from 'vitest';
import { pulledChangeSchema, pushedChangeSchema, readWireTime } from '../../../src/sync/change';

const change = { identifier_type: 'mobile', identifier: '+919876543210', channel: 'sms', action: 'block', category: 'manual', reason: '', source: 'panel' };

describe("a change's at is read by the one date reader", () => {
  it('refuses a time that is no instant at all as breaking the contract', () => {
    for (const at of ['2024-02-30T00:00:00.000Z', '2023-02-29T10:00:00.000Z', '2024-01-01T24:00:00.000Z']) {
      expect(pushedChangeSchema.safeParse({ ...change, at }).success, at).toBe(false);
      expect(pulledChangeSchema.safeParse({ ...change, id: 'c_1', at }).success, at).toBe(false);
    }
  });

  it('admits a real time outside 1970 to tomorrow: the client dates it at the pull', () => {
    for (const at of ['2099-01-01T00:00:00.000Z', '1969-07-20T20:17:00.000Z']) {
      expect(pulledChangeSchema.safeParse({ ...change, id: 'c_1', at }).success, at).toBe(true);
      expect(readWireTime(at, Date.now())).toMatchObject({ ok: false, problem: 'out_of_range' });
    }
  });

  it('reads the zones a server may send', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(readWireTime('2025-03-01T15:30:00+05:30', now)).toMatchObject({ ok: true, ms: Date.UTC(2025, 2, 1, 10, 0) });
    expect(readWireTime('2025-03-01T15:30+0530', now)).toMatchObject({ ok: true, ms: Date.UTC(2025, 2, 1, 10, 0) });
    expect(readWireTime('2025-03-01T10:00:00.123456Z', now)).toMatchObject({ ok: true, ms: Date.UTC(2025, 2, 1, 10, 0, 0, 123) });
  });
});
