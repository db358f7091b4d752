import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTables } from '../../src/files/readTables';
import type { SheetCell } from '../../src/files/sheetCells';
import { handWorkbook, zipOf } from '../unit/files/workbookKit';
import { cliJson, makeWorkspace } from './harness';

interface Report {
  job: string;
  status: string;
  rows_read: number;
  added: number;
  rejected: number;
  problems: number;
  problems_by_kind: Record<string, number>;
  problems_file: string | null;
  warnings: string[];
  error: { code: string; message: string } | null;
  not_sent: number;
  sendable: number;
  out_file: string | null;
  removed_file: string | null;
}

interface SearchResult {
  contacts: { customer_id: string | null; email: string | null; mobile: string | null; channels: Record<string, { status: string; category: string | null; at: string | null }> }[];
}

const s = (text: string) => `<is><t>${text}</t></is>`;
/** An inline-string cell, a shared-string cell, a number cell (style `style`). */
const str = (ref: string, text: string) => `<c r="${ref}" t="inlineStr">${s(text)}</c>`;
const shared = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
const num = (ref: string, value: string, style?: number) => `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><v>${value}</v></c>`;

/**
 * A vendor's suppression list as Excel saves it: the header and categories as shared
 * strings, emails inline, mobiles typed in as numbers (one stored in exponent form, as
 * some tools write it), blocked_at as date-formatted serials; a second sheet of notes.
 */
function vendorBook(): Buffer {
  return handWorkbook({
    sheets: [
      {
        name: 'Opt-outs',
        rows: [
          `<row r="1">${shared('A1', 0)}${shared('B1', 1)}${shared('C1', 2)}${shared('D1', 3)}</row>`,
          `<row r="2">${str('A2', 'asha@example.com')}${num('B2', '919845012345')}${shared('C2', 4)}${num('D2', '45356.5', 2)}</row>`,
          `<row r="3">${str('A3', 'bo@example.com')}${num('B3', '9.19845012346E+11')}${shared('C3', 5)}${num('D3', '45292', 1)}</row>`,
          `<row r="4"><c r="A4" s="1"/></row>`,
          `<row r="6">${str('A6', 'not-an-email')}${num('B6', '919845012347')}</row>`,
        ].join(''),
      },
      { name: 'Later', rows: `<row r="1">${str('A1', 'email')}</row><row r="2">${str('A2', 'later@example.com')}</row>` },
    ],
    sharedStrings: ['<t>Email Address</t>', '<t>Phone Number</t>', '<t>category</t>', '<t>blocked_at</t>', '<t>Unsubscribed</t>', '<t>bounced</t>'],
    numFmts: '<numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>',
    cellXfs: [0, 14, 164],
  });
}

