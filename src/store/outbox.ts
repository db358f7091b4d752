import { CHANNELS, type Channel, type IdentifierType } from '../domain/channels';
import { NO_STATUS, sameStatus, statusOf, type ContactRow, type StatusDetail } from './contactRow';
import type { Db } from './database';
import { statementsFor } from './statementCache';

/**
 * The CE-sync outbox (CE-SYNC.md, Client behaviour): one row per identifier whose channel
 * status changed locally, written in the same transaction as the change by whichever
 * writer made it — the row writer (UI, CLI, paste of a single contact, keywords) through
 * outboxEntriesFor, the set-based import merge and revert through the SQL below. Both
 * follow one rule: a channel's status travels on the contact's customer_id and on the
 * identifier that channel uses (email for email; mobile for SMS, WhatsApp and RCS);
 * an identifier that leaves a contact takes an unblock with it. Changes that came from a
 * pull (source `sync:…`) are not written: they are CE's own.
 */

export type OutboxAction = 'block' | 'unblock' | 'whitelist';

export interface OutboxEntry {
  identifier_type: IdentifierType;
  identifier: string;
  channel: Channel;
  action: OutboxAction;
  category: string | null;
  reason: string | null;
  /** The CE contract's source word (ui, import, paste, keywords, api). */
  source: string;
  /**
   * When the change was made here (ms) — not a block's own date (a file's blocked_at):
   * CE orders changes by this time, and so do our conflict rules (the latest audit entry).
   */
  at: number;
}

export interface OutboxRow extends OutboxEntry {
  id: number;
}

/** True for changes that must not be pushed back: those a pull applied. */
export function isPulledSource(source: string): boolean {
  return source.startsWith('sync:');
}

/** Our source (`import:<job>`, `keywords:<job>`, `ui`, `cli`, `revert:<job>` …) as the contract's word. */
export function ceSourceWord(source: string): string {
  const head = source.split(':', 1)[0] ?? '';
  return ['ui', 'import', 'paste', 'keywords'].includes(head) ? head : 'api';
}

type Key = readonly [IdentifierType, string];

/** The identifiers a channel's status travels on: customer_id and the channel's own identifier. */
export function channelKeys(row: Pick<ContactRow, 'customer_id' | 'email_key' | 'mobile'> | null, ch: Channel): Key[] {
  if (row === null) return [];
  const keys: Key[] = [];
  if (row.customer_id !== null) keys.push(['customer_id', row.customer_id]);
  if (ch === 'email') {
    if (row.email_key !== null) keys.push(['email', row.email_key]);
  } else if (row.mobile !== null) keys.push(['mobile', row.mobile]);
  return keys;
}

const sameKey = (a: Key, b: Key) => a[0] === b[0] && a[1] === b[1];

/** What one contact's change from `before` to `after` (null: created or deleted) puts in the outbox. */
export function outboxEntriesFor(before: ContactRow | null, after: ContactRow | null, change: { at: number; source: string }): OutboxEntry[] {
  if (isPulledSource(change.source)) return [];
  const source = ceSourceWord(change.source);
  const entries: OutboxEntry[] = [];
  for (const ch of CHANNELS) {
    const was: StatusDetail = before ? statusOf(before, ch) : NO_STATUS;
    const now: StatusDetail = after ? statusOf(after, ch) : NO_STATUS;
    const beforeKeys = channelKeys(before, ch);
    const afterKeys = channelKeys(after, ch);
    const statusChanged = !sameStatus(was, now);
    if (was.status !== 'none') {
      for (const key of beforeKeys) {
        const kept = afterKeys.some((k) => sameKey(k, key));
        if (kept && now.status !== 'none') continue;
        entries.push({ identifier_type: key[0], identifier: key[1], channel: ch, action: 'unblock', category: was.category, reason: null, source, at: change.at });
      }
    }
    if (now.status !== 'none') {
      for (const key of afterKeys) {
        if (!statusChanged && beforeKeys.some((k) => sameKey(k, key))) continue;
        const action = now.status === 'whitelisted' ? 'whitelist' : 'block';
        entries.push({ identifier_type: key[0], identifier: key[1], channel: ch, action, category: now.category, reason: now.reason, source, at: change.at });
      }
    }
  }
  return entries;
}

