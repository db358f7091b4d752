import type { Db } from './database';
import { statementsFor } from './statementCache';

const statements = statementsFor((db) => ({
  highest: db.prepare<[], { id: number }>(
    'SELECT max(coalesce((SELECT max(id) FROM contacts), 0), (SELECT value FROM contact_id_high WHERE only = 1)) AS id',
  ),
}));

/**
 * The highest contact id there has ever been, deleted contacts included: new contacts take
 * ids above it, never one a deleted contact had (migration 0003). Call in the writing
 * transaction.
 */
export function highestContactId(db: Db): number {
  return statements(db).highest.get()?.id ?? 0;
}
