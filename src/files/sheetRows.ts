import { DeskError } from '../domain/errors';
import { cellText, type NumberFormat, type SheetCell } from './sheetCells';
import type { SharedStrings } from './sharedStrings';
import { attribute, decodeXmlText, stringItemText } from './xmlText';

/** What a sheet's cells need from the rest of the workbook. */
export interface SheetContext {
  sharedStrings: SharedStrings;
  /** The number format of each cell style (`s="3"` → cellFormats[3]). */
  cellFormats: readonly NumberFormat[];
  date1904: boolean;
}

/** Rows parsed from a sheet: texts for the readers, the cells as stored when asked for. */
export interface SheetRows {
  records: string[][];
  /** Excel's row number of each record (1-based, as the officer sees it). */
  rows: number[];
  cells?: SheetCell[][];
}

/** A row or cell element longer than this is not a row of a table (a malformed part). */
const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

/**
 * Reads `<row>` elements out of a worksheet part's text as it streams: text is appended
 * in pieces of any size, and `take` parses every row that is complete so far. A row with
 * no text in any cell (formatting only, or a row Excel keeps for its height) is skipped,
 * as blank lines are in a CSV; cells missing between others read as ''. Hand-written over
 * `indexOf` rather than a SAX parser: a worksheet is machine-written XML of a few
 * elements, and building an event per tag and attribute costs several times the parse.
 */
export class SheetRowScanner {
  private buf = '';
  private pos = 0;
  /** The namespace prefix of the part's elements (`x:` in files some .NET tools write), or ''. */
  private prefix: string | null = null;
  private rowOpen = '<row';
  private rowClose = '</row>';
  private cellOpen = '<c';
  private cellClose = '</c>';
  private valueOpen = '<v';
  private valueClose = '</v>';
  private inlineOpen = '<is';
  private inlineClose = '</is>';
  private lastRow = 0;
  private readonly attrs: CellAttributes = { column: -1, type: NUMBER, style: -1 };
  private readonly scratch: SheetCell = { type: 'n', value: '', format: null };

  constructor(
    private readonly label: string,
    private readonly ctx: SheetContext,
    private readonly keepCells: boolean,
  ) {}

  append(text: string): void {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    this.buf += text;
    if (this.prefix === null) this.findPrefix();
  }

