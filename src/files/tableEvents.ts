import type { TextEncoding } from './detectEncoding';
import type { SheetCell } from './sheetCells';

/** One CSV, TXT or sheet source: a file, an entry of a ZIP, a sheet of a workbook. */
export interface TableInfo {
  /**
   * The path as given, or `archive.zip!inner/dir/x.csv` for a ZIP entry, or
   * `book.xlsx [Sheet name]` (`archive.zip!book.xlsx [Sheet name]`) for a sheet.
   */
  file: string;
  /** A sheet's is `utf-8` (a workbook's XML). */
  encoding: TextEncoding;
  /**
   * `,` `;` `\t` or `|` for kind `csv` (a TXT file with a delimited header is a `csv`
   * table); `''` for kind `txt` (one cell a line, nothing is split) and `xlsx`.
   */
  delimiter: string;
  kind: 'csv' | 'txt' | 'xlsx';
  /** Kind `xlsx`: the sheet read. */
  sheet?: string;
  /** Kind `xlsx`: every worksheet of the workbook, in tab order (for a sheet picker). */
  sheets?: string[];
  /** The bytes started with a byte-order mark (skipped, never part of the first cell). */
  bom?: boolean;
}

export type TableEvent =
  /** A new CSV/TXT source begins; sent just before its first batch, so a source without rows sends none. */
  | { type: 'table'; table: TableInfo }
  /**
   * A batch of records; `lines[i]` is the 1-based physical line where `records[i]` starts.
   * Cells are verbatim. `raw[i]` (only when asked for, text tables) is the record's decoded
   * text with its line break; `cells[i]` (only when asked for, sheets) the record's cells
   * as the workbook stores them. For a sheet, `lines[i]` is the row number Excel shows.
   */
  | { type: 'records'; table: TableInfo; records: string[][]; lines: number[]; raw?: string[]; cells?: SheetCell[][] }
  /** Something the report should mention: a skipped ZIP entry, a Windows-1252 fallback. */
  | { type: 'warning'; message: string };
