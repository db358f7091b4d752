/**
 * An expected failure with a stable code and a one-line message a user can act on.
 * It crosses every boundary (worker, CLI, API) as `{code, message}`.
 */
export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'conflict'
  | 'confirm_required'
  | 'invalid_identifier'
  | 'file_missing'
  | 'file_unreadable'
  | 'file_empty'
  | 'file_not_text'
  | 'file_malformed'
  | 'zip_invalid'
  | 'zip_limits'
  | 'db_not_sqlite'
  | 'db_too_new'
  | 'db_corrupt'
  | 'db_busy'
  | 'db_readonly'
  | 'db_full'
  | 'cancelled'
  /** A job whose every row was rejected: nothing could land. */
  | 'nothing_landed'
  | 'remote_auth'
  | 'remote_refused'
  | 'remote_unavailable'
  | 'internal';

export interface ErrorInfo {
  code: string;
  /** In the app's words (the API and the UI show it); never names a command-line flag. */
  message: string;
  /** Where the command line words it otherwise (its flags): the key and the facts (src/domain/wording.ts). */
  wording?: Wording;
}

/** A message whose words depend on who reads it: `key` says which, `params` the facts it names. */
export interface Wording {
  key: string;
  params: Record<string, string>;
}

/**
 * An error the app and the command line word differently: the app names its own controls
 * ("Blocklist using"), the command line its flags (`--using`). The message is the app's;
 * the CLI rewords it from `wording` (src/cli/cliWording.ts).
 */
export class WordedError extends DeskError {
  constructor(
    code: ErrorCode,
    readonly wording: Wording,
    message: string,
  ) {
    super(code, message);
  }
}

/** An error that crossed a thread as ErrorInfo, as a DeskError again (its wording kept). */
export function fromErrorInfo(info: ErrorInfo): DeskError {
  return info.wording ? new WordedError(info.code as ErrorCode, info.wording, info.message) : new DeskError(info.code as ErrorCode, info.message);
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof WordedError) return { code: err.code, message: err.message, wording: err.wording };
  if (err instanceof DeskError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