describe('Excel workbooks and Excel text files', () => {
  it('imports an .xlsx like a CSV: mobiles stored as numbers keep every digit, date cells date the blocks, problems name the sheet and row', () => {
    const ws = makeWorkspace();
    const file = ws.file('vendor.xlsx', vendorBook());
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--channels', 'email,sms', '--timezone', 'UTC']);
    expect(json.error).toBeNull();
    expect(code).toBe(3);
    expect(json).toMatchObject({ status: 'succeeded_with_problems', rows_read: 3, rejected: 0, problems: 2 });
    const asha = cliJson<SearchResult>(ws.data, ['search', '+91 98450 12345']).json.contacts[0];
    expect(asha).toMatchObject({ email: 'asha@example.com', mobile: '+919845012345' });
    expect(asha?.channels.sms).toMatchObject({ status: 'blocked', category: 'unsubscribe', at: '2024-03-05T12:00:00.000Z' });
    const bo = cliJson<SearchResult>(ws.data, ['search', 'bo@example.com']).json.contacts[0];
    expect(bo).toMatchObject({ mobile: '+919845012346' });
    expect(bo?.channels.email).toMatchObject({ status: 'blocked', category: 'hard_bounce', at: '2024-01-01T00:00:00.000Z' });
    // The bad email costs its cell only: row 6's mobile is blocked, and the problem line says where it is in Excel.
    expect(cliJson<SearchResult>(ws.data, ['search', '919845012347']).json.contacts[0]?.channels.sms?.status).toBe('blocked');
    const problems = fs.readFileSync(json.problems_file as string, 'utf8').split(/\r?\n/);
    expect(problems[1]).toMatch(/^"?vendor\.xlsx \[Opt-outs\]"?,6,Email Address,not-an-email,/);
  });

  it('imports the sheet --sheet names, and an .xlsx inside a ZIP', () => {
    const ws = makeWorkspace();
    const later = cliJson<Report>(ws.data, ['import', ws.file('book.xlsx', vendorBook()), '--channels', 'email', '--sheet', 'Later']);
    expect(later.json).toMatchObject({ status: 'succeeded', rows_read: 1, added: 1 });
    expect(cliJson<SearchResult>(ws.data, ['search', 'later@example.com']).json.contacts).toHaveLength(1);
    expect(cliJson<SearchResult>(ws.data, ['search', 'asha@example.com']).json.contacts).toHaveLength(0);

    const missing = cliJson<Report>(ws.data, ['import', ws.file('book2.xlsx', vendorBook()), '--channels', 'email', '--sheet', 'Nope']);
    expect(missing.code).toBe(1);
    expect(missing.json.error?.message).toMatch(/book2\.xlsx has no sheet "Nope" \(its sheets: "Opt-outs", "Later"\)/);

    const zip = ws.file('exports.zip', zipOf([['2024/vendor.xlsx', vendorBook()]]));
    const zipped = cliJson<Report>(ws.data, ['import', zip, '--channels', 'email,sms', '--timezone', 'UTC']);
    expect(zipped.json).toMatchObject({ status: 'succeeded_with_problems', rows_read: 3 });
    expect(fs.readFileSync(zipped.json.problems_file as string, 'utf8')).toContain('exports.zip!2024/vendor.xlsx [Opt-outs],6,');
    expect(cliJson<SearchResult>(ws.data, ['search', 'asha@example.com']).json.contacts[0]?.channels.sms?.status).toBe('blocked');
  });

  it('scrubs an .xlsx into .xlsx files: same sheet name and columns, numbers and dates kept as such, blocked rows removed with the reason', async () => {
    const ws = makeWorkspace();
    cliJson(ws.data, ['import', ws.file('blocked.csv', 'email\nbo@example.com\n'), '--channels', 'email']);
    const audience = ws.file('campaign.xlsx', vendorBook());
    const out = path.join(ws.dir, 'clean.xlsx');
    const removed = path.join(ws.dir, 'removed.xlsx');
    const { code, json } = cliJson<Report>(ws.data, ['scrub', audience, '--channel', 'email', '--out', out, '--removed', removed]);
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    expect(json).toMatchObject({ rows_read: 3, not_sent: 1 });

    const clean = await sheetOf(out);
    expect(clean.sheet).toBe('Opt-outs');
    expect(clean.records).toEqual([
      ['Email Address', 'Phone Number', 'category', 'blocked_at'],
      ['asha@example.com', '919845012345', 'Unsubscribed', '2024-03-05 12:00:00'],
      ['not-an-email', '919845012347', '', ''],
    ]);
    expect(clean.cells[1]?.[1]).toMatchObject({ type: 'n', value: '919845012345' });
    expect(clean.cells[1]?.[3]).toMatchObject({ type: 'n', value: '45356.5', format: { date: true, code: 'dd/mm/yyyy hh:mm' } });
    const gone = await sheetOf(removed);
    expect(gone.sheet).toBe('Opt-outs');
    expect(gone.records).toEqual([
      ['Email Address', 'Phone Number', 'category', 'blocked_at', 'not_sent_channel', 'not_sent_category'],
      ['bo@example.com', '919845012346', 'bounced', '2024-01-01', 'email', 'manual'],
    ]);
  });

  it('scrubs a workbook inside a ZIP into CSV files, and the sheet --sheet names into a workbook of that sheet', async () => {
    const ws = makeWorkspace();
    cliJson(ws.data, ['import', ws.file('blocked.csv', 'email\nbo@example.com\nlater@example.com\n'), '--channels', 'email']);
    const zip = ws.file('audiences.zip', zipOf([['in/campaign.xlsx', vendorBook()]]));
    const out = path.join(ws.dir, 'zip-clean.csv');
    const zipped = cliJson<Report>(ws.data, ['scrub', zip, '--channel', 'email', '--out', out]);
    expect(zipped.json).toMatchObject({ rows_read: 3, not_sent: 1 });
    expect(fs.readFileSync(out, 'utf8')).toBe('Email Address,Phone Number,category,blocked_at\r\nasha@example.com,919845012345,Unsubscribed,2024-03-05 12:00:00\r\nnot-an-email,919845012347,,\r\n');

    const later = path.join(ws.dir, 'later-clean.xlsx');
    const bySheet = cliJson<Report>(ws.data, ['scrub', ws.file('book.xlsx', vendorBook()), '--channel', 'email', '--sheet', 'later', '--out', later]);
    expect(bySheet.json).toMatchObject({ rows_read: 1, not_sent: 1 });
    expect(await sheetOf(later)).toMatchObject({ sheet: 'Later', records: [['email']] });
  });

  it("imports Excel's Unicode Text (UTF-16 LE with BOM, tab-separated, a header) with --using auto", () => {
    const ws = makeWorkspace();
    const text = 'Email Address\tFirst Name\tPhone Number\r\nasha@example.com\tAsha\t+91 98450 12345\r\nbo@example.com\tBo\t098450 12346\r\n';
    const file = ws.file('Unicode Text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { code, json } = cliJson<Report>(ws.data, ['import', file, '--using', 'auto', '--channels', 'email,sms']);
    expect(json.error).toBeNull();
    expect(code).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', rows_read: 2, rejected: 0, problems: 0 });
    expect(cliJson<SearchResult>(ws.data, ['search', '9845012345']).json.contacts[0]).toMatchObject({ email: 'asha@example.com', channels: { sms: { status: 'blocked' } } });
    // A one-column TXT is still a list of identifiers.
    const list = cliJson<Report>(ws.data, ['import', ws.file('list.txt', 'c@example.com\r\nd@example.com\r\n'), '--using', 'email', '--channels', 'email']);
    expect(list.json).toMatchObject({ status: 'succeeded', rows_read: 2, added: 2 });
  });
});

async function sheetOf(file: string): Promise<{ sheet: string | undefined; records: string[][]; cells: SheetCell[][] }> {
  const result = { sheet: undefined as string | undefined, records: [] as string[][], cells: [] as SheetCell[][] };
  for await (const event of readTables([file], { keepRawText: true })) {
    if (event.type === 'table') result.sheet = event.table.sheet;
    if (event.type === 'records') {
      result.records.push(...event.records);
      result.cells.push(...(event.cells ?? []));
    }
  }
  return result;
}
