import type { KeywordChannel } from '../domain/keywords';
import { findContactRow } from './contactLookup';
import { emptyContactRow, NO_STATUS, statusOf, withStatus, type StatusDetail } from './contactRow';
import { writeContactChange, type ChangeContext } from './contactWriter';
import type { Db } from './database';

/** One keyword message to apply: an E.164 mobile, its channel, the message as received and when. */
export interface KeywordMessage {
  mobile: string;
  channel: KeywordChannel;
  text: string;
  receivedAt: number;
}

/**
 * What a message did: changed the blocklist (on a contact it created or one that existed),
 * or nothing — `alreadyBlocked` naming the contact when an opt-out found its block in place.
 */
export type KeywordOutcome = { changed: true; contactId: number; created: boolean } | { changed: false; alreadyBlocked?: number };

const MAX_REASON_LENGTH = 500;

/**
 * An opt-out: blocks the channel for the mobile with category `opt_out`, the message as
 * its reason and the time it was received as its date. A mobile not yet known becomes an
 * anonymous contact. A channel already blocked (whatever its category) keeps its status
 * and history, as an import would. Call inside an IMMEDIATE transaction: the job's, or
 * the officer's one-click apply of a message to review (jobs.applyOptOut).
 */
export function applyOptOut(db: Db, message: KeywordMessage, context: ChangeContext): KeywordOutcome {
  const existing = findContactRow(db, 'mobile', message.mobile) ?? null;
  if (existing !== null && statusOf(existing, message.channel).status === 'blocked') return { changed: false, alreadyBlocked: existing.id };
  const before = existing ?? { ...emptyContactRow(context.at, context.job), mobile: message.mobile };
  const after = withStatus(before, message.channel, {
    status: 'blocked',
    category: 'opt_out',
    reason: reasonOf(message),
    source: context.source,
    at: message.receivedAt,
    actor: context.actor,
  });
  const stored = writeContactChange(db, existing, after, context);
  return { changed: true, contactId: stored.id, created: existing === null };
}

function reasonOf(message: KeywordMessage): string {
  return message.text.trim().slice(0, MAX_REASON_LENGTH);
}

/**
 * Where the opt-out a message asks for stands now: `applied` when the channel is blocked
 * with category `opt_out` by this very message (its text as reason, its time as date),
 * `blocked` when it is blocked otherwise (an opt-out of it would change nothing), `open`
 * when it is not blocked.
 */
export type OptOutState = { state: 'open'; contactId: number | null } | { state: 'applied' | 'blocked'; contactId: number; block: StatusDetail };

export function optOutState(db: Db, message: KeywordMessage): OptOutState {
  const existing = findContactRow(db, 'mobile', message.mobile);
  if (existing === undefined) return { state: 'open', contactId: null };
  const block = statusOf(existing, message.channel);
  if (block.status !== 'blocked') return { state: 'open', contactId: existing.id };
  const fromThisMessage = block.category === 'opt_out' && block.reason === reasonOf(message) && block.at === message.receivedAt;
  return { state: fromThisMessage ? 'applied' : 'blocked', contactId: existing.id, block };
}

/**
 * An SMS opt-in: lifts the mobile's SMS block when, and only when, its category is
 * `opt_out` — a block for another reason (a manual block, a spam complaint) is not the
 * contact's to lift by texting START — and the message is not older than the block. The
 * contact stays, with its history in the audit.
 */
export function applyOptIn(db: Db, message: KeywordMessage, context: ChangeContext): KeywordOutcome {
  const existing = findContactRow(db, 'mobile', message.mobile);
  if (existing === undefined) return { changed: false };
  const current = statusOf(existing, message.channel);
  if (current.status !== 'blocked' || current.category !== 'opt_out') return { changed: false };
  // A START sent before the opt-out was recorded (an overlapping or re-read log) is not
  // the contact's latest word: it must not lift a later STOP.
  if (current.at !== null && message.receivedAt < current.at) return { changed: false };
  const stored = writeContactChange(db, existing, withStatus(existing, message.channel, NO_STATUS), context);
  return { changed: true, contactId: stored.id, created: false };
}
