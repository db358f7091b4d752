import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/core';
import { normalizeMobile, normalizeMobileWithLibrary } from '../../../src/domain/mobile';
import { fastPossibleMobile, isFastPathTrusted } from '../../../src/domain/mobileFastPath';
import { PHONE_METADATA } from '../../../src/domain/mobileLibrary';
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
const noise = fc.constantFrom('x12', ' ext. 5', '#', 'abc', 'tel:', '+', ';', ',', '~', 'O', '\t', '٣', '９', '\u00a0', 'E+11', '*');

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
  fc.assert(
    fc.property(
      messyPhone(countries),
      ([country, raw]) => {
        if (fastPossibleMobile(cleanRawIdentifier(raw), country) !== undefined) answered++;
        const fast = normalizeMobile(raw, country);
        const library = normalizeMobileWithLibrary(raw, country);
        // expect() only on a difference: it costs more than the two normalisations.
        if (JSON.stringify(fast) !== JSON.stringify(library)) expect(fast).toEqual(library);
      },
    ),
    { numRuns },
  );
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
