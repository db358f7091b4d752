import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Metadata, PhoneNumber, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import { cleanMobileText, normalizeMobile, normalizeMobileWithLibrary } from '../../../src/domain/mobile';
import { fastMobile, fastPossibleMobile, isFastPathTrusted, isValidNationalNumber } from '../../../src/domain/mobileFastPath';
import { mobileWithLibrary, PHONE_METADATA } from '../../../src/domain/mobileLibrary';
import { cleanRawIdentifier } from '../../../src/domain/rawIdentifier';

const REQUIRED_COUNTRIES: CountryCode[] = ['IN', 'US', 'GB', 'DE', 'AE', 'BR'];
// Countries whose calling code is shared (+1, +7, +44, +47, +61, +262, +590) or whose
// national prefix rules rewrite digits (AR, MX, BR) exercise the hard parts.
const MORE_COUNTRIES: CountryCode[] = ['CA', 'RU', 'KZ', 'GG', 'NO', 'AU', 'RE', 'GP', 'AR', 'MX', 'IT', 'FR', 'CN', 'JP', 'SG', 'VI'];
const ALL_COUNTRIES = Object.keys(PHONE_METADATA.countries) as CountryCode[];
const RUNS_PER_COUNTRY = 20_000;

const CALLING_CODES = ['1', '7', '20', '33', '39', '44', '49', '54', '55', '61', '65', '86', '91', '92', '262', '800', '880', '882', '971', '1242'];
const digits = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const separator = fc.constantFrom(' ', '-', '.', '(', ')', '/', '  ', ' - ', ') ', ' (');
// Now and then something the fast path must leave to the library.
const noise = fc.constantFrom(
  ...['x12', ' ext. 5', '#', 'abc', 'tel:', '+', ';', ',', '~', 'O', '\t', '٣', '９', '\u00a0', 'E+11', '*'],
  ...['＋', '\u2009', '\u202f', '९', ';phone-context=+91', ';phone-context=+1-2', 'e', '.5E+1', 'tel:+'],
);

/** Phone numbers as people and vendor files write them, messy on purpose, with their default country. */
function messyPhone(countries: readonly CountryCode[]): fc.Arbitrary<[CountryCode, string]> {
  return fc
    .record({
      country: fc.constantFrom(...countries),
      lead: fc.constantFrom('', '', '', '+', '0', '00', '011', '+0', '8', '('),
      callingCode: fc.oneof(fc.constantFrom('', 'own', '0own'), fc.constantFrom(...CALLING_CODES)),
      body: digits(6, 16),
      cuts: fc.array(fc.record({ at: fc.nat(), text: separator }), { maxLength: 4 }),
      noise: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ at: fc.nat(), text: noise }) }),
      apostrophe: fc.boolean(),
      padding: fc.constantFrom('', '', ' ', '  '),
    })
    .map(({ country, lead, callingCode, body, cuts, noise: extra, apostrophe, padding }): [CountryCode, string] => {
      const code = callingCode.replace('own', callingCodeOf(country));
      let text = `${lead}${code}${body}`;
      for (const cut of [...cuts, ...(extra === null ? [] : [extra])]) {
        const at = cut.at % (text.length + 1);
        text = text.slice(0, at) + cut.text + text.slice(at);
      }
      return [country, `${padding}${apostrophe ? "'" : ''}${text}${padding}`];
    });
}

const callingCodes = new Map<string, string>();
for (const [code, countries] of Object.entries(PHONE_METADATA.country_calling_codes)) {
  for (const country of countries as string[]) if (!callingCodes.has(country)) callingCodes.set(country, code);
}

function callingCodeOf(country: CountryCode): string {
  const code = callingCodes.get(country);
  if (code === undefined) throw new Error(`no calling code for ${country}`);
  return code;
}

/** Runs the equality property and returns how often the fast path answered by itself. */
function checkEquality(countries: readonly CountryCode[], numRuns: number): number {
  let answered = 0;
  const validity = { valid: 0, invalid: 0 };
  fc.assert(
    fc.property(
      messyPhone(countries),
      ([country, raw]) => {
        const text = cleanMobileText(cleanRawIdentifier(raw));
        const answer = typeof text === 'string' ? fastMobile(text, country) : undefined;
        if (answer !== undefined) answered++;
        if (answer) validity[answer.valid ? 'valid' : 'invalid']++;
        const fast = normalizeMobile(raw, country);
        const library = normalizeMobileWithLibrary(raw, country);
        // expect() only on a difference: it costs more than the two normalisations.
        if (JSON.stringify(fast) !== JSON.stringify(library)) expect(fast).toEqual(library);
      },
    ),
    { numRuns },
  );
  // Both verdicts of the validity check must be compared, not just one.
  expect(validity.valid).toBeGreaterThan(numRuns / 100);
  expect(validity.invalid).toBeGreaterThan(numRuns / 100);
  return answered / numRuns;
}

describe('mobile fast path gives exactly the library result', () => {
  for (const country of REQUIRED_COUNTRIES) {
    it(`for default country ${country}`, () => {
      expect(isFastPathTrusted(country)).toBe(true);
      const answeredShare = checkEquality([country], RUNS_PER_COUNTRY);
      // The property must not pass by the fast path stepping aside.
      expect(answeredShare).toBeGreaterThan(0.6);
    });
  }

  it('for countries with shared calling codes and rewriting national prefixes', () => {
    expect(checkEquality(MORE_COUNTRIES, RUNS_PER_COUNTRY)).toBeGreaterThan(0.5);
  });

  it('for any default country', () => {
    expect(checkEquality(ALL_COUNTRIES, RUNS_PER_COUNTRY)).toBeGreaterThan(0.5);
  });

  it('is trusted (agrees with its probe of the library) for every country', () => {
    expect(ALL_COUNTRIES.filter((country) => !isFastPathTrusted(country))).toEqual([]);
  });
});

