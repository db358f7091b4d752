import type { CountryCode } from 'libphonenumber-js/core';
import { fastMobile, isValidNationalNumber } from './mobileFastPath';
import { mobileWithLibrary, PHONE_METADATA, type PossibleMobile } from './mobileLibrary';
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
 * (DESIGN.md, Identifiers). A possible number that is not valid in the country it was
 * read in is accepted with a warning, since it may belong to another country than the
 * one the default country made of it.
 *
 * Common shapes are answered by the fast path; it gives exactly the library's answer,
 * which `normalizeMobileWithLibrary` computes the slow way. Both read the same text,
 * prepared by `cleanMobileText`.
 */
export function normalizeMobile(raw: string, defaultCountry: CountryCode): Normalized<string> {
  const written = cleanRawIdentifier(raw);
  if (written === '') return empty();
  // The fast path answers only ASCII digits and punctuation, which cleanMobileText leaves
  // as they are; asking it first spares nearly every cell that scan.
  let found = fastMobile(written, defaultCountry);
  if (found === undefined) {
    const text = cleanMobileText(written);
    if (typeof text !== 'string') return text;
    if (text !== written) found = fastMobile(text, defaultCountry);
    if (found === undefined) found = mobileWithLibrary(text, defaultCountry, isValidNationalNumber) ?? false;
  }
  return outcome(written, found, defaultCountry);
}

/** `normalizeMobile` without the fast path: libphonenumber-js decides every number. */
export function normalizeMobileWithLibrary(raw: string, defaultCountry: CountryCode): Normalized<string> {
  const written = cleanRawIdentifier(raw);
  if (written === '') return empty();
  const text = cleanMobileText(written);
  if (typeof text !== 'string') return text;
  return outcome(written, mobileWithLibrary(text, defaultCountry) ?? false, defaultCountry);
}

function empty(): Normalized<string> {
  return rejected('empty', 'the mobile number is empty');
}

function outcome(written: string, found: PossibleMobile | false, defaultCountry: CountryCode): Normalized<string> {
  if (found === false) {
    return rejected('invalid_mobile', `${quoteForMessage(written)} is not a possible mobile number (default country ${defaultCountry})`);
  }
  if (found.valid) return accepted(found.e164);
  return accepted(found.e164, `${quoteForMessage(written)} is not a valid ${found.readIn} number — check the country`);
}

/**
 * The text both paths parse, from a trimmed cell: other scripts' decimal digits as ASCII
 * digits, plus-like signs as `+`, every kind of space and tabs as plain spaces, a
 * `tel:` URI as the number it names, and Excel's scientific notation as its digits when
 * no digit was lost. A rejection when the cell cannot be read as a number at all.
 * Plain ASCII digits and punctuation, nearly every cell of an import, come back as they are.
 */
export function cleanMobileText(written: string): string | Normalized<string> {
  if (!needsCleaning(written)) return written;
  const mapped = written.replace(MAPPED_CHARACTER, mapCharacter);
  const number = readTelUri(mapped);
  if (number === undefined) {
    return rejected('invalid_mobile', `${quoteForMessage(written)} is a tel: URI whose phone-context is neither a +calling code nor a domain name`);
  }
  return readScientificNotation(number, written);
}

function needsCleaning(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // non-ASCII, tab, `:` and `;` of a tel: URI, `E` and `e` of scientific notation
    if (code > 126 || code === 9 || code === 58 || code === 59 || code === 69 || code === 101) return true;
  }
  return false;
}

// libphonenumber-js reads only ASCII, fullwidth and the two Arabic-Indic sets of digits
// (a Devanagari number is no number to it), and of the plus signs only `+`
// (parseIncompletePhoneNumber drops `＋`), so `＋5016221234` would become a national
// number of the default country: another person's. It treats NBSP as a separator, yet
// thin and narrow no-break spaces or a tab end the number.
const PLUS_LIKE = '\uff0b\ufe62\u207a\u208a\u2795\u02d6';
const MAPPED_CHARACTER = new RegExp(`[\\t\\p{Zs}${PLUS_LIKE}]|\\p{Nd}`, 'gu');
const SPACE_SEPARATOR = /^\p{Zs}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<string, string>();

