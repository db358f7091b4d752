import type { CountryCode } from 'libphonenumber-js';
import { allowedChannels, type Channel, type IdentifierType } from '../domain/channels';
import { normalizeIdentifier } from '../domain/identifiers';
import { decide, statusOfAction, type ChangeAction, type Decision } from '../domain/syncConflicts';
import { findContactRow } from './contactLookup';
import { emptyContactRow, NO_STATUS, statusOf, withStatus, type ContactRow, type StatusDetail } from './contactRow';
import { writeContactChange } from './contactWriter';
import type { Db } from './database';

/** CE-SYNC.md: reasons are at most 500 characters on the wire. */
const MAX_REASON_LENGTH = 500;
import { statementsFor } from './statementCache';

/** One change pulled from CE, already checked against the contract's schema; `at` in ms. */
export interface PulledStatus {
  identifier_type: IdentifierType;
  identifier: string;
  channel: Channel;
  action: ChangeAction;
  category: string;
  reason: string;
  /** CE's source word (cpaas, panel, …): recorded as the actor `ce:<source>`. */
  source: string;
  at: number;
}

export type PullOutcome = Exclude<Decision, 'apply'> | 'applied' | 'rejected';

export interface PullContext {
  /** `sync:<remote kind>`: keeps the change out of the outbox. */
  source: string;
  job: string;
  now: number;
  country: CountryCode;
}

const statements = statementsFor((db) => ({
  lastChange: db.prepare<[number, string], { at: number }>(
    'SELECT coalesce(effective_at, at) AS at FROM audit WHERE contact_id = ? AND channel = ? ORDER BY id DESC LIMIT 1',
  ),
}));

/**
 * When the channel's current status came about: its latest audit entry's time (CE's time
 * for a pulled change). Not the status's own date, which a file may set years back: a
 * block imported today is today's change.
 */
function localTime(db: Db, row: ContactRow, ch: Channel, detail: StatusDetail): number | null {
  return statements(db).lastChange.get(row.id, ch)?.at ?? detail.at;
}

/**
 * Applies one pulled change by the contract's conflict rules, through the row writer (so
 * it is audited and counted like any change, but not put back in the outbox). A change
 * for an identifier not known yet creates its contact. Call inside the page's
 * transaction. Returns what happened, and why for a rejection.
 */
export function applyPulledStatus(db: Db, change: PulledStatus, ctx: PullContext): { outcome: PullOutcome; message?: string } {
  if (!allowedChannels(change.identifier_type).includes(change.channel)) {
    return { outcome: 'rejected', message: `a ${change.identifier_type} cannot carry a status on ${change.channel}` };
  }
  if (change.action === 'whitelist' && change.channel !== 'email') {
    return { outcome: 'rejected', message: `only email can be whitelisted, not ${change.channel}` };
  }
  const normalized = normalizeIdentifier(change.identifier_type, change.identifier, ctx.country);
  if (!normalized.ok) return { outcome: 'rejected', message: `${change.identifier_type} "${change.identifier}": ${normalized.message}` };
  const key = normalized.value;

  const before = findContactRow(db, change.identifier_type, key.value) ?? null;
  const local = before ? statusOf(before, change.channel) : NO_STATUS;
  const decision = decide(
    {
      status: local.status,
      category: local.category,
      // Compared as it was pushed (cut to the contract's length), so our echo is recognised.
      reason: local.reason === null ? null : local.reason.slice(0, MAX_REASON_LENGTH),
      at: before ? localTime(db, before, change.channel, local) : null,
    },
    change,
  );
  if (decision !== 'apply') return { outcome: decision };

  const status = statusOfAction(change.action);
  const detail: StatusDetail =
    status === 'none'
      ? NO_STATUS
      : { status, category: change.category, reason: change.reason === '' ? null : change.reason, source: ctx.source, at: change.at, actor: `ce:${change.source}` };
  let base = before;
  if (base === null) {
    base = emptyContactRow(ctx.now, ctx.job);
    if (key.type === 'customer_id') base.customer_id = key.value;
    else if (key.type === 'email') {
      base.email = key.display;
      base.email_key = key.value;
    } else base.mobile = key.value;
  }
  writeContactChange(db, before, withStatus(base, change.channel, detail), {
    at: ctx.now,
    effectiveAt: change.at,
    actor: `ce:${change.source}`,
    source: ctx.source,
    job: ctx.job,
  });
  return { outcome: 'applied' };
}