describe('fastMobile', () => {
  it('says itself whether metadata calls the number valid, and the country it was read in', () => {
    expect(fastMobile('98765 43210', 'IN')).toEqual({ e164: '+919876543210', valid: true, readIn: 'IN' });
    expect(fastMobile('(555) 010-2234', 'IN')).toEqual({ e164: '+915550102234', valid: false, readIn: 'IN' });
    expect(fastMobile('+1 555 555 5555', 'IN')).toEqual({ e164: '+15555555555', valid: false, readIn: 'US' });
    expect(fastMobile('+1 268 555 5555', 'IN')).toEqual({ e164: '+12685555555', valid: false, readIn: 'AG' });
    expect(fastMobile('268 555 5555', 'US')).toEqual({ e164: '+12685555555', valid: false, readIn: 'US' });
    expect(fastMobile('(416) 555-2671', 'US')).toEqual({ e164: '+14165552671', valid: true, readIn: 'US' });
  });

  it('agrees with the library on validity, number by number', () => {
    for (const [text, country] of [
      ['(555) 010-2234', 'IN'],
      ['+1 555 555 5555', 'IN'],
      ['+1 268 555 5555', 'IN'],
      ['268 555 5555', 'US'],
      ['+1 268 464 1234', 'IN'],
      ['+7 700 123 4567', 'IN'],
      ['+7 800 123 4567', 'IN'],
      ['+47 79 12 34 56', 'IN'],
      ['+44 7624 123456', 'IN'],
      ['07624 123456', 'GB'],
    ] as const) {
      expect(fastMobile(text, country), text).toEqual(mobileWithLibrary(text, country));
    }
  });
});

describe('isValidNationalNumber', () => {
  // PhoneNumber(country, nationalNumber, metadata) is the library's own constructor; its
  // .d.ts declares only the E.164 form.
  const LibraryNumber = PhoneNumber as unknown as new (country: string, nationalNumber: string, metadata: MetadataJson) => PhoneNumber;
  const TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

  /** The country's own patterns: numbers drawn from them are near the edge between valid and not. */
  function patternsOf(country: CountryCode): string[] {
    const metadata = new Metadata(PHONE_METADATA);
    metadata.selectNumberingPlan(country);
    const plan = metadata.numberingPlan as unknown as { nationalNumberPattern(): string; type(name: string): { pattern(): string } | undefined };
    return [plan.nationalNumberPattern(), ...TYPES.map((name) => plan.type(name)?.pattern() ?? '').filter((pattern) => pattern !== '')];
  }

  it('compiles every country and agrees with the library on numbers drawn from its patterns, and one digit off', () => {
    let valid = 0;
    let checked = 0;
    for (const country of ALL_COUNTRIES) {
      const numbers = patternsOf(country).flatMap((pattern) => fc.sample(fc.stringMatching(new RegExp(`^(?:${pattern})$`)), { numRuns: 12, seed: 7 }));
      const nearby = numbers.flatMap((n) => [n, `${n}5`, n.slice(0, -1), `${n.slice(0, -1)}${(Number(n.slice(-1)) + 3) % 10}`, `9${n.slice(1)}`]);
      for (const nationalNumber of nearby.filter((n) => n.length >= 2 && n.length <= 17)) {
        const library = new LibraryNumber(country, nationalNumber, PHONE_METADATA).isValid();
        const fast = isValidNationalNumber(country, nationalNumber);
        if (fast !== library) expect({ country, nationalNumber, fast }).toEqual({ country, nationalNumber, fast: library });
        if (library) valid++;
        checked++;
      }
    }
    // Both answers must have been compared often.
    expect(valid).toBeGreaterThan(checked / 5);
    expect(checked - valid).toBeGreaterThan(checked / 5);
  });
});

describe('fastPossibleMobile', () => {
  it('answers the DESIGN.md spellings itself, without the library', () => {
    for (const text of ['98765 43210', '09876543210', '+91-98765-43210', '919876543210', '(+91) 98765 43210', '0091 98765 43210']) {
      expect(fastPossibleMobile(text, 'IN'), text).toBe('+919876543210');
    }
  });

  it('answers false for an impossible length', () => {
    // India's possible national lengths are 8 to 13 digits.
    expect(fastPossibleMobile('98765 432', 'IN')).toBe('+9198765432');
    expect(fastPossibleMobile('9876 543', 'IN')).toBe(false);
    expect(fastPossibleMobile('+91 98765 43210 1234', 'IN')).toBe(false);
  });

  it('steps aside for anything but digits and the usual punctuation', () => {
    for (const text of ['98765 43210 x12', 'tel:+919876543210', '9876543210#', '98765\t43210', '٩٨٧٦٥٤٣٢١٠', '9.19877E+11', '91+9876543210']) {
      expect(fastPossibleMobile(text, 'IN'), text).toBeUndefined();
    }
  });

  it('steps aside when the countries sharing a calling code disagree on the length', () => {
    // Seven digits are possible in Canada, not in the US: the library picks the country.
    expect(fastPossibleMobile('310 1234', 'US')).toBeUndefined();
    expect(fastPossibleMobile('(415) 555-2671', 'US')).toBe('+14155552671');
  });

  it('steps aside for non-geographic calling codes', () => {
    expect(fastPossibleMobile('+800 1234 5678', 'IN')).toBeUndefined();
  });
});
