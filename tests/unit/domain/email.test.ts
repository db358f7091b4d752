import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { normalizeEmail, normalizeEmailCarefully } from '../../../src/domain/email';
import { cleanRawIdentifier } from '../../../src/domain/rawIdentifier';

function keyOf(raw: string): string {
  const result = normalizeEmail(raw);
  if (!result.ok) throw new Error(`expected ${raw} to be accepted: ${result.message}`);
  return result.value.key;
}

describe('normalizeEmail: accepted addresses', () => {
  it('lower-cases the whole address for the key and keeps the spelling for display', () => {
    expect(normalizeEmail('John.Doe@Example.COM')).toEqual({
      ok: true,
      value: { display: 'John.Doe@Example.COM', key: 'john.doe@example.com' },
    });
  });

  it('matches an upper-case local part case-insensitively', () => {
    expect(keyOf('USER@EXAMPLE.COM')).toBe(keyOf('user@example.com'));
    expect(keyOf('ÜSER@example.com')).toBe('üser@example.com');
  });

  it('never strips dots or +tags', () => {
    expect(keyOf('j.o.h.n+promo@gmail.com')).toBe('j.o.h.n+promo@gmail.com');
    expect(keyOf('j.o.h.n@gmail.com')).not.toBe(keyOf('john@gmail.com'));
    expect(keyOf('john+a@gmail.com')).not.toBe(keyOf('john@gmail.com'));
  });

  it('converts an IDN domain to punycode in the key and keeps it in the display', () => {
    expect(normalizeEmail('user@Bücher.example')).toEqual({
      ok: true,
      value: { display: 'user@Bücher.example', key: 'user@xn--bcher-kva.example' },
    });
    // The punycode spelling of the same domain is the same address.
    expect(keyOf('user@XN--BCHER-KVA.example')).toBe('user@xn--bcher-kva.example');
  });

  it('accepts an internationalised local part', () => {
    expect(keyOf('ΔΟΚΙΜΉ@παράδειγμα.δοκιμή')).toBe('δοκιμή@xn--hxajbheg2az3al.xn--jxalpdlp');
    expect(keyOf('用户@例子.广告')).toBe('用户@xn--fsqu00a.xn--4rr70v');
  });

  it('gives composed and decomposed spellings of a local part the same key', () => {
    expect(keyOf('u\u0308ser@example.com')).toBe(keyOf('\u00fcser@example.com'));
  });

  it('trims and strips one leading apostrophe before anything else', () => {
    expect(normalizeEmail("  'user@example.com  ")).toEqual({
      ok: true,
      value: { display: 'user@example.com', key: 'user@example.com' },
    });
    // An apostrophe is a legal local-part character: only the first one is a marker.
    expect(keyOf("''o'brien@example.com")).toBe("'o'brien@example.com");
    expect(keyOf("o'brien@example.com")).toBe("o'brien@example.com");
  });

  it('accepts the RFC 5322 special characters of an unquoted local part', () => {
    expect(keyOf("a!#$%&'*+/=?^_`{|}~-z@example.com")).toBe("a!#$%&'*+/=?^_`{|}~-z@example.com");
  });

  it('reads a quoted local part that needs no quotes as the plain mailbox', () => {
    expect(normalizeEmail('"john"@example.com')).toStrictEqual({ ok: true, value: { display: 'john@example.com', key: 'john@example.com' } });
    expect(normalizeEmail('"John.Doe"@Example.COM')).toStrictEqual({
      ok: true,
      value: { display: 'John.Doe@Example.COM', key: 'john.doe@example.com' },
    });
    expect(normalizeEmail("'\"j\\ohn\"@example.com")).toStrictEqual({ ok: true, value: { display: 'john@example.com', key: 'john@example.com' } });
    expect(keyOf('"john"@example.com')).toBe(keyOf('john@example.com'));
  });

  it('keeps the quotes of a local part that needs them', () => {
    expect(normalizeEmail('"john doe"@example.com')).toMatchObject({ ok: false, reason: 'invalid_email' });
    expect(normalizeEmail('"john..doe"@example.com')).toStrictEqual({
      ok: true,
      value: { display: '"john..doe"@example.com', key: '"john..doe"@example.com' },
    });
    expect(keyOf('".john"@example.com')).toBe('".john"@example.com');
    expect(keyOf('"a,b"@example.com')).toBe('"a,b"@example.com');
  });

  it('accepts a quoted local part, where double dots are allowed', () => {
    expect(keyOf('"John..Doe"@example.com')).toBe('"john..doe"@example.com');
    expect(keyOf('"a@b"@example.com')).toBe('"a@b"@example.com');
  });

  it('accepts 64 characters before the @ and 254 in all', () => {
    const local = 'a'.repeat(64);
    const domain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(`${local}@${domain}`).toHaveLength(254);
    expect(keyOf(`${local}@${domain}`)).toBe(`${local}@${domain}`);
  });
});

