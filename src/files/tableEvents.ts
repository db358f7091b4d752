import type { TextEncoding } from './detectEncoding';

/** One CSV or TXT source: a file, or an entry of a ZIP. */
export interface TableInfo {
  /** The path as given, or `archive.zip!inner/dir/x.csv` for a ZIP entry. */
  file: string;
  encoding: TextEncoding;
  /** `,` `;` `\t` or `|` for kind `csv`; `''` for kind `txt` (one cell a line, nothing is split). */
  delimiter: string;
  kind: 'csv' | 'txt';
  /** The bytes started with a byte-order mark (skipped, never part of the first cell). */
  bom?: boolean;
}

export type TableEvent =
  /** A new CSV/TXT source begins; sent just before its first batch, so a source without rows sends none. */
  | { type: 'table'; table: TableInfo }
  /**
   * A batch of records; `lines[i]` is the 1-based physical line where `records[i]` starts.
   * Cells are verbatim. `raw[i]` (only when asked for) is the record's decoded text with its line break.
   */
  | { type: 'records'; table: TableInfo; records: string[][]; lines: number[]; raw?: string[] }
  /** Something the report should mention: a skipped ZIP entry, a Windows-1252 fallback. */
  | { type: 'warning'; message: string };
