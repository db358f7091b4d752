import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { XlsxWriter } from '../../../src/files/xlsxWriter';
import { numberFormat } from '../../../src/files/sheetCells';
import { readTables } from '../../../src/files/readTables';
import type { SheetCell } from '../../../src/files/sheetCells';
import { SharedStrings } from '../../../src/files/sharedStrings';
import { readAll, readError, tempFolder, writeFile } from './tableKit';
import { handWorkbook, zipOf } from './workbookKit';

const dir = tempFolder('workbook');

/** A workbook as Excel lays one out: shared strings (one rich, one with an entity, one with a phonetic run), numbers, dates, styled empty rows, a gap. */
function excelLikeBook(): Buffer {
  return handWorkbook({
    sheets: [
      {
        name: 'Contacts',
        rows: [
          '<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>',
          '<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2"><v>919845012345</v></c><c r="C2" s="3"><v>123</v></c><c r="D2" s="2"><v>45356.5</v></c><c r="E2" t="inlineStr"><is><t>Tom &amp; Jerry_x000D_</t></is></c></row>',
          '<row r="3" ht="15"><c r="A3" s="1"/><c r="B3" s="1"/></row>',
          '<row r="5"><c r="A5" t="inlineStr"><is><r><t>ana</t></r><r><rPr><b/></rPr><t>@example.org</t></r></is></c><c r="B5"><v>9.19845012346E+11</v></c><c r="D5" s="1"><v>45292</v></c><c r="E5" t="b"><v>1</v></c></row>',
          '<row r="6"><c r="A6" t="str"><f>LOWER("BO@EXAMPLE.COM")</f><v>bo@example.com</v></c><c r="B6" t="s"><v>6</v></c><c r="E6" t="e"><v>#N/A</v></c></row>',
          '<row r="7"><c r="A7" t="s"><v>7</v></c></row>',
        ].join(''),
      },
      { name: 'Other', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x@y.com</t></is></c></row>' },
    ],
    sharedStrings: [
      '<t>Email Address</t>',
      '<t>Phone Number</t>',
      '<t>Customer ID</t>',
      '<t>Blocked At</t>',
      '<t>Note</t>',
      '<t xml:space="preserve">raj@example.com</t>',
      '<r><t>+91 98450</t></r><r><t xml:space="preserve"> 12347</t></r>',
      '<t>山田@example.jp</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>',
    ],
    numFmts: '<numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="00000"/>',
    cellXfs: [0, 14, 164, 165],
  });
}

const EXPECTED = [
  ['Email Address', 'Phone Number', 'Customer ID', 'Blocked At', 'Note'],
  ['raj@example.com', '919845012345', '00123', '2024-03-05 12:00:00', 'Tom & Jerry\r'],
  ['ana@example.org', '919845012346', '', '2024-01-01', 'TRUE'],
  ['bo@example.com', '+91 98450 12347', '', '', '#N/A'],
  ['山田@example.jp', '', '', '', ''],
];

describe('Excel workbooks', () => {
  it('reads the first sheet like a CSV: shared and inline strings, numbers in full, dates as ISO dates, Excel row numbers', async () => {
    const file = writeFile(dir, 'book.xlsx', excelLikeBook());
    const read = await readAll([file], { chunkBytes: 7 });
    expect(read.records).toEqual(EXPECTED);
    expect(read.lines).toEqual([1, 2, 5, 6, 7]);
    expect(read.tables).toHaveLength(1);
    expect(read.tables[0]).toMatchObject({ file: `${file} [Contacts]`, kind: 'xlsx', sheet: 'Contacts', sheets: ['Contacts', 'Other'] });
  });

  it('reads the sheet --sheet names (any case), and names the sheets when it has no such sheet', async () => {
    const file = writeFile(dir, 'two.xlsx', excelLikeBook());
    const read = await readAll([file], { sheet: 'other' });
    expect(read.records).toEqual([['Email'], ['x@y.com']]);
    expect(read.tables[0]?.file).toBe(`${file} [Other]`);
    const error = await readError([file], 'usage', { sheet: 'Sheet9' });
    expect(error.message).toBe(`${file} has no sheet "Sheet9" (its sheets: "Contacts", "Other")`);
  });

  it('skips a hidden first sheet by default', async () => {
    const book = handWorkbook({
      sheets: [
        { name: 'Lookup', hidden: true, rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>' },
        { name: 'List', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a@b.co</t></is></c></row>' },
      ],
    });
    const read = await readAll([writeFile(dir, 'hidden.xlsx', book)]);
    expect(read.tables[0]?.sheet).toBe('List');
    expect(read.records).toEqual([['email'], ['a@b.co']]);
  });

  it('reads worksheets whose elements carry a namespace prefix, and the 1904 date system', async () => {
    const book = handWorkbook({
      prefix: 'x:',
      date1904: true,
      cellXfs: [0, 14],
      sheets: [{ name: 'S', rows: '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>when</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" s="1"><x:v>43830</x:v></x:c></x:row>' }],
    });
    const read = await readAll([writeFile(dir, 'prefixed.xlsx', book)]);
    expect(read.records).toEqual([['when'], ['2024-01-01']]);
  });

  it('reads a workbook inside a ZIP, beside a CSV, without extracting it', async () => {
    const zip = writeFile(dir, 'exports.zip', zipOf([['in/book.xlsx', excelLikeBook()], ['list.csv', 'email\r\nz@z.co\r\n']]));
    const read = await readAll([zip], { chunkBytes: 1000 });
    expect(read.byTable.get(`${zip}!in/book.xlsx [Contacts]`)).toEqual(EXPECTED);
    expect(read.byTable.get(`${zip}!list.csv`)).toEqual([['email'], ['z@z.co']]);
    const other = await readAll([zip], { sheet: 'Other' });
    expect(other.byTable.get(`${zip}!in/book.xlsx [Other]`)).toEqual([['Email'], ['x@y.com']]);
  });

  it('stops a workbook whose sheet inflates like a zip bomb, naming the part', async () => {
    const row = '<row><c t="inlineStr"><is><t>a@b.co</t></is></c></row>';
    const book = handWorkbook({ sheets: [{ name: 'S', rows: row.repeat(200_000) }] });
    const error = await readError([writeFile(dir, 'bomb.xlsx', book)], 'zip_limits');
    expect(error.message).toMatch(/bomb\.xlsx!xl\/worksheets\/sheet1\.xml (would inflate|inflates) to .* more than 200 times/);
  });

  it('refuses --sheet for a file that is no workbook', async () => {
    const csv = writeFile(dir, 'plain.csv', 'email\na@b.co\n');
    const error = await readError([csv], 'usage', { sheet: 'Contacts' });
    expect(error.message).toContain('is not an Excel workbook');
  });

  it('reads back what XlsxWriter wrote: text, numbers with their formats, dates, the sheet name', async () => {
    const out = `${dir}/written.xlsx`;
    const writer = new XlsxWriter(out, 'Audience');
    const date: SheetCell = { type: 'n', value: '45356.25', format: numberFormat(164, 'dd/mm/yyyy hh:mm') };
    const padded: SheetCell = { type: 'n', value: '42', format: numberFormat(165, '00000') };
    writer.writeRow(['email', 'mobile', 'id', 'when', 'note']);
    writer.writeRow(['a@b.co', { type: 'n', value: '919845012345', format: null }, padded, date, 'x < y & "z"\u0001']);
    writer.writeRow([undefined, '', { type: 'b', value: '0', format: null }]);
    writer.close();
    const read = await readAll([out], { keepRawText: true });
    expect(read.tables[0]?.file).toBe(`${out} [Audience]`);
    expect(read.records).toEqual([
      ['email', 'mobile', 'id', 'when', 'note'],
      ['a@b.co', '919845012345', '00042', '2024-03-05 06:00:00', 'x < y & "z"\u0001'],
      ['', '', 'FALSE', '', ''],
    ]);
    let cells: SheetCell[][] = [];
    for await (const event of readTables([out], { keepRawText: true })) if (event.type === 'records') cells = event.cells ?? [];
    expect(cells[1]?.[3]).toMatchObject({ type: 'n', value: '45356.25', format: { code: 'dd/mm/yyyy hh:mm', date: true } });
  });

  it('keeps a large shared string table exactly, across its deflated blocks, in any order of reading', () => {
    const table = new SharedStrings();
    const texts = Array.from({ length: 20_000 }, (_, i) => (i % 997 === 0 ? 'ü'.repeat(40_000) : i % 5 === 0 ? '' : `user.${i}@example.com·${'x'.repeat(i % 50)}`));
    // A block filled to its last byte, then empty strings: each must start in a block of its own range.
    texts.push('y'.repeat(65_536), '', 'v', 'z'.repeat(70_000), '', 'after');
    for (const text of texts) table.add(text);
    table.finish();
    expect(table.size).toBe(texts.length);
    for (let i = 0; i < texts.length; i++) expect(table.get(i)).toBe(texts[i]);
    for (let i = texts.length - 1; i >= 0; i -= 7) expect(table.get((i * 7919) % texts.length)).toBe(texts[(i * 7919) % texts.length]);
    expect(table.get(texts.length)).toBeUndefined();
    table.dispose();
  });

  it('keeps its sealed blocks in a private scratch file that nothing names, gone when the reading ends', () => {
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('blocklist-desk-strings-')));
    const table = new SharedStrings();
    for (let i = 0; i < 30_000; i++) table.add(`person.${i}@example.com`);
    table.finish();
    // Unlinked as soon as it was opened: no folder of it is left in the temp folder.
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('blocklist-desk-strings-') && !before.has(name))).toEqual([]);
    expect(table.get(1)).toBe('person.1@example.com');
    expect(table.get(29_999)).toBe('person.29999@example.com');
    table.dispose();
  });
});
