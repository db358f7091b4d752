import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../src/store/audit';
import { blockIdentifier, editIdentifiers, findContact } from '../../../src/store/contacts';
import { readCounts } from '../../../src/store/counters';
import { IdentifierFieldError } from '../../../src/store/identifierFieldError';
import { ACTOR, expectCountersExact, T0, tempDb, thrown } from './tempStore';

const block = { country: 'IN' as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };
const opts = { country: 'IN' as const, actor: ACTOR, source: 'ui' };

describe('editIdentifiers', () => {
  it('normalises new values, audits each changed field, and moves the contact between tabs', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'mobile', value: '9876543210', channels: ['sms'], at: T0 });
    expect(readCounts(db)).toMatchObject({ identified: 0, anonymous: 1 });
    const r = editIdentifiers(db, c.contact.id, { email: ' Bob@Example.com ', customer_id: 'B-1' }, { ...opts, at: T0 + 10 });
    expect(r.changedFields).toEqual(['customer_id', 'email']);
    expect(r.contact).toMatchObject({ customer_id: 'B-1', email: 'Bob@Example.com', mobile: '+919876543210', kind: 'identified' });
    expect(r.contact.changed_at).toBe(new Date(T0 + 10).toISOString());
    expect(findContact(db, 'email', 'bob@example.com')?.id).toBe(c.contact.id);
    expect(readCounts(db)).toMatchObject({ identified: 1, anonymous: 0 });
    expectCountersExact(db);
    const entries = listAudit(db, { contactId: c.contact.id, limit: 10 }).entries.reverse();
    expect(entries.slice(1).map((e) => [e.action, e.channel, e.before, e.after, e.contact])).toEqual([
      ['edit_customer_id', null, '', 'B-1', 'B-1'],
      ['edit_email', null, '', 'Bob@Example.com', 'B-1'],
    ]);

    const back = editIdentifiers(db, c.contact.id, { email: null, customer_id: '' }, opts);
    expect(back.contact.kind).toBe('anonymous');
    expect(readCounts(db)).toMatchObject({ identified: 0, anonymous: 1 });
    expectCountersExact(db);
  });

  it('refuses a value another contact holds, naming the field and value; nothing changes', () => {
    const db = tempDb();
    blockIdentifier(db, { ...block, using: 'email', value: 'taken@x.com', channels: ['email'] });
    const c = blockIdentifier(db, { ...block, using: 'customer_id', value: 'C', channels: ['sms'] });
    const err = thrown(() => editIdentifiers(db, c.contact.id, { customer_id: 'D', email: 'TAKEN@x.com' }, opts));
    expect(err).toBeInstanceOf(IdentifierFieldError);
    expect(err.code).toBe('conflict');
    expect((err as IdentifierFieldError).field).toBe('email');
    expect((err as IdentifierFieldError).value).toBe('TAKEN@x.com');
    expect(err.message).toContain('TAKEN@x.com');
    expect(findContact(db, 'customer_id', 'C')).not.toBeNull();
    expect(findContact(db, 'customer_id', 'D')).toBeNull();
  });

  it('treats a change of spelling only as an edit, not a conflict with itself', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'email', value: 'ann@x.com', channels: ['email'] });
    const r = editIdentifiers(db, c.contact.id, { email: 'Ann@X.com' }, opts);
    expect(r.changedFields).toEqual(['email']);
    expect(r.contact.email).toBe('Ann@X.com');
    expect(editIdentifiers(db, c.contact.id, { email: 'Ann@X.com' }, opts).changedFields).toEqual([]);
  });

  it('refuses removing the last identifier, one a status depends on, and invalid values', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'email', value: 'e@x.com', channels: ['email'] });
    expect(thrown(() => editIdentifiers(db, c.contact.id, { email: null }, opts)).code).toBe('usage');
    editIdentifiers(db, c.contact.id, { mobile: '09876543210' }, opts);
    const stranded = thrown(() => editIdentifiers(db, c.contact.id, { email: null }, opts));
    expect(stranded).toBeInstanceOf(IdentifierFieldError);
    expect((stranded as IdentifierFieldError).field).toBe('email');
    const invalid = thrown(() => editIdentifiers(db, c.contact.id, { mobile: '12' }, opts));
    expect(invalid.code).toBe('invalid_identifier');
    expect((invalid as IdentifierFieldError).field).toBe('mobile');
    expect(thrown(() => editIdentifiers(db, 12345, { mobile: null }, opts)).code).toBe('not_found');
    expectCountersExact(db);
  });
});
