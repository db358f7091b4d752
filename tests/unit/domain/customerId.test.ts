import { describe, it, expect } from 'vitest';
import { normalizeCustomerId } from '../../../src/domain/customerId';

describe('normalizeCustomerId', () => {
  it('keeps the ID exactly as written, case included', () => {
    expect(normalizeCustomerId('CUST-001')).toEqual({ ok: true, value: 'CUST-001' });
    expect(normalizeCustomerId('abc')).toEqual({ ok: true, value: 'abc' });
    expect(normalizeCustomerId('ABC')).toEqual({ ok: true, value: 'ABC' });
    expect(normalizeCustomerId('A  B')).toEqual({ ok: true, value: 'A  B' });
  });

  it('trims surrounding whitespace', () => {
    expect(normalizeCustomerId('  C1 \t')).toEqual({ ok: true, value: 'C1' });
    expect(normalizeCustomerId('\u00a0C1\u3000')).toEqual({ ok: true, value: 'C1' });
  });

  it("strips one leading apostrophe (Excel's text marker, our export's formula guard)", () => {
    expect(normalizeCustomerId("'00123")).toEqual({ ok: true, value: '00123' });
    expect(normalizeCustomerId("  ' 00123 ")).toEqual({ ok: true, value: '00123' });
    expect(normalizeCustomerId("'=SUM(A1)")).toEqual({ ok: true, value: '=SUM(A1)' });
    expect(normalizeCustomerId("''x")).toEqual({ ok: true, value: "'x" });
    expect(normalizeCustomerId("x'")).toEqual({ ok: true, value: "x'" });
  });

  it('rejects an empty value', () => {
    for (const raw of ['', '   ', "'", "  '  "]) {
      expect(normalizeCustomerId(raw)).toMatchObject({ ok: false, reason: 'empty' });
    }
  });

  it('accepts 128 characters and rejects 129, counting code points', () => {
    expect(normalizeCustomerId('a'.repeat(128))).toEqual({ ok: true, value: 'a'.repeat(128) });
    const tooLong = normalizeCustomerId('a'.repeat(129));
    expect(tooLong).toMatchObject({ ok: false, reason: 'too_long' });
    if (!tooLong.ok) expect(tooLong.message).toMatch(/129 characters long; at most 128/);

    // 128 emoji are 256 UTF-16 units but 128 characters.
    expect(normalizeCustomerId('😀'.repeat(128))).toEqual({ ok: true, value: '😀'.repeat(128) });
    expect(normalizeCustomerId('😀'.repeat(129))).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('rejects control characters inside the value', () => {
    for (const raw of ['a\tb', 'a\nb', 'a\r\nb', 'ab\u0000', 'a\u007fb', 'a\u0085b', 'a\u009bb']) {
      const result = normalizeCustomerId(raw);
      expect(result).toMatchObject({ ok: false, reason: 'control_characters' });
      if (!result.ok) expect(result.message).toContain('control character');
    }
  });

  it('rejects an unpaired surrogate, which cannot be stored as UTF-8', () => {
    expect(normalizeCustomerId('a\ud800b')).toMatchObject({ ok: false, reason: 'invalid_customer_id' });
    expect(normalizeCustomerId('a\udc00')).toMatchObject({ ok: false, reason: 'invalid_customer_id' });
  });
});
