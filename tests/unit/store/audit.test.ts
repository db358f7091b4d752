import { describe, expect, it } from 'vitest';
import { iterateAudit, listAudit, type AuditEntryView } from '../../../src/store/audit';
import { blockIdentifier, setChannelStatus } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { ACTOR, T0, tempDb } from './tempStore';

const block = { country: 'IN' as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };

/** 3 contacts, 5 entries: a (email 1, sms 2) by tester, b (whatsapp) in job j1, c (email) by other; then a's sms unblocked. */
function seed(db: Db): { a: number; b: number; c: number } {
  const a = blockIdentifier(db, { ...block, using: 'customer_id', value: 'A', channels: ['sms', 'email'], at: T0 }).contact.id;
  const b = blockIdentifier(db, { ...block, using: 'mobile', value: '9876543210', channels: ['whatsapp'], source: 'import:j1', job: 'j1', at: T0 + 1000 })
    .contact.id;
  const c = blockIdentifier(db, { ...block, using: 'email', value: 'C@x.com', channels: ['email'], actor: 'other', at: T0 + 2000 }).contact.id;
  setChannelStatus(db, { contactId: a, channel: 'sms', status: 'none', source: 'cli', actor: ACTOR, at: T0 + 3000 });
  return { a, b, c };
}

function all(db: Db, query: Parameters<typeof listAudit>[1]): AuditEntryView[] {
  const out: AuditEntryView[] = [];
  let before: number | null = null;
  for (;;) {
    const page = listAudit(db, { ...query, before });
    out.push(...page.entries);
    if (page.next === null) return out;
    before = page.next;
  }
}

describe('audit log', () => {
  it('lists entries newest first with ISO times, paged by id', () => {
    const db = tempDb();
    const { a, b } = seed(db);
    const entries = all(db, { limit: 2 });
    expect(entries.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect(entries[0]).toEqual({
      id: 5,
      at: new Date(T0 + 3000).toISOString(),
      actor: ACTOR,
      action: 'unblock',
      contact: 'A',
      contact_id: a,
      channel: 'sms',
      before: 'blocked',
      after: 'none',
      source: 'cli',
      job: null,
    });
    expect(entries.find((e) => e.contact_id === b)).toMatchObject({ contact: '+919876543210', job: 'j1', source: 'import:j1' });
    expect(listAudit(db, { limit: 5 }).next).toBeNull();
  });

  it('filters by contact id, label, channel, actor, job and time', () => {
    const db = tempDb();
    const { a, c } = seed(db);
    expect(all(db, { contactId: a, limit: 1 }).map((e) => e.id)).toEqual([5, 2, 1]);
    expect(all(db, { contactId: a, channel: 'email', limit: 10 }).map((e) => e.id)).toEqual([1]);
    expect(all(db, { contact: 'C@x.com', limit: 10 }).map((e) => e.contact_id)).toEqual([c]);
    expect(all(db, { contact: 'c@x.com', limit: 10 })).toEqual([]);
    expect(all(db, { channel: 'email', limit: 1 }).map((e) => e.id)).toEqual([4, 1]);
    expect(all(db, { actor: 'other', limit: 10 }).map((e) => e.id)).toEqual([4]);
    expect(all(db, { job: 'j1', limit: 10 }).map((e) => e.id)).toEqual([3]);
    expect(all(db, { job: 'j1', channel: 'sms', limit: 10 })).toEqual([]);
    expect(all(db, { since: T0 + 1000, limit: 10 }).map((e) => e.id)).toEqual([5, 4, 3]);
  });

  it('streams every entry since a time, oldest first', () => {
    const db = tempDb();
    seed(db);
    expect([...iterateAudit(db)].map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect([...iterateAudit(db, { since: T0 + 2000 })].map((e) => e.action)).toEqual(['block', 'unblock']);
  });

  it("streams with the listing's filters, oldest first", () => {
    const db = tempDb();
    const { a, c } = seed(db);
    expect([...iterateAudit(db, { contactId: a })].map((e) => e.id)).toEqual([1, 2, 5]);
    expect([...iterateAudit(db, { contactId: a, channel: 'email' })].map((e) => e.id)).toEqual([1]);
    expect([...iterateAudit(db, { contact: 'C@x.com' })].map((e) => e.contact_id)).toEqual([c]);
    expect([...iterateAudit(db, { actor: 'other' })].map((e) => e.id)).toEqual([4]);
  });

  it('is append-only: UPDATE and DELETE raise', () => {
    const db = tempDb();
    seed(db);
    expect(() => db.prepare("UPDATE audit SET actor = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
    expect(listAudit(db, { limit: 10 }).entries).toHaveLength(5);
  });
});
