import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/max/metadata';

/**
 * The metadata bundle, chosen on purpose: `max`. Parsing and `isPossible()` read the
 * calling code, IDD and national prefixes, the general national-number pattern and the
 * possible lengths, which every bundle carries alike; `isValid()` also needs each
 * country's per-type patterns (fixed line, mobile, toll free…), which only `max` has for
 * every country. `min` keeps them only where they pick a country among those sharing a
 * calling code, so under `min` `isValid()` falls back to the general pattern and calls
 * `(555) 010-2234` a valid Indian number. `mobile` is no cheaper a fix: it replaces the
 * general possible lengths with the mobile ones (seven-digit `310 1234` with default US
 * stops being possible), which would change which numbers we accept.
 *
 * Cost: ~157 KB of JSON in every worker instead of ~83 KB, loaded once. Swapping `min`
 * for `max` changes no parse: the two differ only in per-type patterns, and where `min`
 * drops them for a country sharing a calling code that country has leading digits, which
 * the library checks instead of the patterns (the property tests check the rest).
 * The fast path reads this same object, so both paths always see identical metadata.
 */
// Under CommonJS resolution TypeScript types the JSON file itself (country codes as plain
// strings); under bundler resolution it finds the package's MetadataJson declaration.
export const PHONE_METADATA = maxMetadata as MetadataJson;

/** A possible number as the library reads it. */
export interface PossibleMobile {
  e164: string;
  /** What the library's `isValid()` says: the national number fits one of its country's patterns. */
  valid: boolean;
  /**
   * The country the number was read in, to name in a warning: the default country for a
   * national number, else the country the library picked for the calling code (its first
   * country when none fits), or `+800`-style for a non-geographic code.
   */
  readIn: string;
}

/** `isValid()` of a national number in a country, answered faster; undefined leaves it to the library. */
export type ValidIn = (country: CountryCode, nationalNumber: string) => boolean | undefined;

/**
 * The library's answer, and the definition of the result the fast path must reproduce:
 * `parsePhoneNumberFromString(text, defaultCountry)`, accepted when `isPossible()`, with
 * `isValid()` beside it. Undefined when the library finds no possible number.
 *
 * `isValid()` under `max` costs more than the parse itself (it builds every type's RegExp
 * again on each call); `validIn` may answer it instead, for the country `isValid()` would
 * check: the number's country, or the calling code's main country when the library
 * picked none.
 */
export function mobileWithLibrary(text: string, defaultCountry: CountryCode, validIn?: ValidIn): PossibleMobile | undefined {
  const parsed = parsePhoneNumberFromString(text, defaultCountry, PHONE_METADATA);
  if (parsed === undefined || !parsed.isPossible()) return undefined;
  const country = parsed.country ?? mainCountryOf(parsed.countryCallingCode);
  const valid = (country === undefined ? undefined : validIn?.(country, parsed.nationalNumber)) ?? parsed.isValid();
  return { e164: parsed.number, valid, readIn: countryReadIn(parsed, defaultCountry) };
}

/**
 * Where the calling code came from (parse.js): a field the library sets on the numbers it
 * parses but does not declare; absent when the default country gave the calling code.
 * The fast path's probe and property tests would notice if it went away.
 */
interface ParsedSource {
  __countryCallingCodeSource?: string;
}

function countryReadIn(parsed: NonNullable<ReturnType<typeof parsePhoneNumberFromString>>, defaultCountry: CountryCode): string {
  const source = (parsed as unknown as ParsedSource).__countryCallingCodeSource;
  if (source === undefined || source === 'FROM_DEFAULT_COUNTRY') return defaultCountry;
  if (parsed.country !== undefined) return parsed.country;
  return mainCountryOf(parsed.countryCallingCode) ?? `+${parsed.countryCallingCode}`;
}

/** The first country listed for a calling code: the one whose plan the library selects for it. */
function mainCountryOf(callingCode: string): CountryCode | undefined {
  return Object.prototype.hasOwnProperty.call(PHONE_METADATA.country_calling_codes, callingCode)
    ? PHONE_METADATA.country_calling_codes[callingCode]?.[0]
    : undefined;
}
