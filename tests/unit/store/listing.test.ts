import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../../src/domain/channels';
import { blockIdentifier, setChannelStatus } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { listContacts, type ListingCursor, type ListingQuery } from '../../../src/store/listing';
import { ACTOR, T0, tempDb } from './tempStore';

const block = { country: 'IN' as const, reason: null, actor: ACTOR };

/** Every page of a query, following the cursor. */
function allPages(db: Db, query: Omit<ListingQuery, 'after'>): { ids: number[]; pages: number } {
  const ids: number[] = [];
  let after: ListingCursor | null = null;
  let pages = 0;
  do {
    const page = listContacts(db, { ...query, after });
    ids.push(...page.contacts.map((c) => c.id));
    after = page.next;
    pages += 1;
    if (pages > 1000) throw new Error('paging does not end');
  } while (after !== null);
  return { ids, pages };
}

/** The expected order computed independently: changed_at desc, id desc. */
function expectedIds(db: Db, kind: number, where = '1'): number[] {
  return (db.prepare(`SELECT id FROM contacts WHERE kind = ? AND ${where} ORDER BY changed_at DESC, id DESC`).all(kind) as { id: number }[]).map((r) => r.id);
}

/** 60 identified and 15 anonymous contacts, with many sharing one changed_at (as an import does). */
function seed(db: Db): void {
  for (let i = 0; i < 75; i += 1) {
    const at = T0 + (i % 4 === 0 ? 0 : Math.floor(i / 10) * 1000);
    const channel: Channel = CHANNELS[i % 4] ?? 'email';
    const category = i % 3 === 0 ? 'opt_out' : 'manual';
    const source = i % 5 === 0 ? `import:j${i % 2}` : 'ui';
    if (i % 5 === 4) blockIdentifier(db, { ...block, using: 'mobile', value: `98765${String(10000 + i)}`, channels: ['sms'], category, source, at });
    else blockIdentifier(db, { ...block, using: 'customer_id', value: `C${i}`, channels: [channel], category, source, at });
  }
}

describe('listContacts', () => {
  it('lists newest change first and reaches every record exactly once across pages with equal changed_at', () => {
    const db = tempDb();
    seed(db);
    for (const limit of [1, 7, 10, 60, 200]) {
      const identified = allPages(db, { tab: 'identified', limit });
      expect(identified.ids).toEqual(expectedIds(db, 1));
      expect(identified.ids).toHaveLength(60);
      expect(identified.pages).toBe(Math.max(1, Math.ceil(60 / limit)));
      expect(allPages(db, { tab: 'anonymous', limit }).ids).toEqual(expectedIds(db, 0));
    }
  });

  it('gives no next cursor on the last page and an empty list for an empty tab', () => {
    const db = tempDb();
    expect(listContacts(db, { tab: 'identified', limit: 10 })).toEqual({ contacts: [], next: null });
    blockIdentifier(db, { ...block, using: 'customer_id', value: 'A', channels: ['sms'], category: 'manual', source: 'ui' });
    expect(listContacts(db, { tab: 'identified', limit: 1 }).next).toBeNull();
  });

  it('moves a changed contact to the top', () => {
    const db = tempDb();
    seed(db);
    const last = expectedIds(db, 1).at(-1) ?? 0;
    setChannelStatus(db, { contactId: last, channel: 'whatsapp', status: 'blocked', source: 'ui', actor: ACTOR, at: T0 + 99_000, confirm: true });
    expect(listContacts(db, { tab: 'identified', limit: 1 }).contacts[0]?.id).toBe(last);
  });

  it('filters by channel, status, category, source (exact and prefix) and date, paging the same way', () => {
    const db = tempDb();
    seed(db);
    const page = (q: Omit<ListingQuery, 'after' | 'limit'>) => allPages(db, { ...q, limit: 4 }).ids;
    expect(page({ tab: 'identified', channel: 'sms' })).toEqual(expectedIds(db, 1, 'sms_status <> 0'));
    expect(page({ tab: 'identified', channel: 'sms', status: 'blocked' })).toEqual(expectedIds(db, 1, 'sms_status = 1'));
    expect(page({ tab: 'identified', category: 'opt_out' })).toEqual(
      expectedIds(db, 1, `(${CHANNELS.map((c) => `(${c}_status <> 0 AND ${c}_category = 'opt_out')`).join(' OR ')})`),
    );
    expect(page({ tab: 'identified', channel: 'email', category: 'manual' })).toEqual(expectedIds(db, 1, `email_status <> 0 AND email_category = 'manual'`));
    expect(page({ tab: 'identified', source: 'import:' })).toEqual(
      expectedIds(db, 1, `(${CHANNELS.map((c) => `${c}_source LIKE 'import:%'`).join(' OR ')})`),
    );
    expect(page({ tab: 'identified', source: 'import:j0' })).toEqual(expectedIds(db, 1, `(${CHANNELS.map((c) => `${c}_source = 'import:j0'`).join(' OR ')})`));
    expect(page({ tab: 'anonymous', channel: 'sms', source: 'ui' })).toEqual(expectedIds(db, 0, `sms_source = 'ui'`));
    const from = T0 + 1000;
    const to = T0 + 3000;
    expect(page({ tab: 'identified', changedFrom: from, changedTo: to })).toEqual(expectedIds(db, 1, `changed_at BETWEEN ${from} AND ${to}`));
    expect(page({ tab: 'identified', changedTo: T0 })).toEqual(expectedIds(db, 1, `changed_at <= ${T0}`));
    expect(page({ tab: 'identified', channel: 'rcs', status: 'whitelisted' })).toEqual([]);
    expect(page({ tab: 'identified', channel: 'email', status: 'whitelisted' })).toEqual([]);
    setChannelStatus(db, { contactId: expectedIds(db, 1, 'email_status = 1')[0] ?? 0, channel: 'email', status: 'whitelisted', source: 'ui', actor: ACTOR, confirm: true, reason: 'consent on file' });
    expect(page({ tab: 'identified', status: 'whitelisted' })).toHaveLength(1);
  });

  it('refuses a silly page size', () => {
    const db = tempDb();
    expect(() => listContacts(db, { tab: 'identified', limit: 0 })).toThrow(/page size/);
    expect(() => listContacts(db, { tab: 'identified', limit: 1.5 })).toThrow(/page size/);
  });
});
