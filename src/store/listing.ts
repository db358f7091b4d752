import { CHANNELS, STATUS, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { CONTACT_SELECT, type ContactRow } from './contactRow';
import { toContactView, type ContactView } from './contactView';
import type { Db } from './database';
import { explainQueryPlan } from './queryPlan';
import { statementsFor } from './statementCache';
import type { Statement } from 'better-sqlite3';

export type ListingTab = 'identified' | 'anonymous';

/** Where the previous page ended: its last contact's change time (ms), id, and (mobile order) mobile. */
export interface ListingCursor {
  changed_at: number;
  id: number;
  mobile?: string | null;
}

/**
 * The orders an index serves, and only those: the contact's last change either way
 * (contacts_listing: kind, changed_at, id), and on the anonymous tab the mobile either
 * way (contacts_mobile; every anonymous contact has one, so none is left out). The
 * identified tab has no such order by an identifier: a contact may lack any one of them.
 */
export const LISTING_ORDERS = ['newest', 'oldest', 'mobile_asc', 'mobile_desc'] as const;
export type ListingOrder = (typeof LISTING_ORDERS)[number];

export interface ListingQuery {
  tab: ListingTab;
  /** With no status: contacts with any status on this channel. */
  channel?: Channel;
  status?: 'blocked' | 'whitelisted';
  category?: string;
  /** Exact (`ui`, `sync:ce`), or a prefix when it ends with `:` (`import:` = every import). */
  source?: string;
  /** Inclusive bounds on the contact's last change, ms. */
  changedFrom?: number;
  changedTo?: number;
  /** Default `newest`. */
  order?: ListingOrder;
  after?: ListingCursor | null;
  limit: number;
}

export interface ListingPage {
  contacts: ContactView[];
  /** Pass as `after` for the next page; null on the last page. */
  next: ListingCursor | null;
}

export const MAX_LISTING_LIMIT = 10_000;

/**
 * Which statement serves a query: `all` has no status filter, `any` matches the filter on
 * any channel, a channel name on that channel only. Only these fixed texts are ever
 * prepared; the caller's channel just picks one.
 */
export type ListingShape = 'all' | 'any' | Channel;

const channelFilter = (ch: Channel): string => `(CASE WHEN :status IS NULL THEN ${ch}_status <> ${STATUS.none} ELSE ${ch}_status = :status END
    AND (:category IS NULL OR ${ch}_category = :category)
    AND (:sourceExact IS NULL OR ${ch}_source = :sourceExact)
    AND (:sourcePrefix IS NULL OR substr(${ch}_source, 1, length(:sourcePrefix)) = :sourcePrefix))`;

export function filterFor(shape: ListingShape): string {
  if (shape === 'all') return '';
  if (shape === 'any') return `\n  AND (${CHANNELS.map(channelFilter).join('\n    OR ')})`;
  return `\n  AND ${channelFilter(shape)}`;
}

/**
 * Newest change first, keyset-paged on (changed_at, id). The row value
 * `(changed_at, id) < (?, ?)` would be the natural keyset, but SQLite seeks an index
 * with it only on its first column when the second is the rowid alias: it seeks to
 * `changed_at <= ?` and then skips, row by row, every contact of that same millisecond
 * with a larger id. An import stamps all its contacts with one changed_at, so paging
 * deep into a million-row import would cost a million skips a page. Splitting the
 * keyset into its two index ranges — the rest of the cursor's millisecond, then
 * everything older — lets each arm seek exactly, and the ORDER BY merges the two
 * index-ordered arms without a sort. Oldest first is the same, mirrored.
 */
export function listingSql(shape: ListingShape, order: ListingOrder = 'newest'): string {
  const filter = filterFor(shape);
  if (order === 'mobile_asc' || order === 'mobile_desc') {
    // Mobiles are unique: the mobile alone is the keyset.
    const [cmp, dir] = order === 'mobile_asc' ? ['>', 'ASC'] : ['<', 'DESC'];
    return `SELECT ${CONTACT_SELECT} FROM contacts INDEXED BY contacts_mobile
WHERE mobile ${cmp} :afterMobile AND kind = :kind AND changed_at >= :changedFrom AND changed_at <= :changedTo${filter}
ORDER BY mobile ${dir}
LIMIT :fetch`;
  }
  const [cmp, dir, bound] = order === 'newest' ? ['<', 'DESC', 'changed_at >= :changedFrom'] : ['>', 'ASC', 'changed_at <= :changedTo'];
  const arm = (range: string): string => `SELECT ${CONTACT_SELECT} FROM contacts
WHERE kind = :kind AND ${range} AND ${bound}${filter}`;
  return `${arm(`changed_at = :afterAt AND id ${cmp} :afterId`)}
UNION ALL
${arm(`changed_at ${cmp} :afterAt`)}
ORDER BY changed_at ${dir}, id ${dir}
LIMIT :fetch`;
}

const SHAPES: readonly ListingShape[] = ['all', 'any', ...CHANNELS];

export const LISTING_SQL: Readonly<Record<ListingShape, string>> = Object.fromEntries(SHAPES.map((shape) => [shape, listingSql(shape)])) as Record<
  ListingShape,
  string
>;

interface ListingParams {
  kind: number;
  afterAt: number;
  afterId: number;
  afterMobile: string;
  changedFrom: number;
  changedTo: number;
  status: number | null;
  category: string | null;
  sourceExact: string | null;
  sourcePrefix: string | null;
  fetch: number;
}

/** Only these fixed texts are ever prepared, each once a connection, when first asked for. */
const statements = statementsFor((db) => {
  const prepared = new Map<string, Statement<ListingParams, ContactRow>>();
  return (shape: ListingShape, order: ListingOrder) => {
    const key = `${shape}/${order}`;
    let statement = prepared.get(key);
    if (statement === undefined) {
      statement = db.prepare<ListingParams, ContactRow>(listingSql(shape, order));
      prepared.set(key, statement);
    }
    return statement;
  };
});

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING_LIMIT) {
    throw new DeskError('usage', `the page size must be a whole number from 1 to ${MAX_LISTING_LIMIT} (got ${limit})`);
  }
}

