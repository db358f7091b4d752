import { DeskError } from '../domain/errors';
import { formatBytes } from './formatBytes';

/*
 * Why a hand-written parser and not PapaParse. PapaParse is fast, but driven as a stream
 * it auto-detects the newline per chunk (so a `\r\n` split across two chunks, or a chunk
 * that starts with `\n`, yields phantom blank rows or glued rows), leaves a BOM in the
 * first cell, keeps an unterminated quoted field's text growing without bound, and gives
 * no physical line numbers. Working around all of that means re-implementing the
 * carry-over of partial records and the line counting, i.e. most of a parser. This one
 * borrows PapaParse's speed trick instead: a line with no quote in it is cut with native
 * `indexOf` and `split` (no per-character JavaScript loop), and only records containing
 * a quote go through the character-level state machine. It is resumable at any record
 * boundary, so the caller pulls exactly one batch at a time (backpressure), and text is
 * appended in chunks of any size (tests use 7-byte chunks).
 *
 * Line breaks are universal: `\r\n`, `\n` and a lone `\r` each end a physical line, as in
 * editors, so line numbers match what the user sees, and no per-file newline guess can
 * be wrong for a file whose endings are mixed.
 */

export interface RecordBatch {
  records: string[][];
  /** `lines[i]` is the 1-based physical line where `records[i]` starts. */
  lines: number[];
}

export interface CsvRecordOptions {
  /** Named in error messages. */
  file: string;
  /** `csv` splits on the delimiter and honours quotes; `txt` makes each line a one-cell record, verbatim. */
  kind: 'csv' | 'txt';
  /** One character; ignored for `txt`. */
  delimiter: string;
  /** A record longer than this (in decoded characters) fails the read: an unbalanced quote or not a table at all. */
  maxRecordChars: number;
}

/** `full`: the batch reached `max`; `more`: append more text; `done`: `finish()` was called and all text is parsed. */
export type ParseStatus = 'full' | 'more' | 'done';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** "No such character in the buffer" for the cached positions; -1 means "not searched yet". */
const NONE = Number.MAX_SAFE_INTEGER;

type QuotedRecord = { cells: string[]; end: number; breaks: number; terminated: boolean } | { incomplete: true; inQuoteFromLine: number | null };

export class CsvRecordParser {
  private readonly file: string;
  private readonly txt: boolean;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxRecordChars: number;

  private pieces: string[] = [];
  private piecesLength = 0;
  private buf = '';
  private pos = 0;
  private final = false;
  private line = 1;
  private nextLF = -1;
  private nextCR = -1;
  private nextQuote = -1;
  /** An incomplete record is not parsed again until this many characters are available: keeps long records linear. */
  private retryAt = 0;

  constructor(options: CsvRecordOptions) {
    this.file = options.file;
    this.txt = options.kind === 'txt';
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.pieces.push(text);
    this.piecesLength += text.length;
  }

  /** No more text will come: the last record may lack a line break. */
  finish(): void {
    this.final = true;
  }

  /** Parses up to `max` more records into `batch`. */
  parseInto(batch: RecordBatch, max: number): ParseStatus {
    const before = batch.records.length;
    for (;;) {
      if (this.pieces.length > 0 && !this.load()) return 'more';
      const status = this.scan(batch, max - (batch.records.length - before));
      if (status === 'more' && this.pieces.length > 0) continue;
      return status;
    }
  }

  /**
   * Makes the appended text parseable. When the previous text was used up, the next piece
   * becomes the buffer as is: the reader hands over text cut at line breaks, so this is
   * the usual case and costs no copy. Otherwise the unparsed rest is joined with all
   * pieces, but only once enough text has arrived to finish the pending record.
   */
  private load(): boolean {
    if (this.pos >= this.buf.length) {
      this.buf = this.pieces.shift() ?? '';
      this.piecesLength -= this.buf.length;
    } else {
      if (!this.final && this.buf.length - this.pos + this.piecesLength < this.retryAt) return false;
      this.pieces.unshift(this.buf.slice(this.pos));
      this.buf = this.pieces.join('');
      this.pieces = [];
      this.piecesLength = 0;
    }
    this.pos = 0;
    this.retryAt = 0;
    this.nextLF = -1;
    this.nextCR = -1;
    this.nextQuote = -1;
    return true;
  }

