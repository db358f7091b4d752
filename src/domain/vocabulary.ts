import type { Category } from './channels';

/**
 * The words people and tools write in category and flag cells, read into ours. A cell is
 * compared in any case with spaces, `-` and `_` ignored: `Hard Bounce`, `hard_bounce` and
 * `HARD-BOUNCE` are one word. An unknown word never cancels a block (DESIGN.md, Files):
 * the caller keeps the block and notes the cell.
 */
export function vocabularyKey(cell: string): string {
  return cell.toLowerCase().replace(/[\s_-]+/g, '');
}

const CATEGORY_WORDS: Record<Category, readonly string[]> = {
  unsubscribe: ['unsubscribe', 'unsubscribed', 'unsub'],
  opt_out: ['opt_out', 'opted out', 'optout', 'stop', 'dnd'],
  hard_bounce: ['hard_bounce', 'bounce', 'bounced', 'hard bounce', 'cleaned', 'invalid email'],
  spam_complaint: ['spam_complaint', 'spam', 'spam report', 'complaint', 'abuse', 'marked as spam'],
  manual: ['manual', 'admin', 'user suppressed', 'suppressed', 'blocked', 'blocklisted'],
  legacy: ['legacy'],
};

const CATEGORY_BY_WORD = new Map<string, Category>(
  (Object.entries(CATEGORY_WORDS) as [Category, readonly string[]][]).flatMap(([category, words]) => words.map((word) => [vocabularyKey(word), category] as const)),
);

/** A category cell's meaning, or undefined for a word we do not know. */
export function categoryFromCell(cell: string): Category | undefined {
  return CATEGORY_BY_WORD.get(vocabularyKey(cell));
}

const FLAG_YES = ['1', 'y', 'yes', 'true', 'x', 'blocked', 'blocklisted', 'blacklisted', 'unsubscribed', 'opted out', 'opt-out', 'suppressed', 'bounced', 'cleaned', 'dnd'];
/**
 * `whitelisted` and `unblocked` are what our own export writes for a channel that is not
 * blocked: they are not part of an import, as `no` is not.
 */
const FLAG_NO = ['0', 'n', 'no', 'false', 'subscribed', 'active', 'enabled', 'opted in', 'none', 'unblocked', 'whitelisted'];

const FLAG_BY_WORD = new Map<string, boolean>([...FLAG_YES.map((w) => [vocabularyKey(w), true] as const), ...FLAG_NO.map((w) => [vocabularyKey(w), false] as const)]);

/**
 * A channel flag cell (`email_blocked`, `sms_status`, …): true = block on this channel,
 * false = not part of this import (never "unblock"), null = blank, undefined = a word we
 * do not know.
 */
export function flagFromCell(cell: string): boolean | null | undefined {
  const key = vocabularyKey(cell);
  if (key === '') return null;
  return FLAG_BY_WORD.get(key);
}
