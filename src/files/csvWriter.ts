import fs from 'node:fs';
import { OutputFile, writeError } from './outputFile';

/** CRLF: RFC 4180's line break, and what Excel on Windows (where auditors open our files) expects. */
export const CSV_EOL = '\r\n';

/**
 * Text buffered before one write to disk: enough that syscalls do not show, small enough
 * that the buffered lines die young in the GC's nursery (1 MiB was ~1.5x slower).
 */
const FLUSH_CHARS = 64 * 1024;

/** What appendFile copies a read and a write at a time. */
const APPEND_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Cells quoted even where RFC 4180 does not require it: any of the delimiters our reader
 * detects (so our own exports re-import with `,` whatever the cells hold), a leading BOM
 * character, and a blank lone cell (an unquoted blank line would be skipped on import).
 */
const NEEDS_QUOTES = /[",;\t|\r\n]|^\uFEFF/;

/**
 * A pure E.164 mobile (`+918763252879`): a `+` and digits only, which no spreadsheet runs
 * as anything but a number. Written as it is, so an export loads cleanly into CE or an
 * ESP; any other cell starting with `+` is still guarded.
 */
const E164 = /^\+\d{1,15}$/;

/** A cell a spreadsheet would run as a formula (or read as one after a tab, CR or LF): `= + - @ \t \r \n`. */
function startsLikeFormula(value: string): boolean {
  const first = value.charCodeAt(0);
  if (first === 43 && E164.test(value)) return false;
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10;
}

/** Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, tab, CR or LF (CSV injection); the import strips it again. */
export function formulaSafeCell(value: string): string {
  return startsLikeFormula(value) ? `'${value}` : value;
}

/**
 * One CSV line without its line break: cells made formula-safe, separated by `,`, quoted
 * when needed (a formula-safe cell always is), `"` doubled. `null` is an empty cell.
 */
export function csvLine(cells: readonly (string | null)[]): string {
  let line = '';
  const count = cells.length;
  for (let i = 0; i < count; i++) {
    const raw = cells[i] ?? '';
    if (i > 0) line += ',';
    const formula = startsLikeFormula(raw);
    if (formula || NEEDS_QUOTES.test(raw) || (count === 1 && raw.trim() === '')) {
      const safe = formula ? `'${raw}` : raw;
      line += `"${safe.includes('"') ? safe.replace(/"/g, '""') : safe}"`;
    } else {
      line += raw;
    }
  }
  return line;
}

/** A cell csvLine writes as it is or, starting like a formula, as `"'cell"`: none of NEEDS_QUOTES's characters, nor `,` or a BOM anywhere. */
const PLAIN_CELL = '[^",;\\t|\\r\\n\\uFEFF]*';
const plainLines = new Map<number, RegExp>();

/** Matches one line of `columns` plain cells, sticky: a loop of `test`s walks a whole page. */
function plainLine(columns: number): RegExp {
  let pattern = plainLines.get(columns);
  if (!pattern) {
    pattern = new RegExp(`${PLAIN_CELL}(?:,${PLAIN_CELL}){${columns - 1}}\\r\\n`, 'y');
    plainLines.set(columns, pattern);
  }
  return pattern;
}

/** A cell (at the start of the text, after `,` or after a line's `\n`) starting like a formula, up to its end. */
const PLAIN_FORMULA_CELL = /(^|[,\n])(?!\+\d{1,15}(?:[,\r]|$))([=+\-@][^,\r]*)/g;

/**
 * CSV text for lines whose cells were simply joined with `,` and ended with CSV_EOL
 * (SQLite builds them a page at a time, see jobs/exportRows), or null when some cell
 * would need csvLine's quoting. A line is accepted only with exactly `columns` cells,
 * none holding a delimiter, quote, CR, LF or BOM: then csvLine's only change is the
 * formula-safe `"'…"` around a cell starting with `= + - @`, made here by one replace,
 * so the text is byte for byte what csvLine writes for the same cells.
 */
export function formulaSafePlainLines(text: string, columns: number): string | null {
  if (columns < 2) return null; // a blank lone cell is quoted (csvLine), which this does not do
  const line = plainLine(columns);
  line.lastIndex = 0;
  while (line.lastIndex < text.length) {
    if (!line.test(text)) return null;
  }
  return text.replace(PLAIN_FORMULA_CELL, `$1"'$2"`);
}

/** What a row's cells are joined with when read as one string (SQLite's concat_ws, see jobs/exportRows). */
export const JOINED_CELL_SEPARATOR = '\x1f';
const JOINED_PLAIN_CELL = '[^",;\\t|\\r\\n\\uFEFF\\x1f]*';
const joinedPlainRows = new Map<number, RegExp>();
// eslint-disable-next-line no-control-regex -- the separator is a control character on purpose: data hardly holds one
const JOINED_FORMULA_CELL = /(^|\x1f)(?!\+\d{1,15}(?:\x1f|$))([=+\-@][^\x1f]*)/g;

/**
 * csvLine of a row whose `columns` cells (NULL as empty) were joined by
 * JOINED_CELL_SEPARATOR, or null when that does not give `columns` cells (a cell holds
 * the separator itself). A row of plain cells is converted by two replaces, as
 * formulaSafePlainLines does; any other is split and goes through csvLine.
 */
export function csvLineOfJoined(joined: string, columns: number): string | null {
  let plain = joinedPlainRows.get(columns);
  if (!plain) {
    plain = new RegExp(`^${JOINED_PLAIN_CELL}(?:\\x1f${JOINED_PLAIN_CELL}){${columns - 1}}$`);
    joinedPlainRows.set(columns, plain);
  }
  if (columns > 1 && plain.test(joined)) return joined.replace(JOINED_FORMULA_CELL, `$1"'$2"`).replaceAll(JOINED_CELL_SEPARATOR, ',');
  const cells = joined.split(JOINED_CELL_SEPARATOR);
  return cells.length === columns ? csvLine(cells) : null;
}

export interface CsvFileWriterOptions {
  /** Write to `<path>.partial` and rename it to `path` on close, so `path` is never a half-written file. */
  atomic?: boolean;
}

/**
 * Streams CSV lines to a file: UTF-8 without BOM, CRLF line breaks, the header being
 * the caller's first `write`. Synchronous by design: it runs in a job's worker thread,
 * and the import job closes it inside a database transaction. Text is buffered and
 * written 64 KiB at a time.
 */
export class CsvFileWriter {
  readonly path: string;
  private readonly file: OutputFile;
  private pending = '';
  private rowCount = 0;
  private byteCount = 0;

  constructor(path: string, options: CsvFileWriterOptions = {}) {
    this.path = path;
    this.file = new OutputFile(path, { atomic: options.atomic === true });
  }

  /** Lines written so far, header included. */
  get rows(): number {
    return this.rowCount;
  }

  /** Bytes handed to the file so far (buffered text not included). */
  get bytesWritten(): number {
    return this.byteCount;
  }

  write(cells: readonly (string | null)[]): void {
    this.checkOpen();
    this.pending += csvLine(cells) + CSV_EOL;
    this.rowCount++;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  /** Appends `lines` lines of ready CSV text (csvLine's, each ending with CSV_EOL). */
  writeText(text: string, lines: number): void {
    this.checkOpen();
    this.pending += text;
    this.rowCount += lines;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  /** Appends the whole of `file` (`lines` lines of ready CSV text, written by another CsvFileWriter). */
  appendFile(file: string, lines: number): void {
    this.checkOpen();
    this.flush();
    const chunk = Buffer.allocUnsafe(APPEND_CHUNK_BYTES);
    let from: number | null = null;
    try {
      from = fs.openSync(file, 'r');
      for (let read = fs.readSync(from, chunk); read > 0; read = fs.readSync(from, chunk)) {
        this.file.write(chunk, read);
        this.byteCount += read;
      }
    } catch (err) {
      this.abort();
      throw writeError(this.path, err);
    } finally {
      if (from !== null) fs.closeSync(from);
    }
    this.rowCount += lines;
  }

  /** Writes what is buffered, syncs, and (atomic) renames into place. A second call does nothing. */
  close(): void {
    if (this.file.finished) return;
    try {
      this.flush();
    } catch (err) {
      this.abort();
      throw err;
    }
    this.file.commit();
  }

  /** Drops the output: the file (or `.partial`) is removed. Does nothing after close or a previous abort. */
  abort(): void {
    this.pending = '';
    this.file.discard();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    this.file.write(data);
    this.byteCount += data.length;
  }

  private checkOpen(): void {
    if (this.file.finished) throw new Error(`CsvFileWriter: write after close or abort of ${this.path}`);
  }
}
