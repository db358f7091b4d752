import { StringDecoder } from 'node:string_decoder';
import type yauzl from 'yauzl';
import { DeskError } from '../domain/errors';
import type { SharedStrings } from './sharedStrings';
import { SharedStringsParser } from './sharedStrings';
import { SheetRowScanner, type SheetRows } from './sheetRows';
import type { TableReadContext } from './readTextTable';
import { throwIfAborted } from './readTextTable';
import type { TableEvent, TableInfo } from './tableEvents';
import { partChunks, readWorkbookParts, type SheetInfo } from './workbookParts';
import { InflateBudget, type ZipArchive, type ZipLimits } from './zipEntries';

/*
 * Why by hand and not exceljs. exceljs's WorkbookReader streams, but: it builds an object
 * per cell and per XML event through saxes, which measured several times slower than the
 * CSV path on the same rows; a sheet stored before the shared strings (as Excel stores
 * them) is written to a temporary file first; it pulls in unzipper, archiver, jszip and
 * more for what yauzl (already here, with our zip-bomb limits) does; and its last release
 * is from 2023. A worksheet is a few machine-written elements (`<row>`, `<c>`, `<v>`,
 * `<is><t>`), read here with `indexOf` as they inflate (sheetRows.ts), after the small
 * parts (workbookParts.ts) and the shared strings, which are kept compactly
 * (sharedStrings.ts). Nothing of the workbook is held whole but those strings.
 */

/** The sheet to read from each workbook: by name, or the first visible one. */
export interface WorkbookReadOptions {
  sheet?: string;
  /** Records events carry the cells as stored (`cells`), for the scrub's .xlsx outputs. */
  keepCells?: boolean;
}

/** A table read from a sheet is named `book.xlsx [Sheet name]` in events and messages. */
export function sheetLabel(workbook: string, sheet: string): string {
  return `${workbook} [${sheet}]`;
}

/**
 * Reads one sheet of a workbook (`archive`, opened from a file or from a ZIP's entry) as
 * TableEvents, like a CSV: records of text, `lines` the sheet's row numbers. Returns how
 * many records it sent. Rows shorter than the first are padded with '' to its width.
 */
export async function* readWorkbook(
  archive: ZipArchive,
  label: string,
  ctx: TableReadContext,
  options: WorkbookReadOptions,
  limits: ZipLimits,
  progress: (share: number) => void,
): AsyncGenerator<TableEvent, number> {
  const budget = new InflateBudget(label, archive.size, limits);
  budget.checkEntryCount(archive.entryCount);
  const entries = await archive.readDirectory();
  const parts = await readWorkbookParts(archive, label, entries, budget);
  const sheet = chooseSheet(label, parts.sheets, options.sheet);
  const entry = sheet.entry as yauzl.Entry;
  budget.checkDeclared(parts.sharedStrings ? [entry, parts.sharedStrings] : [entry]);
  const sharedStrings = parts.sharedStrings ? await readSharedStrings(archive, parts.sharedStrings, label, budget, ctx) : emptyStrings();

  try {
    return yield* readSheet(archive, label, ctx, options, sheet, budget, parts, sharedStrings, progress);
  } finally {
    sharedStrings.dispose();
  }
}

