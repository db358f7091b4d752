import { describe, it, expect } from 'vitest';
import { isCountryCode, normalizeMobile, normalizeMobileWithLibrary } from '../../../src/domain/mobile';

describe('normalizeMobile', () => {
  it('reads the four spellings in DESIGN.md as one number with default IN', () => {
    for (const raw of ['98765 43210', '09876543210', '+91-98765-43210', '919876543210']) {
      expect(normalizeMobile(raw, 'IN'), raw).toEqual({ ok: true, value: '+919876543210' });
    }
  });

  it('reads other common Indian spellings the same way', () => {
    for (const raw of ['+919876543210', '+91 98765 43210', '0091 98765 43210', '(+91) 98765-43210', '098765.43210', '91-9876-543-210']) {
      expect(normalizeMobile(raw, 'IN'), raw).toEqual({ ok: true, value: '+919876543210' });
    }
  });

  it('trims and strips one leading apostrophe first', () => {
    expect(normalizeMobile("'+919876543210", 'IN')).toEqual({ ok: true, value: '+919876543210' });
    expect(normalizeMobile("  ' 09876543210  ", 'IN')).toEqual({ ok: true, value: '+919876543210' });
    expect(normalizeMobile("''9876543210", 'IN')).toEqual(normalizeMobileWithLibrary("''9876543210", 'IN'));
  });

  it('uses the default country only for national numbers', () => {
    expect(normalizeMobile('07911 123456', 'GB')).toEqual({ ok: true, value: '+447911123456' });
    expect(normalizeMobile('(415) 555-2671', 'US')).toEqual({ ok: true, value: '+14155552671' });
    expect(normalizeMobile('+44 7911 123456', 'IN')).toEqual({ ok: true, value: '+447911123456' });
    expect(normalizeMobile('+1 415 555 2671', 'IN')).toEqual({ ok: true, value: '+14155552671' });
    expect(normalizeMobile('0044 7911 123456', 'IN')).toEqual({ ok: true, value: '+447911123456' });
  });

  it('accepts a possible number that metadata calls invalid, with a warning naming the country it was read in', () => {
    // Neither is a valid Indian or North American number by metadata, both have a possible length.
    expect(normalizeMobile('55555 55555', 'IN')).toEqual({
      ok: true,
      value: '+915555555555',
      warning: '"55555 55555" is not a valid IN number — check the country',
    });
    expect(normalizeMobile('+1 555 555 5555', 'IN')).toEqual({
      ok: true,
      value: '+15555555555',
      warning: '"+1 555 555 5555" is not a valid US number — check the country',
    });
  });

  it('warns when a US-looking number is read as Indian by the default country', () => {
    const expected = {
      ok: true,
      value: '+915550102234',
      warning: '"(555) 010-2234" is not a valid IN number — check the country',
    };
    expect(normalizeMobile('(555) 010-2234', 'IN')).toStrictEqual(expected);
    expect(normalizeMobileWithLibrary('(555) 010-2234', 'IN')).toStrictEqual(expected);
  });

  it('gives no warning for valid numbers, national or international', () => {
    for (const [raw, country, value] of [
      ['98765 43210', 'IN', '+919876543210'],
      ['022 2345 6789', 'IN', '+912223456789'],
      ['+44 20 7946 0958', 'IN', '+442079460958'],
      ['(415) 555-2671', 'US', '+14155552671'],
      ['310 1234', 'US', '+13101234'],
      ['+7 700 123 4567', 'IN', '+77001234567'],
    ] as const) {
      expect(normalizeMobile(raw, country), raw).toStrictEqual({ ok: true, value });
      expect(normalizeMobileWithLibrary(raw, country), raw).toStrictEqual({ ok: true, value });
    }
  });

  it('names the default country for an invalid national number, even where the area code is another country of +1', () => {
    expect(normalizeMobile('268 555 5555', 'US')).toMatchObject({ ok: true, value: '+12685555555', warning: expect.stringContaining('not a valid US number') });
    expect(normalizeMobile('+1 268 555 5555', 'IN')).toMatchObject({ ok: true, value: '+12685555555', warning: expect.stringContaining('not a valid AG number') });
  });

  it('rejects numbers of an impossible length with the value and country in the message', () => {
    const result = normalizeMobile('12345', 'IN');
    expect(result).toEqual({ ok: false, reason: 'invalid_mobile', message: '"12345" is not a possible mobile number (default country IN)' });
    expect(normalizeMobile('+91 98765 432101234', 'IN')).toMatchObject({ ok: false, reason: 'invalid_mobile' });
    expect(normalizeMobile('hello', 'IN')).toMatchObject({ ok: false, reason: 'invalid_mobile' });
  });

  it('rejects an empty value', () => {
    for (const raw of ['', '   ', "'", " ' "]) {
      expect(normalizeMobile(raw, 'IN')).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it("rejects Excel's scientific notation, which has lost digits", () => {
    for (const raw of ['9.19877E+11', '9,19877E+11', '9.19877e+11', '9.19877E11', '9E+11', "'9.19877E+11", ' 9.19877E+11 ']) {
      const result = normalizeMobile(raw, 'IN');
      expect(result, raw).toMatchObject({ ok: false, reason: 'scientific_notation' });
      if (!result.ok) expect(result.message).toMatch(/^"9[.,]?\d*[eE]\+?11" is in Excel scientific notation and has lost digits$/);
    }
    expect(normalizeMobile('9.19877E+11', 'IN')).toEqual({
      ok: false,
      reason: 'scientific_notation',
      message: '"9.19877E+11" is in Excel scientific notation and has lost digits',
    });
  });

  it('reads every plus-like sign as a plus, so the calling code is not taken for a national number', () => {
    for (const plus of ['\uff0b', '\ufe62', '\u207a', '\u208a', '\u2795']) {
      const raw = `${plus}5016221234`;
      expect(normalizeMobile(raw, 'US'), raw).toStrictEqual({ ok: true, value: '+5016221234' });
      expect(normalizeMobileWithLibrary(raw, 'US'), raw).toStrictEqual({ ok: true, value: '+5016221234' });
    }
    expect(normalizeMobile('\uff0b91 98765 43210', 'US')).toStrictEqual({ ok: true, value: '+919876543210' });
  });

  it('reads the decimal digits of any script as ASCII digits', () => {
    const zeros = [0x0966, 0x09e6, 0x0660, 0x06f0, 0xff10, 0x0e50, 0x0ae6, 0x0be6, 0x1d7ce, 0x1d7f6, 0x104a0];
    for (const zero of zeros) {
      const raw = Array.from('9876543210', (d) => String.fromCodePoint(zero + Number(d))).join('');
      expect(normalizeMobile(raw, 'IN'), raw).toStrictEqual({ ok: true, value: '+919876543210' });
      expect(normalizeMobileWithLibrary(raw, 'IN'), raw).toStrictEqual({ ok: true, value: '+919876543210' });
    }
    expect(normalizeMobile('+९१ ९८७६५-४३२१०', 'US')).toStrictEqual({ ok: true, value: '+919876543210' });
    expect(normalizeMobile('৯৮৭৬৫ ৪৩২১০', 'IN')).toStrictEqual({ ok: true, value: '+919876543210' });
  });

  it("relies on Unicode's rule that decimal digits come in whole runs of ten, 0 to 9", () => {
    const runs: number[] = [];
    let run = 0;
    for (let codePoint = 0; codePoint <= 0x110000; codePoint++) {
      if (codePoint < 0x110000 && /\p{Nd}/u.test(String.fromCodePoint(codePoint))) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
    expect(runs.length).toBeGreaterThan(50);
    expect(runs.filter((length) => length % 10 !== 0)).toEqual([]);
  });

  it('reads no-break, thin and other spaces and tabs inside a number as separators', () => {
    for (const space of ['\u00a0', '\u2009', '\u202f', '\u2007', '\u2002', '\u3000', '\t', '\u00a0\t ']) {
      for (const raw of [`98765${space}43210`, `+91${space}98765${space}43210`]) {
        expect(normalizeMobile(raw, 'IN'), JSON.stringify(raw)).toStrictEqual({ ok: true, value: '+919876543210' });
        expect(normalizeMobileWithLibrary(raw, 'IN'), JSON.stringify(raw)).toStrictEqual({ ok: true, value: '+919876543210' });
      }
    }
  });

  it('reads tel: URIs, global and local with a phone-context, the same on every call', () => {
    const cases: [string, 'IN' | 'US' | 'GB', string][] = [
      ['tel:+1-201-555-0123', 'IN', '+12015550123'],
      ['TEL:+1-201-555-0123;ext=12', 'GB', '+12015550123'],
      ['tel:+91-98765-43210;isub=7', 'US', '+919876543210'],
      ['tel:98765-43210;phone-context=+91', 'US', '+919876543210'],
      ['tel:098765-43210;phone-context=+91', 'GB', '+919876543210'],
      ['tel:98765-43210;foo=bar;phone-context=+9-1', 'US', '+919876543210'],
      ['tel:98765-43210;phone-context=example.com', 'IN', '+919876543210'],
      ['98765-43210;phone-context=+91', 'US', '+919876543210'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [raw, country, value] of cases) {
        expect(normalizeMobile(raw, country), raw).toStrictEqual({ ok: true, value });
        expect(normalizeMobileWithLibrary(raw, country), raw).toStrictEqual({ ok: true, value });
        expect(normalizeMobile('+44 20 7946 0958', 'IN')).toMatchObject({ ok: true });
      }
    }
  });

  it('answers a local tel: number in a phone-context the same on every call, other numbers between', () => {
    const first = normalizeMobile('tel:0123;phone-context=+91', 'IN');
    expect(first).toMatchObject({ ok: false, reason: 'invalid_mobile' });
    for (let round = 0; round < 3; round++) {
      expect(normalizeMobile('tel:0123;phone-context=+91', 'IN')).toStrictEqual(first);
      expect(normalizeMobileWithLibrary('tel:0123;phone-context=+91', 'IN')).toStrictEqual(first);
      expect(normalizeMobile('tel:2079460958;phone-context=+44', 'IN')).toStrictEqual({ ok: true, value: '+442079460958' });
      expect(normalizeMobile('98765 43210', 'IN')).toStrictEqual({ ok: true, value: '+919876543210' });
    }
  });

  it('rejects a tel: URI whose phone-context is malformed', () => {
    expect(normalizeMobile('tel:98765-43210;phone-context=+', 'IN')).toMatchObject({ ok: false, reason: 'invalid_mobile' });
    expect(normalizeMobile('tel:98765-43210;phone-context=+91x', 'IN')).toMatchObject({ ok: false, reason: 'invalid_mobile' });
  });

  it('reads scientific notation whose mantissa holds every digit exactly', () => {
    for (const raw of ['9.19876543210E+11', '9,19876543210E+11', '9.19876543210e11', "'9.19876543210E+11", '91.9876543210E+10', '9.198765432100E+11']) {
      expect(normalizeMobile(raw, 'IN'), raw).toStrictEqual({ ok: true, value: '+919876543210' });
      expect(normalizeMobileWithLibrary(raw, 'IN'), raw).toStrictEqual({ ok: true, value: '+919876543210' });
    }
    // Not a whole number: a digit after the last one the exponent reaches.
    expect(normalizeMobile('9.198765432101E+11', 'IN')).toMatchObject({ ok: false, reason: 'scientific_notation' });
    expect(normalizeMobile('9.19876543210E-11', 'IN')).toMatchObject({ ok: false, reason: 'scientific_notation' });
  });

  it('follows the library where it is lenient: text around a number and extensions', () => {
    // libphonenumber-js finds the number inside text and drops an extension.
    expect(normalizeMobile('mobile: 98765 43210', 'IN')).toEqual({ ok: true, value: '+919876543210' });
    expect(normalizeMobile('98765 43210 ext. 12', 'IN')).toEqual({ ok: true, value: '+919876543210' });
  });

  it('accepts a 7-digit North American number because Canada lists 7 as a possible length', () => {
    expect(normalizeMobile('310 1234', 'US')).toEqual({ ok: true, value: '+13101234' });
  });
});

describe('isCountryCode', () => {
  it('accepts the two-letter codes the phone metadata knows', () => {
    for (const code of ['IN', 'US', 'GB', 'DE', 'AE', 'BR']) expect(isCountryCode(code), code).toBe(true);
  });

  it('refuses lower case, unknown codes and calling codes', () => {
    for (const code of ['in', 'XX', 'IND', '', '91', '001', 'toString', '__proto__']) expect(isCountryCode(code), code).toBe(false);
  });
});
