import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../src/domain/errors';
import { CsvFileWriter, csvLine, formulaSafeCell } from '../../../src/files/csvWriter';
import { readAll, tempFolder } from './tableKit';

const dir = tempFolder('write');

describe('formulaSafeCell', () => {
  it("prefixes ' to cells a spreadsheet would run as a formula", () => {
    for (const cell of ['=SUM(A1)', '+91 98765 43210', '+1+2', '+919876543210=x', '-5', '@cmd', '\tx', '\rx', '\nx']) expect(formulaSafeCell(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'a@b.c', '919876543210', ' =x', "'already"]) expect(formulaSafeCell(cell)).toBe(cell);
  });

  it('writes a pure E.164 mobile as it is, so an export loads cleanly into CE or an ESP', () => {
    for (const cell of ['+918763252879', '+12133811891', '+4']) expect(formulaSafeCell(cell)).toBe(cell);
    expect(csvLine(['C1', '+918763252879', '=x'])).toBe(`C1,+918763252879,"'=x"`);
  });
});

describe('csvLine', () => {
  it('quotes only when needed, doubling quotes; null is an empty cell', () => {
    expect(csvLine(['a', 'b c', null, ''])).toBe('a,b c,,');
    expect(csvLine(['a,b', 'say "hi"', 'two\r\nlines'])).toBe('"a,b","say ""hi""","two\r\nlines"');
  });

  it('always quotes a formula-safe cell', () => {
    expect(csvLine(['=1+2', '+91 98765 43210', 'x'])).toBe(`"'=1+2","'+91 98765 43210",x`);
  });

  it('quotes the other delimiters and a blank lone cell, so our files re-import as written', () => {
    expect(csvLine(['a;b', 'c\td', 'e|f'])).toBe('"a;b","c\td","e|f"');
    expect(csvLine([''])).toBe('""');
    expect(csvLine(['  '])).toBe('"  "');
    expect(csvLine([])).toBe('');
  });
});

describe('CsvFileWriter', () => {
  it('writes UTF-8 without BOM, CRLF line breaks, the caller’s header first', () => {
    const file = path.join(dir, 'plain.csv');
    const writer = new CsvFileWriter(file);
    writer.write(['email', 'name']);
    writer.write(['zoë@example.com', 'Zoë, "Z"']);
    writer.close();
    expect(fs.readFileSync(file)).toEqual(Buffer.from('email,name\r\nzoë@example.com,"Zoë, ""Z"""\r\n', 'utf8'));
    expect(writer.rows).toBe(2);
  });

  it('atomic: writes <path>.partial, renames on close, removes it on abort', () => {
    const file = path.join(dir, 'atomic.csv');
    fs.writeFileSync(file, 'old content');
    const writer = new CsvFileWriter(file, { atomic: true });
    writer.write(['email']);
    for (let i = 0; i < 100_000; i++) writer.write([`user${i}@example.com`]);
    expect(fs.existsSync(`${file}.partial`)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('old content');
    writer.close();
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('email\r\nuser0@example.com\r\n')).toBe(true);
    expect(text.endsWith('user99999@example.com\r\n')).toBe(true);
    expect(writer.bytesWritten).toBe(Buffer.byteLength(text));
    writer.abort(); // after close: does nothing
    expect(fs.existsSync(file)).toBe(true);

    const aborted = new CsvFileWriter(file, { atomic: true });
    aborted.write(['new']);
    aborted.abort();
    aborted.abort();
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(() => aborted.write(['late'])).toThrow(/write after close or abort/);
  });

  it('names the file it cannot write', () => {
    const missing = path.join(dir, 'no-such-folder', 'out.csv');
    let caught: unknown;
    try {
      new CsvFileWriter(missing);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DeskError);
    expect(caught).toMatchObject({ code: 'file_unreadable', message: `cannot write ${missing}: its folder does not exist` });
  });
});

describe('csvLine → readTables round trip', () => {
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '\t', '|', '"', "'", '=', '+', '-', '@', '\r', '\n', 'é', '😀', '日') }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('', ' ', '=SUM(A1)', '+919876543210', 'a@b.c', '"', '\r\n', '\r'),
  );

  it('reads back exactly what was written, formula-safe prefix included, whatever the read chunk size', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 25 })),
        fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(4096)),
        async (rows, chunkBytes) => {
          const file = path.join(dir, `roundtrip-${run++}.csv`);
          const writer = new CsvFileWriter(file);
          for (const row of rows) writer.write(row);
          writer.close();
          const result = await readAll([file], { chunkBytes });
          expect(result.tables[0]?.delimiter).toBe(',');
          expect(result.records).toEqual(rows.map((row) => row.map(formulaSafeCell)));
          fs.rmSync(file);
        },
      ),
      { numRuns: 300 },
    );
  });
});
