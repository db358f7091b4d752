import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliJson, makeWorkspace } from './harness';

// The invariant of "every block in a file lands", over generated files: every valid
// identifier ends blocked on each asked channel it can carry, whatever else its row or the
// file holds (bad cells, unknown flags, identifiers shared between rows); and a row whose
// identifiers appear nowhere else never blocks a channel its flags say "no" to.

type Channel = 'email' | 'sms';
const CARRIES: Record<'customer_id' | 'email' | 'mobile', readonly Channel[]> = { customer_id: ['email', 'sms'], email: ['email'], mobile: ['sms'] };

interface Row {
  customer_id: string;
  email: string;
  mobile: string;
  email_blocked: string;
  sms_blocked: string;
}

/** A cell: empty, one of a small pool (so rows share identifiers), or a value no normaliser accepts. */
const cell = (valid: readonly string[], invalid: readonly string[]) => fc.oneof(fc.constant(''), fc.constantFrom(...valid), fc.constantFrom(...invalid));
const FLAGS = ['', 'yes', 'no', 'Blocked', 'subscribed', 'maybe'];
const row = fc.record<Row>({
  customer_id: cell(['C0', 'C1', 'C2', 'C3', 'C4', 'C5'], ['C\u0007x']),
  email: cell(['e0@x.com', 'e1@x.com', 'E2@X.com', 'e3@x.com', 'e4@x.com'], ['bad@@x', 'no-at']),
  mobile: cell(['9876500000', '98765 00001', '+91 98765 00002', '09876500003'], ['123', 'n/a', '9.19877E+11']),
  email_blocked: fc.constantFrom(...FLAGS),
  sms_blocked: fc.constantFrom(...FLAGS),
});

const YES = new Set(['yes', 'blocked']);
const NO = new Set(['no', 'subscribed']);
const JOB_CHANNELS: Channel[] = ['email', 'sms'];

/** The identifiers a valid cell stands for, as the blocklist keys them. */
function keyOf(type: 'customer_id' | 'email' | 'mobile', value: string): string | null {
  if (value === '') return null;
  if (type === 'customer_id') return value.startsWith('C') && !value.includes('\u0007') ? value : null;
  if (type === 'email') return value.includes('@') && !value.includes('@@') ? value.toLowerCase() : null;
  const digits = value.replace(/\D/g, '').replace(/^91(?=\d{10}$)/, '').replace(/^0/, '');
  return /^98765\d{5}$/.test(digits) ? `+91${digits}` : null;
}

function askedChannels(r: Row): { asked: Channel[]; refused: Channel[] } {
  const flags: [Channel, string][] = [['email', r.email_blocked], ['sms', r.sms_blocked]];
  const said = flags.filter(([, v]) => YES.has(v.toLowerCase()) || NO.has(v.toLowerCase()));
  if (said.length > 0) {
    return { asked: said.filter(([, v]) => YES.has(v.toLowerCase())).map(([c]) => c), refused: said.filter(([, v]) => NO.has(v.toLowerCase())).map(([c]) => c) };
  }
  const unknown = flags.filter(([, v]) => v !== '').map(([c]) => c);
  return { asked: JOB_CHANNELS.filter((c) => !unknown.includes(c)), refused: [] };
}

describe('every block in a file lands (property)', () => {
  it('blocks every valid identifier on every asked channel it carries, and nothing a lone row says no to', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const ws = makeWorkspace();
        const csv = ['customer_id,email,mobile,email_blocked,sms_blocked', ...rows.map((r) => [r.customer_id, r.email, r.mobile, r.email_blocked, r.sms_blocked].join(','))].join('\n');
        const { json } = cliJson<{ status: string; error: unknown }>(ws.data, ['import', ws.file('gen.csv', csv + '\n'), '--using', 'auto', '--channels', 'email,sms', '--country', 'IN']);
        expect(['succeeded', 'succeeded_with_problems', 'failed']).toContain(json.status);
        const db = new Database(path.join(ws.data, 'blocklist.db'), { readonly: true });
        const holder = db.prepare<[string, string, string], Record<string, number | string | null>>(
          'SELECT * FROM contacts WHERE customer_id = ? OR email_key = ? OR mobile = ?',
        );
        const uses = new Map<string, number>();
        const keys = rows.map((r) => (['customer_id', 'email', 'mobile'] as const).map((t) => [t, keyOf(t, r[t])] as const).filter((k): k is readonly [typeof k[0], string] => k[1] !== null));
        for (const k of keys.flat()) uses.set(k[1], (uses.get(k[1]) ?? 0) + 1);
        rows.forEach((r, i) => {
          const { asked, refused } = askedChannels(r);
          const ids = keys[i] ?? [];
          const carried = new Set(ids.flatMap(([t]) => CARRIES[t]));
          for (const [type, key] of ids) {
            for (const channel of asked.filter((c) => carried.has(c) && CARRIES[type].includes(c))) {
              expect(holder.get(key, key, key)?.[`${channel}_status`], `row ${i + 2}: ${key} blocked on ${channel}`).toBe(1);
            }
          }
          if (ids.length > 0 && ids.every(([, key]) => uses.get(key) === 1)) {
            for (const [, key] of ids) for (const channel of refused) expect(holder.get(key, key, key)?.[`${channel}_status`] ?? 0, `row ${i + 2}: ${key} not blocked on ${channel}`).not.toBe(1);
          }
        });
        db.close();
      }),
      { numRuns: 12, seed: 20261206 },
    );
  }, 300_000);
});
