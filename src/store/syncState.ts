import type { Db } from './database';
import { statementsFor } from './statementCache';

/**
 * Per remote (its kind and URL): the pull cursor and the push batch in flight. A batch is
 * recorded before it is sent, so a retry after a crash resends the same outbox rows under
 * the same Idempotency-Key, and CE answers it from its idempotency record.
 */
export interface PendingBatch {
  key: string;
  /** The batch is every outbox row up to this id… */
  through: number;
  /** …and had this many rows when first sent (fewer now means it is not the same batch). */
  size: number;
}

export interface SyncState {
  cursor: string | null;
  pending: PendingBatch | null;
}

interface Row {
  cursor: string | null;
  pending_key: string | null;
  pending_through: number | null;
  pending_size: number | null;
}

const statements = statementsFor((db) => ({
  get: db.prepare<[string], Row>('SELECT cursor, pending_key, pending_through, pending_size FROM sync_state WHERE remote = ?'),
  ensure: db.prepare<[string]>('INSERT INTO sync_state(remote) VALUES (?) ON CONFLICT(remote) DO NOTHING'),
  cursor: db.prepare<[string | null, string]>('UPDATE sync_state SET cursor = ? WHERE remote = ?'),
  pending: db.prepare<[string | null, number | null, number | null, string]>(
    'UPDATE sync_state SET pending_key = ?, pending_through = ?, pending_size = ? WHERE remote = ?',
  ),
}));

export function readSyncState(db: Db, remote: string): SyncState {
  const row = statements(db).get.get(remote);
  if (!row) return { cursor: null, pending: null };
  const pending =
    row.pending_key !== null && row.pending_through !== null && row.pending_size !== null
      ? { key: row.pending_key, through: row.pending_through, size: row.pending_size }
      : null;
  return { cursor: row.cursor, pending };
}

/** Call in the transaction that applied the page, so the cursor never runs ahead of it. */
export function saveCursor(db: Db, remote: string, cursor: string): void {
  statements(db).ensure.run(remote);
  statements(db).cursor.run(cursor, remote);
}

export function savePendingBatch(db: Db, remote: string, batch: PendingBatch | null): void {
  statements(db).ensure.run(remote);
  statements(db).pending.run(batch?.key ?? null, batch?.through ?? null, batch?.size ?? null, remote);
}
