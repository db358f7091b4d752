import { isProtectedCategory, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import type { StatusDetail } from './contactRow';

/**
 * Lifting = the channel ends up less blocked than before, or loses the record of a
 * protected reason: to none, blocked → whitelisted, or a protected category replaced by
 * an unprotected one while the status stays.
 */
export function liftsProtected(before: StatusDetail, after: StatusDetail): boolean {
  if (before.status === 'none' || !isProtectedCategory(before.category)) return false;
  if (after.status === 'none') return true;
  if (before.status === 'blocked' && after.status === 'whitelisted') return true;
  return after.status === before.status && !isProtectedCategory(after.category);
}

export const EVIDENCE_QUESTION = 'what evidence of consent you have';

/**
 * A protected lift asked for without a written reason. `field` is `reason` (the API
 * reports it beside that input); `changeIndex` says which of several changes lacked it.
 */
export class LiftReasonError extends DeskError {
  readonly field = 'reason';
  constructor(
    message: string,
    readonly changeIndex: number | null = null,
  ) {
    super('usage', message);
  }
}

/** The officer's reason, trimmed; null when blank or not given. */
export function givenReason(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? '';
  return text === '' ? null : text;
}

/** "SMS (opt_out)" as messages name a lifted status. */
export function liftedName(channel: Channel, detail: StatusDetail): string {
  return `${channel} (${detail.category ?? ''})`;
}

export function confirmLiftMessage(label: string, lifts: readonly { channel: Channel; was: StatusDetail }[], verb = 'lift it'): string {
  const what = lifts.map(({ channel, was }) => `${was.status} on ${channel} with category ${was.category ?? ''}`);
  return `${label} is ${what.join(', and ')} (the contact's own wish or the network's verdict); confirm to ${verb}, with a reason: ${EVIDENCE_QUESTION}`;
}

export function missingReasonMessage(label: string, lifts: readonly { channel: Channel; was: StatusDetail }[], what = 'lifting'): string {
  return `${what} ${lifts.map(({ channel, was }) => liftedName(channel, was)).join(', ')} of ${label} needs a reason: ${EVIDENCE_QUESTION}`;
}
