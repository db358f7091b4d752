import { DeskError } from '../domain/errors';
import { formatBytes } from './formatBytes';
import { withoutControls } from './messageText';

/*
 * Why a hand-written parser and not PapaParse. PapaParse 5.7.1 is fast, but fed a Node
 * stream it (checked, not hearsay): guesses the newline once from the first chunk, and a
 * `\r` at that chunk's end tips the guess to `\r`, so every later row's first cell starts
 * with `\n` and a phantom row ends the file; keeps `\r` in last cells when the first chunk
 * is LF and later ones CRLF; leaves the BOM in the first header cell; decodes each Buffer
 * chunk on its own, so a UTF-8 character split between chunks becomes two U+FFFD; and
 * buffers everything after an unbalanced quote (200 MB after one → 1.2 GB RSS). It also
 * gives no physical line numbers. Working around all that means owning the carry-over
 * of partial records and the line counting, i.e. most of a parser. This one borrows
 * PapaParse's speed trick instead: a line with no quote in it is cut with native
 * `indexOf` and `split` (no per-character JavaScript loop), and only records holding a
 * quote go through the character-level state machine. It is resumable at any record
 * boundary, so the caller pulls exactly one batch at a time (backpressure), and text may
 * be appended in pieces of any size (tests use 1-byte chunks).
 *
 * Line breaks are universal: `\r\n`, `\n` and a lone `\r` each end a physical line, as in
 * editors, so line numbers match what the user sees, and no per-file newline guess can
 * be wrong for a file whose endings are mixed.
 */

export interface RecordBatch {
  records: string[][];
  /** `lines[i]` is the 1-based physical line where `records[i]` starts. */
  lines: number[];
  /**
   * Only when the parser was made with `keepRawText`: `raw[i]` is `records[i]`'s text
   * exactly as decoded, its line break included (none for a last line without one).
   * Slices of the parser's buffer, so they cost no copy.
   */
  raw?: string[];
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
  /** Fill `RecordBatch.raw` (the audience scrub copies kept records verbatim). Off for imports. */
  keepRawText?: boolean;
}

/** `full`: the batch reached `max`; `more`: append more text; `done`: `finish()` was called and all text is parsed. */
export type ParseStatus = 'full' | 'more' | 'done';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** "No such character in the buffer" for the cached positions; -1 means "not searched yet". */
const NONE = Number.MAX_SAFE_INTEGER;

/** Where a quoted field opened: its line and its offset in the buffer. */
interface OpenQuote {
  line: number;
  at: number;
}

/** `stray`: a quote was taken literally (inside an unquoted field, or text after a closing quote). */
type QuotedRecord = { cells: string[]; end: number; breaks: number; terminated: boolean; stray: boolean } | { incomplete: true; openQuote: OpenQuote | null };

export class CsvRecordParser {
  private readonly file: string;
  private readonly txt: boolean;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxRecordChars: number;
  private readonly keepRawText: boolean;

  private pieces: string[] = [];
  private piecesLength = 0;
  private buf = '';
  private pos = 0;
  private final = false;
  private line = 1;
  private nextLF = -1;
  private nextCR = -1;
  private nextQuote = -1;
  private nextDelimiter = -1;
  /** An incomplete record is not parsed again until this many characters are available: keeps long records linear. */
  private retryAt = 0;
  private strayQuotes = 0;

  constructor(options: CsvRecordOptions) {
    this.file = options.file;
    this.txt = options.kind === 'txt';
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars;
    this.keepRawText = options.keepRawText === true;
  }

