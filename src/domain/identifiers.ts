import type { CountryCode } from 'libphonenumber-js/core';
import type { IdentifierType } from './channels';
import { normalizeCustomerId } from './customerId';
import { normalizeEmail } from './email';
import { cleanMobileText, normalizeMobile } from './mobile';
import { accepted, type Normalized } from './normalized';
import { cleanRawIdentifier } from './rawIdentifier';

export interface NormalizedIdentifier {
  type: IdentifierType;
  /** The match key: the customer ID as is, the email key, the mobile in E.164. */
  value: string;
  /** What to show: the customer ID, the email as written, the mobile in E.164. */
  display: string;
}

export function normalizeIdentifier(type: IdentifierType, raw: string, country: CountryCode): Normalized<NormalizedIdentifier> {
  switch (type) {
    case 'customer_id': {
      const result = normalizeCustomerId(raw);
      return result.ok ? accepted({ type, value: result.value, display: result.value }) : result;
    }
    case 'email': {
      const result = normalizeEmail(raw);
      return result.ok ? accepted({ type, value: result.value.key, display: result.value.display }) : result;
    }
    case 'mobile': {
      // A possible number that is not valid where it was read is kept, with its warning.
      const result = normalizeMobile(raw, country);
      return result.ok ? accepted({ type, value: result.value, display: result.value }, result.warning) : result;
    }
  }
}

// Digits with the separators people type in phone numbers; a `+` only in front, or just
// inside an opening parenthesis as in `(+91) 98765-43210`.
const PHONE_LIKE = /^\(?\+?[\d\s().\-/]+$/;
const MIN_PHONE_DIGITS = 6;

/**
 * The identifier types a search box query is worth trying, in order. A phone-like query
 * is tried as a customer ID first: many accounts use the mobile number as their key.
 * Phone-like is judged on the text the mobile normaliser reads, so `＋९१ ९८७६५ ४३२१०`
 * and `tel:+91-98765-43210` are tried as mobiles too.
 */
export function guessIdentifierType(query: string): IdentifierType[] {
  const text = cleanRawIdentifier(query);
  if (text.includes('@')) return ['email'];
  const phone = cleanMobileText(text);
  if (typeof phone === 'string' && PHONE_LIKE.test(phone) && countDigits(phone) >= MIN_PHONE_DIGITS) return ['customer_id', 'mobile'];
  return ['customer_id'];
}

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}
