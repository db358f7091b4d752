import { CHANNELS, type Channel } from '../domain/channels';
import { appendAudit, channelAction, statusDetailJson } from './auditAppend';
import { contactLabel, emptyContactRow, sameStatus, statusOf, WRITABLE_CONTACT_COLUMNS, type ContactRow } from './contactRow';
import { highestContactId } from './contactIds';
import { addToCounters, counterDelta } from './counters';
import type { Db } from './database';
import { appendOutbox, outboxEntriesFor } from './outbox';
import { statementsFor } from './statementCache';

/** Who changes what, when (ms), from where; the same for every entry of one change. */
export interface ChangeContext {
  at: number;
  actor: string;
  source: string;
  job: string | null;
  /**
   * When the change took effect, where that is not `at` (a pulled change: CE's time). The
   * audit keeps it; sync's conflict rules compare it. Default: `at`.
   */
  effectiveAt?: number;
}

/** An identifier audit entry (channel NULL). */
export interface IdentifierChange {
  action: string;
  before: string;
  after: string;
  before_detail?: string | null;
  /** The audit entry's `detail` JSON (store/auditDetail.ts). */
  detail?: string | null;
}

const INSERT_SQL = `INSERT INTO contacts(id, ${WRITABLE_CONTACT_COLUMNS.join(', ')})
VALUES (@id, ${WRITABLE_CONTACT_COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE_SQL = `UPDATE contacts SET ${WRITABLE_CONTACT_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
const DELETE_SQL = 'DELETE FROM contacts WHERE id = ?';

const statements = statementsFor((db) => ({
  insert: db.prepare<ContactRow>(INSERT_SQL),
  update: db.prepare<ContactRow>(UPDATE_SQL),
  remove: db.prepare<[number]>(DELETE_SQL),
}));

/**
 * Stores one contact's change from `before` to `after` (null: created or deleted) and
 * everything that goes with it: the row, `changed_at`, the counters, and one audit entry
 * per channel whose status changed, the identifier entries given, and the CE-sync outbox
 * rows (store/outbox.ts). Call inside the writer's IMMEDIATE transaction. Returns the
 * stored row (with its id when created).
 */
export function writeContactChange(
  db: Db,
  before: ContactRow | null,
  after: ContactRow | null,
  context: ChangeContext,
  options: {
    action?: string;
    identifierChanges?: readonly IdentifierChange[];
    /** The `detail` JSON of a channel's entry (store/auditDetail.ts): a lift's reason and category. */
    channelDetails?: Partial<Record<Channel, string>>;
  } = {},
): ContactRow {
  const prepared = statements(db);
  addToCounters(db, counterDelta(before, after));
  let stored: ContactRow;
  if (after === null) {
    if (before === null) throw new Error('writeContactChange needs a before or an after');
    prepared.remove.run(before.id);
    stored = before;
  } else if (before === null) {
    stored = { ...after, id: highestContactId(db) + 1, created_at: context.at, changed_at: context.at };
    prepared.insert.run(stored);
  } else {
    stored = { ...after, id: before.id, changed_at: context.at };
    prepared.update.run(stored);
  }

  const label = contactLabel(stored);
  const none = emptyContactRow(context.at, null);
  for (const ch of CHANNELS) {
    const was = statusOf(before ?? none, ch);
    const now = statusOf(after ?? none, ch);
    if (sameStatus(was, now)) continue;
    const { effectiveAt: _effective, ...recorded } = context;
    appendAudit(db, {
      ...recorded,
      action: options.action ?? channelAction(was.status, now.status),
      contact_id: stored.id,
      contact: label,
      channel: ch,
      before: was.status,
      after: now.status,
      before_detail: was.status === 'none' ? null : statusDetailJson(was),
      effective_at: context.effectiveAt ?? null,
      detail: options.channelDetails?.[ch] ?? null,
    });
  }
  for (const change of options.identifierChanges ?? []) {
    const { effectiveAt: _effective, ...recorded } = context;
    appendAudit(db, {
      ...recorded,
      action: change.action,
      contact_id: stored.id,
      contact: label,
      channel: null,
      before: change.before,
      after: change.after,
      before_detail: change.before_detail ?? null,
      detail: change.detail ?? null,
    });
  }
  appendOutbox(db, outboxEntriesFor(before, after === null ? null : stored, context));
  return stored;
}