  /** Records so far in which a quote was taken literally: few in a real CSV, many under a wrong delimiter. */
  get recordsWithStrayQuotes(): number {
    return this.strayQuotes;
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
    this.nextDelimiter = -1;
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
          this.nextLF = nextLF;
          this.nextCR = nextCR;
          this.nextQuote = nextQuote;
          const parsed = this.parseQuotedRecord(pos, line, final);
          nextLF = this.nextLF;
          nextCR = this.nextCR;
          nextQuote = this.nextQuote;
          if ('incomplete' in parsed) {
            this.waitForMore(pos, line, parsed.openQuote);
            status = 'more';
            break;
          }
          this.checkLength(parsed.end - pos, line, pos, parsed.breaks > 0 ? { line, at: pos } : null);
          batch.records.push(parsed.cells);
          batch.lines.push(line);
          if (this.keepRawText) batch.raw?.push(buf.slice(pos, parsed.end));
          added++;
          if (parsed.stray) this.strayQuotes++;
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
      this.checkLength(eol - pos, line, pos, null);
      const next = eol === nextCR && buf.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
      if (eol > pos) {
        const text = buf.slice(pos, eol);
        if (!isBlank(text)) {
          batch.records.push(txt ? [text] : text.split(delimiter));
          batch.lines.push(line);
          if (this.keepRawText) batch.raw?.push(buf.slice(pos, next > len ? len : next));
          added++;
        }
      }
      pos = next;
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
  private waitForMore(start: number, line: number, openQuote: OpenQuote | null): void {
    const pending = this.buf.length - start;
    this.checkLength(pending, line, start, openQuote);
    this.retryAt = pending * 2;
  }

  private checkLength(length: number, line: number, start: number, openQuote: OpenQuote | null): void {
    if (length <= this.maxRecordChars) return;
    const limit = formatBytes(this.maxRecordChars);
    if (openQuote) {
      throw new DeskError('file_malformed', `${this.file} line ${openQuote.line}: a quoted field runs on for more than ${limit} without its closing quote (unbalanced "?) near ${snippet(this.buf, openQuote.at)}`);
    }
    throw new DeskError('file_malformed', `${this.file} line ${line}: a record is longer than ${limit} near ${snippet(this.buf, start)}; is this really a CSV or TXT file?`);
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
    let stray = false;
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
            return { incomplete: true, openQuote: { line: openLine, at: openQuote } };
          }
          if (this.lineBreakBefore(j, q)) breaks += countLineBreaks(buf, j, q);
          value += buf.slice(j, q);
          if (q + 1 >= len && !final) return { incomplete: true, openQuote: { line: openLine, at: openQuote } };
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        const k = this.fieldEnd(i);
        if (k > i) {
          // Text after a closing quote is kept, as Excel does (`"ab"cd` is `abcd`), but not
          // when the quoted part ran over lines: that is an unbalanced quote which swallowed
          // lines until it met the next field's opening quote.
          if (line + breaks > openLine) {
            throw new DeskError('file_malformed', `${this.file} line ${openLine}: a quoted field opened here runs on to line ${line + breaks} and has text after its closing quote (unbalanced "?) near ${snippet(buf, openQuote)}`);
          }
          value += buf.slice(i, k);
          stray = true;
        }
        i = k;
      } else {
        const k = this.fieldEnd(i);
        value = buf.slice(i, k);
        if (this.quoteBefore(i, k)) stray = true;
        i = k;
      }
      cells.push(value);
      if (i >= len) {
        if (!final) return { incomplete: true, openQuote: null };
        return { cells, end: len, breaks, terminated: false, stray };
      }
      const c = buf.charCodeAt(i);
      if (c === delimiter) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return { incomplete: true, openQuote: null };
        return { cells, end: buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1, breaks, terminated: true, stray };
      }
      return { cells, end: i + 1, breaks, terminated: true, stray };
    }
  }

  /*
   * Searches from a position with native indexOf and remembers the hit: the next search
   * from a later position reuses it until passed, so each character is looked at once
   * per kind (a search for a `\r` absent from an LF file would otherwise rescan the
   * whole buffer for every record).
   */

  /** Where unquoted text from `from` ends: the next delimiter or line break. */
  private fieldEnd(from: number): number {
    const buf = this.buf;
    if (this.nextDelimiter < from) this.nextDelimiter = found(buf.indexOf(this.delimiter, from));
    if (this.nextLF < from) this.nextLF = found(buf.indexOf('\n', from));
    if (this.nextCR < from) this.nextCR = found(buf.indexOf('\r', from));
    const end = Math.min(this.nextDelimiter, this.nextLF, this.nextCR);
    return end === NONE ? buf.length : end;
  }

  private lineBreakBefore(from: number, to: number): boolean {
    if (this.nextLF < from) this.nextLF = found(this.buf.indexOf('\n', from));
    if (this.nextCR < from) this.nextCR = found(this.buf.indexOf('\r', from));
    return this.nextLF < to || this.nextCR < to;
  }

  private quoteBefore(from: number, to: number): boolean {
    if (this.nextQuote < from) this.nextQuote = found(this.buf.indexOf('"', from));
    return this.nextQuote < to;
  }
}

function found(index: number): number {
  return index === -1 ? NONE : index;
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
  const raw = withoutControls(buf.slice(start, start + 40), ' ');
  return JSON.stringify(buf.length - start > 40 ? `${raw}…` : raw);
}