/** Which prepared statement and which parameters a query runs with. */
export function listingStatement(query: ListingQuery): { shape: ListingShape; order: ListingOrder; sql: string; params: ListingParams } {
  checkLimit(query.limit);
  const order = query.order ?? 'newest';
  if ((order === 'mobile_asc' || order === 'mobile_desc') && query.tab !== 'anonymous') {
    throw new DeskError('usage', 'the identified tab is not sorted by mobile: an identified contact may have none');
  }
  const filtered = query.status !== undefined || query.category !== undefined || query.source !== undefined;
  const shape: ListingShape = query.channel ?? (filtered ? 'any' : 'all');
  const source = query.source ?? null;
  const sourceIsPrefix = source !== null && source.endsWith(':');
  const changedFrom = query.changedFrom ?? Number.MIN_SAFE_INTEGER + 1;
  const changedTo = query.changedTo ?? Number.MAX_SAFE_INTEGER - 1;
  // The first page starts just past the range's far end: newest first at (changedTo + 1,
  // -∞) keeps every contact changed at or before changedTo through the "older" arm
  // alone; oldest first, mirrored, at (changedFrom - 1, +∞).
  const after = pageStart(order, query.after ?? null, changedFrom, changedTo);
  const params: ListingParams = {
    kind: query.tab === 'identified' ? 1 : 0,
    afterAt: after.changed_at,
    afterId: after.id,
    // Every E.164 mobile sorts after '' and before U+FFFF.
    afterMobile: after.mobile ?? (order === 'mobile_desc' ? '\uffff' : ''),
    changedFrom,
    changedTo,
    status: query.status === undefined ? null : STATUS[query.status],
    category: query.category ?? null,
    sourceExact: sourceIsPrefix ? null : source,
    sourcePrefix: sourceIsPrefix ? source : null,
    // One more than asked tells whether there is a next page without an empty round trip.
    fetch: query.limit + 1,
  };
  return { shape, order, sql: listingSql(shape, order), params };
}

function pageStart(order: ListingOrder, after: ListingCursor | null, changedFrom: number, changedTo: number): ListingCursor {
  if (order === 'newest') return after !== null && after.changed_at <= changedTo ? after : { changed_at: changedTo + 1, id: Number.MIN_SAFE_INTEGER };
  if (order === 'oldest') return after !== null && after.changed_at >= changedFrom ? after : { changed_at: changedFrom - 1, id: Number.MAX_SAFE_INTEGER };
  return after ?? { changed_at: 0, id: 0, mobile: null };
}

export function listContacts(db: Db, query: ListingQuery): ListingPage {
  const { shape, order, params } = listingStatement(query);
  const rows = statements(db)(shape, order).all(params);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const sortedByMobile = order === 'mobile_asc' || order === 'mobile_desc';
  const next =
    rows.length > query.limit && last !== undefined ? { changed_at: last.changed_at, id: last.id, ...(sortedByMobile ? { mobile: last.mobile } : {}) } : null;
  return { contacts: page.map(toContactView), next };
}

/** The query plan of the very statement `listContacts` runs for `query`. */
export function listingPlan(db: Db, query: ListingQuery): string[] {
  const { sql, params } = listingStatement(query);
  return explainQueryPlan(db, sql, { ...params });
}
