import type { Statement } from 'better-sqlite3';
import type { Channel, IdentifierType } from '../domain/channels';
import type { Db } from './database';

/** Keys per statement: few enough that SQLite's IN list stays small, many enough that per-call overhead vanishes. */
export const LOOKUP_BATCH = 500;

const KEY_COLUMN: Readonly<Record<IdentifierType, string>> = { customer_id: 'customer_id', email: 'email_key', mobile: 'mobile' };

/**
 * For each key found, the category of each asked channel that is blocked on it (status 1;
 * a whitelisted email is status 2 and never counts), or null where that channel is not
 * blocked. Keys of contacts blocked on none of the channels are left out.
 */
export type BlockedByKey = Map<string, (string | null)[]>;

/**
 * Batched, read-only lookups of which keys belong to contacts blocked on some channels:
 * the audience scrub asks for hundreds of keys at once (`WHERE email_key IN (?, …)`), so
 * SQLite walks the unique index in key order instead of seeking once per row. Only
 * blocked contacts come back; most audience rows are not on the list.
 */
export class BlockedLookup {
  private readonly full = new Map<IdentifierType, Statement<unknown[]>>();
  private readonly sized = new Map<string, Statement<unknown[]>>();

  constructor(
    private readonly db: Db,
    /** Channels asked about for each identifier type, in the order results are given. */
    private readonly channels: Readonly<Partial<Record<IdentifierType, readonly Channel[]>>>,
  ) {}

  private statement(type: IdentifierType, count: number): Statement<unknown[]> {
    if (count === LOOKUP_BATCH) {
      const cached = this.full.get(type);
      if (cached) return cached;
    }
    const name = `${type}:${count}`;
    const cached = this.sized.get(name);
    if (cached) return cached;
    const channels = this.channels[type] ?? [];
    const column = KEY_COLUMN[type];
    const statuses = channels.map((c) => `CASE WHEN ${c}_status = 1 THEN coalesce(${c}_category, 'manual') END`).join(', ');
    const anyBlocked = channels.map((c) => `${c}_status = 1`).join(' OR ');
    const sql = `SELECT ${column}, ${statuses} FROM contacts WHERE ${column} IN (${new Array<string>(count).fill('?').join(',')}) AND (${anyBlocked})`;
    const statement = this.db.prepare<unknown[]>(sql).raw();
    if (count === LOOKUP_BATCH) this.full.set(type, statement);
    else this.sized.set(name, statement);
    return statement;
  }

  /** Looks up `keys` (already normalised match keys, no duplicates needed) and adds the blocked ones to `into`. */
  find(type: IdentifierType, keys: readonly string[], into: BlockedByKey): void {
    if ((this.channels[type] ?? []).length === 0) return;
    for (let from = 0; from < keys.length; from += LOOKUP_BATCH) {
      const part = keys.length - from <= LOOKUP_BATCH && from === 0 ? keys : keys.slice(from, from + LOOKUP_BATCH);
      const rows = this.statement(type, part.length).all(...part) as [string, ...(string | null)[]][];
      for (const row of rows) into.set(row[0], row.slice(1) as (string | null)[]);
    }
  }
}
