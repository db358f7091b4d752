import { describe, expect, it } from 'vitest';
import { blockIdentifier, deleteContact, editIdentifiers, setChannelStatus } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { clearOutboxThrough, outboxSummary, readOutbox } from '../../../src/store/outbox';
import { ACTOR, T0, tempDb } from './tempStore';

const base = { country: 'IN' as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };

/** The outbox as short strings, oldest first: `action channel type:identifier`. */
function outbox(db: Db): string[] {
  return readOutbox(db, 0, 1000).map((r) => `${r.action} ${r.channel} ${r.identifier_type}:${r.identifier}`);
}

describe('the CE-sync outbox', () => {
  it('gets one row per identifier a block travels on, in the same change', () => {
    const db = tempDb();
    blockIdentifier(db, { ...base, using: 'customer_id', value: 'C1', channels: ['email', 'sms'], reason: 'asked', at: T0 });
    expect(outbox(db)).toEqual(['block email customer_id:C1', 'block sms customer_id:C1']);
    const [first] = readOutbox(db, 0, 1);
    expect(first).toMatchObject({ category: 'manual', reason: 'asked', source: 'ui', at: T0 });
    blockIdentifier(db, { ...base, using: 'mobile', value: '98765 43210', channels: ['whatsapp'], source: 'import:j1', at: T0 });
    expect(outbox(db).at(-1)).toBe('block whatsapp mobile:+919876543210');
    expect(readOutbox(db, 0, 10).at(-1)?.source).toBe('import');
  });

  it('records an unblock with the category it lifted, and nothing for a change that changes nothing', () => {
    const db = tempDb();
    const { contact } = blockIdentifier(db, { ...base, using: 'email', value: 'Ann@Example.com', channels: ['email'], category: 'opt_out', at: T0 });
    clearOutboxThrough(db, 1_000_000);
    setChannelStatus(db, { contactId: contact.id, channel: 'email', status: 'blocked', source: 'ui', actor: ACTOR });
    expect(outbox(db)).toEqual([]);
    setChannelStatus(db, { contactId: contact.id, channel: 'email', status: 'none', source: 'cli', actor: ACTOR, confirm: true, reason: 'consent on file', at: T0 + 5 });
    expect(readOutbox(db, 0, 10)).toMatchObject([{ action: 'unblock', channel: 'email', identifier_type: 'email', identifier: 'ann@example.com', category: 'opt_out', source: 'api', at: T0 + 5 }]);
  });

  it('moves a block to an edited identifier: unblock the old one, block the new one', () => {
    const db = tempDb();
    const { contact } = blockIdentifier(db, { ...base, using: 'email', value: 'old@example.com', channels: ['email'], at: T0 });
    clearOutboxThrough(db, 1_000_000);
    editIdentifiers(db, contact.id, { email: 'new@example.com' }, { country: 'IN', actor: ACTOR, source: 'ui' });
    expect(outbox(db)).toEqual(['unblock email email:old@example.com', 'block email email:new@example.com']);
  });

  it('unblocks every identifier of a deleted contact on every channel it had', () => {
    const db = tempDb();
    const { contact } = blockIdentifier(db, { ...base, using: 'customer_id', value: 'C9', channels: ['sms'], at: T0 });
    editIdentifiers(db, contact.id, { mobile: '+91 98765 43210' }, { country: 'IN', actor: ACTOR, source: 'ui' });
    expect(outbox(db)).toEqual(['block sms customer_id:C9', 'block sms mobile:+919876543210']);
    clearOutboxThrough(db, 1_000_000);
    deleteContact(db, contact.id, { actor: ACTOR, source: 'ui' });
    expect(outbox(db)).toEqual(['unblock sms customer_id:C9', 'unblock sms mobile:+919876543210']);
  });

  it('leaves out changes a pull applied, and counts what waits', () => {
    const db = tempDb();
    blockIdentifier(db, { ...base, using: 'email', value: 'a@example.com', channels: ['email'], source: 'sync:ce-v1' });
    expect(outbox(db)).toEqual([]);
    blockIdentifier(db, { ...base, using: 'mobile', value: '+14155550100', channels: ['sms', 'rcs'] });
    expect(outboxSummary(db)).toEqual({ total: 2, byChannel: { email: 0, sms: 1, whatsapp: 0, rcs: 1 }, byAction: { block: 2, unblock: 0, whitelist: 0 } });
  });

  it('keeps ids rising after it was emptied, so a batch named by its last id never grows', () => {
    const db = tempDb();
    blockIdentifier(db, { ...base, using: 'email', value: 'a@example.com', channels: ['email'] });
    const [row] = readOutbox(db, 0, 1);
    clearOutboxThrough(db, row!.id);
    blockIdentifier(db, { ...base, using: 'email', value: 'b@example.com', channels: ['email'] });
    expect(readOutbox(db, 0, 10)[0]!.id).toBeGreaterThan(row!.id);
  });
});
