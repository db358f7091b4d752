import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../../src/domain/channels';
import { CSV_EOL, csvLine, formulaSafePlainLines } from '../../../src/files/csvWriter';
import { exportHeader, runExport } from '../../../src/jobs/exportJob';
import { exportPages, exportPageSql, exportRowsSql, exportSql } from '../../../src/jobs/exportRows';
import type { JobProgress } from '../../../src/jobs/report';
import type { Db } from '../../../src/store/database';
import { repairCounters } from '../../../src/store/counters';
import { createJob } from '../../../src/store/jobsTable';
import { explainQueryPlan } from '../../../src/store/queryPlan';
import { seededRandom } from '../files/trickyCsv';
import { ACTOR, T0, tempDb } from '../store/tempStore';

/** Cells csvLine has to quote, prefix or both, and some it writes as they are. */
const TRICKY = [
  'say "hi"', 'a,b', 'a;b', 'tab\there', 'pipe|x', 'two\r\nlines', 'lf\nonly', 'cr\ronly', '\uFEFFbom', 'mid\uFEFFbom',
  '=SUM(A1)', '+919876543210', '-5', '@cmd', '\tlead', '\rlead', '\nlead', '=a,b', '+"q"', ' ', '', "'quoted",
  'Zoë 日本 😀', 'é@例え.jp', 'nul\0inside', 'x\u2028y', 'a\x1fb',
];

/**
 * `count` contacts with ids that skip, every status, dates before 1970 and far ahead,
 * NULLs, and tricky cells: sprinkled, and in one run long enough to span several pages.
 */
