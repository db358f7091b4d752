import type { Migration } from '../migrate';

/**
 * CE sync (CE-SYNC.md). The outbox holds one row per identifier whose channel status
 * changed locally, written in the same transaction as the change; a push sends rows in id
 * order and deletes them only after CE answered 2xx. AUTOINCREMENT keeps ids rising even
 * after the table was emptied, so "every row up to id N" always names the same batch.
 *
 * sync_state keeps, per remote, the pull cursor (saved in the transaction that applied
 * the page) and the batch being pushed (its Idempotency-Key and last outbox id), so a
 * retry after a crash resends the same body under the same key.
 *
 * No CHECK (… IN (…)) on the words: an import writes a row per block, and such checks
 * cost about as much as the insert itself; only src/store/outbox.ts writes here.
 */
export const migration: Migration = {
  version: 2,
  name: 'sync-outbox',
  up: `
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  identifier_type TEXT NOT NULL,
  identifier TEXT NOT NULL,
  channel TEXT NOT NULL,
  action TEXT NOT NULL,
  category TEXT,
  reason TEXT,
  source TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_state (
  remote TEXT PRIMARY KEY,
  cursor TEXT,
  pending_key TEXT,
  pending_through INTEGER,
  pending_size INTEGER
) STRICT, WITHOUT ROWID;

-- When a channel change took effect, where that is not when it was recorded: a pulled
-- change's CE time. Conflict rules compare the latest entry's coalesce(effective_at, at).
ALTER TABLE audit ADD COLUMN effective_at INTEGER;
`,
};
