import { DeskError, type ErrorCode } from '../domain/errors';

/** A refusal about one input field the API checks itself (a setting, `using` for pasted text). */
export class ApiFieldError extends DeskError {
  constructor(
    code: ErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(code, message);
  }
}
