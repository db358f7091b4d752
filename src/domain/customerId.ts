import { accepted, rejected, type Normalized } from './normalized';
import { cleanRawIdentifier, countCodePoints, hasControlCharacter, hasLoneSurrogate, quoteForMessage } from './rawIdentifier';

export const CUSTOMER_ID_MAX_LENGTH = 128;

/**
 * A customer ID is the CE account's own key: kept exactly as written (case-sensitive),
 * only trimmed (DESIGN.md, Identifiers).
 */
export function normalizeCustomerId(raw: string): Normalized<string> {
  const value = cleanRawIdentifier(raw);
  if (value === '') return rejected('empty', 'the customer ID is empty');
  if (hasControlCharacter(value)) {
    return rejected('control_characters', `customer ID ${quoteForMessage(value)} contains a control character (tab, line break or similar)`);
  }
  if (hasLoneSurrogate(value)) {
    return rejected('invalid_customer_id', `customer ID ${quoteForMessage(value)} contains a broken character (an unpaired UTF-16 surrogate)`);
  }
  const length = countCodePoints(value);
  if (length > CUSTOMER_ID_MAX_LENGTH) {
    return rejected('too_long', `customer ID ${quoteForMessage(value)} is ${length} characters long; at most ${CUSTOMER_ID_MAX_LENGTH} are allowed`);
  }
  return accepted(value);
}
