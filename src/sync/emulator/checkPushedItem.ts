import { allowedChannels } from '../../domain/channels';
import { pushedChangeSchema, type PushedChange } from '../change';

export interface ItemRejection {
  code: 'invalid_change' | 'identifier_not_normalised' | 'channel_not_allowed' | 'whitelist_not_allowed';
  message: string;
}

const MOBILE_E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Why CE would refuse an identifier as not normalised. The contract says pushed
 * identifiers are already normalised (email lower-case, mobile E.164); CE does not
 * normalise for the client, it refuses, so a client bug shows up as a rejection instead
 * of a second spelling of the same contact in the feed.
 */
function identifierProblem(change: PushedChange): string | null {
  const { identifier_type: type, identifier } = change;
  if (type === 'mobile') return MOBILE_E164.test(identifier) ? null : `mobile "${identifier}" is not in E.164 form (+ and 7 to 15 digits)`;
  if (type === 'email') {
    if (!EMAIL_SHAPE.test(identifier)) return `email "${identifier}" is not a single address without spaces`;
    return identifier === identifier.toLowerCase() ? null : `email "${identifier}" is not lower-case`;
  }
  if (identifier !== identifier.trim() || CONTROL_CHARACTER.test(identifier)) return 'the customer ID has surrounding spaces or a control character';
  return null;
}

/** One pushed item: the change to append, or why it goes into `rejected`. */
export function checkPushedItem(item: unknown): { ok: true; change: PushedChange } | ({ ok: false } & ItemRejection) {
  const parsed = pushedChangeSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'invalid_change', message: `${where}${issue?.message ?? 'not a change'}` };
  }
  const change = parsed.data;
  const problem = identifierProblem(change);
  if (problem) return { ok: false, code: 'identifier_not_normalised', message: problem };
  if (!allowedChannels(change.identifier_type).includes(change.channel)) {
    return { ok: false, code: 'channel_not_allowed', message: `a ${change.identifier_type} cannot be blocked on ${change.channel}` };
  }
  if (change.action === 'whitelist' && change.channel !== 'email') {
    return { ok: false, code: 'whitelist_not_allowed', message: `whitelisting exists only on email, not on ${change.channel}` };
  }
  return { ok: true, change };
}
