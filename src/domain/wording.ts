import { WordedError, type ErrorCode } from './errors';

/**
 * Messages the app and the command line word apart (issue 12, point 13): the app names
 * the choice on its screen, the command line the flag that makes it. Each key has the
 * app's words here and the command line's in src/cli/cliWording.ts; the type there
 * fails the build when a key has no command-line words.
 */
export const APP_WORDS = {
  /** A file with no header naming an identifier, imported with "Columns in the file". */
  identifier_unknown: (p: { file: string }) =>
    `${p.file}: no header row naming customer_id, email or mobile; choose what the file holds under "Blocklist using" (Customer ID, Email ID or Mobile)`,
  /** "Blocklist using" names an identifier the file's header has no column for. */
  using_column_missing: (p: { file: string; using: string; found: string }) =>
    `${p.file}: read by its ${USING_NAMES[p.using] ?? p.using} column (Blocklist using: ${USING_NAMES[p.using] ?? p.using}), but its header has none (found: ${p.found})`,
  /** No channel chosen, and the file names none. */
  channels_required: (p: { file: string }) => `${p.file} is no export the import recognises and has no channel columns: choose the channels to block`,
} satisfies Record<string, (params: never) => string>;

export type WordingKey = keyof typeof APP_WORDS;
export type WordingParams<K extends WordingKey> = Parameters<(typeof APP_WORDS)[K]>[0];

const USING_NAMES: Record<string, string> = { customer_id: 'Customer ID', email: 'Email ID', mobile: 'Mobile' };

/** The error for `key`, in the app's words, carrying what the command line needs to word it its own way. */
export function wordedError<K extends WordingKey>(code: ErrorCode, key: K, params: WordingParams<K>): WordedError {
  const words = APP_WORDS[key] as (p: WordingParams<K>) => string;
  return new WordedError(code, { key, params: params as Record<string, string> }, words(params));
}
