import { DeskError } from '../domain/errors';
import { cellText, columnIndex, type NumberFormat, type SheetCell } from './sheetCells';
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
    let column = -1;
    let any = false;
    for (let at = this.nextTag(buf, this.cellOpen, from, to); at !== -1; at = this.nextTag(buf, this.cellOpen, at + 1, to)) {
      const tagEnd = buf.indexOf('>', at);
      const tag = buf.slice(at + this.cellOpen.length, tagEnd);
      const ref = attribute(tag, 'r');
      const index = ref === undefined ? -1 : columnIndex(ref);
      column = index >= 0 ? index : column + 1;
      let inner = '';
      if (buf.charCodeAt(tagEnd - 1) !== 47) {
        const end = buf.indexOf(this.cellClose, tagEnd);
        if (end === -1 || end > to) throw this.malformed(rowNumber);
        inner = buf.slice(tagEnd + 1, end);
        at = end;
      }
      const cell = this.cell(tag, inner, rowNumber);
      if (cell === null) continue;
      const text = cellText(cell, this.ctx.date1904);
      if (text === '') continue;
      while (texts.length < column) {
        texts.push('');
        cells?.push(EMPTY);
      }
      texts[column] = text;
      if (cells) cells[column] = cell;
      any = true;
    }
    if (!any) return;
    into.records.push(texts);
    into.rows.push(rowNumber);
    if (cells) (into.cells ??= []).push(cells);
  }

  /** A cell's stored value, or null when it holds none. */
  private cell(tag: string, inner: string, rowNumber: number): SheetCell | null {
    const type = attribute(tag, 't') ?? 'n';
    if (type === 'inlineStr') {
      const start = inner.indexOf(this.inlineOpen);
      if (start === -1) return null;
      const end = inner.indexOf(this.inlineClose, start);
      return { type: 's', value: stringItemText(inner.slice(start, end === -1 ? inner.length : end)), format: null };
    }
    const raw = this.value(inner);
    if (raw === null) return null;
    switch (type) {
      case 's': {
        const index = Number(raw);
        const text = Number.isInteger(index) ? this.ctx.sharedStrings.get(index) : undefined;
        if (text === undefined) throw new DeskError('file_malformed', `${this.label}, row ${rowNumber}: a cell refers to shared string ${raw.trim()}, which the workbook does not have; the workbook is damaged`);
        return { type: 's', value: text, format: null };
      }
      case 'str':
        return { type: 's', value: decodeXmlText(raw), format: null };
      case 'b':
      case 'e':
      case 'd':
        return { type, value: decodeXmlText(raw).trim(), format: null };
      default: {
        const value = raw.trim();
        if (value === '') return null;
        const s = attribute(tag, 's');
        const format = s === undefined ? null : (this.ctx.cellFormats[Number(s)] ?? null);
        return { type: 'n', value, format };
      }
    }
  }

  /** The raw text of the cell's `<v>`, or null when it has none. */
  private value(inner: string): string | null {
    if (inner === '') return null;
    const open = this.nextTag(inner, this.valueOpen, 0);
    if (open === -1) return null;
    const tagEnd = inner.indexOf('>', open);
    if (inner.charCodeAt(tagEnd - 1) === 47) return null;
    const close = inner.indexOf(this.valueClose, tagEnd);
    return inner.slice(tagEnd + 1, close === -1 ? inner.length : close);
  }

  private checkLength(chars: number): void {
    if (chars > MAX_ELEMENT_CHARS) throw new DeskError('file_malformed', `${this.label}: the sheet's XML has an element longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB; it is not a table the desk can read`);
  }

  private malformed(rowNumber: number): DeskError {
    return new DeskError('file_malformed', `${this.label}, row ${rowNumber}: a cell is not closed; the workbook is damaged`);
  }
}

const EMPTY: SheetCell = Object.freeze({ type: 's', value: '', format: null }) as SheetCell;
