import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import minMetadata from 'libphonenumber-js/min/metadata';

/**
 * The metadata bundle, chosen on purpose: `min`. We call only `parse` and `isPossible()`,
 * which read the calling code, IDD and national prefixes, the general national-number
 * pattern, the possible lengths and, for calling codes shared by several countries, the
 * per-type patterns that pick the country — all of which `min` carries in full. `max`
 * and `mobile` add per-type patterns that matter only to `isValid()` and `getType()`,
 * which we deliberately do not use (DESIGN.md: accept possible numbers; do not reject an
 * opt-out because metadata says invalid), at twice the size to load in every worker.
 * The fast path reads this same object, so both paths always see identical metadata.
 */
// Under CommonJS resolution TypeScript types the JSON file itself (country codes as plain
// strings); under bundler resolution it finds the package's MetadataJson declaration.
export const PHONE_METADATA = minMetadata as MetadataJson;

/**
 * The library's answer, and the definition of the result the fast path must reproduce:
 * `parsePhoneNumberFromString(text, defaultCountry)`, accepted when `isPossible()`.
 * Returns E.164, or undefined when the library finds no possible number.
 */
export function possibleMobileWithLibrary(text: string, defaultCountry: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(text, defaultCountry, PHONE_METADATA);
  return parsed !== undefined && parsed.isPossible() ? parsed.number : undefined;
}
