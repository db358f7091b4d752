import type { PulledChange } from '../change';
import type { FeedEntry } from './feedStore';

/**
 * CE-SYNC.md §2 conflict rule, per (identifier_type, identifier, channel): the later `at`
 * wins; on a tie a block beats a whitelist or an unblock, a whitelist beats an unblock,
 * and otherwise (same `at`, same kind) the change applied first stays. `current` was applied before `candidate`.
 */
export function candidateWins(current: PulledChange, candidate: PulledChange): boolean {
  if (candidate.at !== current.at) return candidate.at > current.at; // same fixed-width UTC format: text order is time order
  // A tie: a block beats anything else, and anything beats an unblock (as the client decides).
  if (candidate.action === 'block') return current.action !== 'block';
  return current.action === 'unblock' && candidate.action !== 'unblock';
}

export interface WinningChange {
  identifier_type: PulledChange['identifier_type'];
  identifier: string;
  channel: PulledChange['channel'];
  /** What the contact's status on the channel is: the winning change's action. */
  status: 'blocked' | 'unblocked' | 'whitelisted';
  change: PulledChange;
}

const STATUS_OF = { block: 'blocked', unblock: 'unblocked', whitelist: 'whitelisted' } as const;

/** The winning change of every (identifier_type, identifier, channel) in the feed, sorted by that key. */
export function winningChanges(entries: Iterable<FeedEntry>): WinningChange[] {
  const winners = new Map<string, PulledChange>();
  for (const { change } of entries) {
    const key = JSON.stringify([change.identifier_type, change.identifier, change.channel]);
    const current = winners.get(key);
    if (!current || candidateWins(current, change)) winners.set(key, change);
  }
  return [...winners.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, change]) => ({
      identifier_type: change.identifier_type,
      identifier: change.identifier,
      channel: change.channel,
      status: STATUS_OF[change.action],
      change,
    }));
}
