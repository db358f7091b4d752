import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../src/domain/errors';
import { CsvRecordParser, type RecordBatch } from '../../../src/files/csvRecords';
import { referenceParse } from './tableKit';

function parsePieces(pieces: string[], options: { delimiter?: string; kind?: 'csv' | 'txt'; maxRecordChars?: number; batch?: number } = {}): RecordBatch {
  const parser = new CsvRecordParser({ file: 'in.csv', kind: options.kind ?? 'csv', delimiter: options.delimiter ?? ',', maxRecordChars: options.maxRecordChars ?? 1 << 20 });
  const all: RecordBatch = { records: [], lines: [] };
  const max = options.batch ?? 3;
  const drain = () => {
    for (;;) {
      const batch: RecordBatch = { records: [], lines: [] };
      const status = parser.parseInto(batch, max);
      expect(batch.records.length).toBeLessThanOrEqual(max);
      all.records.push(...batch.records);
      all.lines.push(...batch.lines);
      if (status !== 'full') return status;
    }
  };
  for (const piece of pieces) {
    parser.append(piece);
    expect(drain()).toBe('more');
  }
  parser.finish();
  expect(drain()).toBe('done');
  return all;
}

/** Every way of cutting `text` in two, and in pieces of every size from 1 to 5. */
function splits(text: string): string[][] {
  const out: string[][] = [[text]];
  for (let cut = 0; cut <= text.length; cut++) out.push([text.slice(0, cut), text.slice(cut)]);
  for (let size = 1; size <= 5; size++) {
    const pieces: string[] = [];
    for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
    out.push(pieces);
  }
  return out;
}

const TRICKY: [string, string][] = [
  ['plain LF', 'a,b,c\n1,2,3\n'],
  ['CRLF', 'a,b\r\n1,2\r\n3,4'],
  ['lone CR', 'a,b\r1,2\r3,4\r'],
  ['mixed endings and blank lines', 'a,b\r\n\r\n1,2\n\n\r3,4\r\n   \r\n5,6'],
  ['quoted delimiter and doubled quotes', 'x,"a,b","say ""hi"""\r\n"",""\r\n'],
  ['quoted CRLF, LF and CR', 'id,note\r\n1,"line1\r\nline2"\r\n2,"a\nb\rc"\r\n3,x\r\n'],
  ['quoted field ending in CR before the quote', '1,"a\r"\r\n2,b'],
  ['quote inside an unquoted field is literal', 'a"b,c\r\nd,e"f"\r\n'],
  ['text after a closing quote is kept', '"ab"cd,e\n'],
  ['trailing delimiter, no final newline', 'a,b,\n1,2,'],
  ['a quoted empty lone cell is a record, a blank line is not', '""\n\n  \n"  "\n'],
  ['only delimiters', ',,\n,\n'],
  ['quote at the very end', 'a,"b"'],
  ['doubled quote at a piece boundary', '"a""""b"\n'],
  ['unicode', 'Zoë,"日本\r\n語",😀\n'],
];