  /** Parses every complete row appended so far into `into`. */
  take(into: SheetRows): void {
    if (this.prefix === null) return;
    const buf = this.buf;
    for (;;) {
      const at = this.nextTag(buf, this.rowOpen, this.pos);
      if (at === -1) {
        // Keep only what may be the start of a row tag cut by the chunk's end.
        this.pos = Math.max(this.pos, buf.length - this.rowOpen.length);
        break;
      }
      const tagEnd = buf.indexOf('>', at);
      if (tagEnd === -1) {
        this.pos = at;
        this.checkLength(buf.length - at);
        break;
      }
      const tag = buf.slice(at, tagEnd + 1);
      const rowNumber = this.rowNumber(tag);
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        this.pos = tagEnd + 1;
        continue;
      }
      const close = buf.indexOf(this.rowClose, tagEnd);
      if (close === -1) {
        this.pos = at;
        this.checkLength(buf.length - at);
        break;
      }
      this.parseCells(buf, tagEnd + 1, close, rowNumber, into);
      this.pos = close + this.rowClose.length;
    }
  }

  private findPrefix(): void {
    const match = /<([A-Za-z_][\w.-]*:)?worksheet[\s>]/.exec(this.buf);
    if (!match) {
      this.checkLength(this.buf.length);
      return;
    }
    const p = match[1] ?? '';
    this.prefix = p;
    this.rowOpen = `<${p}row`;
    this.rowClose = `</${p}row>`;
    this.cellOpen = `<${p}c`;
    this.cellClose = `</${p}c>`;
    this.valueOpen = `<${p}v`;
    this.valueClose = `</${p}v>`;
    this.inlineOpen = `<${p}is`;
    this.inlineClose = `</${p}is>`;
    this.pos = match.index;
  }

  /** Where the next `<name` start tag (not a longer name: `<rowBreaks`, `<cols`) begins, or -1. */
  private nextTag(buf: string, open: string, from: number, before = buf.length): number {
    for (let at = buf.indexOf(open, from); at !== -1 && at < before; at = buf.indexOf(open, at + 1)) {
      const next = buf.charCodeAt(at + open.length);
      if (next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13) return at;
      if (Number.isNaN(next)) return at;
    }
    return -1;
  }

  private rowNumber(tag: string): number {
    const r = attribute(tag, 'r');
    const n = r === undefined ? NaN : Number(r);
    this.lastRow = Number.isInteger(n) && n > 0 ? n : this.lastRow + 1;
    return this.lastRow;
  }

  private parseCells(buf: string, from: number, to: number, rowNumber: number, into: SheetRows): void {
    const texts: string[] = [];
    const cells: SheetCell[] | null = this.keepCells ? [] : null;
    const attrs = this.attrs;
    let column = -1;
    let any = false;
    for (let at = this.nextTag(buf, this.cellOpen, from, to); at !== -1; at = this.nextTag(buf, this.cellOpen, at + 1, to)) {
      const tagEnd = buf.indexOf('>', at);
      const selfClosing = buf.charCodeAt(tagEnd - 1) === 47;
      readCellAttributes(buf, at + this.cellOpen.length, selfClosing ? tagEnd - 1 : tagEnd, attrs);
      column = attrs.column >= 0 ? attrs.column : column + 1;
      const innerFrom = tagEnd + 1;
      let innerTo = innerFrom;
      if (!selfClosing) {
        const end = buf.indexOf(this.cellClose, tagEnd);
        if (end === -1 || end > to) throw this.malformed(rowNumber);
        innerTo = end;
        at = end;
      }
      const cell = this.cell(buf, innerFrom, innerTo, attrs, rowNumber);
      if (cell === null) continue;
      const text = cell.type === 's' ? cell.value : cellText(cell, this.ctx.date1904);
      if (text === '') continue;
      while (texts.length < column) {
        texts.push('');
        cells?.push(EMPTY);
      }
      texts[column] = text;
      if (cells) cells[column] = { type: cell.type, value: cell.value, format: cell.format };
      any = true;
    }
    if (!any) return;
    into.records.push(texts);
    into.rows.push(rowNumber);
    if (cells) (into.cells ??= []).push(cells);
  }

  /**
   * A cell's stored value, or null when it holds none. The object returned is reused from
   * cell to cell (copied only when the cells are kept): a million-row sheet would
   * otherwise make millions of short-lived objects.
   */
  private cell(buf: string, from: number, to: number, attrs: CellAttributes, rowNumber: number): SheetCell | null {
    const scratch = this.scratch;
    scratch.format = null;
    if (attrs.type === INLINE) {
      const start = buf.indexOf(this.inlineOpen, from);
      if (start === -1 || start >= to) return null;
      const end = buf.indexOf(this.inlineClose, start);
      scratch.type = 's';
      scratch.value = stringItemText(buf.slice(start, end === -1 || end > to ? to : end));
      return scratch;
    }
    const open = from < to ? this.nextTag(buf, this.valueOpen, from, to) : -1;
    if (open === -1) return null;
    const tagEnd = buf.indexOf('>', open);
    if (buf.charCodeAt(tagEnd - 1) === 47) return null;
    const close = buf.indexOf(this.valueClose, tagEnd);
    const valueFrom = tagEnd + 1;
    const valueTo = close === -1 || close > to ? to : close;
    switch (attrs.type) {
      case SHARED: {
        const index = digitsAt(buf, valueFrom, valueTo);
        const text = index < 0 ? undefined : this.ctx.sharedStrings.get(index);
        if (text === undefined) {
          throw new DeskError('file_malformed', `${this.label}, row ${rowNumber}: a cell refers to shared string ${buf.slice(valueFrom, valueTo).trim()}, which the workbook does not have; the workbook is damaged`);
        }
        scratch.type = 's';
        scratch.value = text;
        return scratch;
      }
      case FORMULA_STRING:
        scratch.type = 's';
        scratch.value = decodeXmlText(buf.slice(valueFrom, valueTo));
        return scratch;
      case BOOLEAN:
      case ERROR:
      case DATE:
        scratch.type = attrs.type === BOOLEAN ? 'b' : attrs.type === ERROR ? 'e' : 'd';
        scratch.value = decodeXmlText(buf.slice(valueFrom, valueTo)).trim();
        return scratch;
      default: {
        const value = buf.slice(valueFrom, valueTo).trim();
        if (value === '') return null;
        scratch.type = 'n';
        scratch.value = value;
        scratch.format = attrs.style < 0 ? null : (this.ctx.cellFormats[attrs.style] ?? null);
        return scratch;
      }
    }
  }

  private checkLength(chars: number): void {
    if (chars > MAX_ELEMENT_CHARS) throw new DeskError('file_malformed', `${this.label}: the sheet's XML has an element longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB; it is not a table the desk can read`);
  }

  private malformed(rowNumber: number): DeskError {
    return new DeskError('file_malformed', `${this.label}, row ${rowNumber}: a cell is not closed; the workbook is damaged`);
  }
}

