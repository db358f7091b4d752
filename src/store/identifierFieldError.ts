import type { IdentifierType } from '../domain/channels';
import { DeskError, type ErrorCode } from '../domain/errors';

/**
 * A refusal about one identifier field of an edit (`conflict`: the value belongs to
 * another contact; `invalid_identifier`; `usage`: removing it would leave a status no
 * identifier can carry). `field` and `value` let the edit form show the message beside
 * the field; over the bridge the API adds `field` to the `{code, message}` it sends.
 */
export class IdentifierFieldError extends DeskError {
  constructor(
    code: ErrorCode,
    readonly field: IdentifierType,
    readonly value: string | null,
    message: string,
  ) {
    super(code, message);
  }
}
