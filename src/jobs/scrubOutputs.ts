import path from 'node:path';
import type { Channel } from '../domain/channels';
import { CsvFileWriter } from '../files/csvWriter';
import type { SheetCell } from '../files/sheetCells';
import type { TableInfo } from '../files/tableEvents';
import { TextFileWriter } from '../files/textFileWriter';
import { XlsxWriter, type CellToWrite } from '../files/xlsxWriter';

/** The two columns the removed-rows file adds. */
export const REMOVED_COLUMNS = ['not_sent_channel', 'not_sent_category'] as const;
/** Joins the channels a removed row is Not Sent on (and their categories, in the same order). */
export const MULTI_SEPARATOR = ';';

/** A batch of an audience's rows: text tables carry each record's text, sheets their cells as stored. */
export interface ScrubRows {
  records: string[][];
  raw?: string[];
  cells?: SheetCell[][];
}

/**
 * One of the scrub's output files. `write` copies row `i` of a batch; `added` are the
 * removed file's extra cells (after `missing` empty ones, so they stand under their names
 * in a row shorter than the header).
 */
export interface ScrubOutput {
  write(rows: ScrubRows, i: number, added?: readonly string[], missing?: number): void;
  close(): void;
  abort(): void;
}

/** Outputs named `.xlsx` are workbooks; any other name gets the audience's own text (a CSV for a sheet). */
const WORKBOOK_OUT = /\.(xlsx|xlsm)$/i;

/**
 * The writer for one output of an audience whose first table is `table`: a workbook when
 * its name ends `.xlsx` (the sheet's name and cells kept: numbers stay numbers, dates
 * dates), a verbatim copy of a text table's bytes otherwise, and a CSV for a sheet
 * written to any other name (a ZIP of workbooks, `--out clean.csv`).
 */
export function openScrubOutput(file: string, table: TableInfo, firstRaw: string | undefined): ScrubOutput {
  if (WORKBOOK_OUT.test(file)) return new SheetOutput(new XlsxWriter(file, table.sheet ?? sheetNameOf(table.file)));
  if (table.kind === 'xlsx') return new CsvOutput(new CsvFileWriter(file, { atomic: true }));
  return new VerbatimOutput(file, table, firstRaw ?? '');
}

/** A text audience's name (without folder and extension) as a sheet name. */
function sheetNameOf(file: string): string {
  const base = path.basename(file.replace(/^.*!/, ''));
  return base.replace(/\.[^.]*$/, '') || 'Sheet1';
}

class SheetOutput implements ScrubOutput {
  constructor(private readonly writer: XlsxWriter) {}

  write(rows: ScrubRows, i: number, added?: readonly string[], missing = 0): void {
    const row: (CellToWrite | undefined)[] = rows.cells?.[i] ?? (rows.records[i] as string[]);
    if (added === undefined) this.writer.writeRow(row);
    else this.writer.writeRow([...row, ...new Array<string>(missing).fill(''), ...added]);
  }

  close(): void {
    this.writer.close();
  }

  abort(): void {
    this.writer.abort();
  }
}

class CsvOutput implements ScrubOutput {
  constructor(private readonly writer: CsvFileWriter) {}

  write(rows: ScrubRows, i: number, added?: readonly string[], missing = 0): void {
    const record = rows.records[i] as string[];
    this.writer.write(added === undefined ? record : [...record, ...new Array<string>(missing).fill(''), ...added]);
  }

  close(): void {
    this.writer.close();
  }

  abort(): void {
    this.writer.abort();
  }
}

/**
 * A text audience's rows copied verbatim (same bytes, line breaks and encoding); a removed
 * row gets its added cells joined with the input's delimiter (`,` for a TXT list, whose
 * line becomes the first cell, quoted when it needs to be).
 */
class VerbatimOutput implements ScrubOutput {
  private readonly writer: TextFileWriter;
  private readonly delimiter: string;
  private readonly eol: string;
  private readonly txt: boolean;

  constructor(file: string, table: TableInfo, firstRaw: string) {
    this.eol = lineBreakOf(firstRaw) || '\r\n';
    this.txt = table.kind === 'txt';
    this.delimiter = this.txt ? ',' : table.delimiter;
    this.writer = new TextFileWriter(file, { encoding: table.encoding, bom: table.bom === true }, this.eol);
  }

  write(rows: ScrubRows, i: number, added?: readonly string[], missing = 0): void {
    const raw = (rows.raw as string[])[i] as string;
    if (added === undefined) {
      this.writer.writeRecord(raw);
      return;
    }
    const eol = lineBreakOf(raw);
    const d = this.delimiter;
    let first = raw.slice(0, raw.length - eol.length);
    if (this.txt) first = field(first, d);
    first += d.repeat(missing);
    this.writer.writeRecord(`${first}${added.map((cell) => `${d}${field(cell, d)}`).join('')}${eol || this.eol}`);
  }

  close(): void {
    this.writer.close();
  }

  abort(): void {
    this.writer.abort();
  }
}

/** The removed file's added cells for a row Not Sent on `channels`, for `categories`. */
export function removedCells(channels: readonly Channel[], categories: readonly string[]): string[] {
  return [channels.join(MULTI_SEPARATOR), categories.join(MULTI_SEPARATOR)];
}

/** The line break a record ends with, or '' when it has none. */
function lineBreakOf(text: string): string {
  if (text.endsWith('\r\n')) return '\r\n';
  if (text.endsWith('\n')) return '\n';
  if (text.endsWith('\r')) return '\r';
  return '';
}

/** A value for the removed file's added columns, quoted when it holds the delimiter or a quote. */
function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') ? `"${value.replace(/"/g, '""')}"` : value;
}
