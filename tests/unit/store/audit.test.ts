import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditPlan, iterateAudit, listAudit, type AuditEntryView } from '../../../src/store/audit';
import { auditContactFilter, pastIdentifierPlans } from '../../../src/store/auditContacts';
import { blockIdentifier, deleteContact, editIdentifiers, setChannelStatus, setChannelStatuses } from '../../../src/store/contacts';
import { openDatabase, type Db } from '../../../src/store/database';
import { MIGRATIONS } from '../../../src/store/migrate';
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
      lifted_category: null,
      reason: null,
      description: null,
    });
    expect(entries.find((e) => e.contact_id === b)).toMatchObject({ contact: '+919876543210', job: 'j1', source: 'import:j1' });
    expect(listAudit(db, { limit: 5 }).next).toBeNull();
  });

  it('filters by contact id, label, channel, actor, job and time', () => {
    const db = tempDb();
    const { a, c } = seed(db);
    expect(all(db, { contactId: a, limit: 1 }).map((e) => e.id)).toEqual([5, 2, 1]);
    expect(all(db, { contactId: a, channel: 'email', limit: 10 }).map((e) => e.id)).toEqual([1]);
    expect(all(db, { labels: { exact: ['C@x.com'] }, limit: 10 }).map((e) => e.contact_id)).toEqual([c]);
    expect(all(db, { labels: { exact: ['c@x.com'] }, limit: 10 })).toEqual([]);
    expect(all(db, { labels: { exact: ['zz'], anyCase: 'c@X.COM' }, limit: 10 }).map((e) => e.contact_id)).toEqual([c]);
    expect(all(db, { labels: { exact: ['a'] }, limit: 10 })).toEqual([]);
    expect(all(db, { labels: { exact: ['A', '+919876543210'] }, limit: 10 }).map((e) => e.id)).toEqual([5, 3, 2, 1]);
    expect(all(db, { contactIds: [a, c], limit: 2 }).map((e) => e.id)).toEqual([5, 4, 2, 1]);
    expect(all(db, { contactIds: [a, c], channel: 'email', limit: 10 }).map((e) => e.id)).toEqual([4, 1]);
    expect(all(db, { contactIds: [], limit: 10 })).toEqual([]);
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
    expect([...iterateAudit(db, { labels: { exact: [], anyCase: 'c@x.com' } })].map((e) => e.contact_id)).toEqual([c]);
    expect([...iterateAudit(db, { contactIds: [c, a] })].map((e) => e.id)).toEqual([1, 2, 4, 5]);
    expect([...iterateAudit(db, { contactIds: [] })]).toEqual([]);
    expect([...iterateAudit(db, { actor: 'other' })].map((e) => e.id)).toEqual([4]);
  });

  it('is append-only: UPDATE and DELETE raise', () => {
    const db = tempDb();
    seed(db);
    expect(() => db.prepare("UPDATE audit SET actor = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
    expect(listAudit(db, { limit: 10 }).entries).toHaveLength(5);
  });

  it("keeps a protected lift's category and the officer's reason; plain changes carry none", () => {
    const db = tempDb();
    const { a } = seed(db);
    blockIdentifier(db, { ...block, using: 'customer_id', value: 'A', channels: ['whatsapp'], category: 'opt_out', at: T0 + 4000 });
    setChannelStatuses(db, {
      contactId: a,
      changes: [
        { channel: 'whatsapp', status: 'none', reason: '  Re-opted in by WhatsApp, message kept  ' },
        { channel: 'email', status: 'blocked', category: 'manual', reason: 'Legal hold' },
      ],
      confirm: true,
      source: 'ui',
      actor: ACTOR,
      at: T0 + 5000,
    });
    const [email, whatsapp] = listAudit(db, { contactId: a, limit: 2 }).entries.sort((x, y) => (x.channel ?? '').localeCompare(y.channel ?? ''));
    expect(whatsapp).toMatchObject({ action: 'unblock', before: 'blocked', after: 'none', lifted_category: 'opt_out', reason: 'Re-opted in by WhatsApp, message kept' });
    expect(email).toMatchObject({ action: 'update', lifted_category: null, reason: 'Legal hold' });
    expect(listAudit(db, { limit: 10 }).entries.filter((e) => e.id <= 5).every((e) => e.lifted_category === null && e.reason === null)).toBe(true);
  });

  it('a delete reads as a sentence: the identifiers and what was blocked on which channel', () => {
    const db = tempDb();
    const { contact } = blockIdentifier(db, { ...block, using: 'customer_id', value: 'C1', channels: ['email'], category: 'unsubscribe' });
    editIdentifiers(db, contact.id, { email: 'a@b.c', mobile: '+91 98765 43210' }, { country: 'IN', actor: ACTOR, source: 'ui' });
    blockIdentifier(db, { ...block, using: 'mobile', value: '9876543210', channels: ['sms'], category: 'opt_out' });
    deleteContact(db, contact.id, { actor: ACTOR, source: 'ui', confirm: true, reason: 'Consent letter 12 Mar' });
    const [entry] = listAudit(db, { contactId: contact.id, limit: 1 }).entries;
    expect(entry).toMatchObject({
      action: 'delete',
      channel: null,
      reason: 'Consent letter 12 Mar',
      description: 'Deleted: customer_id C1, email a@b.c, mobile +919876543210; was blocked on Email (unsubscribe), SMS (opt_out)',
    });
    // The export and the CLI stream the same words.
    expect([...iterateAudit(db, { contactId: contact.id })].at(-1)?.description).toBe(entry?.description);
  });

  it('finds a contact by any identifier it has or had, through indexes', () => {
    const db = tempDb();
    const { a, b } = seed(db);
    editIdentifiers(db, a, { email: 'Priya.Sharma@Example.com' }, { country: 'IN', actor: ACTOR, source: 'ui' });
    editIdentifiers(db, a, { email: 'priya@new.example' }, { country: 'IN', actor: ACTOR, source: 'ui' });
    expect(auditContactFilter(db, 'PRIYA.sharma@example.COM', 'IN')).toEqual({ contactIds: [a] });
    expect(auditContactFilter(db, '098765 43210', 'IN')).toEqual({ contactIds: [b] });
    expect(auditContactFilter(db, 'a', 'IN')).toEqual({ labels: { exact: ['a'] } });
    expect(auditContactFilter(db, 'Nobody@X.com', 'IN')).toEqual({ labels: { exact: ['Nobody@X.com'], anyCase: 'nobody@x.com' } });

    expect(pastIdentifierPlans(db).values[0]).toBe('SEARCH audit USING INDEX audit_identifier_values (<expr>=?)');
    expect(pastIdentifierPlans(db).deletes[0]).toBe('SEARCH audit USING INDEX audit_identifier_actions (action=?)');
    expect(auditPlan(db, { contactIds: [a, b], limit: 50 })[0]).toBe('SEARCH audit USING INDEX audit_contact (contact_id=? AND id<?)');
  });

  it('migration 5 adds the detail column to an older log and keeps it append-only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-audit-'));
    const file = path.join(dir, 'blocklist.db');
    try {
      const old = new Database(file);
      for (const m of MIGRATIONS.filter((x) => x.version <= 4)) old.exec(m.up);
      old.pragma('user_version = 4');
      old.exec(`INSERT INTO audit(at, actor, action, contact_id, contact, channel, before, after, source) VALUES (0, 't', 'block', 1, 'x@y.z', 'email', 'none', 'blocked', 'ui')`);
      old.close();
      const db = openDatabase(file);
      try {
        expect(listAudit(db, { limit: 5 }).entries).toMatchObject([{ contact: 'x@y.z', lifted_category: null, reason: null, description: null }]);
        expect(() => db.prepare(`UPDATE audit SET detail = '{}' WHERE id = 1`).run()).toThrow(/append-only/);
        expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
