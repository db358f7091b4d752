/** Why a raw identifier was not accepted; counted per reason in every job report. */
export type RejectReason =
  | 'empty'
  | 'too_long'
  | 'control_characters'
  | 'invalid_email'
  | 'invalid_mobile'
  | 'scientific_notation'
  | 'invalid_customer_id';

/**
 * The outcome of normalising one raw value. A rejection carries a short sentence naming
 * the problem, written for the rejected-rows CSV and the UI. An accepted value may carry
 * a warning: the value is kept (an opt-out is never lost over a doubt), and the importer
 * shows the sentence as a problem line for the officer to review.
 */
export type Normalized<T> = { ok: true; value: T; warning?: string } | { ok: false; reason: RejectReason; message: string };

export function accepted<T>(value: T, warning?: string): Normalized<T> {
  return warning === undefined ? { ok: true, value } : { ok: true, value, warning };
}

export function rejected<T = never>(reason: RejectReason, message: string): Normalized<T> {
  return { ok: false, reason, message };
}
