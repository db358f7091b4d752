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
  /** Audience scrub: a column named by number that the file does not have. */
  scrub_column_number: (p: { file: string; identifier: string; text: string; txt: string }) =>
    `${p.file}: the ${COLUMN_NAMES[p.identifier] ?? p.identifier} ${p.text} is not a column of this file (columns are numbered from 1${p.txt === 'yes' ? '; a TXT file has one' : ''})`,
  /** Audience scrub: a column named by header text in a file without a header. */
  scrub_column_no_header: (p: { file: string; identifier: string; text: string; found: string }) =>
    `${p.file}: the ${COLUMN_NAMES[p.identifier] ?? p.identifier} "${p.text}" names a header column, but the file has no header row naming it (first row: ${p.found}); give the column's number instead`,
  scrub_column_missing: (p: { file: string; identifier: string; text: string; found: string }) =>
    `${p.file}: the ${COLUMN_NAMES[p.identifier] ?? p.identifier} "${p.text}" is not in the header (found: ${p.found})`,
  scrub_columns_unknown: (p: { file: string; found: string }) =>
    `${p.file}: no header row naming customer_id, email or mobile (first row: ${p.found}); say which columns hold what under "Columns" (a header name or a number from 1)`,
  scrub_columns_ambiguous: (p: { file: string }) =>
    `${p.file}: no header row naming customer_id, email or mobile; with both email and mobile channels, give the Email column and the Mobile column (numbers from 1) under "Columns"`,
  /** Audience scrub: a header cell that looks like the channel's identifier but is no name the scrub knows. */
  scrub_column_unsure: (p: { file: string; channel: string; identifier: string; suspect: string }) =>
    `${p.file}: the ${p.channel} channel needs the ${p.identifier} column, and "${p.suspect}" may be it but is not a name the scrub knows; give it as the ${COLUMN_NAMES[p.identifier] ?? p.identifier} under "Columns" ("${p.suspect}" or its number)`,
  scrub_channel_column_missing: (p: { file: string; channel: string; identifier: string; found: string }) =>
    `${p.file}: the ${p.channel} channel needs a${p.identifier === 'email' ? 'n email' : ' mobile'} or a customer_id column, and the file has neither (found: ${p.found}); give the ${COLUMN_NAMES[p.identifier] ?? p.identifier} under "Columns"`,
  /** The mapping step: two columns given one role. */
  mapping_role_twice: (p: { role: string }) => `two columns are set as ${ROLE_NAMES[p.role] ?? p.role}: set one, and the other to "Not used"`,
  /** The mapping step: one column given two roles. */
  mapping_header_twice: (p: { header: string }) => `the column "${p.header}" is set twice, with two roles: give it one`,
  /** The mapping step: a status column with no value ticked as meaning blocked. */
  mapping_status_values: (p: { header: string }) => `"${p.header}" is the Status column: tick the values of it that mean blocked`,
  /** A mapping names a column this table does not have (a saved mapping, another file of the import). */
  mapping_column_missing: (p: { file: string; role: string; header: string; found: string }) =>
    `${p.file}: the mapping reads ${ROLE_NAMES[p.role] ?? p.role} from the column "${p.header}", which this file does not have (found: ${p.found})`,
  /** A mapping with no identifier column, over a header with none the import knows. */
  mapping_no_identifier: (p: { file: string; found: string }) =>
    `${p.file}: no column is set as Customer ID, Email or Mobile, and the header names none the import knows (found: ${p.found}); set one in the preview`,
  /** An export named for the import that it does not know. */
  format_unknown: (p: { format: string }) => `"${p.format}" is no export the import recognises`,
  /** A file read as a named export whose header lacks that export's columns. */
  format_header_missing: (p: { file: string; format: string; name: string; missing: string; found: string }) =>
    `${p.file} was to be read as ${p.name}, but its header has no ${p.missing} column (found: ${p.found})`,
} satisfies Record<string, (params: never) => string>;

export type WordingKey = keyof typeof APP_WORDS;
export type WordingParams<K extends WordingKey> = Parameters<(typeof APP_WORDS)[K]>[0];

const USING_NAMES: Record<string, string> = { customer_id: 'Customer ID', email: 'Email ID', mobile: 'Mobile' };
/** The mapping step's roles, as its dropdowns name them. */
const ROLE_NAMES: Record<string, string> = {
  customer_id: 'Customer ID',
  email: 'Email',
  mobile: 'Mobile',
  email_blocked: 'Email blocked?',
  sms_blocked: 'SMS blocked?',
  whatsapp_blocked: 'WhatsApp blocked?',
  rcs_blocked: 'RCS blocked?',
  channel: 'Channel',
  status: 'Status',
  category: 'Category',
  reason: 'Reason',
  blocked_at: 'Blocked at',
};
/** The Audience scrub screen's column fields. */
const COLUMN_NAMES: Record<string, string> = { customer_id: 'Customer ID column', email: 'Email column', mobile: 'Mobile column' };

/** The error for `key`, in the app's words, carrying what the command line needs to word it its own way. */
export function wordedError<K extends WordingKey>(code: ErrorCode, key: K, params: WordingParams<K>): WordedError {
  const words = APP_WORDS[key] as (p: WordingParams<K>) => string;
  return new WordedError(code, { key, params: params as Record<string, string> }, words(params));
}
