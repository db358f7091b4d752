import type { CountryCode } from 'libphonenumber-js';
import { allowedChannels, CHANNELS, isCategory, isProtectedCategory, type Channel, type IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { normalizeIdentifier } from '../domain/identifiers';
import { findContactRow, getContactRow } from './contactLookup';
import { channelsFor, contactLabel, emptyContactRow, NO_STATUS, sameStatus, statusOf, withStatus, type ContactRow, type StatusDetail } from './contactRow';
import { toContactView, type ContactView } from './contactView';
import { writeContactChange, type ChangeContext } from './contactWriter';
import type { Db } from './database';
import { auditDetailJson } from './auditDetail';
import { confirmLiftMessage, givenReason, LiftReasonError, liftsProtected, missingReasonMessage } from './protectedLift';

export { editIdentifiers, type IdentifierEdit, type EditResult } from './editIdentifiers';
export { LiftReasonError } from './protectedLift';

/** The contact holding an already-normalised key (email key, E.164 mobile), or null. */
export function findContact(db: Db, type: IdentifierType, key: string): ContactView | null {
  const row = findContactRow(db, type, key);
  return row === undefined ? null : toContactView(row);
}

export function getContact(db: Db, id: number): ContactView | null {
  const row = getContactRow(db, id);
  return row === undefined ? null : toContactView(row);
}

export function requireContactRow(db: Db, id: number): ContactRow {
  const row = getContactRow(db, id);
  if (row === undefined) throw new DeskError('not_found', `no contact with id ${id} (it may have been deleted)`);
  return row;
}

export function checkCategory(category: string): void {
  if (!isCategory(category)) {
    throw new DeskError('usage', `unknown category "${category}" (use manual, unsubscribe, hard_bounce, spam_complaint, opt_out or legacy)`);
  }
}

export interface BlockInput {
  using: IdentifierType;
  /** As typed or read; normalised here with `country`. */
  value: string;
  country: CountryCode;
  channels: readonly Channel[];
  category: string;
  reason: string | null;
  source: string;
  actor: string;
  job?: string | null;
  /** When the change happens, ms; default now. */
  at?: number;
}

export interface BlockResult {
  contact: ContactView;
  created: boolean;
  /** The channels that were not blocked before; already blocked ones keep their status and history. */
  changedChannels: Channel[];
}

/** The Blocklisting rules: Email ID blocks email; Mobile SMS/WhatsApp/RCS; Customer ID any. */
function checkBlockChannels(using: IdentifierType, channels: readonly Channel[]): Channel[] {
  const allowed = allowedChannels(using);
  const unique = CHANNELS.filter((ch) => channels.includes(ch));
  if (unique.length === 0) throw new DeskError('usage', `choose at least one channel to block (${allowed.join(', ')})`);
  const refused = unique.filter((ch) => !allowed.includes(ch));
  if (refused.length > 0) {
    throw new DeskError('usage', `a ${using.replace('_', ' ')} can block ${allowed.join(', ')} only, not ${refused.join(', ')}`);
  }
  return unique;
}

/**
 * Blocks an identifier on channels (the CE "Blocklist Contact" page): the contact with
 * that identifier, created if missing (anonymous when it is a mobile). A channel already
 * blocked keeps its status and history; a whitelisted email becomes blocked.
 */
export function blockIdentifier(db: Db, input: BlockInput): BlockResult {
  const channels = checkBlockChannels(input.using, input.channels);
  checkCategory(input.category);
  const normalized = normalizeIdentifier(input.using, input.value, input.country);
  if (!normalized.ok) throw new DeskError('invalid_identifier', normalized.message);
  const { value: key, display } = normalized.value;
  const context: ChangeContext = { at: input.at ?? Date.now(), actor: input.actor, source: input.source, job: input.job ?? null };
  const block: StatusDetail = {
    status: 'blocked',
    category: input.category,
    reason: givenReason(input.reason),
    source: context.source,
    at: context.at,
    actor: context.actor,
  };

  return db
    .transaction((): BlockResult => {
      const existing = findContactRow(db, input.using, key) ?? null;
      let after = existing ?? withIdentifier(emptyContactRow(context.at, context.job), input.using, key, display);
      const changedChannels = channels.filter((ch) => statusOf(after, ch).status !== 'blocked');
      for (const ch of changedChannels) after = withStatus(after, ch, block);
      if (existing !== null && changedChannels.length === 0) return { contact: toContactView(existing), created: false, changedChannels };
      const stored = writeContactChange(db, existing, after, context);
      return { contact: toContactView(stored), created: existing === null, changedChannels };
    })
    .immediate();
}

function withIdentifier(row: ContactRow, type: IdentifierType, key: string, display: string): ContactRow {
  switch (type) {
    case 'customer_id':
      return { ...row, customer_id: key };
    case 'email':
      return { ...row, email: display, email_key: key };
    case 'mobile':
      return { ...row, mobile: key };
  }
}

/** One channel's wanted status, as Manage Consent asks for it. */
export interface StatusChange {
  channel: Channel;
  status: 'blocked' | 'whitelisted' | 'none';
  /** Default: the current category when the status stays, else `manual`. */
  category?: string;
  /**
   * The officer's reason for the change: the new status's reason (default: the current
   * one when the status stays, else none), and in the audit entry. Lifting a protected
   * category needs one given here (what evidence of consent there is).
   */
  reason?: string | null;
}

export interface StatusesInput {
  contactId: number;
  changes: readonly StatusChange[];
  source: string;
  actor: string;
  /** Needed to lift a status whose category is protected (unsubscribe, opt_out, …). */
  confirm?: boolean;
  job?: string | null;
  at?: number;
}

export type StatusInput = Omit<StatusesInput, 'changes'> & StatusChange;

interface PlannedChange {
  index: number;
  channel: Channel;
  was: StatusDetail;
  now: StatusDetail;
  reason: string | null;
}

function checkChange(change: StatusChange, seen: Set<Channel>): void {
  if (change.status === 'whitelisted' && change.channel !== 'email') {
    throw new DeskError('usage', `only email can be whitelisted, not ${change.channel}`);
  }
  if (change.category !== undefined) checkCategory(change.category);
  if (seen.has(change.channel)) throw new DeskError('usage', `${change.channel} is asked for twice; give each channel once`);
  seen.add(change.channel);
}

/**
 * Manage Consent: sets several channels' statuses at once, all or none. Every change is
 * checked before anything is refused for want of a confirmation, so a change that can
 * never be made is not found out only after the officer confirmed. A protected lift then
 * needs `confirm` (else confirm_required) and a written reason (else LiftReasonError);
 * its audit entry keeps the reason and the category lifted.
 */
export function setChannelStatuses(db: Db, input: StatusesInput): { contact: ContactView; changed: Channel[] } {
  const seen = new Set<Channel>();
  for (const change of input.changes) checkChange(change, seen);
  const context: ChangeContext = { at: input.at ?? Date.now(), actor: input.actor, source: input.source, job: input.job ?? null };

  return db
    .transaction(() => {
      const before = requireContactRow(db, input.contactId);
      const label = contactLabel(before);
      const carried = channelsFor(before);
      const planned: PlannedChange[] = [];
      input.changes.forEach((change, index) => {
        if (change.status !== 'none' && !carried.includes(change.channel)) {
          throw new DeskError('usage', `${label} has no identifier that can be ${change.status} on ${change.channel}`);
        }
        const was = statusOf(before, change.channel);
        const stays = was.status === change.status;
        const reason = givenReason(change.reason);
        let now: StatusDetail = NO_STATUS;
        if (change.status !== 'none') {
          now = {
            status: change.status,
            category: change.category ?? (stays ? was.category : 'manual'),
            reason: change.reason !== undefined ? reason : stays ? was.reason : null,
            source: context.source,
            at: context.at,
            actor: context.actor,
          };
        }
        const unchanged = stays && (change.status === 'none' || (now.category === was.category && now.reason === was.reason));
        if (!unchanged && !sameStatus(was, now)) planned.push({ index, channel: change.channel, was, now, reason });
      });
      if (planned.length === 0) return { contact: toContactView(before), changed: [] };

      const lifts = planned.filter((p) => liftsProtected(p.was, p.now));
      if (lifts.length > 0 && input.confirm !== true) throw new DeskError('confirm_required', confirmLiftMessage(label, lifts));
      const unexplained = lifts.filter((p) => p.reason === null);
      if (unexplained.length > 0) throw new LiftReasonError(missingReasonMessage(label, unexplained), unexplained[0]?.index ?? null);

      let after = before;
      const channelDetails: Partial<Record<Channel, string>> = {};
      for (const p of planned) {
        after = withStatus(after, p.channel, p.now);
        const lifted = liftsProtected(p.was, p.now) ? (p.was.category ?? undefined) : undefined;
        const detail = auditDetailJson({ reason: p.reason ?? undefined, lifted_category: lifted });
        if (detail !== null) channelDetails[p.channel] = detail;
      }
      const stored = writeContactChange(db, before, after, context, { channelDetails });
      return { contact: toContactView(stored), changed: planned.map((p) => p.channel) };
    })
    .immediate();
}

/** Manage Consent for one channel: its status with category and reason. */
export function setChannelStatus(db: Db, input: StatusInput): { contact: ContactView; changed: boolean } {
  const { channel, status, category, reason, ...rest } = input;
  const change: StatusChange = { channel, status };
  if (category !== undefined) change.category = category;
  if (reason !== undefined) change.reason = reason;
  const result = setChannelStatuses(db, { ...rest, changes: [change] });
  return { contact: result.contact, changed: result.changed.length > 0 };
}

export interface DeleteOptions {
  actor: string;
  source: string;
  /** Needed when a channel carries a protected category. */
  confirm?: boolean;
  /** Why; needed with `confirm` when a channel carries a protected category (what evidence of consent there is). */
  reason?: string | null;
  job?: string | null;
  at?: number;
}

/**
 * Removes a contact from the blocklist. Audits one entry per channel it had a status on
 * (after `none`; a protected one with the category lifted and the reason) and one
 * identifier entry whose before is the identifiers as JSON, before_detail the row's
 * creation (so the deletion can be undone), and detail the statuses it had and the reason.
 */
export function deleteContact(db: Db, contactId: number, options: DeleteOptions): { contact: ContactView } {
  const context: ChangeContext = { at: options.at ?? Date.now(), actor: options.actor, source: options.source, job: options.job ?? null };
  const reason = givenReason(options.reason);
  return db
    .transaction(() => {
      const before = requireContactRow(db, contactId);
      const label = contactLabel(before);
      const statuses = CHANNELS.map((channel) => ({ channel, was: statusOf(before, channel) })).filter(({ was }) => was.status !== 'none');
      const guarded = statuses.filter(({ was }) => isProtectedCategory(was.category));
      if (guarded.length > 0 && options.confirm !== true) throw new DeskError('confirm_required', confirmLiftMessage(label, guarded, 'delete it'));
      if (guarded.length > 0 && reason === null) throw new LiftReasonError(missingReasonMessage(label, guarded, 'deleting a contact with'));
      const channelDetails: Partial<Record<Channel, string>> = {};
      for (const { channel, was } of statuses) {
        const detail = auditDetailJson({ reason: reason ?? undefined, lifted_category: isProtectedCategory(was.category) ? (was.category ?? undefined) : undefined });
        if (detail !== null) channelDetails[channel] = detail;
      }
      const identifiers = JSON.stringify({ customer_id: before.customer_id, email: before.email, mobile: before.mobile });
      writeContactChange(db, before, null, context, {
        action: 'delete',
        channelDetails,
        identifierChanges: [
          {
            action: 'delete',
            before: identifiers,
            after: '',
            before_detail: JSON.stringify({ created_at: before.created_at, created_job: before.created_job }),
            detail: auditDetailJson({
              reason: reason ?? undefined,
              was: statuses.map(({ channel, was }) => ({ channel, status: was.status, category: was.category })),
            }),
          },
        ],
      });
      return { contact: toContactView(before) };
    })
    .immediate();
}
