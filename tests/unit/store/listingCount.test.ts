import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../../src/domain/channels';
import { blockIdentifier } from '../../../src/store/contacts';
import type { Db } from '../../../src/store/database';
import { listContacts, listingPlan, type ListingCursor, type ListingQuery } from '../../../src/store/listing';
import { countListing, countPlan, listingIds, type CountQuery } from '../../../src/store/listingCount';
import { ACTOR, T0, tempDb } from './tempStore';

const block = { country: 'IN' as const, reason: null, actor: ACTOR };

/** 500 contacts (more than two listing pages): identified and anonymous, channels, categories and sources mixed. */
function seed(db: Db): void {
  db.transaction(() => {
    for (let i = 0; i < 500; i += 1) {
      const at = T0 + (i % 9) * 1000;
      const channel: Channel = CHANNELS[i % 4] ?? 'email';
      const category = i % 3 === 0 ? 'opt_out' : 'manual';
      const source = i % 5 === 0 ? 'import:j1' : 'ui';
      if (i % 4 === 1) blockIdentifier(db, { ...block, using: 'mobile', value: `98${String(10_000_000 + ((i * 7919) % 9_999_999)).padStart(8, '0')}`, channels: ['sms'], category, source, at });
      else blockIdentifier(db, { ...block, using: 'customer_id', value: `C${i}`, channels: [channel], category, source, at });
    }
  })();
}

/** Every row of a listing query, following the cursor page by page. */
function everyRow(db: Db, query: Omit<ListingQuery, 'after' | 'limit'>, limit = 7): { id: number; mobile: string | null }[] {
  const rows: { id: number; mobile: string | null }[] = [];
  let after: ListingCursor | null = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = listContacts(db, { ...query, after, limit });
    rows.push(...page.contacts.map((c) => ({ id: c.id, mobile: c.mobile })));
    after = page.next;
    if (after === null) return rows;
  }
  throw new Error('paging does not end');
}

const FILTERS: CountQuery[] = [
  { tab: 'identified' },
  { tab: 'anonymous' },
  { tab: 'identified', channel: 'email' },
  { tab: 'identified', category: 'opt_out' },
  { tab: 'anonymous', channel: 'sms', status: 'blocked', category: 'opt_out' },
  { tab: 'identified', source: 'import:' },
  { tab: 'identified', changedFrom: T0 + 2000, changedTo: T0 + 5000 },
];

describe('countListing', () => {
  it('counts exactly the contacts the listing pages through, over many chunks', async () => {
    const db = tempDb();
    seed(db);
    for (const filter of FILTERS) {
      const listed = everyRow(db, filter, 200);
      let pauses = 0;
      const count = await countListing(db, filter, { chunkIds: 37, pause: async () => void (pauses += 1) });
      expect(count, JSON.stringify(filter)).toBe(listed.length);
      expect(pauses).toBeGreaterThan(10);
      expect(listingIds(db, filter).sort((a, b) => a - b)).toEqual(listed.map((r) => r.id).sort((a, b) => a - b));
    }
    // More than a listing page (200), so a count that stopped at the first page would fail.
    expect(await countListing(db, { tab: 'identified' })).toBe(375);
  });

  it('stops with cancelled when its signal is aborted between chunks', async () => {
    const db = tempDb();
    seed(db);
    const controller = new AbortController();
    let chunks = 0;
    const counting = countListing(db, { tab: 'identified' }, {
      chunkIds: 50,
      signal: controller.signal,
      pause: async () => {
        chunks += 1;
        if (chunks === 2) controller.abort();
      },
    });
    await expect(counting).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBe(2);
  });

  it('reads each chunk as a rowid range of the table, never the whole tab through an index', () => {
    const db = tempDb();
    seed(db);
    db.exec('ANALYZE');
    for (const filter of FILTERS) {
      expect(countPlan(db, filter), JSON.stringify(filter)).toEqual(['SEARCH contacts USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)']);
    }
  });
});

describe('listing orders', () => {
  it('oldest first reaches every contact once, in (changed_at, id) order, across pages', () => {
    const db = tempDb();
    seed(db);
    for (const filter of FILTERS) {
      const newest = everyRow(db, filter).map((r) => r.id);
      const oldest = everyRow(db, { ...filter, order: 'oldest' }).map((r) => r.id);
      expect(oldest, JSON.stringify(filter)).toEqual([...newest].reverse());
    }
  });

  it('sorts the anonymous tab by mobile either way, every contact once across pages', () => {
    const db = tempDb();
    seed(db);
    const up = everyRow(db, { tab: 'anonymous', order: 'mobile_asc' });
    const mobiles = up.map((r) => r.mobile ?? '');
    expect(up.length).toBe(125);
    expect(mobiles).toEqual([...mobiles].sort());
    expect(everyRow(db, { tab: 'anonymous', order: 'mobile_desc' }).map((r) => r.id)).toEqual(up.map((r) => r.id).reverse());
    const filtered = everyRow(db, { tab: 'anonymous', order: 'mobile_asc', category: 'opt_out' }, 5);
    expect(filtered.length).toBe(everyRow(db, { tab: 'anonymous', category: 'opt_out' }).length);
  });

  it('refuses to sort the identified tab by mobile (a contact there may have none)', () => {
    const db = tempDb();
    expect(() => listContacts(db, { tab: 'identified', order: 'mobile_asc', limit: 10 })).toThrow(/identified tab is not sorted by mobile/);
  });

  it('each order walks its index without sorting', () => {
    const db = tempDb();
    seed(db);
    db.exec('ANALYZE');
    const oldest = listingPlan(db, { tab: 'identified', order: 'oldest', limit: 100 });
    expect(oldest.filter((l) => /^(SEARCH|SCAN)/.test(l))).toEqual([
      'SEARCH contacts USING INDEX contacts_listing (kind=? AND changed_at=? AND id>?)',
      expect.stringMatching(/^SEARCH contacts USING INDEX contacts_listing \(kind=\? AND changed_at>\? AND changed_at<\?\)$/),
    ]);
    expect(oldest.join('\n')).not.toContain('TEMP B-TREE');
    for (const order of ['mobile_asc', 'mobile_desc'] as const) {
      const plan = listingPlan(db, { tab: 'anonymous', order, channel: 'sms', limit: 100 });
      expect(plan[0]).toMatch(/^SEARCH contacts USING INDEX contacts_mobile \(mobile[<>]\?\)$/);
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
    }
  });
});