const COLUMNS = 'identifier_type, identifier, channel, action, category, reason, source, at';

const statements = statementsFor((db) => ({
  append: db.prepare<OutboxEntry>(`INSERT INTO outbox(${COLUMNS}) VALUES (@identifier_type, @identifier, @channel, @action, @category, @reason, @source, @at)`),
  batch: db.prepare<[number, number], OutboxRow>(`SELECT id, ${COLUMNS} FROM outbox WHERE id > ? ORDER BY id LIMIT ?`),
  through: db.prepare<[number], OutboxRow>(`SELECT id, ${COLUMNS} FROM outbox WHERE id <= ? ORDER BY id`),
  clear: db.prepare<[number]>('DELETE FROM outbox WHERE id <= ?'),
  waiting: db.prepare<[], { channel: Channel; action: OutboxAction; n: number }>('SELECT channel, action, count(*) AS n FROM outbox GROUP BY channel, action'),
}));

export function appendOutbox(db: Db, entries: readonly OutboxEntry[]): void {
  const append = statements(db).append;
  for (const entry of entries) append.run(entry);
}

/** The next `limit` rows after id `after`, oldest first. */
export function readOutbox(db: Db, after: number, limit: number): OutboxRow[] {
  return statements(db).batch.all(after, limit);
}

/** Every row up to and including `id`: a batch being resent exactly as first sent. */
export function readOutboxThrough(db: Db, id: number): OutboxRow[] {
  return statements(db).through.all(id);
}

/** Removes a pushed batch; call in the transaction that records the push. */
export function clearOutboxThrough(db: Db, id: number): number {
  return statements(db).clear.run(id).changes;
}

export interface OutboxSummary {
  total: number;
  byChannel: Record<Channel, number>;
  byAction: Record<OutboxAction, number>;
}

/** What is waiting to be pushed, for the Sync screen and `sync` reports. */
export function outboxSummary(db: Db): OutboxSummary {
  const summary: OutboxSummary = {
    total: 0,
    byChannel: { email: 0, sms: 0, whatsapp: 0, rcs: 0 },
    byAction: { block: 0, unblock: 0, whitelist: 0 },
  };
  for (const row of statements(db).waiting.all()) {
    summary.total += row.n;
    summary.byChannel[row.channel] += row.n;
    summary.byAction[row.action] += row.n;
  }
  return summary;
}

// ---- Set-based writers (import merge, revert) ----

const KEY_COLUMNS = { customer_id: 'customer_id', email: 'email_key', mobile: 'mobile' } as const;

function keyTypesFor(ch: Channel): IdentifierType[] {
  return ch === 'email' ? ['customer_id', 'email'] : ['customer_id', 'mobile'];
}

const SNAPSHOT_COLUMNS = ['id', 'customer_id', 'email_key', 'mobile', ...CHANNELS.flatMap((ch) => [`${ch}_status`, `${ch}_category`, `${ch}_reason`, `${ch}_at`])].join(', ');

/**
 * Keeps the current state of the contacts `idsSql` selects (a SELECT of ids), before a
 * set-based change touches them; emitOutboxForSnapshot then writes what changed.
 */
export function snapshotForOutbox(db: Db, idsSql: string, params: Record<string, unknown> = {}): void {
  db.exec('DROP TABLE IF EXISTS temp.ob_before');
  db.prepare(`CREATE TEMP TABLE ob_before AS SELECT ${SNAPSHOT_COLUMNS} FROM main.contacts WHERE id IN (${idsSql})`).run(params);
}

/**
 * An unblock under each identifier (`b.` its columns) of each status `b` held on `channels`,
 * for the rows `from` names (a FROM … WHERE, ordered by `b.id`): what a deleted or changed
 * contact tells CE it no longer blocks.
 */
