import { describe, it, expect } from 'vitest';
import { guessIdentifierType, normalizeIdentifier } from '../../../src/domain/identifiers';
import { cleanRawIdentifier } from '../../../src/domain/rawIdentifier';

describe('normalizeIdentifier', () => {
  it('keys a customer ID as written', () => {
    expect(normalizeIdentifier('customer_id', " 'C-0042 ", 'IN')).toEqual({
      ok: true,
      value: { type: 'customer_id', value: 'C-0042', display: 'C-0042' },
    });
  });

  it('keys an email by its lower-cased punycode form and displays it as written', () => {
    expect(normalizeIdentifier('email', 'Anna.K+news@Bücher.Example', 'IN')).toEqual({
      ok: true,
      value: { type: 'email', value: 'anna.k+news@xn--bcher-kva.example', display: 'Anna.K+news@Bücher.Example' },
    });
  });

  it('keys and displays a mobile in E.164, using the given default country', () => {
    expect(normalizeIdentifier('mobile', '98765 43210', 'IN')).toEqual({
      ok: true,
      value: { type: 'mobile', value: '+919876543210', display: '+919876543210' },
    });
    expect(normalizeIdentifier('mobile', '020 7946 0958', 'GB')).toEqual({
      ok: true,
      value: { type: 'mobile', value: '+442079460958', display: '+442079460958' },
    });
  });

  it('passes the warning on a possible but invalid mobile through', () => {
    expect(normalizeIdentifier('mobile', '(555) 010-2234', 'IN')).toStrictEqual({
      ok: true,
      value: { type: 'mobile', value: '+915550102234', display: '+915550102234' },
      warning: '"(555) 010-2234" is not a valid IN number — check the country',
    });
    expect(normalizeIdentifier('mobile', '98765 43210', 'IN')).toStrictEqual({
      ok: true,
      value: { type: 'mobile', value: '+919876543210', display: '+919876543210' },
    });
  });

  it('maps other scripts\' digits, plus signs and spaces in a mobile only', () => {
    expect(normalizeIdentifier('mobile', '＋९१\u00a0९८७६५\u202f४३२१०', 'US')).toMatchObject({ ok: true, value: { value: '+919876543210' } });
    expect(normalizeIdentifier('customer_id', '＋९१\u00a0९८७६५', 'IN')).toMatchObject({ ok: true, value: { value: '＋९१\u00a0९८७६५' } });
    expect(normalizeIdentifier('customer_id', '98765\t43210', 'IN')).toMatchObject({ ok: false, reason: 'control_characters' });
    expect(normalizeIdentifier('email', '९८७@example.com', 'IN')).toMatchObject({ ok: true, value: { value: '९८७@example.com' } });
  });

  it("passes each type's rejection through", () => {
    expect(normalizeIdentifier('customer_id', 'x'.repeat(129), 'IN')).toMatchObject({ ok: false, reason: 'too_long' });
    expect(normalizeIdentifier('email', 'not-an-email', 'IN')).toMatchObject({ ok: false, reason: 'invalid_email' });
    expect(normalizeIdentifier('mobile', '9.19877E+11', 'IN')).toMatchObject({ ok: false, reason: 'scientific_notation' });
    expect(normalizeIdentifier('mobile', '123', 'IN')).toMatchObject({ ok: false, reason: 'invalid_mobile' });
    for (const type of ['customer_id', 'email', 'mobile'] as const) {
      expect(normalizeIdentifier(type, " ' ", 'IN')).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('re-reads a value our own export prefixed with an apostrophe', () => {
    expect(normalizeIdentifier('mobile', "'+919876543210", 'US')).toMatchObject({ ok: true, value: { value: '+919876543210' } });
    expect(normalizeIdentifier('customer_id', "'=HYPERLINK(\"x\")", 'IN')).toMatchObject({ ok: true, value: { value: '=HYPERLINK("x")' } });
  });
});

describe('cleanRawIdentifier', () => {
  it('trims, strips one leading apostrophe, trims again', () => {
    expect(cleanRawIdentifier("  ' abc  ")).toBe('abc');
    expect(cleanRawIdentifier("''abc")).toBe("'abc");
    expect(cleanRawIdentifier("ab'c")).toBe("ab'c");
    expect(cleanRawIdentifier('\ufeffabc')).toBe('abc');
  });

  it('leaves spaces, digits and signs inside the value alone: only the mobile path maps them', () => {
    expect(cleanRawIdentifier('\u00a0a\u00a0b\t9\u00a0')).toBe('a\u00a0b\t9');
    expect(cleanRawIdentifier('＋९१')).toBe('＋९१');
  });
});

describe('guessIdentifierType', () => {
  it('tries email only when the query has an @', () => {
    expect(guessIdentifierType('someone@example.com')).toEqual(['email']);
    expect(guessIdentifierType('someone@')).toEqual(['email']);
  });

  it('tries customer ID, then mobile, for a phone-like query of six digits or more', () => {
    for (const query of ['+91 98765 43210', '9876543210', '(022) 2345-6789', '(+91) 98765-43210', '98.76.54', "'+919876543210", ' 987654 ']) {
      expect(guessIdentifierType(query), query).toEqual(['customer_id', 'mobile']);
    }
  });

  it('tries mobile too for a phone number written with other digits, plus signs or spaces', () => {
    for (const query of ['＋९१ ९८७६५ ४३२१०', '98765\u00a043210', 'tel:+91-98765-43210']) {
      expect(guessIdentifierType(query), query).toEqual(['customer_id', 'mobile']);
    }
  });

  it('tries customer ID only for anything else', () => {
    for (const query of ['98765', 'C-123456', 'abc', '', '12+3456789', '9.19877E+11', '123456a']) {
      expect(guessIdentifierType(query), query).toEqual(['customer_id']);
    }
  });
});
