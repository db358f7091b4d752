import { CATEGORIES, CHANNELS, STATUS, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import type { Db } from './database';
import { COUNT_CHUNK_IDS, type CountOptions } from './listingCount';
import { statementsFor } from './statementCache';

/** Blocked contacts per channel and category, as an officer reports them upward. */
export interface BlockSummary {
  /** `blocked[channel][category]`; a block with no category (never written by us) counts as `none`. */
  blocked: Record<Channel, Record<string, number>>;
  /** Every blocked contact per channel (the row totals). */
  blockedTotal: Record<Channel, number>;
  whitelistedEmail: number;
  /** Contacts blocked on at least one channel (a contact whose blocks were all lifted stays a contact, with none). */
  blockedAnywhere: number;
}

/** One pass over an id range: each channel's blocks by category, in one statement. */
const CHUNK_SQL = CHANNELS.map(
  (ch) => `SELECT '${ch}' AS channel, coalesce(${ch}_category, 'none') AS category, count(*) AS n
FROM contacts NOT INDEXED WHERE id >= :low AND id < :high AND ${ch}_status = ${STATUS.blocked}
GROUP BY ${ch}_category`,
).join('\nUNION ALL\n');

const statements = statementsFor((db) => ({
  bounds: db.prepare<[], { low: number | null; high: number | null }>('SELECT min(id) AS low, max(id) AS high FROM contacts'),
  chunk: db.prepare<{ low: number; high: number }, { channel: Channel; category: string; n: number }>(CHUNK_SQL),
  anywhere: db.prepare<{ low: number; high: number }, { n: number }>(
    `SELECT count(*) AS n FROM contacts NOT INDEXED WHERE id >= :low AND id < :high AND (${CHANNELS.map((ch) => `${ch}_status = ${STATUS.blocked}`).join(' OR ')})`,
  ),
  whitelisted: db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'whitelisted_email'"),
}));

function emptySummary(): BlockSummary {
  const row = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
  return {
    blocked: { email: row(), sms: row(), whatsapp: row(), rcs: row() },
    blockedTotal: { email: 0, sms: 0, whatsapp: 0, rcs: 0 },
    whitelistedEmail: 0,
    blockedAnywhere: 0,
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Blocked contacts by channel × category, counted in chunks of the table with a pause
 * between them (listingCount.ts says why): no index holds categories, and keeping
 * counters for 24 cells in every writer (the set-based merge included) would cost every
 * import for a screen opened now and then.
 */
export async function summarizeBlocks(db: Db, options: CountOptions = {}): Promise<BlockSummary> {
  const prepared = statements(db);
  const summary = emptySummary();
  summary.whitelistedEmail = prepared.whitelisted.get()?.value ?? 0;
  const bounds = prepared.bounds.get();
  if (bounds === undefined || bounds.low === null || bounds.high === null) return summary;
  const step = options.chunkIds ?? COUNT_CHUNK_IDS;
  const pause = options.pause ?? nextTurn;
  for (let low = bounds.low; low <= bounds.high; low += step) {
    if (options.signal?.aborted) throw new DeskError('cancelled', 'the summary was replaced by a newer one');
    for (const row of prepared.chunk.all({ low, high: low + step })) {
      summary.blocked[row.channel][row.category] = (summary.blocked[row.channel][row.category] ?? 0) + row.n;
      summary.blockedTotal[row.channel] += row.n;
    }
    summary.blockedAnywhere += prepared.anywhere.get({ low, high: low + step })?.n ?? 0;
    if (low + step <= bounds.high) await pause();
  }
  return summary;
}
