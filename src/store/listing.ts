import { CHANNELS, STATUS, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { CONTACT_SELECT, type ContactRow } from './contactRow';
import { toContactView, type ContactView } from './contactView';
import type { Db } from './database';
import { explainQueryPlan } from './queryPlan';
import { statementsFor } from './statementCache';

export type ListingTab = 'identified' | 'anonymous';

/** Where the previous page ended: its last contact's change time (ms) and id. */
export interface ListingCursor {
  changed_at: number;
  id: number;
}

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

function filterFor(shape: ListingShape): string {
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
 * index-ordered arms without a sort.
 */
export function listingSql(shape: ListingShape): string {
  const filter = filterFor(shape);
  const arm = (range: string): string => `SELECT ${CONTACT_SELECT} FROM contacts
WHERE kind = :kind AND ${range} AND changed_at >= :changedFrom${filter}`;
  return `${arm('changed_at = :afterAt AND id < :afterId')}
UNION ALL
${arm('changed_at < :afterAt')}
ORDER BY changed_at DESC, id DESC
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
  changedFrom: number;
  status: number | null;
  category: string | null;
  sourceExact: string | null;
  sourcePrefix: string | null;
  fetch: number;
}

const statements = statementsFor((db) => {
  const prepared = {} as Record<ListingShape, ReturnType<typeof prepare>>;
  function prepare(shape: ListingShape) {
    return db.prepare<ListingParams, ContactRow>(LISTING_SQL[shape]);
  }
  for (const shape of SHAPES) prepared[shape] = prepare(shape);
  return prepared;
});

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING_LIMIT) {
    throw new DeskError('usage', `the page size must be a whole number from 1 to ${MAX_LISTING_LIMIT} (got ${limit})`);
  }
}

/** Which prepared statement and which parameters a query runs with. */
export function listingStatement(query: ListingQuery): { shape: ListingShape; sql: string; params: ListingParams } {
  checkLimit(query.limit);
  const filtered = query.status !== undefined || query.category !== undefined || query.source !== undefined;
  const shape: ListingShape = query.channel ?? (filtered ? 'any' : 'all');
  const source = query.source ?? null;
  const sourceIsPrefix = source !== null && source.endsWith(':');
  // The first page starts just above changedTo: a cursor at (changedTo + 1, -∞) keeps
  // every contact changed at or before changedTo, through the "older" arm alone.
  const start: ListingCursor = { changed_at: (query.changedTo ?? Number.MAX_SAFE_INTEGER - 1) + 1, id: Number.MIN_SAFE_INTEGER };
  const after = query.after && query.after.changed_at < start.changed_at ? query.after : start;
  const params: ListingParams = {
    kind: query.tab === 'identified' ? 1 : 0,
    afterAt: after.changed_at,
    afterId: after.id,
    changedFrom: query.changedFrom ?? Number.MIN_SAFE_INTEGER,
    status: query.status === undefined ? null : STATUS[query.status],
    category: query.category ?? null,
    sourceExact: sourceIsPrefix ? null : source,
    sourcePrefix: sourceIsPrefix ? source : null,
    // One more than asked tells whether there is a next page without an empty round trip.
    fetch: query.limit + 1,
  };
  return { shape, sql: LISTING_SQL[shape], params };
}

export function listContacts(db: Db, query: ListingQuery): ListingPage {
  const { shape, params } = listingStatement(query);
  const rows = statements(db)[shape].all(params);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const next = rows.length > query.limit && last !== undefined ? { changed_at: last.changed_at, id: last.id } : null;
  return { contacts: page.map(toContactView), next };
}

/** The query plan of the very statement `listContacts` runs for `query`. */
export function listingPlan(db: Db, query: ListingQuery): string[] {
  const { sql, params } = listingStatement(query);
  return explainQueryPlan(db, sql, { ...params });
}
