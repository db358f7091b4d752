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
 * the problem, written for the rejected-rows CSV and the UI.
 */
export type Normalized<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; message: string };

export function accepted<T>(value: T): Normalized<T> {
  return { ok: true, value };
}

export function rejected<T = never>(reason: RejectReason, message: string): Normalized<T> {
  return { ok: false, reason, message };
}
