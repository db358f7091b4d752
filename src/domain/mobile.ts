import type { CountryCode } from 'libphonenumber-js/core';
import { fastPossibleMobile } from './mobileFastPath';
import { PHONE_METADATA, possibleMobileWithLibrary } from './mobileLibrary';
import { accepted, rejected, type Normalized } from './normalized';
import { cleanRawIdentifier, quoteForMessage } from './rawIdentifier';

/** Whether a settings value or `--country` names a country the phone metadata knows, e.g. `IN`. */
export function isCountryCode(value: string): value is CountryCode {
  return Object.prototype.hasOwnProperty.call(PHONE_METADATA.countries, value);
}

/**
 * A mobile number as E.164 (`+919876543210`). National numbers take the default country
 * from settings. A number is accepted when it is possible (its length fits), not only when
 * metadata calls it valid: an opt-out must not be lost because metadata is behind
 * (DESIGN.md, Identifiers).
 *
 * Common shapes are answered by the fast path; it gives exactly the library's answer,
 * which `normalizeMobileWithLibrary` computes the slow way.
 */
export function normalizeMobile(raw: string, defaultCountry: CountryCode): Normalized<string> {
  const text = cleanRawIdentifier(raw);
  if (text === '') return empty();
  // The fast path answers only digits and punctuation, never scientific notation.
  const fast = fastPossibleMobile(text, defaultCountry);
  if (fast !== undefined) return fast === false ? notPossible(text, defaultCountry) : accepted(fast);
  if (SCIENTIFIC_NOTATION.test(text)) return scientificNotation(text);
  const e164 = possibleMobileWithLibrary(text, defaultCountry);
  return e164 === undefined ? notPossible(text, defaultCountry) : accepted(e164);
}

/** `normalizeMobile` without the fast path: libphonenumber-js decides every number. */
export function normalizeMobileWithLibrary(raw: string, defaultCountry: CountryCode): Normalized<string> {
  const text = cleanRawIdentifier(raw);
  if (text === '') return empty();
  if (SCIENTIFIC_NOTATION.test(text)) return scientificNotation(text);
  const e164 = possibleMobileWithLibrary(text, defaultCountry);
  return e164 === undefined ? notPossible(text, defaultCountry) : accepted(e164);
}

// What Excel shows for a long number in a General cell: `9.19877E+11`, or `9,19877E+11`
// where the decimal separator is a comma. Only about six digits survive.
const SCIENTIFIC_NOTATION = /^\+?\d+(?:[.,]\d+)?\s?[eE]\s?[+-]?\d{1,3}$/;

function empty(): Normalized<string> {
  return rejected('empty', 'the mobile number is empty');
}

function scientificNotation(text: string): Normalized<string> {
  return rejected('scientific_notation', `${quoteForMessage(text)} is in Excel scientific notation and has lost digits`);
}

function notPossible(text: string, defaultCountry: CountryCode): Normalized<string> {
  return rejected('invalid_mobile', `${quoteForMessage(text)} is not a possible mobile number (default country ${defaultCountry})`);
}
