import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callOperation } from '../../../src/api/dispatch';
import type { DeskResult } from '../../../src/api/result';
import type { ImportPreviewView } from '../../../src/api/filesOperations';
import type { JobView } from '../../../src/api/views';
import { handWorkbook } from '../files/workbookKit';
import { nextEvent, tempDesk, type TempDesk } from './tempDesk';

const FORMATS = path.resolve(__dirname, '../../fixtures/formats');

async function call<T>(desk: TempDesk, area: string, name: string, input: unknown): Promise<DeskResult<T>> {
  return callOperation(desk.context, area, name, input) as Promise<DeskResult<T>>;
}

async function preview(desk: TempDesk, input: Record<string, unknown>): Promise<ImportPreviewView> {
  const result = await call<ImportPreviewView>(desk, 'files', 'preview', input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function importAndWait(desk: TempDesk, input: Record<string, unknown>): Promise<JobView> {
  const started = await call<{ job: JobView }>(desk, 'jobs', 'startImport', input);
  if (!started.ok) throw new Error(started.error.message);
  const finished = nextEvent(desk.context, 'job:finished', (e) => e.job.id === started.value.job.id);
  return (await finished).job;
}

// A vendor's export no format describes: its status column's values say who opted out.
const VENDOR = [
  'Contact,Phone,State,Note',
  'a@example.com,+91 98765 00001,Opted Out,x',
  'b@example.com,+91 98765 00002,Active,x',
  'c@example.com,+91 98765 00003,opted out,x',
  'not-an-email,12,Unsubscribed,x',
  'e@example.com,,Bounced,x',
].join('\n');

describe('files.preview: the mapping step reads the first rows as the import will', () => {
  it('names a recognised export, pre-fills its roles, shows its status values and which rows block what', async () => {
    const desk = tempDesk();
    const file = desk.file('listmonk.csv', fs.readFileSync(path.join(FORMATS, 'listmonk_subscribers.csv')));
    const shown = await preview(desk, { file });
    expect(shown.layout).toMatchObject({ kind: 'format', label: 'listmonk — subscribers', format: 'listmonk-subscribers' });
    expect(shown.names_channels).toBe(true);
    expect(shown.roles[shown.header.indexOf('email')]).toBe('email');
    expect(shown.roles[shown.header.indexOf('status')]).toBe('status');
    expect(shown.status?.values).toEqual(expect.arrayContaining([{ value: 'enabled', blocked: false }, { value: 'blocklisted', blocked: true }]));
    const two = shown.rows.find((row) => row.cells.includes('two.l@example.com'));
    const one = shown.rows.find((row) => row.cells.includes('one.l@example.com'));
    expect(two).toMatchObject({ outcome: 'block', channels: ['email'], line: 3 });
    expect(one).toMatchObject({ outcome: 'not_block', channels: [] });
  });

  it('reads a file by the mapping given, with its problems, and the import started with that mapping blocks exactly the previewed rows', async () => {
    const desk = tempDesk();
    const file = desk.file('vendor.csv', VENDOR);
    const aliases = await preview(desk, { file, channels: ['email', 'sms'] });
    expect(aliases.layout.kind).toBe('aliases');
    // The aliases find Phone, not Contact: the step shows it before Save.
    expect(aliases.roles).toEqual([null, 'mobile', null, null]);

    const mapping = {
      columns: [
        { role: 'email', header: 'Contact' },
        { role: 'mobile', header: 'Phone' },
        { role: 'status', header: 'State' },
        { role: 'ignore', header: 'Note' },
      ],
      blocked_when: [{ header: 'State', values: ['Opted Out', 'Unsubscribed'] }],
    };
    const mapped = await preview(desk, { file, channels: ['email', 'sms'], mapping });
    expect(mapped.layout).toMatchObject({ kind: 'mapping' });
    expect(mapped.roles).toEqual(['email', 'mobile', 'status', null]);
    expect(mapped.status?.values).toEqual([
      { value: 'Opted Out', blocked: true },
      { value: 'Active', blocked: false },
      { value: 'opted out', blocked: true },
      { value: 'Unsubscribed', blocked: true },
      { value: 'Bounced', blocked: false },
    ]);
    expect(mapped.rows.map((row) => [row.outcome, row.channels])).toEqual([
      ['block', ['email', 'sms']],
      ['not_block', []],
      ['block', ['email', 'sms']],
      ['rejected', []],
      ['not_block', []],
    ]);
    expect(mapped.rows[3]?.problems.map((p) => p.column)).toEqual(['Contact', 'Phone']);

    const job = await importAndWait(desk, { files: [file], using: 'auto', channels: ['email', 'sms'], mapping });
    expect(job.report).toMatchObject({ rows_read: 5, added: 2, rejected: 1, not_blocks: 2, format: 'mapping (set on the import screen)' });
    const b = await call<{ contacts: { channels: Record<string, { status: string }> }[] }>(desk, 'contacts', 'search', { query: 'b@example.com' });
    expect(b.ok && b.value.contacts).toEqual([]);
  });

  it('refuses a mapping that does not fit the header on field mapping; a saved mapping comes back for the same header', async () => {
    const desk = tempDesk();
    const file = desk.file('vendor.csv', VENDOR);
    const wrong = await call(desk, 'files', 'preview', { file, mapping: { columns: [{ role: 'email', header: 'E-mail' }] } });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'usage', field: 'mapping' });
    expect(!wrong.ok && wrong.error.message).toMatch(/the mapping reads Email from the column "E-mail", which this file does not have/);
    expect(!wrong.ok && wrong.error.message).not.toMatch(/--/);

    const saved = await call<{ name: string }>(desk, 'files', 'saveMapping', {
      name: 'Vendor X',
      header: ['Contact', 'Phone', 'State', 'Note'],
      columns: [{ role: 'email', header: 'Contact' }, { role: 'status', header: 'State' }],
      blocked_when: [{ header: 'State', values: ['Opted Out'] }],
    });
    expect(saved.ok).toBe(true);
    const again = await preview(desk, { file: desk.file('vendor-april.csv', VENDOR), channels: ['email'] });
    expect(again.layout).toMatchObject({ kind: 'mapping', label: 'mapping Vendor X', mapping: 'Vendor X' });
    expect(again.saved_mappings).toEqual([{ name: 'Vendor X', same_header: true }]);
    expect(again.rows.map((row) => row.outcome)).toEqual(['block', 'not_block', 'block', 'not_block', 'not_block']);
  });

  it('shows a table whose header names no identifier unread, with why, for its columns to be set', async () => {
    const desk = tempDesk();
    const file = desk.file('optouts.csv', 'Subscriber,State\na@example.com,out\nb@example.com,in\n');
    const shown = await preview(desk, { file, channels: ['email'] });
    expect(shown.problem).toMatch(/no header row naming customer_id, email or mobile/);
    expect(shown.roles).toEqual([null, null]);
    expect(shown.rows.map((row) => [row.line, row.cells, row.outcome])).toEqual([
      [2, ['a@example.com', 'out'], 'rejected'],
      [3, ['b@example.com', 'in'], 'rejected'],
    ]);
    const mapped = await preview(desk, {
      file,
      channels: ['email'],
      mapping: { columns: [{ role: 'email', header: 'Subscriber' }, { role: 'status', header: 'State' }], blocked_when: [{ header: 'State', values: ['out'] }] },
    });
    expect(mapped.problem).toBeNull();
    expect(mapped.rows.map((row) => row.outcome)).toEqual(['block', 'not_block']);
  });

  it("lists a workbook's sheets and shows the one asked for; the import reads that sheet", async () => {
    const desk = tempDesk();
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const file = desk.file(
      'book.xlsx',
      handWorkbook({
        sheets: [
          { name: 'Read me', rows: `<row r="1">${cell('A1', 'note')}</row><row r="2">${cell('A2', 'Opt-outs are on the next sheet')}</row>` },
          { name: 'Opt-outs', rows: `<row r="1">${cell('A1', 'email')}</row><row r="2">${cell('A2', 'x@example.com')}</row>` },
        ],
      }),
    );
    const first = await preview(desk, { file, channels: ['email'] });
    expect(first).toMatchObject({ sheet: 'Read me', sheets: ['Read me', 'Opt-outs'] });
    expect(first.problem).not.toBeNull();
    const chosen = await preview(desk, { file, channels: ['email'], sheet: 'Opt-outs' });
    expect(chosen).toMatchObject({ sheet: 'Opt-outs', header: ['email'], problem: null });
    expect(chosen.rows[0]).toMatchObject({ outcome: 'block', channels: ['email'] });
    const job = await importAndWait(desk, { files: [file], using: 'auto', channels: ['email'], sheet: 'Opt-outs' });
    expect(job.report).toMatchObject({ rows_read: 1, added: 1 });
  });
});
