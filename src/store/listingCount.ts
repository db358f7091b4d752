import { DeskError } from '../domain/errors';
import type { Db } from './database';
import { filterFor, listingStatement, type ListingQuery } from './listing';
import { explainQueryPlan } from './queryPlan';
import { statementsFor } from './statementCache';
import type { Statement } from 'better-sqlite3';

/**
 * Contacts a chunk covers, by id. A chunk is a rowid range of the table, so each costs
 * about the same whatever the filter, and at 1.5M contacts one stays within tens of
 * milliseconds (bench --only=bulk): other calls on the database thread wait at most that long.
 */
export const COUNT_CHUNK_IDS = 20_000;

export type CountQuery = Omit<ListingQuery, 'after' | 'limit' | 'order'>;

/**
 * The filter of the listing over one id range. NOT INDEXED keeps the planner on the
 * rowid range (it would otherwise take contacts_listing for `kind = ?` and read the
 * whole tab for every chunk).
 */
export function countSql(shape: Parameters<typeof filterFor>[0], select: 'count(*) AS n' | 'id' = 'count(*) AS n'): string {
  return `SELECT ${select} FROM contacts NOT INDEXED
WHERE id >= :low AND id < :high AND kind = :kind AND changed_at >= :changedFrom AND changed_at <= :changedTo${filterFor(shape)}`;
}

const statements = statementsFor((db) => {
  const prepared = new Map<string, ReturnType<typeof prepare>>();
  const preparedIds = new Map<string, Statement<Record<string, unknown>, number>>();
  function prepare(shape: Parameters<typeof filterFor>[0]) {
    return db.prepare<Record<string, unknown>, { n: number }>(countSql(shape));
  }
  return {
    ids(shape: Parameters<typeof filterFor>[0]) {
      let statement = preparedIds.get(shape);
      if (statement === undefined) {
        statement = db.prepare<Record<string, unknown>, number>(countSql(shape, 'id')).pluck();
        preparedIds.set(shape, statement);
      }
      return statement;
    },
    bounds: db.prepare<[], { low: number | null; high: number | null }>('SELECT min(id) AS low, max(id) AS high FROM contacts'),
    count(shape: Parameters<typeof filterFor>[0]) {
      let statement = prepared.get(shape);
      if (statement === undefined) {
        statement = prepare(shape);
        prepared.set(shape, statement);
      }
      return statement;
    },
  };
});

function countParams(query: CountQuery) {
  const { shape, params } = listingStatement({ ...query, limit: 1 });
  const { kind, changedFrom, changedTo, status, category, sourceExact, sourcePrefix } = params;
  return { shape, params: { kind, changedFrom, changedTo, status, category, sourceExact, sourcePrefix } };
}

export interface CountOptions {
  /** Aborted: the count stops at the next chunk with a `cancelled` error. */
  signal?: AbortSignal;
  /** Between chunks (default: a turn of the event loop, so other calls run). */
  pause?: () => Promise<void>;
  chunkIds?: number;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The exact number of contacts the listing shows for a filter, counted in chunks of the
 * table with a pause between them: a filter no index serves reads every contact of the
 * table, and on the database thread that must not hold up every other call for seconds.
 */
export async function countListing(db: Db, query: CountQuery, options: CountOptions = {}): Promise<number> {
  const { shape, params } = countParams(query);
  const prepared = statements(db);
  const pause = options.pause ?? nextTurn;
  const step = options.chunkIds ?? COUNT_CHUNK_IDS;
  const bounds = prepared.bounds.get();
  if (bounds === undefined || bounds.low === null || bounds.high === null) return 0;
  let total = 0;
  for (let low = bounds.low; low <= bounds.high; low += step) {
    if (options.signal?.aborted) throw new DeskError('cancelled', 'the count was replaced by a newer one');
    total += prepared.count(shape).get({ ...params, low, high: low + step })?.n ?? 0;
    if (low + step <= bounds.high) await pause();
  }
  if (options.signal?.aborted) throw new DeskError('cancelled', 'the count was replaced by a newer one');
  return total;
}

/** The plan of one chunk's count, for tests: a rowid range, never an index scan of the tab. */
export function countPlan(db: Db, query: CountQuery): string[] {
  const { shape, params } = countParams(query);
  return explainQueryPlan(db, countSql(shape), { ...params, low: 1, high: 1 + COUNT_CHUNK_IDS });
}

/**
 * The ids of every contact the listing shows for a filter, in id order, read in the same
 * chunks as the count (a bulk action's targets; call it inside the action's transaction
 * so the set is the one it changes).
 */
export function listingIds(db: Db, query: CountQuery): number[] {
  const { shape, params } = countParams(query);
  const prepared = statements(db);
  const bounds = prepared.bounds.get();
  if (bounds === undefined || bounds.low === null || bounds.high === null) return [];
  const ids: number[] = [];
  for (let low = bounds.low; low <= bounds.high; low += COUNT_CHUNK_IDS) {
    for (const id of prepared.ids(shape).all({ ...params, low, high: low + COUNT_CHUNK_IDS })) ids.push(id);
  }
  return ids;
}
