import type { ErrorInfo } from '../domain/errors';
import type { WordingKey } from '../domain/wording';

/** The command line's words for the messages the app words by its controls (src/domain/wording.ts): here, the flags. */
const CLI_WORDS: Record<WordingKey, (p: Record<string, string>) => string> = {
  identifier_unknown: (p) => `${p.file}: no header row naming customer_id, email or mobile; say which identifier the file holds with --using customer_id|email|mobile`,
  using_column_missing: (p) => `${p.file}: --using ${p.using} but the header has no ${p.using} column (found: ${p.found})`,
  channels_required: (p) => `--channels is required (a comma list of email,sms,whatsapp,rcs): ${p.file} is no export the import recognises and has no channel columns`,
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
