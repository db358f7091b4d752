import type { ErrorInfo } from '../domain/errors';
import type { IdentifierType } from '../domain/channels';
import type { WordingKey } from '../domain/wording';
import { COLUMN_FLAG } from '../jobs/scrubLayout';

/** The command line's words for the messages the app words by its controls (src/domain/wording.ts): here, the flags. */
const CLI_WORDS: Record<WordingKey, (p: Record<string, string>) => string> = {
  identifier_unknown: (p) => `${p.file}: no header row naming customer_id, email or mobile; say which identifier the file holds with --using customer_id|email|mobile`,
  using_column_missing: (p) => `${p.file}: --using ${p.using} but the header has no ${p.using} column (found: ${p.found})`,
  channels_required: (p) => `--channels is required (a comma list of email,sms,whatsapp,rcs): ${p.file} is no export the import recognises and has no channel columns`,
  scrub_column_number: (p) => `${p.file}: ${COLUMN_FLAG[p.identifier as IdentifierType]} ${p.text} is not a column of this file (columns are numbered from 1${p.txt === 'yes' ? '; a TXT file has one' : ''})`,
  scrub_column_no_header: (p) =>
    `${p.file}: ${COLUMN_FLAG[p.identifier as IdentifierType]} "${p.text}" names a header column, but the file has no header row naming it (first row: ${p.found}); give the column's number instead`,
  scrub_column_missing: (p) => `${p.file}: ${COLUMN_FLAG[p.identifier as IdentifierType]} "${p.text}" is not in the header (found: ${p.found})`,
  scrub_columns_unknown: (p) =>
    `${p.file}: no header row naming customer_id, email or mobile (first row: ${p.found}); name the columns with --email-column, --mobile-column or --customer-id-column (a header name or a number from 1)`,
  scrub_columns_ambiguous: (p) =>
    `${p.file}: no header row naming customer_id, email or mobile; with both email and mobile channels, say which column holds what with --email-column N and --mobile-column N`,
  scrub_column_unsure: (p) =>
    `${p.file}: the ${p.channel} channel needs the ${p.identifier} column, and "${p.suspect}" may be it but is not a name the scrub knows; say which column it is with ${COLUMN_FLAG[p.identifier as IdentifierType]} "${p.suspect}" (or its number)`,
  scrub_channel_column_missing: (p) =>
    `${p.file}: the ${p.channel} channel needs a${p.identifier === 'email' ? 'n email' : ' mobile'} or a customer_id column, and the file has neither (found: ${p.found}); name it with ${COLUMN_FLAG[p.identifier as IdentifierType]}`,
  mapping_role_twice: (p) => `--column ${p.role} is given twice`,
  mapping_header_twice: (p) => `--column: "${p.header}" is given two roles`,
  mapping_status_values: (p) => `--column status=${p.header}: say which of its values mean blocked with --blocked-when "${p.header}=VALUE[,VALUE…]"`,
  mapping_column_missing: (p) => `${p.file}: --column ${p.role}=${p.header}: no column "${p.header}" in the header (found: ${p.found})`,
  mapping_no_identifier: (p) => `${p.file}: the mapping names no identifier column and the header has none the import knows (found: ${p.found}); name one with --column email=HEADER (or mobile, customer_id)`,
  format_unknown: (p) => `unknown --format "${p.format}"`,
  format_header_missing: (p) => `${p.file}: --format ${p.format} (${p.name}) but the header has no ${p.missing} column (found: ${p.found})`,
};

/** An error as the command line says it: its own words where the app's name a control, else the message. */
export function cliMessage(error: ErrorInfo): string {
  const words = error.wording ? CLI_WORDS[error.wording.key as WordingKey] : undefined;
  return words ? words(error.wording?.params ?? {}) : error.message;
}

/** A report or an error for the command line's output (--json included): its words, without the wording's internals. */
export function cliError(error: ErrorInfo): ErrorInfo {
  return { code: error.code, message: cliMessage(error) };
}