function insertUnblocks(db: Db, params: Record<string, unknown>, channels: readonly Channel[], from: (ch: Channel, key: string) => string): void {
  for (const ch of channels) {
    for (const type of keyTypesFor(ch)) {
      const key = KEY_COLUMNS[type];
      db.prepare(
        `INSERT INTO main.outbox(${COLUMNS})
         SELECT '${type}', b.${key}, '${ch}', 'unblock', b.${ch}_category, NULL, :source, :now
         ${from(ch, key)} AND b.${key} IS NOT NULL AND b.${ch}_status <> 0 ORDER BY b.id`,
      ).run(params);
    }
  }
}

/**
 * The outbox rows for every difference between temp.ob_before and the contacts now, on
 * `channels` (the caller may name the only ones its change can have touched).
 */
export function emitOutboxForSnapshot(db: Db, change: { now: number; source: string }, channels: readonly Channel[] = CHANNELS): void {
  if (!isPulledSource(change.source)) {
    const params = { now: change.now, source: ceSourceWord(change.source) };
    insertUnblocks(db, params, channels, (ch, key) => `FROM temp.ob_before b LEFT JOIN main.contacts c ON c.id = b.id WHERE (c.id IS NULL OR c.${ch}_status = 0 OR c.${key} IS NOT b.${key})`);
    for (const ch of channels) {
      for (const type of keyTypesFor(ch)) {
        const key = KEY_COLUMNS[type];
        db.prepare(
          `INSERT INTO main.outbox(${COLUMNS})
           SELECT '${type}', c.${key}, '${ch}', CASE c.${ch}_status WHEN 2 THEN 'whitelist' ELSE 'block' END, c.${ch}_category, c.${ch}_reason, :source, :now
           FROM temp.ob_before b JOIN main.contacts c ON c.id = b.id
           WHERE c.${key} IS NOT NULL AND c.${ch}_status <> 0
             AND (b.${key} IS NOT c.${key} OR b.${ch}_status IS NOT c.${ch}_status OR b.${ch}_category IS NOT c.${ch}_category
                  OR b.${ch}_reason IS NOT c.${ch}_reason OR b.${ch}_at IS NOT c.${ch}_at)
           ORDER BY b.id`,
        ).run(params);
      }
    }
  }
  db.exec('DROP TABLE temp.ob_before');
}

/**
 * The outbox rows for contacts about to be deleted (`idsSql` selects their ids): what
 * emitOutboxForSnapshot writes for a deleted contact, without keeping a snapshot of it.
 * Call before the delete.
 */
export function emitOutboxForDeleted(db: Db, idsSql: string, change: { now: number; source: string }, channels: readonly Channel[] = CHANNELS): void {
  if (isPulledSource(change.source)) return;
  insertUnblocks(db, { now: change.now, source: ceSourceWord(change.source) }, channels, () => `FROM main.contacts b WHERE b.id IN (${idsSql})`);
}

/**
 * The outbox rows for contacts an import creates, read from the rows they are inserted
 * from (`fromSql`: a FROM … WHERE over rows with the contacts' identifier columns,
 * category, reason, at and the channel flags c0…c3), not from the contacts table again:
 * on a million-row import that second pass was a third of the merge. `identifiers` says
 * which identifier columns can be set at all; a pass for one that cannot finds nothing.
 */
export function emitOutboxForNewRows(
  db: Db,
  change: { now: number; source: string; fromSql: string; channels: readonly Channel[]; identifiers: ReadonlySet<IdentifierType> },
): void {
  if (isPulledSource(change.source)) return;
  const params = { now: change.now, source: ceSourceWord(change.source) };
  for (const ch of change.channels) {
    const bit = `c${CHANNELS.indexOf(ch)}`;
    for (const type of keyTypesFor(ch).filter((t) => change.identifiers.has(t))) {
      const key = KEY_COLUMNS[type];
      db.prepare(
        `INSERT INTO main.outbox(${COLUMNS})
         SELECT '${type}', ${key}, '${ch}', 'block', category, reason, :source, :now
         ${change.fromSql} AND ${bit} = 1 AND ${key} IS NOT NULL ORDER BY rowid`,
      ).run(params);
    }
  }
}