function mapCharacter(character: string): string {
  if (character === '\t' || SPACE_SEPARATOR.test(character)) return ' ';
  if (PLUS_LIKE.includes(character)) return '+';
  if (character <= '9') return character;
  return digitValue(character);
}

/**
 * Unicode encodes every script's decimal digits as one run of ten code points, 0 to 9
 * (The Unicode Standard, 4.6 Numeric Value), and runs that touch are whole sets of ten:
 * a digit's value is its distance from the start of its run, modulo 10.
 */
function digitValue(character: string): string {
  let value = digitValues.get(character);
  if (value === undefined) {
    const codePoint = character.codePointAt(0) ?? 0;
    let start = codePoint;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
    value = String((codePoint - start) % 10);
    digitValues.set(character, value);
  }
  return value;
}

const TEL_SCHEME = /^tel:/i;
const PHONE_CONTEXT = /;phone-context=/i;
const CALLING_CODE_CONTEXT = /^\+[0-9().-]*[0-9][0-9().-]*$/;
const DOMAIN_CONTEXT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;

/**
 * An RFC 3966 URI (`tel:+1-201-555-0123`, `tel:0123;phone-context=+91`) as the number it
 * names, read here rather than by libphonenumber-js: its phone-context check keeps state
 * between calls (a regular expression with the `g` flag), so the same cell would be
 * accepted and rejected on alternate rows
 * (https://github.com/catamphetamine/libphonenumber-js/pull/498). A global number keeps
 * its own `+`; a local number takes its phone-context's calling code in front, as the
 * library does, and a domain-name context is dropped, leaving the local number to the
 * default country. Every other parameter (`ext`, `isub`…) is dropped. Undefined for a
 * malformed phone-context. The library finds no other parameter it would act on in what
 * remains, so no call depends on the one before.
 */
function readTelUri(text: string): string | undefined {
  const uri = TEL_SCHEME.test(text);
  if (!uri && !PHONE_CONTEXT.test(text)) return text;
  const [number = '', ...parameters] = (uri ? text.slice('tel:'.length) : text).split(';');
  const local = number.trim();
  if (local.startsWith('+')) return local;
  let context: string | undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals >= 0 && parameter.slice(0, equals).trim().toLowerCase() === 'phone-context') context = parameter.slice(equals + 1).trim();
  }
  if (context === undefined) return local;
  if (CALLING_CODE_CONTEXT.test(context)) return `+${context.replace(/[^0-9]/g, '')}${local}`;
  return DOMAIN_CONTEXT.test(context) ? local : undefined;
}

// What Excel shows for a long number in a General cell: `9.19877E+11`, or `9,19877E+11`
// where the decimal separator is a comma. Usually only about six digits survive; when the
// mantissa is long enough to hold every digit (`9.19876543210E+11`) the number is exact.
const SCIENTIFIC_NOTATION = /^(\+?)(\d+)(?:[.,](\d+))?\s?[eE]\s?([+-]?\d{1,3})$/;

function readScientificNotation(text: string, written: string): string | Normalized<string> {
  const match = SCIENTIFIC_NOTATION.exec(text);
  if (match === null) return text;
  const [, plus = '', whole = '', fraction = '', exponentText = ''] = match;
  const exponent = Number(exponentText);
  if (exponent >= 0 && fraction.length < exponent) {
    return rejected('scientific_notation', `${quoteForMessage(written)} is in Excel scientific notation and has lost digits`);
  }
  if (exponent < 0 || /[1-9]/.test(fraction.slice(exponent))) {
    return rejected('scientific_notation', `${quoteForMessage(written)} is in Excel scientific notation and is not a whole number`);
  }
  return `${plus}${whole}${fraction.slice(0, exponent)}`;
}