describe('normalizeEmail: rejected addresses', () => {
  function expectInvalid(raw: string, messagePart: string | RegExp): void {
    const result = normalizeEmail(raw);
    expect(result, raw).toMatchObject({ ok: false, reason: 'invalid_email' });
    if (!result.ok) {
      expect(result.message).toContain(JSON.stringify(raw.trim()).slice(0, 20));
      expect(result.message).toMatch(messagePart);
    }
  }

  it('rejects an empty value', () => {
    for (const raw of ['', '  ', "'"]) expect(normalizeEmail(raw)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('rejects addresses without exactly one @ and both sides', () => {
    expectInvalid('plainaddress', 'has no @');
    expectInvalid('a@b@example.com', 'more than one @');
    expectInvalid('@example.com', 'nothing before the @');
    expectInvalid('user@', 'nothing after the @');
  });

  it('rejects leading, trailing and double dots in an unquoted local part', () => {
    expectInvalid('.user@example.com', 'starts with a dot');
    expectInvalid('user.@example.com', 'dot just before the @');
    expectInvalid('us..er@example.com', 'two dots in a row');
  });

  it('rejects whitespace and invisible characters', () => {
    expectInvalid('user name@example.com', 'space');
    expectInvalid('user@exa mple.com', 'space');
    expectInvalid('user\u00a0@example.com', 'space');
    expectInvalid('user\u200b@example.com', 'invisible');
  });

  it('rejects control characters with their own reason', () => {
    expect(normalizeEmail('user\t@example.com')).toMatchObject({ ok: false, reason: 'control_characters' });
    expect(normalizeEmail('user@example.com\u0000')).toMatchObject({ ok: false, reason: 'control_characters' });
  });

  it('rejects characters that need quoting before the @', () => {
    expectInvalid('a,b@example.com', '","');
    expectInvalid('John Doe <john@example.com>', 'space');
    expectInvalid('<john@example.com>', '"<"');
    expectInvalid('a"b@example.com', 'needs quoting');
    expectInvalid('"unclosed@example.com', 'never closed');
  });

  it('rejects malformed domains', () => {
    expectInvalid('user@example', 'without a dot');
    expectInvalid('user@-example.com', 'inner hyphens');
    expectInvalid('user@example-.com', 'inner hyphens');
    expectInvalid('user@exa_mple.com', '"_" in the domain');
    expectInvalid('user@example..com', 'empty part');
    expectInvalid('user@example.com.', 'empty part');
    expectInvalid('user@[192.168.0.1]', 'IP address');
    expectInvalid('user@192.168.0.1', 'ends in a number');
    expectInvalid('user@xn--zz.com', 'not a valid internationalised domain');
    expectInvalid(`user@${'a'.repeat(64)}.com`, '64 characters');
  });

  it('refuses what the URL host parser would silently rewrite into another domain', () => {
    expectInvalid('user@example.com/evil.org', '"/"');
    expectInvalid('user@ex%41mple.com', '"%"');
    expectInvalid('user@example.com?x', '"?"');
  });

  it('rejects 65 characters before the @', () => {
    expectInvalid(`${'a'.repeat(65)}@example.com`, '65 characters before the @; at most 64');
  });

  it('rejects more than 254 characters in all', () => {
    const address = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`;
    expect(address).toHaveLength(255);
    const result = normalizeEmail(address);
    expect(result).toMatchObject({ ok: false, reason: 'too_long' });
    if (!result.ok) expect(result.message).toMatch(/255 characters long; at most 254/);
  });

  it('rejects an unpaired surrogate', () => {
    expect(normalizeEmail('us\ud800er@example.com')).toMatchObject({ ok: false, reason: 'invalid_email' });
  });
});

describe('the plain-address shortcut', () => {
  const atext = fc.constantFrom(...'aZ09._-+!#$%&*/=?^`{|}~\''.split(''), 'é', 'xn--', '@', ' ', '"', '..');
  const label = fc.array(fc.constantFrom(...'aB0-'.split(''), 'xn--', 'ü'), { minLength: 0, maxLength: 70 }).map((p) => p.join(''));
  const address = fc
    .tuple(fc.array(atext, { minLength: 0, maxLength: 70 }), fc.array(label, { minLength: 1, maxLength: 4 }))
    .map(([local, labels]) => `${local.join('')}@${labels.join('.')}`);

  it('answers exactly what the full rules answer', () => {
    fc.assert(
      fc.property(address, (a) => {
        expect(normalizeEmail(a)).toEqual(normalizeEmailCarefully(cleanRawIdentifier(a)));
      }),
      { numRuns: 20_000 },
    );
  });
});
