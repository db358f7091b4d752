/*
 * Multiple Input, split into identifiers: one a line, or separated by commas, semicolons
 * or spaces. The Blocklist Contact screen counts a paste with this very function ("N
 * entered") and the import reads it with it, so the count the officer sees before saving
 * is the job's rows read. It imports nothing, so the renderer can bundle it.
 */

/** What the pasted identifiers are (a paste always says). */
export type PastedIdentifier = 'customer_id' | 'email' | 'mobile';

/** At most this many digits make one phone number (E.164). */
const MAX_PHONE_DIGITS = 15;
const CUSTOMER_ID_MAX_LENGTH = 128;
// A phone number written with spaces (`98765 43210`, `+1 415 555 0100`, `tel:+91 98765 43210`), any script's digits.
const PHONE_WITH_SPACES = /^(?:tel:)?\s*\(?[+\uFF0B]?[\p{Nd}\s().\-/]+$/iu;
const DIGIT = /\p{Nd}/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Whether a piece that holds spaces is one identifier: a phone number written with
 * spaces, or a customer ID (the account's own key may hold spaces). An email never does.
 */
function wholeWithSpaces(piece: string, using: PastedIdentifier): boolean {
  if (using === 'mobile') return PHONE_WITH_SPACES.test(piece) && (piece.match(DIGIT)?.length ?? 0) <= MAX_PHONE_DIGITS;
  if (using === 'customer_id') return !CONTROL.test(piece) && [...piece].length <= CUSTOMER_ID_MAX_LENGTH;
  return false;
}

/** Each identifier of a paste, in order, with the line (1-based) it was typed on. */
export function* pastedEntries(text: string, using: PastedIdentifier): Generator<{ value: string; line: number }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i += 1) {
    for (const raw of (lines[i] ?? '').split(/[,;]/)) {
      const piece = raw.trim();
      if (piece === '') continue;
      if (!/\s/.test(piece) || wholeWithSpaces(piece, using)) {
        yield { value: piece, line: i + 1 };
        continue;
      }
      for (const part of piece.split(/\s+/)) if (part !== '') yield { value: part, line: i + 1 };
    }
  }
}

/** How many identifiers a paste holds: the rows its job will read. */
export function countPastedEntries(text: string, using: PastedIdentifier): number {
  let n = 0;
  for (const _entry of pastedEntries(text, using)) n += 1;
  return n;
}
