import fs from 'node:fs';
import { DeskError } from '../domain/errors';

/** CRLF: RFC 4180's line break, and what Excel on Windows (where auditors open our files) expects. */
export const CSV_EOL = '\r\n';

/** Text buffered before one write to disk; large enough that syscalls do not show in an export's time. */
const FLUSH_CHARS = 1024 * 1024;

/** A cell a spreadsheet would run as a formula (or read as one after a tab, CR or LF). */
const FORMULA_START = /^[=+\-@\t\r\n]/;
/**
 * Cells quoted even where RFC 4180 does not require it: any of the delimiters our reader
 * detects (so our own exports re-import with `,` whatever the cells hold), and a blank
 * lone cell (an unquoted blank line would be skipped on import).
 */
const NEEDS_QUOTES = /[",;\t|\r\n]|^\uFEFF/;

/** Prefixes `'` to a cell starting with `=`, `+`, `-`, `@`, tab, CR or LF (CSV injection); the import strips it again. */
export function formulaSafeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One CSV line without its line break: cells made formula-safe, separated by `,`, quoted
 * when needed (a formula-safe cell always is), `"` doubled. `null` is an empty cell.
 */
export function csvLine(cells: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const raw = cells[i] ?? '';
    const safe = formulaSafeCell(raw);
    const quote = safe !== raw || NEEDS_QUOTES.test(safe) || (cells.length === 1 && safe.trim() === '');
    if (i > 0) line += ',';
    line += quote ? `"${safe.replace(/"/g, '""')}"` : safe;
  }
  return line;
}

export interface CsvFileWriterOptions {
  /** Write to `<path>.partial` and rename it to `path` on close, so `path` is never a half-written file. */
  atomic?: boolean;
}

/**
 * Streams CSV lines to a file: UTF-8 without BOM, CRLF line breaks, the header being
 * the caller's first `write`. Synchronous by design: it runs in a job's worker thread,
 * and the import job closes it inside a database transaction. Text is buffered and
 * written about 1 MiB at a time.
 */
export class CsvFileWriter {
  readonly path: string;
  private readonly target: string;
  private fd: number | null;
  private finished = false;
  private parts: string[] = [];
  private pendingChars = 0;
  private rowCount = 0;
  private byteCount = 0;

  constructor(path: string, options: CsvFileWriterOptions = {}) {
    this.path = path;
    this.target = options.atomic ? `${path}.partial` : path;
    try {
      this.fd = fs.openSync(this.target, 'w');
    } catch (err) {
      throw writeError(path, err);
    }
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
    if (this.finished) throw new Error(`CsvFileWriter: write after close or abort of ${this.path}`);
    const line = csvLine(cells) + CSV_EOL;
    this.parts.push(line);
    this.pendingChars += line.length;
    this.rowCount++;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Writes what is buffered, syncs, and (atomic) renames into place. A second call does nothing. */
  close(): void {
    if (this.finished) return;
    const fd = this.openFd();
    try {
      this.flush();
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = null;
      if (this.target !== this.path) fs.renameSync(this.target, this.path);
      this.finished = true;
    } catch (err) {
      this.abort();
      throw writeError(this.path, err);
    }
  }

  /** Drops the output: the file (or `.partial`) is removed. Does nothing after close or a previous abort. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.parts = [];
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Already failing; the removal below is what matters.
      }
      this.fd = null;
    }
    fs.rmSync(this.target, { force: true });
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pendingChars = 0;
    const fd = this.openFd();
    let offset = 0;
    try {
      while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
    } catch (err) {
      this.abort();
      throw writeError(this.path, err);
    }
    this.byteCount += data.length;
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`CsvFileWriter: ${this.path} is not open`);
    return this.fd;
  }
}

/**
 * DeskError has no "cannot write" code yet; file_unreadable ("the file cannot be used")
 * is the closest, and the message says what happened.
 */
function writeError(path: string, err: unknown): DeskError {
  if (err instanceof DeskError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const why =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EISDIR' ? 'it is a directory'
    : err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
  return new DeskError('file_unreadable', `cannot write ${path}: ${why}`);
}
