import { describe, expect, it } from 'vitest';
import { BlockedLookup, blockedLookupSql, LOOKUP_BATCH, type BlockedByKey } from '../../../src/store/blockedLookup';
import { blockIdentifier, setChannelStatus } from '../../../src/store/contacts';
import { explainQueryPlan } from '../../../src/store/queryPlan';
import { ACTOR, tempDb } from './tempStore';

describe('BlockedLookup (the audience scrub reads the blocklist through it)', () => {
  it('answers only blocked contacts, with each asked channel’s category; a whitelisted email is not blocked', () => {
    const db = tempDb();
    const block = (using: 'email' | 'mobile' | 'customer_id', value: string, channels: ('email' | 'sms' | 'whatsapp')[], category: string) =>
      blockIdentifier(db, { using, value, country: 'IN', channels, category, reason: null, source: 'ui', actor: ACTOR });
    block('email', 'a@x.com', ['email'], 'unsubscribe');
    const white = block('email', 'w@x.com', ['email'], 'manual');
    setChannelStatus(db, { contactId: white.contact.id, channel: 'email', status: 'whitelisted', actor: ACTOR, source: 'ui' });
    block('mobile', '9876543210', ['sms'], 'opt_out');
    block('customer_id', 'C1', ['whatsapp'], 'manual');

    const lookup = new BlockedLookup(db, { email: ['email'], mobile: ['sms', 'whatsapp'], customer_id: ['email', 'sms', 'whatsapp'] });
    const found: BlockedByKey = new Map();
    lookup.find('email', ['a@x.com', 'w@x.com', 'nobody@x.com'], found);
    lookup.find('mobile', ['+919876543210', '+919999999999'], found);
    lookup.find('customer_id', ['C1', 'C2'], found);
    expect(Object.fromEntries(found)).toEqual({ 'a@x.com': ['unsubscribe'], '+919876543210': ['opt_out', null], C1: [null, null, 'manual'] });

    // More keys than one statement takes: all are answered.
    const many = Array.from({ length: LOOKUP_BATCH * 2 + 3 }, (_, i) => `k${i}@x.com`).concat(['a@x.com']);
    const again: BlockedByKey = new Map();
    lookup.find('email', many, again);
    expect([...again.keys()]).toEqual(['a@x.com']);
  });

  it('walks the unique index of each identifier, never the table', () => {
    const db = tempDb();
    const index = { email: 'contacts_email_key', mobile: 'contacts_mobile', customer_id: 'contacts_customer_id' } as const;
    for (const type of ['email', 'mobile', 'customer_id'] as const) {
      const plan = explainQueryPlan(db, blockedLookupSql(type, ['email', 'sms'], 3), ['a', 'b', 'c']).join('\n');
      expect(plan, type).toContain(`USING INDEX ${index[type]}`);
      expect(plan, type).not.toMatch(/SCAN contacts/);
    }
  });
});
