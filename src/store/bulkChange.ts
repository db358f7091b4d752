import { CHANNELS, isProtectedCategory, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { getContactRow } from './contactLookup';
import { auditDetailJson } from './auditDetail';
import { channelsFor, NO_STATUS, statusOf, withStatus, type ContactRow, type StatusDetail } from './contactRow';
import { deleteContact } from './contacts';
import { writeContactChange, type ChangeContext } from './contactWriter';
import type { Db } from './database';
import { EVIDENCE_QUESTION, givenReason, LiftReasonError, liftsProtected } from './protectedLift';

/** What a bulk action does to each of its contacts; the same rules as the single edits it repeats. */
export type BulkAction =
  | { kind: 'block'; channels: Channel[]; category: string; reason: string | null }
  | { kind: 'unblock'; channels: Channel[]; reason: string | null }
  | { kind: 'delete'; reason: string | null };

export interface BulkChangeContext {
  actor: string;
  source: string;
  job: string;
  /** Needed when a lift among the contacts is of a protected category (unsubscribe, opt_out, …). */
  confirm: boolean;
  at?: number;
  /** After every contact: how many are done. */
  onProgress?: (done: number) => void;
}

export interface BulkOutcome {
  /** Contacts the action was asked for. */
  contacts: number;
  /** Contacts it changed (deleted, for a delete). */
  changed: number;
  /** Contacts already as asked: every asked channel blocked already (block) or not blocked (unblock). */
  unchanged: number;
  /** Block: contacts with no identifier for any asked channel (an Email block for a mobile-only contact). */
  notCarried: number;
  /** Contacts deleted by something else before the action reached them. */
  gone: number;
}

/** The protected statuses the action would lift from one contact. */
function protectedLifts(row: ContactRow, action: BulkAction): { channel: Channel; category: string }[] {
  if (action.kind === 'block') return [];
  const channels = action.kind === 'delete' ? CHANNELS : action.channels;
  return channels.flatMap((channel) => {
    const was = statusOf(row, channel);
    const lifted = action.kind === 'delete' ? was.status !== 'none' : was.status === 'blocked';
    return lifted && isProtectedCategory(was.category) ? [{ channel, category: was.category ?? '' }] : [];
  });
}

/** Protected lifts among the contacts, by category: what the confirmation names. */
export function protectedLiftsAmong(db: Db, ids: readonly number[], action: BulkAction): { contacts: number; byCategory: Record<string, number> } {
  const byCategory: Record<string, number> = {};
  let contacts = 0;
  if (action.kind === 'block') return { contacts, byCategory };
  for (const id of ids) {
    const row = getContactRow(db, id);
    if (row === undefined) continue;
    const lifts = protectedLifts(row, action);
    if (lifts.length > 0) contacts += 1;
    for (const { category } of lifts) byCategory[category] = (byCategory[category] ?? 0) + 1;
  }
  return { contacts, byCategory };
}

function describeCategories(byCategory: Record<string, number>): string {
  return Object.entries(byCategory)
    .map(([category, n]) => `${n.toLocaleString('en-US')} ${category}`)
    .join(', ');
}

/**
 * One contact's block or unblock, as Manage Consent writes it (contacts.ts
 * setChannelStatuses) but from the row already read: the status, the audit entry with the
 * reason and any protected category lifted, the counters and the outbox, through the one
 * row writer. Null when nothing is to change.
 */
function changeStatuses(db: Db, row: ContactRow, action: Extract<BulkAction, { kind: 'block' | 'unblock' }>, reason: string | null, context: ChangeContext): 'changed' | 'unchanged' | 'not_carried' {
  const carried = channelsFor(row);
  const asked = action.channels.filter((ch) => carried.includes(ch));
  if (asked.length === 0 && action.kind === 'block') return 'not_carried';
  const block: StatusDetail = { status: 'blocked', category: action.kind === 'block' ? action.category : null, reason, source: context.source, at: context.at, actor: context.actor };
  let after = row;
  const channelDetails: Partial<Record<Channel, string>> = {};
  for (const channel of asked) {
    const was = statusOf(row, channel);
    if (action.kind === 'block' ? was.status === 'blocked' : was.status !== 'blocked') continue;
    const now = action.kind === 'block' ? block : NO_STATUS;
    after = withStatus(after, channel, now);
    const detail = auditDetailJson({ reason: reason ?? undefined, lifted_category: liftsProtected(was, now) ? (was.category ?? undefined) : undefined });
    if (detail !== null) channelDetails[channel] = detail;
  }
  if (after === row) return 'unchanged';
  writeContactChange(db, row, after, context, { channelDetails });
  return 'changed';
}

/**
 * Applies one action to many contacts in one transaction, contact by contact through the
 * single-contact writers (the row writer Manage Consent uses, deleteContact): the same
 * audit entries (each with the job), the same outbox rows as an edit made one at a time.
 * The protected lifts are counted first, so a missing confirmation or reason refuses the
 * whole action before anything changes, naming how many and which categories.
 * Call inside an IMMEDIATE transaction, with `ids` read inside it.
 */
export function applyBulkAction(db: Db, ids: readonly number[], action: BulkAction, context: BulkChangeContext): BulkOutcome {
  const reason = givenReason(action.reason);
  const guarded = protectedLiftsAmong(db, ids, action);
  if (guarded.contacts > 0) {
    const what = `${guarded.contacts.toLocaleString('en-US')} of these contacts ${guarded.contacts === 1 ? 'is' : 'are'} blocked with a protected category (${describeCategories(guarded.byCategory)}): the contact's own wish or the network's verdict`;
    if (!context.confirm) throw new DeskError('confirm_required', `${what}; confirm to ${action.kind === 'delete' ? 'delete them' : 'lift them'}, with a reason: ${EVIDENCE_QUESTION}`);
    if (reason === null) throw new LiftReasonError(`${what}; lifting them needs a reason: ${EVIDENCE_QUESTION}`);
  }
  const at = context.at ?? Date.now();
  const common = { actor: context.actor, source: context.source, job: context.job, at, confirm: context.confirm };
  const outcome: BulkOutcome = { contacts: ids.length, changed: 0, unchanged: 0, notCarried: 0, gone: 0 };
  const change: ChangeContext = { at, actor: context.actor, source: context.source, job: context.job };
  ids.forEach((id, index) => {
    if (action.kind === 'delete') {
      if (getContactRow(db, id) === undefined) outcome.gone += 1;
      else {
        deleteContact(db, id, { ...common, reason });
        outcome.changed += 1;
      }
    } else {
      const row = getContactRow(db, id);
      const result = row === undefined ? 'gone' : changeStatuses(db, row, action, reason, change);
      if (result === 'gone') outcome.gone += 1;
      else if (result === 'changed') outcome.changed += 1;
      else if (result === 'not_carried') outcome.notCarried += 1;
      else outcome.unchanged += 1;
    }
    context.onProgress?.(index + 1);
  });
  return outcome;
}