  /** Parses records from the current buffer only. */
  private scan(batch: RecordBatch, max: number): ParseStatus {
    const buf = this.buf;
    const len = buf.length;
    const final = this.final && this.pieces.length === 0;
    const txt = this.txt;
    const delimiter = this.delimiter;
    let pos = this.pos;
    let line = this.line;
    let nextLF = this.nextLF;
    let nextCR = this.nextCR;
    let nextQuote = this.nextQuote;
    let added = 0;
    let status: ParseStatus = 'full';

    while (added < max) {
      if (pos >= len) {
        status = final ? 'done' : 'more';
        break;
      }
      if (nextLF < pos) nextLF = found(buf.indexOf('\n', pos));
      if (nextCR < pos) nextCR = found(buf.indexOf('\r', pos));
      let eol = nextLF < nextCR ? nextLF : nextCR;

      if (!txt) {
        if (nextQuote < pos) nextQuote = found(buf.indexOf('"', pos));
        if (nextQuote < eol) {
          const parsed = this.parseQuotedRecord(pos, line, final);
          if ('incomplete' in parsed) {
            this.waitForMore(pos, line, parsed.inQuoteFromLine);
            status = 'more';
            break;
          }
          this.checkLength(parsed.end - pos, line, null, pos);
          batch.records.push(parsed.cells);
          batch.lines.push(line);
          added++;
          line += parsed.breaks + (parsed.terminated ? 1 : 0);
          pos = parsed.end;
          continue;
        }
      }

      if (eol === NONE) {
        if (!final) {
          this.waitForMore(pos, line, null);
          status = 'more';
          break;
        }
        eol = len;
      } else if (eol === len - 1 && eol === nextCR && !final) {
        // A `\r` at the very end may be the first half of a `\r\n` split by the chunk boundary.
        this.waitForMore(pos, line, null);
        status = 'more';
        break;
      }
      this.checkLength(eol - pos, line, null, pos);
      if (eol > pos) {
        const text = buf.slice(pos, eol);
        if (txt) {
          if (!isBlank(text)) {
            batch.records.push([text]);
            batch.lines.push(line);
            added++;
          }
        } else {
          if (!isBlank(text)) {
            batch.records.push(text.split(delimiter));
            batch.lines.push(line);
            added++;
          }
        }
      }
      pos = eol === nextCR && buf.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
      line++;
    }

    this.pos = pos;
    this.line = line;
    this.nextLF = nextLF;
    this.nextCR = nextCR;
    this.nextQuote = nextQuote;
    return status;
  }

  /** The record from `start` needs more text; fails when it is already too long to be a record. */
  private waitForMore(start: number, line: number, inQuoteFromLine: number | null): void {
    const pending = this.buf.length - start;
    this.checkLength(pending, line, inQuoteFromLine, start);
    this.retryAt = pending * 2;
  }

  private checkLength(length: number, line: number, inQuoteFromLine: number | null, start: number): void {
    if (length <= this.maxRecordChars) return;
    const limit = formatBytes(this.maxRecordChars);
    const quoteLine = inQuoteFromLine ?? (this.txt ? null : this.openQuoteLine(start, line));
    if (quoteLine !== null) {
      throw new DeskError('file_malformed', `${this.file} line ${quoteLine}: a quoted field runs on for more than ${limit} without its closing quote (unbalanced "?) near ${snippet(this.buf, start)}`);
    }
    throw new DeskError('file_malformed', `${this.file} line ${line}: a record is longer than ${limit} (no line break) near ${snippet(this.buf, start)}; is this really a CSV or TXT file?`);
  }