async function* readSheet(
  archive: ZipArchive,
  label: string,
  ctx: TableReadContext,
  options: WorkbookReadOptions,
  sheet: SheetInfo & { entry: yauzl.Entry },
  budget: InflateBudget,
  parts: Awaited<ReturnType<typeof readWorkbookParts>>,
  sharedStrings: SharedStrings,
  progress: (share: number) => void,
): AsyncGenerator<TableEvent, number> {
  const entry = sheet.entry;
  const tableLabel = sheetLabel(label, sheet.name);
  const table: TableInfo = { file: tableLabel, encoding: 'utf-8', delimiter: '', kind: 'xlsx', sheet: sheet.name, sheets: parts.sheets.map((s) => s.name) };
  const scanner = new SheetRowScanner(tableLabel, { sharedStrings, cellFormats: parts.cellFormats, date1904: parts.date1904 }, options.keepCells === true);
  const decoder = new StringDecoder('utf8');
  const newBatch = (): SheetRows => (options.keepCells ? { records: [], rows: [], cells: [] } : { records: [], rows: [] });
  let batch = newBatch();
  let sent = 0;
  let width = 0;
  let inflated = 0;

  function* flush(final: boolean): Generator<TableEvent> {
    while (batch.records.length >= ctx.batchSize || (final && batch.records.length > 0)) {
      const take = Math.min(ctx.batchSize, batch.records.length);
      const records = batch.records.splice(0, take);
      const lines = batch.rows.splice(0, take);
      const cells = batch.cells?.splice(0, take);
      if (sent === 0) {
        width = records[0]?.length ?? 0;
        yield { type: 'table', table };
      }
      for (const record of records) while (record.length < width) record.push('');
      sent += records.length;
      yield cells ? { type: 'records', table, records, lines, cells } : { type: 'records', table, records, lines };
      throwIfAborted(ctx.signal, tableLabel);
    }
  }

  for await (const chunk of partChunks(archive, entry, label, budget)) {
    throwIfAborted(ctx.signal, tableLabel);
    inflated += chunk.length;
    progress(entry.uncompressedSize > 0 ? Math.min(1, inflated / entry.uncompressedSize) : 1);
    scanner.append(decoder.write(chunk));
    scanner.take(batch);
    yield* flush(false);
    if (batch.records.length === 0) batch = newBatch();
  }
  scanner.append(decoder.end());
  scanner.take(batch);
  yield* flush(true);
  return sent;
}

/** The sheet asked for by name (as Excel compares them: any case), else the first visible worksheet. */
function chooseSheet(label: string, sheets: SheetInfo[], wanted: string | undefined): SheetInfo & { entry: yauzl.Entry } {
  const names = sheets.map((s) => `"${s.name}"`).join(', ');
  if (wanted !== undefined) {
    const key = wanted.trim().toLowerCase();
    const found = sheets.find((s) => s.name.trim().toLowerCase() === key);
    if (found === undefined) throw new DeskError('usage', `${label} has no sheet "${wanted}" (its sheets: ${names || 'none'})`);
    if (found.entry === null) throw new DeskError('file_malformed', `${label}: sheet "${found.name}" is a chart or its part is missing, not a table`);
    return found as SheetInfo & { entry: yauzl.Entry };
  }
  const first = sheets.find((s) => !s.hidden && s.entry !== null) ?? sheets.find((s) => s.entry !== null);
  if (first === undefined) throw new DeskError('file_empty', `${label} has no worksheet with rows${names ? ` (its sheets: ${names})` : ''}`);
  return first as SheetInfo & { entry: yauzl.Entry };
}

async function readSharedStrings(archive: ZipArchive, entry: yauzl.Entry, label: string, budget: InflateBudget, ctx: TableReadContext): Promise<SharedStrings> {
  const parser = new SharedStringsParser(label);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of partChunks(archive, entry, label, budget)) {
      throwIfAborted(ctx.signal, label);
      parser.append(decoder.write(chunk));
    }
    parser.append(decoder.end());
    return parser.finish();
  } catch (err) {
    parser.strings.dispose();
    throw err;
  }
}

function emptyStrings(): SharedStrings {
  return new SharedStringsParser('').finish();
}

/** The sheets of a workbook in tab order, for a sheet picker (and --sheet's error message). */
export async function workbookSheets(archive: ZipArchive, label: string, limits: ZipLimits): Promise<{ name: string; hidden: boolean }[]> {
  const budget = new InflateBudget(label, archive.size, limits);
  budget.checkEntryCount(archive.entryCount);
  const parts = await readWorkbookParts(archive, label, await archive.readDirectory(), budget);
  return parts.sheets.filter((s) => s.entry !== null).map(({ name, hidden }) => ({ name, hidden }));
}
