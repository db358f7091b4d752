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

  it('accepts a possible number that metadata calls invalid', () => {
    // Neither is a valid Indian or North American number by metadata, both have a possible length.
    expect(normalizeMobile('55555 55555', 'IN')).toEqual({ ok: true, value: '+915555555555' });
    expect(normalizeMobile('+1 555 555 5555', 'IN')).toEqual({ ok: true, value: '+15555555555' });
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
