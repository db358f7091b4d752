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
  message: string;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof DeskError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