  /** For a complete over-long record: the line of a quoted field spanning lines, if any. */
  private openQuoteLine(start: number, line: number): number | null {
    const parsed = this.txt ? null : this.parseQuotedRecord(start, line, false);
    return parsed !== null && !('incomplete' in parsed) && parsed.breaks > 0 ? line : null;
  }

  /**
   * The character-level state machine, for a record whose first line holds a quote. A
   * quote opens a quoted field only at the start of a field; elsewhere it is literal.
   * Text between a closing quote and the next delimiter is kept (as Excel does).
   */
  private parseQuotedRecord(start: number, line: number, final: boolean): QuotedRecord {
    const buf = this.buf;
    const len = buf.length;
    const delimiter = this.delimiterCode;
    const cells: string[] = [];
    let i = start;
    let breaks = 0;
    for (;;) {
      let value: string;
      if (i < len && buf.charCodeAt(i) === QUOTE) {
        const openLine = line + breaks;
        const openQuote = i;
        value = '';
        let j = i + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1) {
            if (final) throw new DeskError('file_malformed', `${this.file} line ${openLine}: a quoted field is never closed (unbalanced ") near ${snippet(buf, i)}`);
            return { incomplete: true, inQuoteFromLine: openLine };
          }
          breaks += countLineBreaks(buf, j, q);
          value += buf.slice(j, q);
          if (q + 1 >= len && !final) return { incomplete: true, inQuoteFromLine: openLine };
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const k = fieldEnd(buf, i, delimiter);
        if (k > i) {
          // Text after a closing quote is kept, as Excel does (`"ab"cd` is `abcd`), but not
          // when the quoted part ran over lines: that is an unbalanced quote which swallowed
          // lines until it met the next field's opening quote.
          if (line + breaks > openLine) {
            throw new DeskError('file_malformed', `${this.file} line ${openLine}: a quoted field opened here runs on to line ${line + breaks} and has text after its closing quote (unbalanced "?) near ${snippet(buf, openQuote)}`);
          }
          value += buf.slice(i, k);
        }
        i = k;
      } else {
        const k = fieldEnd(buf, i, delimiter);
        value = buf.slice(i, k);
        i = k;
      }
      cells.push(value);
      if (i >= len) {
        if (!final) return { incomplete: true, inQuoteFromLine: null };
        return { cells, end: len, breaks, terminated: false };
      }
      const c = buf.charCodeAt(i);
      if (c === delimiter) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return { incomplete: true, inQuoteFromLine: null };
        return { cells, end: buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1, breaks, terminated: true };
      }
      return { cells, end: i + 1, breaks, terminated: true };
    }
  }
}

function found(index: number): number {
  return index === -1 ? NONE : index;
}

/** Where an unquoted field (or the tail after a closing quote) ends: the next delimiter or line break. */
function fieldEnd(buf: string, from: number, delimiter: number): number {
  let k = from;
  const len = buf.length;
  while (k < len) {
    const c = buf.charCodeAt(k);
    if (c === delimiter || c === LF || c === CR) break;
    k++;
  }
  return k;
}

/** Physical line breaks inside a quoted field: `\r\n`, `\n` and a lone `\r`. */
function countLineBreaks(buf: string, from: number, to: number): number {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = buf.charCodeAt(k);
    if (c === LF) breaks++;
    else if (c === CR && buf.charCodeAt(k + 1) !== LF) breaks++;
  }
  return breaks;
}

/** A line of nothing but whitespace (tabs included, whatever the delimiter) is not a record. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  return first <= 32 && text.trim() === '';
}

/** The start of a record, quoted and on one line, for an error message. */
function snippet(buf: string, start: number): string {
  const raw = buf.slice(start, start + 40).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return JSON.stringify(buf.length - start > 40 ? `${raw}…` : raw);
}
