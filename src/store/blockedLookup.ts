import type { Statement } from 'better-sqlite3';
import type { Channel, IdentifierType } from '../domain/channels';
import type { Db } from './database';

/** Keys per statement: few enough that SQLite's IN list stays small, many enough that per-call overhead vanishes. */
export const LOOKUP_BATCH = 500;

const KEY_COLUMN: Readonly<Record<IdentifierType, string>> = { customer_id: 'customer_id', email: 'email_key', mobile: 'mobile' };

/** `count` keys of one type; a row per key whose contact is blocked on one of `channels`, with each channel's category or NULL. */
export function blockedLookupSql(type: IdentifierType, channels: readonly Channel[], count: number): string {
  const column = KEY_COLUMN[type];
  const categories = channels.map((c) => `CASE WHEN ${c}_status = 1 THEN coalesce(${c}_category, 'manual') END`).join(', ');
  const anyBlocked = channels.map((c) => `${c}_status = 1`).join(' OR ');
  return `SELECT ${column}, ${categories} FROM contacts WHERE ${column} IN (${new Array<string>(count).fill('?').join(',')}) AND (${anyBlocked})`;
}

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
  /** Prepared once per identifier type and key count (a batch's last statement takes fewer keys). */
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(
    private readonly db: Db,
    /** Channels asked about for each identifier type, in the order results are given. */
    private readonly channels: Readonly<Partial<Record<IdentifierType, readonly Channel[]>>>,
  ) {}

  private statement(type: IdentifierType, count: number): Statement<unknown[]> {
    const name = `${type}:${count}`;
    let statement = this.statements.get(name);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[]>(blockedLookupSql(type, this.channels[type] ?? [], count)).raw();
      this.statements.set(name, statement);
    }
    return statement;
  }

  /** Looks up `keys` (already normalised match keys, no duplicates needed) and adds the blocked ones to `into`. */
  find(type: IdentifierType, keys: readonly string[], into: BlockedByKey): void {
    if ((this.channels[type] ?? []).length === 0) return;
    for (let from = 0; from < keys.length; from += LOOKUP_BATCH) {
      const part = from === 0 && keys.length <= LOOKUP_BATCH ? keys : keys.slice(from, from + LOOKUP_BATCH);
      const rows = this.statement(type, part.length).all(...part) as [string, ...(string | null)[]][];
      for (const row of rows) into.set(row[0], row.slice(1) as (string | null)[]);
    }
  }
}
