import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel, type IdentifierType } from '../../../src/domain/channels';
import { DeskError } from '../../../src/domain/errors';
import { blockIdentifier, deleteContact, editIdentifiers, setChannelStatus } from '../../../src/store/contacts';
import { emptyContactRow, withStatus } from '../../../src/store/contactRow';
import { addToCounters, counterDelta, readCounts, recountFromTables, repairCounters } from '../../../src/store/counters';
import type { Db } from '../../../src/store/database';
import { seededRandom } from '../../../bench/seededRandom';
import { ACTOR, expectCountersExact, tempDb } from './tempStore';


function contactIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM contacts').all() as { id: number }[]).map((r) => r.id);
}

describe('counters', () => {
  it('computes the delta of one contact change', () => {
    const none = emptyContactRow(0, null);
    const anonymous = withStatus({ ...none, mobile: '+1' }, 'sms', { status: 'blocked', category: 'manual', reason: null, source: 'ui', at: 0, actor: 'a' });
    expect(counterDelta(null, anonymous)).toEqual({ anonymous: 1, blocked_sms: 1 });
    const identified = withStatus({ ...anonymous, email: 'E', email_key: 'e' }, 'email', { ...{ status: 'whitelisted', category: 'manual', reason: null, source: 'ui', at: 0, actor: 'a' } });
    expect(counterDelta(anonymous, identified)).toEqual({ anonymous: -1, identified: 1, whitelisted_email: 1 });
    expect(counterDelta(identified, null)).toEqual({ identified: -1, blocked_sms: -1, whitelisted_email: -1 });
    expect(counterDelta(identified, identified)).toEqual({});
  });

  it('stay equal to an exact recount after every kind of operation', () => {
    const db = tempDb();
    const random = seededRandom(20250301);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const values: Record<IdentifierType, string[]> = {
      customer_id: ['C1', 'C2', 'C3', 'C4', 'C5'],
      email: ['a@x.com', 'B@x.com', 'c@y.org', 'd@y.org'],
      mobile: ['9876543210', '9876543211', '9876543212', '9876543213'],
    };
    const channelsFor: Record<IdentifierType, readonly Channel[]> = { customer_id: CHANNELS, email: ['email'], mobile: ['sms', 'whatsapp', 'rcs'] };
    const kinds = { block: 0, status: 0, edit: 0, delete: 0, refused: 0 };
    for (let step = 0; step < 300; step += 1) {
      const ids = contactIds(db);
      const op = ids.length === 0 ? 'block' : pick(['block', 'block', 'status', 'status', 'edit', 'delete'] as const);
      try {
        if (op === 'block') {
          const using = pick(['customer_id', 'email', 'mobile'] as const);
          const channels = channelsFor[using].filter(() => random() < 0.6);
          blockIdentifier(db, {
            using,
            value: pick(values[using]),
            country: 'IN',
            channels: channels.length > 0 ? channels : [channelsFor[using][0] ?? 'email'],
            category: pick(['manual', 'opt_out']),
            reason: null,
            source: 'ui',
            actor: ACTOR,
          });
        } else if (op === 'status') {
          setChannelStatus(db, {
            contactId: pick(ids),
            channel: pick(CHANNELS),
            status: pick(['blocked', 'whitelisted', 'none'] as const),
            category: pick(['manual', 'hard_bounce']),
            source: 'ui',
            actor: ACTOR,
            confirm: random() < 0.5,
            reason: 'consent on file',
          });
        } else if (op === 'edit') {
          const field = pick(['customer_id', 'email', 'mobile'] as const);
          editIdentifiers(db, pick(ids), { [field]: random() < 0.3 ? null : pick(values[field]) }, { country: 'IN', actor: ACTOR, source: 'ui' });
        } else {
          deleteContact(db, pick(ids), { actor: ACTOR, source: 'ui', confirm: random() < 0.7, reason: 'consent on file' });
        }
        kinds[op] += 1;
      } catch (err) {
        if (!(err instanceof DeskError)) throw err;
        kinds.refused += 1;
      }
      expectCountersExact(db);
    }
    // The sequence really exercised every writer, refusals included.
    for (const count of Object.values(kinds)) expect(count).toBeGreaterThan(5);
  });

  it('are repaired from an exact recount', () => {
    const db = tempDb();
    blockIdentifier(db, { using: 'customer_id', value: 'C', country: 'IN', channels: ['sms', 'email'], category: 'manual', reason: null, source: 'ui', actor: ACTOR });
    blockIdentifier(db, { using: 'mobile', value: '9876543210', country: 'IN', channels: ['rcs'], category: 'manual', reason: null, source: 'ui', actor: ACTOR });
    const exact = recountFromTables(db);
    expect(exact).toEqual({ identified: 1, anonymous: 1, blocked: { email: 1, sms: 1, whatsapp: 0, rcs: 1 }, whitelisted: { email: 0 } });
    addToCounters(db, { blocked_sms: 5, anonymous: -1 });
    expect(readCounts(db)).toMatchObject({ anonymous: 0, blocked: { sms: 6 } });
    db.prepare("DELETE FROM counters WHERE name = 'whitelisted_email'").run();
    const result = repairCounters(db);
    expect(result.repaired).toBe(true);
    expect(result.before).toMatchObject({ anonymous: 0, blocked: { sms: 6 } });
    expect(result.after).toEqual(exact);
    expect(readCounts(db)).toEqual(exact);
    expect(repairCounters(db).repaired).toBe(false);
  });
});
