import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../src/files/detectDelimiter';

describe('detectDelimiter', () => {
  it('picks the delimiter that splits records consistently', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n', true)).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n', true)).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n', true)).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n', true)).toBe('|');
  });

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"a;b;c";x\n"1;2;3";y\n"4,5";z\n', true)).toBe(';');
    expect(detectDelimiter('name|email\n"Doe, Jane; Dr"|a@b.c\n"Roe, R"|c@d.e\n', true)).toBe('|');
  });

  it('counts a parse failure against a delimiter', () => {
    // With `|`, the quoted CR field is followed by `,`: text after a closing quote, a failure.
    expect(detectDelimiter(',"||a"\r\n"\'\r",\r\n,\r\n', true)).toBe(',');
  });

  it('counts quotes taken literally against a delimiter', () => {
    // Under tab, the quote of "'\t\ta" is not at a field start: `,"'` | `` | `a"`.
    expect(detectDelimiter(',"\'\t\ta"\r\n', true)).toBe(',');
  });

  it('calls a file with nothing to split single-column, read with a comma', () => {
    expect(detectDelimiter('email\na@b.c\nd@e.f\n', true)).toBe(',');
    expect(detectDelimiter('', true)).toBe(',');
    expect(detectDelimiter('"no end', true)).toBe(',');
  });

  it('does not count the cut-off last record of a partial sample', () => {
    expect(detectDelimiter('a;b\n1;2\n3;4\nx,y,z,w,v', false)).toBe(';');
  });
});
