import type { CountryCode } from 'libphonenumber-js';
import { allowedChannels, CHANNELS, isCategory, isProtectedCategory, type Channel, type IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { normalizeIdentifier } from '../domain/identifiers';
import { findContactRow, getContactRow } from './contactLookup';
import { channelsFor, contactLabel, emptyContactRow, NO_STATUS, sameStatus, statusOf, withStatus, type ContactRow, type StatusDetail } from './contactRow';
import { toContactView, type ContactView } from './contactView';
import { writeContactChange, type ChangeContext } from './contactWriter';
import type { Db } from './database';

export { editIdentifiers, type IdentifierEdit, type EditResult } from './editIdentifiers';

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

function cleanReason(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? '';
  return text === '' ? null : text;
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
    reason: cleanReason(input.reason),
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

export interface StatusInput {
  contactId: number;
  channel: Channel;
  status: 'blocked' | 'whitelisted' | 'none';
  /** Default: the current category when the status stays, else `manual`. */
  category?: string;
  /** Default: the current reason when the status stays, else none. */
  reason?: string | null;
  source: string;
  actor: string;
  /** Needed to lift a status whose category is protected (unsubscribe, opt_out, …). */
  confirm?: boolean;
  job?: string | null;
  at?: number;
}

/**
 * Lifting = the channel ends up less blocked than before, or loses the record of a
 * protected reason: to none, blocked → whitelisted, or a protected category replaced by
 * an unprotected one while the status stays.
 */
function liftsProtected(before: StatusDetail, after: StatusDetail): boolean {
  if (before.status === 'none' || !isProtectedCategory(before.category)) return false;
  if (after.status === 'none') return true;
  if (before.status === 'blocked' && after.status === 'whitelisted') return true;
  return after.status === before.status && !isProtectedCategory(after.category);
}

export function confirmMessage(label: string, channel: Channel, detail: StatusDetail): string {
  return `${label} is ${detail.status} on ${channel} with category ${detail.category ?? ''} (the contact's own wish or the network's verdict); confirm to lift it`;
}

/** Manage Consent: sets one channel's status, with category and reason. */
export function setChannelStatus(db: Db, input: StatusInput): { contact: ContactView; changed: boolean } {
  if (input.status === 'whitelisted' && input.channel !== 'email') {
    throw new DeskError('usage', `only email can be whitelisted, not ${input.channel}`);
  }
  if (input.category !== undefined) checkCategory(input.category);
  const context: ChangeContext = { at: input.at ?? Date.now(), actor: input.actor, source: input.source, job: input.job ?? null };

  return db
    .transaction(() => {
      const before = requireContactRow(db, input.contactId);
      const label = contactLabel(before);
      if (input.status !== 'none' && !channelsFor(before).includes(input.channel)) {
        throw new DeskError('usage', `${label} has no identifier that can be ${input.status} on ${input.channel}`);
      }
      const was = statusOf(before, input.channel);
      const stays = was.status === input.status;
      let now: StatusDetail = NO_STATUS;
      if (input.status !== 'none') {
        now = {
          status: input.status,
          category: input.category ?? (stays ? was.category : 'manual'),
          reason: input.reason !== undefined ? cleanReason(input.reason) : stays ? was.reason : null,
          source: context.source,
          at: context.at,
          actor: context.actor,
        };
      }
      const unchanged = stays && (input.status === 'none' || (now.category === was.category && now.reason === was.reason));
      if (unchanged || sameStatus(was, now)) return { contact: toContactView(before), changed: false };
      if (liftsProtected(was, now) && input.confirm !== true) {
        throw new DeskError('confirm_required', confirmMessage(label, input.channel, was));
      }
      const stored = writeContactChange(db, before, withStatus(before, input.channel, now), context);
      return { contact: toContactView(stored), changed: true };
    })
    .immediate();
}

export interface DeleteOptions {
  actor: string;
  source: string;
  /** Needed when a channel carries a protected category. */
  confirm?: boolean;
  job?: string | null;
  at?: number;
}

/**
 * Removes a contact from the blocklist. Audits one entry per channel it had a status on
 * (after `none`) and one identifier entry whose before is the identifiers as JSON and
 * before_detail the row's creation, so the deletion can be undone.
 */
export function deleteContact(db: Db, contactId: number, options: DeleteOptions): { contact: ContactView } {
  const context: ChangeContext = { at: options.at ?? Date.now(), actor: options.actor, source: options.source, job: options.job ?? null };
  return db
    .transaction(() => {
      const before = requireContactRow(db, contactId);
      const label = contactLabel(before);
      const guarded = CHANNELS.filter((ch) => {
        const detail = statusOf(before, ch);
        return detail.status !== 'none' && isProtectedCategory(detail.category);
      });
      if (guarded.length > 0 && options.confirm !== true) {
        const what = guarded.map((ch) => `${statusOf(before, ch).status} on ${ch} with category ${statusOf(before, ch).category ?? ''}`);
        throw new DeskError('confirm_required', `${label} is ${what.join(', and ')} (the contact's own wish or the network's verdict); confirm to delete it`);
      }
      const identifiers = JSON.stringify({ customer_id: before.customer_id, email: before.email, mobile: before.mobile });
      writeContactChange(db, before, null, context, {
        action: 'delete',
        identifierChanges: [
          {
            action: 'delete',
            before: identifiers,
            after: '',
            before_detail: JSON.stringify({ created_at: before.created_at, created_job: before.created_job }),
          },
        ],
      });
      return { contact: toContactView(before) };
    })
    .immediate();
}