function fill(db: Db, count: number, seed: number): void {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const tricky = (i: number, chance: number) => ((i > 2500 && i < 6700) || random() < chance ? pick(TRICKY) : null);
  const text = (i: number, plain: string | null) => tricky(i, 0.002) ?? (random() < 0.3 ? null : plain);
  const columns = ['id', 'customer_id', 'email', 'email_key', 'mobile', 'created_at', 'changed_at', ...CHANNELS.flatMap((ch) => ['status', 'category', 'reason', 'source', 'at', 'actor'].map((c) => `${ch}_${c}`))];
  const insert = db.prepare(`INSERT INTO contacts(${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  db.transaction(() => {
    let id = -7; // ids are the keyset's; nothing stops one at or below 0
    for (let i = 0; i < count; i += 1) {
      id += random() < 0.1 ? 1 + Math.floor(random() * 1000) : 1;
      // customer_id and mobile are unique: a tricky one gets the row's number after it.
      const unique = (plain: string) => { const cell = tricky(i, 0.002); return cell === null ? plain : `${cell}${i}`; };
      const email = random() < 0.7 ? (tricky(i, 0.002) ?? `User.${i}@Example.com`) : null;
      const mobile = random() < 0.5 ? unique(`+91${9000000000 + i}`) : null;
      const customerId = email === null && mobile === null ? `CID${i}` : random() < 0.3 ? null : unique(`CID${i}`);
      const row: unknown[] = [id, customerId, email, email === null ? null : `key${i}`, mobile, T0, T0];
      for (const ch of CHANNELS) {
        const status = Math.floor(random() * (ch === 'email' ? 3 : 2));
        const at = pick([null, T0 + i * 1001, -86_400_123 * i, 0, 999, -1, 253402300799999, 253402300800000 + i, -62167219200000, -62167219200001, -62167219200000 - i * 7, -210866760000000, -210866760000001]);
        row.push(status, text(i, 'manual'), text(i, random() < 0.5 ? 'asked by phone' : 'x'), text(i, 'import:file.csv'), at, text(i, ACTOR));
      }
      insert.run(...row);
    }
  })();
  repairCounters(db); // the export's progress total, and its choice of one thread or two
}

/** What the export wrote before it read by pages: exportSql's cells, a csvLine each. */
function csvLineRows(db: Db, channel: Channel | null): string {
  let text = '';
  for (const cells of db.prepare(exportSql(channel)).raw().iterate() as IterableIterator<(string | null)[]>) text += csvLine(cells) + CSV_EOL;
  return text;
}

function pagedRows(db: Db, channel: Channel | null): { text: string; rows: number; pages: number } {
  let text = '';
  let rows = 0;
  let pages = 0;
  for (const page of exportPages(db, channel)) {
    text += page.text;
    rows += page.rows;
    pages += 1;
  }
  return { text, rows, pages };
}

describe('exportPages', () => {
  it('writes the bytes csvLine writes, tricky cells, NULLs, odd dates and unicode included, for every export', () => {
    const db = tempDb();
    fill(db, 9000, 7);
    for (const channel of [null, ...CHANNELS]) {
      const expected = csvLineRows(db, channel);
      const paged = pagedRows(db, channel);
      expect(paged.text).toBe(expected);
      expect(paged.rows).toBe(db.prepare(`SELECT count(*) FROM contacts ${channel ? `WHERE ${channel}_status = 1` : ''}`).pluck().get());
      expect(paged.pages).toBeGreaterThan(1);
    }
  });

  it('writes nothing for an empty list', () => {
    expect(pagedRows(tempDb(), null)).toEqual({ text: '', rows: 0, pages: 0 });
  });

  it('reads each page by the rowid, sorting no more than the page it joins', () => {
    const db = tempDb();
    fill(db, 100, 3);
    db.exec('ANALYZE');
    for (const channel of [null, ...CHANNELS]) {
      for (const sql of [exportPageSql(channel), exportRowsSql(channel)]) {
        const plan = explainQueryPlan(db, sql, { after: 0, upTo: 50, limit: 10 });
        expect(plan.some((line) => /SEARCH contacts USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/.test(line)), plan.join('\n')).toBe(true);
        expect(plan.some((line) => /TEMP B-TREE FOR ORDER BY|SCAN contacts/.test(line)), plan.join('\n')).toBe(false);
      }
    }
  });
});

describe('formulaSafePlainLines', () => {
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '\t', '|', '"', "'", '=', '+', '-', '@', '\r', '\n', '\uFEFF', 'é', '😀') }),
    fc.constantFrom('', 'plain', '=SUM(A1)', '+919876543210', '-5', '@x', 'a@b.c'),
  );

  it("is csvLine's text for cells that need no quoting, and null otherwise", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })),
        (rows) => {
          const width = rows[0]?.length ?? 0;
          const joined = rows.map((row) => row.join(',') + CSV_EOL).join('');
          const written = rows.map((row) => csvLine(row) + CSV_EOL).join('');
          const plain = formulaSafePlainLines(joined, width);
          if (plain !== null) expect(plain).toBe(written);
          const needsQuotes = rows.some((row) => row.some((c) => /[",;\t|\r\n\uFEFF]/.test(c)));
          expect(plain === null).toBe(needsQuotes);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a line with more or fewer cells than the columns', () => {
    expect(formulaSafePlainLines(`a,b${CSV_EOL}`, 2)).toBe(`a,b${CSV_EOL}`);
    expect(formulaSafePlainLines(`a,b,c${CSV_EOL}`, 2)).toBeNull();
    expect(formulaSafePlainLines(`a${CSV_EOL}`, 2)).toBeNull();
    expect(formulaSafePlainLines(`a,b`, 2)).toBeNull();
    expect(formulaSafePlainLines(`=a,+b${CSV_EOL}-c,@d${CSV_EOL}`, 2)).toBe(`"'=a","'+b"${CSV_EOL}"'-c","'@d"${CSV_EOL}`);
    expect(formulaSafePlainLines(`+918763252879,+91x${CSV_EOL}x,+44${CSV_EOL}`, 2)).toBe(`+918763252879,"'+91x"${CSV_EOL}x,+44${CSV_EOL}`);
  });
});

describe('runExport', () => {
  it('writes the header and the csvLine rows, renamed into place, with progress', async () => {
    const db = tempDb();
    fill(db, 70_000, 11);
    const dataFolder = path.dirname(db.name);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bd-export-')), 'export.csv');
    const expected = csvLine(exportHeader(null)) + CSV_EOL + csvLineRows(db, null);
    createJob(db, { id: 'j1', kind: 'export', actor: ACTOR, params: {} });
    const progress: JobProgress[] = [];
    const report = await runExport({ kind: 'export', job: 'j1', dataFolder, actor: ACTOR, out, channel: null }, { signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ status: 'succeeded', rows_read: 70_000, out_file: out });
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('reads a large list on two threads into the same bytes, and cleans up when cancelled', async () => {
    const db = tempDb();
    fill(db, 210_000, 17); // past TWO_THREADS_FROM_ROWS
    const dataFolder = path.dirname(db.name);
    const expected = csvLine(exportHeader(null)) + CSV_EOL + csvLineRows(db, null);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bd-export-')), 'export.csv');
    createJob(db, { id: 'j3', kind: 'export', actor: ACTOR, params: {} });
    let helperFileSeen = false;
    const onProgress = () => void (helperFileSeen ||= fs.existsSync(`${out}.partial-2`));
    const report = await runExport({ kind: 'export', job: 'j3', dataFolder, actor: ACTOR, out, channel: null }, { signal: new AbortController().signal, onProgress });
    expect(report).toMatchObject({ status: 'succeeded', rows_read: 210_000 });
    expect(helperFileSeen).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
    expect(fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith('export.csv'))).toEqual(['export.csv']);

    const cancelledOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bd-export-')), 'cancelled.csv');
    createJob(db, { id: 'j4', kind: 'export', actor: ACTOR, params: {} });
    const controller = new AbortController();
    const cancelled = await runExport({ kind: 'export', job: 'j4', dataFolder, actor: ACTOR, out: cancelledOut, channel: null }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(cancelled.status).toBe('cancelled');
    expect(fs.readdirSync(path.dirname(cancelledOut)).filter((name) => name.startsWith('cancelled.csv'))).toEqual([]);
  });

  it('leaves no file when cancelled', async () => {
    const db = tempDb();
    fill(db, 70_000, 13);
    const dataFolder = path.dirname(db.name);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bd-export-')), 'export.csv');
    createJob(db, { id: 'j2', kind: 'export', actor: ACTOR, params: {} });
    const controller = new AbortController();
    const report = await runExport({ kind: 'export', job: 'j2', dataFolder, actor: ACTOR, out, channel: null }, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(report.status).toBe('cancelled');
    expect(fs.existsSync(out) || fs.existsSync(`${out}.partial`)).toBe(false);
  });
});