describe('CsvRecordParser', () => {
  for (const [name, text] of TRICKY) {
    it(`matches the reference parse however the text is cut: ${name}`, () => {
      const expected = referenceParse(text, ',');
      for (const pieces of splits(text)) expect(parsePieces(pieces), JSON.stringify(pieces)).toEqual(expected);
    });
  }

  it('numbers records by their physical first line, counting line breaks inside quotes', () => {
    const parsed = parsePieces(['h1,h2\r\n1,"a\r\nb\r\nc"\r\n\r\n2,x\n3,"\n"\r4,y']);
    expect(parsed.lines).toEqual([1, 2, 6, 7, 9]);
    expect(parsed.records[1]).toEqual(['1', 'a\r\nb\r\nc']);
  });

  it('honours other delimiters and leaves commas alone then', () => {
    expect(parsePieces(['a;b,c;"d;e"\n'], { delimiter: ';' }).records).toEqual([['a', 'b,c', 'd;e']]);
    expect(parsePieces(['a\tb\t"c\td"\n'], { delimiter: '\t' }).records).toEqual([['a', 'b', 'c\td']]);
    expect(parsePieces(['a|b|c\n'], { delimiter: '|' }).records).toEqual([['a', 'b', 'c']]);
  });

  it('reads TXT as one verbatim cell a line: no splitting, no quote processing', () => {
    const text = 'a@x.com\r\n"quoted, still one"\n\n  \r +91 98765 43210 \n"unbalanced';
    for (const pieces of splits(text)) {
      const parsed = parsePieces(pieces, { kind: 'txt' });
      expect(parsed).toEqual(referenceParse(text, ',', 'txt'));
      expect(parsed.records).toEqual([['a@x.com'], ['"quoted, still one"'], [' +91 98765 43210 '], ['"unbalanced']]);
      expect(parsed.lines).toEqual([1, 2, 5, 6]);
    }
  });

  it('fails on a quoted field that is never closed, naming the line where it opens', () => {
    const parse = () => parsePieces(['a,b\n1,2\n3,"oops\n4,5\n']);
    expect(parse).toThrow(DeskError);
    expect(parse).toThrow(/in\.csv line 3: a quoted field is never closed/);
  });

  it('fails on a quoted field that swallowed lines and closes with text after it', () => {
    expect(() => parsePieces(['"a","b\r\n"c","d"\r\n'])).toThrow(/in\.csv line 1: a quoted field opened here runs on to line 2 and has text after its closing quote/);
    // On one line, text after the closing quote is kept (Excel's reading).
    expect(parsePieces(['"a","b "x" c",d\n']).records).toEqual([['a', 'b x" c"', 'd']]);
  });

  it('skips a whitespace-only line even when tab is the delimiter', () => {
    expect(parsePieces([' \t \n\t\n a\tb\n'], { delimiter: '\t' })).toEqual({ records: [[' a', 'b']], lines: [3] });
  });

  it('fails on a record longer than the limit, before the text ends', () => {
    const line = 'x'.repeat(5000);
    expect(() => parsePieces([line.slice(0, 2500), line.slice(2500), '\n'], { maxRecordChars: 1000 })).toThrow(/in\.csv line 1: a record is longer than 1000 bytes near/);
    const quoted = `a\n"${'y\n'.repeat(3000)}`;
    const pieces = quoted.match(/[\s\S]{1,100}/g) ?? [];
    expect(() => parsePieces(pieces, { maxRecordChars: 1000 })).toThrow(/in\.csv line 2: a quoted field runs on for more than 1000 bytes without its closing quote/);
  });

  // How fast it is lives in `npm run bench`; here only that it is read whole.
  it('reads one long record that arrives in many small pieces', () => {
    const big = `"${'z'.repeat(400_000)}"\n`;
    const pieces = big.match(/[\s\S]{1,7}/g) ?? [];
    const parsed = parsePieces(pieces, { maxRecordChars: 1 << 20 });
    expect(parsed).toEqual({ records: [['z'.repeat(400_000)]], lines: [1] });
  });
});

describe('CsvRecordParser: raw record text (keepRawText)', () => {
  function rawOf(pieces: string[], kind: 'csv' | 'txt' = 'csv'): RecordBatch {
    const parser = new CsvRecordParser({ file: 'in.csv', kind, delimiter: ',', maxRecordChars: 1 << 20, keepRawText: true });
    const all: RecordBatch = { records: [], lines: [], raw: [] };
    const drain = () => {
      for (;;) {
        const batch: RecordBatch = { records: [], lines: [], raw: [] };
        const status = parser.parseInto(batch, 2);
        all.records.push(...batch.records);
        all.raw?.push(...(batch.raw ?? []));
        if (status !== 'full') return;
      }
    };
    for (const piece of pieces) {
      parser.append(piece);
      drain();
    }
    parser.finish();
    drain();
    return all;
  }

  it('gives each record its exact text with its own line break, for every cut of the input', () => {
    const text = 'a,b\r\n"x, ""y""\r\nz",2\n\n  \nplain,3\r"q",last';
    const wanted = ['a,b\r\n', '"x, ""y""\r\nz",2\n', 'plain,3\r', '"q",last'];
    for (const pieces of splits(text)) {
      const batch = rawOf(pieces);
      expect(batch.raw).toEqual(wanted);
      expect(batch.records.length).toBe(wanted.length);
    }
  });

  it('leaves raw out unless asked, and works for TXT', () => {
    expect(parsePieces(['a,b\n']).raw).toBeUndefined();
    expect(rawOf(['one\r\ntwo\n'], 'txt').raw).toEqual(['one\r\n', 'two\n']);
  });
});
