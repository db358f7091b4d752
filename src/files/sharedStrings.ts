import { DeskError } from '../domain/errors';
import { decodeXmlText, stringItemText } from './xmlText';

/** Characters joined into one block string before a new block starts. */
const BLOCK_CHARS = 1 << 20;
/** Entries per page of the offset tables. */
const PAGE = 1 << 16;

/**
 * A workbook's shared string table, which its cells refer to by index. It can hold every
 * email of a million-row sheet, so it is kept compact: strings are joined into blocks of
 * about a million characters (one byte each for Latin-1 text in V8), with their starts in
 * typed arrays; `get` slices the block (V8 makes a slice a view, not a copy). An array of
 * a million separate strings costs three to four times as much.
 */
export class SharedStrings {
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly starts: Uint32Array[] = [];
  private readonly blockOf: Uint32Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const page = this.count >>> 16;
    const slot = this.count & (PAGE - 1);
    if (slot === 0) {
      this.starts.push(new Uint32Array(PAGE));
      this.blockOf.push(new Uint32Array(PAGE));
    }
    if (this.pendingChars + text.length > BLOCK_CHARS && this.pending.length > 0) this.seal();
    (this.starts[page] as Uint32Array)[slot] = this.pendingChars;
    (this.blockOf[page] as Uint32Array)[slot] = this.blocks.length;
    this.pending.push(text);
    this.pendingChars += text.length;
    this.count++;
  }

  /** No more strings: the last block is joined. */
  finish(): void {
    if (this.pending.length > 0) this.seal();
  }

  get(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const page = index >>> 16;
    const slot = index & (PAGE - 1);
    const block = this.blocks[(this.blockOf[page] as Uint32Array)[slot] as number] as string;
    const start = (this.starts[page] as Uint32Array)[slot] as number;
    const next = index + 1;
    let end = block.length;
    if (next < this.count) {
      const nextPage = next >>> 16;
      const nextSlot = next & (PAGE - 1);
      if ((this.blockOf[nextPage] as Uint32Array)[nextSlot] === (this.blockOf[page] as Uint32Array)[slot]) end = (this.starts[nextPage] as Uint32Array)[nextSlot] as number;
    }
    return block.slice(start, end);
  }

  private seal(): void {
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}

/** A string item longer than this is not a cell's text (Excel's limit is 32 767 characters). */
const MAX_ITEM_CHARS = 4 * 1024 * 1024;

/**
 * Reads `xl/sharedStrings.xml` as it streams into a SharedStrings table: each `<si>` is
 * one string, its `<t>` runs joined (rich text), phonetic runs left out.
 */
export class SharedStringsParser {
  readonly strings = new SharedStrings();
  private buf = '';
  private open: string | null = null;
  private close = '</si>';

  constructor(private readonly label: string) {}

  append(text: string): void {
    this.buf += text;
    if (this.open === null) {
      const match = /<([A-Za-z_][\w.-]*:)?sst[\s>]/.exec(this.buf);
      if (!match) return;
      const p = match[1] ?? '';
      this.open = `<${p}si`;
      this.close = `</${p}si>`;
      this.buf = this.buf.slice(match.index);
    }
    const buf = this.buf;
    let pos = 0;
    for (;;) {
      const at = buf.indexOf(this.open, pos);
      if (at === -1) {
        pos = Math.max(pos, buf.length - this.open.length);
        break;
      }
      const tagEnd = buf.indexOf('>', at);
      if (tagEnd === -1) {
        pos = at;
        break;
      }
      const next = buf.charCodeAt(at + this.open.length);
      if (next !== 62 && next !== 32 && next !== 47) {
        pos = at + 1;
        continue;
      }
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        this.strings.add('');
        pos = tagEnd + 1;
        continue;
      }
      const end = buf.indexOf(this.close, tagEnd);
      if (end === -1) {
        pos = at;
        if (buf.length - at > MAX_ITEM_CHARS) throw new DeskError('file_malformed', `${this.label}: a shared string is longer than ${MAX_ITEM_CHARS} characters; the workbook is damaged`);
        break;
      }
      this.strings.add(itemText(buf, tagEnd + 1, end));
      pos = end + this.close.length;
    }
    this.buf = buf.slice(pos);
  }

  finish(): SharedStrings {
    this.strings.finish();
    this.buf = '';
    return this.strings;
  }
}

/** The text of `<si>…</si>`'s inner XML; the usual `<t>text</t>` without a regex. */
function itemText(buf: string, from: number, to: number): string {
  if (buf.charCodeAt(from) === 60 && buf.charCodeAt(from + 1) === 116) {
    const tagEnd = buf.indexOf('>', from);
    const close = buf.indexOf('</t>', tagEnd);
    const after = buf.charCodeAt(from + 2);
    if ((after === 62 || after === 32) && close !== -1 && close + 4 === to) return decodeXmlText(buf.slice(tagEnd + 1, close));
  }
  return stringItemText(buf.slice(from, to));
}
