import type { IdentifierType } from '../src/domain/channels';
import { readCounts } from '../src/store/counters';
import type { Db } from '../src/store/database';
import { listContacts, type ListingCursor, type ListingTab } from '../src/store/listing';
import { searchContacts } from '../src/store/search';
import { getSettings } from '../src/store/settings';

export interface StoreQueryTimes {
  /** 99th percentile of one exact search (customer ID, email or mobile as typed). */
  searchP99Ms: number;
  /** Worst of: tab counts plus the first page of both tabs, as the listing opens. */
  countsPlusFirstPageMs: number;
  /** Worst single keyset page, scrolling on from the top and resuming deep in the list. */
  laterPageMaxMs: number;
}

const SEARCHES = 2000;
const PAGE_SIZE = 200;
const PAGES_FROM_TOP = 100;
const DEEP_RESUMES = 100;
const OPENINGS = 5;

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

interface SampleRow {
  id: number;
  customer_id: string | null;
  email: string | null;
  mobile: string | null;
  kind: number;
  changed_at: number;
}

/** Random existing contacts, found by rowid probes (no scan, whatever the list's size). */
function sampleContacts(db: Db, count: number): SampleRow[] {
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM contacts').get() as { m: number }).m;
  const byId = db.prepare<[number], SampleRow>('SELECT id, customer_id, email, mobile, kind, changed_at FROM contacts WHERE id >= ? ORDER BY id LIMIT 1');
  const rows: SampleRow[] = [];
  for (let i = 0; i < count * 2 && rows.length < count && maxId > 0; i += 1) {
    const row = byId.get(1 + Math.floor(Math.random() * maxId));
    if (row !== undefined) rows.push(row);
  }
  return rows;
}

function searchKey(row: SampleRow, turn: number): string | null {
  const order: IdentifierType[] = ['customer_id', 'email', 'mobile'];
  for (let i = 0; i < order.length; i += 1) {
    const value = row[order[(turn + i) % order.length] ?? 'customer_id'];
    if (value !== null) return value;
  }
  return null;
}

/**
 * Times the main-process read path on a populated database, in-process: exact searches
 * for random existing keys, opening the listing (counts + first pages), and keyset
 * pages both from the top and resumed from random deep positions.
 */
export function measureStoreQueries(db: Db): StoreQueryTimes {
  const { country } = getSettings(db);
  const samples = sampleContacts(db, SEARCHES);

  const searchTimes: number[] = [];
  samples.forEach((row, turn) => {
    const key = searchKey(row, turn);
    if (key === null) return;
    const start = process.hrtime.bigint();
    const found = searchContacts(db, key, { country });
    searchTimes.push(elapsedMs(start));
    if (!found.some((c) => c.id === row.id)) throw new Error(`search for ${key} did not find contact ${row.id}`);
  });

  let countsPlusFirstPageMs = 0;
  for (let i = 0; i < OPENINGS; i += 1) {
    const start = process.hrtime.bigint();
    readCounts(db);
    listContacts(db, { tab: 'identified', limit: PAGE_SIZE });
    listContacts(db, { tab: 'anonymous', limit: PAGE_SIZE });
    countsPlusFirstPageMs = Math.max(countsPlusFirstPageMs, elapsedMs(start));
  }

  let laterPageMaxMs = 0;
  const timePage = (tab: ListingTab, after: ListingCursor | null): ListingCursor | null => {
    const start = process.hrtime.bigint();
    const page = listContacts(db, { tab, after, limit: PAGE_SIZE });
    laterPageMaxMs = Math.max(laterPageMaxMs, elapsedMs(start));
    return page.next;
  };
  for (const tab of ['identified', 'anonymous'] as const) {
    let cursor = listContacts(db, { tab, limit: PAGE_SIZE }).next;
    for (let i = 0; i < PAGES_FROM_TOP && cursor !== null; i += 1) cursor = timePage(tab, cursor);
  }
  // A deep position is any contact's own (changed_at, id): resuming there is what
  // scrolling far down costs with a keyset, however far down it is.
  for (const row of samples.slice(0, DEEP_RESUMES)) {
    timePage(row.kind === 1 ? 'identified' : 'anonymous', { changed_at: row.changed_at, id: row.id });
  }

  return { searchP99Ms: percentile(searchTimes, 99), countsPlusFirstPageMs, laterPageMaxMs };
}
