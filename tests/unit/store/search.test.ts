import { describe, expect, it } from 'vitest';
import { blockIdentifier, editIdentifiers } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { searchContacts } from '../../../src/store/search';
import { ACTOR, tempDb } from './tempStore';

const block = { country: 'IN' as const, category: 'manual', reason: null, source: 'ui', actor: ACTOR };
const IN = { country: 'IN' as const };

function ids(db: Db, query: string, options: { prefix?: boolean; limit?: number } = {}): number[] {
  return searchContacts(db, query, { ...IN, ...options }).map((c) => c.id);
}

describe('searchContacts', () => {
  it('finds a customer ID exactly, case-sensitively', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'customer_id', value: 'Cust-42', channels: ['sms'] });
    expect(ids(db, 'Cust-42')).toEqual([c.contact.id]);
    expect(ids(db, '  Cust-42 ')).toEqual([c.contact.id]);
    expect(ids(db, 'cust-42')).toEqual([]);
    expect(ids(db, 'Cust-4')).toEqual([]);
  });

  it('finds an email in any case, showing its spelling', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'email', value: 'Ann.Lee@Example.com', channels: ['email'] });
    for (const q of ['ann.lee@example.com', 'ANN.LEE@EXAMPLE.COM', 'Ann.Lee@Example.com']) {
      const found = searchContacts(db, q, IN);
      expect(found.map((f) => f.id)).toEqual([c.contact.id]);
      expect(found[0]?.email).toBe('Ann.Lee@Example.com');
    }
    expect(ids(db, 'annlee@example.com')).toEqual([]);
  });

  it('finds a mobile written in any format, normalised with the default country', () => {
    const db = tempDb();
    const c = blockIdentifier(db, { ...block, using: 'mobile', value: '+91 98765 43210', channels: ['whatsapp'] });
    for (const q of ['98765 43210', '09876543210', '+91-98765-43210', '919876543210', '+919876543210']) {
      expect(ids(db, q)).toEqual([c.contact.id]);
    }
    expect(searchContacts(db, '9876543210', { country: 'US' }).map((f) => f.id)).toEqual([]);
  });

  it('returns a contact matched by several identifiers once, and every contact a query names', () => {
    const db = tempDb();
    const byId = blockIdentifier(db, { ...block, using: 'customer_id', value: '9876543210', channels: ['sms'] });
    const byMobile = blockIdentifier(db, { ...block, using: 'mobile', value: '9876543210', channels: ['sms'] });
    expect(ids(db, '9876543210')).toEqual([byId.contact.id, byMobile.contact.id]);
    editIdentifiers(db, byMobile.contact.id, { mobile: null, customer_id: 'other' }, { ...IN, actor: ACTOR, source: 'ui' });
    editIdentifiers(db, byId.contact.id, { mobile: '9876543210' }, { ...IN, actor: ACTOR, source: 'ui' });
    expect(ids(db, '9876543210')).toEqual([byId.contact.id]);
  });

  it('answers nothing for an empty query or an unknown value', () => {
    const db = tempDb();
    blockIdentifier(db, { ...block, using: 'customer_id', value: 'A', channels: ['sms'] });
    expect(ids(db, '   ')).toEqual([]);
    expect(ids(db, '', { prefix: true })).toEqual([]);
    expect(ids(db, 'zzz@nowhere.com')).toEqual([]);
  });

  it('prefix search lists emails (any case) and customer IDs starting with the query, in key order, limited', () => {
    const db = tempDb();
    const add = (using: 'email' | 'customer_id', value: string) =>
      blockIdentifier(db, { ...block, using, value, channels: ['email'] }).contact.id;
    const b = add('email', 'Bea@x.com');
    const a = add('email', 'ab@x.com');
    const c = add('email', 'abc@y.com');
    add('email', 'ac@x.com');
    const idAb = add('customer_id', 'ab-1');
    const idAB = add('customer_id', 'AB-2');
    // U+10FFFF sorts after every other character: the range bound must still include it.
    const exotic = add('customer_id', 'ab\u{10FFFF}z');
    expect(ids(db, 'AB', { prefix: true })).toEqual([a, c, idAB]);
    expect(ids(db, 'ab', { prefix: true })).toEqual([a, c, idAb, exotic]);
    expect(ids(db, 'Ab', { prefix: true })).toEqual([a, c]);
    expect(ids(db, 'b', { prefix: true })).toEqual([b]);
    expect(ids(db, 'ab', { prefix: true, limit: 3 })).toEqual([a, c, idAb]);
    expect(ids(db, 'ab')).toEqual([]);
  });

  it('prefix search puts an exact match first and lists it once', () => {
    const db = tempDb();
    const long = blockIdentifier(db, { ...block, using: 'customer_id', value: 'ab1', channels: ['sms'] }).contact.id;
    const exact = blockIdentifier(db, { ...block, using: 'customer_id', value: 'ab', channels: ['sms'] }).contact.id;
    expect(ids(db, 'ab', { prefix: true })).toEqual([exact, long]);
  });
});
