import { describe, expect, it } from 'vitest';
import { sniffByteOrderMark, Utf8Validator } from '../../../src/files/detectEncoding';
import { notTextReason, notTextReasonForText } from '../../../src/files/detectNotText';

function validInPieces(bytes: Buffer, cuts: number[]): boolean {
  const validator = new Utf8Validator();
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (!validator.push(bytes.subarray(at, cut))) return false;
    at = cut;
  }
  return validator.end();
}

describe('sniffByteOrderMark', () => {
  it('recognises the UTF-8 and UTF-16 marks and nothing else', () => {
    expect(sniffByteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(sniffByteOrderMark(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(sniffByteOrderMark(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(sniffByteOrderMark(Buffer.from('abc'))).toBeNull();
    expect(sniffByteOrderMark(Buffer.from([0xef, 0xbb]))).toBeNull();
  });
});

describe('Utf8Validator', () => {
  const text = Buffer.from('aé€😀b\r\nZoë,日本語,💥', 'utf8');

  it('accepts valid UTF-8 however it is cut, including inside multi-byte sequences', () => {
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b++) expect(validInPieces(text, [a, b]), `${a},${b}`).toBe(true);
    }
    expect(validInPieces(text, Array.from({ length: text.length }, (_, i) => i))).toBe(true);
  });

  it('rejects Windows-1252 bytes, truncated and overlong sequences and surrogates, however cut', () => {
    const bad = [
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x31]), // "Café,1" in Windows-1252
      Buffer.from([0x61, 0xe2, 0x82]), // a truncated €
      Buffer.from([0xc0, 0xaf]), // overlong "/"
      Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // beyond U+10FFFF
      Buffer.from([0x80, 0x61]), // a lone continuation byte
    ];
    for (const bytes of bad) {
      expect(validInPieces(bytes, [])).toBe(false);
      for (let cut = 0; cut <= bytes.length; cut++) expect(validInPieces(bytes, [cut]), `${bytes.toString('hex')} cut ${cut}`).toBe(false);
    }
  });
});

describe('notTextReason', () => {
  it('names known binary formats and NUL-laden data', () => {
    expect(notTextReason(Buffer.from('%PDF-1.7\n...'))).toMatch(/PDF/);
    expect(notTextReason(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toMatch(/Excel/);
    expect(notTextReason(Buffer.from([0x1f, 0x8b, 8, 0]))).toMatch(/gzip/);
    expect(notTextReason(Buffer.from('a,b\n1,\u0000\n'))).toMatch(/NUL bytes \(at byte 6\)/);
    expect(notTextReason(Buffer.from('e\u0000m\u0000a\u0000i\u0000l\u0000', 'latin1'))).toMatch(/UTF-16 text without a byte-order mark/);
    expect(notTextReason(Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))))).toMatch(/binary/);
  });

  it('lets text through, Windows-1252 included', () => {
    expect(notTextReason(Buffer.from('BZh,col\nBZhang,2\n'))).toBeNull();
    expect(notTextReason(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x09, 0x0c]))).toBeNull();
    expect(notTextReasonForText('email\r\na@b.c\t\n')).toBeNull();
    expect(notTextReasonForText('a\u0000b')).toMatch(/NUL/);
  });
});
