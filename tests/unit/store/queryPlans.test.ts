import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src/domain/channels';
import { AUDIT_EXPORT_SQL, auditPlan } from '../../../src/store/audit';
import { explainQueryPlan } from '../../../src/store/queryPlan';
import { blockIdentifier } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { listingPlan, type ListingQuery } from '../../../src/store/listing';
import { searchPlan } from '../../../src/store/search';
import { ACTOR, T0, tempDb } from './tempStore';

const LISTINGS: Omit<ListingQuery, 'limit'>[] = [
  { tab: 'identified' },
  { tab: 'anonymous', after: { changed_at: T0, id: 10 } },
  ...CHANNELS.map((channel) => ({ tab: 'identified' as const, channel })),
  { tab: 'identified', channel: 'email', status: 'whitelisted' },
  { tab: 'anonymous', channel: 'sms', status: 'blocked', category: 'opt_out', source: 'import:' },
  { tab: 'identified', category: 'unsubscribe' },
  { tab: 'identified', source: 'ui', after: { changed_at: T0, id: 10 } },
  { tab: 'identified', changedFrom: T0, changedTo: T0 + 1000 },
  { tab: 'identified', channel: 'rcs', changedFrom: T0, after: { changed_at: T0 + 5, id: 3 } },
];

/** Some data and ANALYZE statistics, so the planner chooses as it would on a used list. */
function populated(): Db {
  const db = tempDb();
  for (let i = 0; i < 120; i += 1) {
    const using = (['customer_id', 'email', 'mobile'] as const)[i % 3] ?? 'customer_id';
    const value = using === 'email' ? `u${i}@x.com` : using === 'mobile' ? `98765${10000 + i}` : `C${i}`;
    blockIdentifier(db, { using, value, country: 'IN', channels: using === 'email' ? ['email'] : ['sms'], category: i % 2 ? 'manual' : 'opt_out', reason: null, source: 'ui', actor: ACTOR, at: T0 + (i % 7) });
  }
  db.exec('ANALYZE');
  return db;
}

function describePlans(name: string, makeDb: () => Db): void {
  describe(`query plans (${name})`, () => {
    it('every listing seeks contacts_listing in both keyset arms and never sorts', () => {
      const db = makeDb();
      for (const query of LISTINGS) {
        const plan = listingPlan(db, { ...query, limit: 100 });
        const searches = plan.filter((line) => /^(SEARCH|SCAN)/.test(line));
        expect(searches, JSON.stringify(query)).toEqual([
          'SEARCH contacts USING INDEX contacts_listing (kind=? AND changed_at=? AND id<?)',
          expect.stringMatching(/^SEARCH contacts USING INDEX contacts_listing \(kind=\? AND changed_at>\? AND changed_at<\?\)$/),
        ]);
        expect(plan.join('\n'), JSON.stringify(query)).not.toContain('TEMP B-TREE');
      }
    });

    it('each exact search uses its unique index', () => {
      const db = makeDb();
      expect(searchPlan(db, { exact: 'customer_id' })).toEqual(['SEARCH contacts USING INDEX contacts_customer_id (customer_id=?)']);
      expect(searchPlan(db, { exact: 'email' })).toEqual(['SEARCH contacts USING INDEX contacts_email_key (email_key=?)']);
      expect(searchPlan(db, { exact: 'mobile' })).toEqual(['SEARCH contacts USING INDEX contacts_mobile (mobile=?)']);
    });

    it('each prefix search is a range of its unique index, in key order', () => {
      const db = makeDb();
      expect(searchPlan(db, { prefix: 'email' })).toEqual(['SEARCH contacts USING INDEX contacts_email_key (email_key>? AND email_key<?)']);
      expect(searchPlan(db, { prefix: 'customer_id' })).toEqual(['SEARCH contacts USING INDEX contacts_customer_id (customer_id>? AND customer_id<?)']);
    });

    it('the audit log of a contact uses audit_contact, of a job audit_job, and the rest walks ids', () => {
      const db = makeDb();
      expect(auditPlan(db, { contactId: 5, limit: 50 })).toEqual(['SEARCH audit USING INDEX audit_contact (contact_id=? AND id<?)']);
      expect(auditPlan(db, { contactId: 5, channel: 'sms', job: 'j1', before: 100, limit: 50 })).toEqual([
        'SEARCH audit USING INDEX audit_contact (contact_id=? AND id<?)',
      ]);
      expect(auditPlan(db, { job: 'j1', limit: 50 })).toEqual(['SEARCH audit USING INDEX audit_job (job=? AND rowid<?)']);
      expect(auditPlan(db, { actor: 'x', limit: 50 })).toEqual(['SEARCH audit USING INTEGER PRIMARY KEY (rowid<?)']);
    });

    it("a contact's audit export uses audit_contact, in id order without a sort", () => {
      const db = makeDb();
      const params = { contactId: 5, since: 0, label0: null, label1: null, label2: null, labelAnyCase: null, channel: 'sms', actor: null };
      expect(explainQueryPlan(db, AUDIT_EXPORT_SQL.byContact, params)).toEqual(['SEARCH audit USING INDEX audit_contact (contact_id=?)']);
    });
  });
}

describePlans('empty database', tempDb);
describePlans('analysed database', populated);
