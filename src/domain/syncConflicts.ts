import { isProtectedCategory, type ChannelStatus } from './channels';

/** What a CE change does to a channel's status (CE-SYNC.md, Change). */
export const CHANGE_ACTIONS = ['block', 'unblock', 'whitelist'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/**
 * CE-SYNC.md, Client behaviour — conflicts per (identifier, channel): the later `at`
 * wins; on a tie a block beats an unblock; a pulled unblock never lifts a local
 * opt_out, unsubscribe, hard_bounce or spam_complaint that is newer than it.
 */

export interface LocalChannelState {
  status: ChannelStatus;
  category: string | null;
  reason: string | null;
  /** When the local status was set (ms), or when it was last lifted; null if it never had one. */
  at: number | null;
}

export interface IncomingChange {
  action: ChangeAction;
  category: string;
  reason: string;
  at: number;
}

/**
 * - `apply`: the pulled change wins.
 * - `same`: it says what the blocklist already says (our own change echoed back, or a
 *   repeat); nothing to do.
 * - `older`: the local status is newer.
 * - `tie`: same time, and the local status is kept: a block over an unblock or a
 *   whitelist, or the local one of two blocks.
 * - `protected`: an unblock older than a local protected block.
 */
export type Decision = 'apply' | 'same' | 'older' | 'tie' | 'protected';

export function statusOfAction(action: ChangeAction): ChannelStatus {
  return action === 'block' ? 'blocked' : action === 'whitelist' ? 'whitelisted' : 'none';
}

export function decide(local: LocalChannelState, incoming: IncomingChange): Decision {
  const target = statusOfAction(incoming.action);
  if (local.status === target && (target === 'none' || (local.category === incoming.category && (local.reason ?? '') === incoming.reason))) return 'same';
  if (local.at === null) return 'apply';
  if (target === 'none' && local.status !== 'none' && isProtectedCategory(local.category) && local.at > incoming.at) return 'protected';
  if (incoming.at < local.at) return 'older';
  if (incoming.at === local.at) {
    // A tie: a block beats anything else; an unblock or a whitelist never beats a block.
    if (target === 'blocked') return local.status === 'blocked' ? 'tie' : 'apply';
    return local.status === 'none' ? 'apply' : 'tie';
  }
  return 'apply';
}