const EMPTY: SheetCell = Object.freeze({ type: 's', value: '', format: null }) as SheetCell;

/** A cell's `t` (ECMA-376 §18.18.11), as a number: compared without a string per cell. */
const NUMBER = 0;
const SHARED = 1;
const FORMULA_STRING = 2;
const INLINE = 3;
const BOOLEAN = 4;
const ERROR = 5;
const DATE = 6;
const TYPES: Readonly<Record<string, number>> = { n: NUMBER, s: SHARED, str: FORMULA_STRING, inlineStr: INLINE, b: BOOLEAN, e: ERROR, d: DATE };

/** What a `<c>` tag says: its column (from `r`, -1 without one), its type and its style index (-1 without one). */
interface CellAttributes {
  column: number;
  type: number;
  style: number;
}

/**
 * Reads the attributes of a `<c …>` tag between `from` and `to` into `into`, by walking
 * them once: `r`'s column letters, `t`, `s`; any other (`cm`, `vm`, `ph`) is skipped.
 */
function readCellAttributes(buf: string, from: number, to: number, into: CellAttributes): void {
  into.column = -1;
  into.type = NUMBER;
  into.style = -1;
  let i = from;
  while (i < to) {
    let code = buf.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i++;
      continue;
    }
    const nameFrom = i;
    while (i < to && (code = buf.charCodeAt(i)) !== 61 && code !== 32 && code !== 9 && code !== 10 && code !== 13) i++;
    const nameLength = i - nameFrom;
    while (i < to && buf.charCodeAt(i) !== 34 && buf.charCodeAt(i) !== 39) i++;
    const quote = buf.charCodeAt(i);
    const valueFrom = i + 1;
    const valueTo = buf.indexOf(quote === 39 ? "'" : '"', valueFrom);
    if (valueTo === -1 || valueTo > to) return;
    i = valueTo + 1;
    if (nameLength !== 1) continue;
    switch (buf.charCodeAt(nameFrom)) {
      case 114: {
        // r="AB12": the letters give the column.
        let column = 0;
        let j = valueFrom;
        for (; j < valueTo; j++) {
          const letter = buf.charCodeAt(j) | 0x20;
          if (letter < 97 || letter > 122) break;
          column = column * 26 + (letter - 96);
        }
        into.column = j > valueFrom ? column - 1 : -1;
        break;
      }
      case 116:
        into.type = valueTo - valueFrom === 1 && buf.charCodeAt(valueFrom) === 115 ? SHARED : (TYPES[buf.slice(valueFrom, valueTo)] ?? NUMBER);
        break;
      case 115:
        into.style = digitsAt(buf, valueFrom, valueTo);
        break;
    }
  }
}

/** The non-negative integer written at buf[from, to) (spaces around allowed), or -1. */
function digitsAt(buf: string, from: number, to: number): number {
  let n = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const code = buf.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      n = n * 10 + (code - 48);
      digits++;
    } else if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return -1;
  }
  return digits > 0 && digits < 16 ? n : -1;
}
