import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DeskError } from '../domain/errors';
import { decodeXmlText, stringItemText } from './xmlText';

/** Bytes of UTF-8 text per block: small enough that inflating one for a cell costs little. */
const BLOCK_BYTES = 64 * 1024;
/** Entries per page of the offset tables. */
const PAGE = 1 << 16;
/** Inflated blocks kept: the current run of new strings, and the blocks of the values a sheet repeats. */
const BLOCKS_KEPT = 32;

/**
 * A workbook's shared string table, which its cells refer to by index. It can hold every
 * email of a million-row sheet, so it is kept small and outside the JavaScript heap: the
 * strings' UTF-8 bytes in 64 KB blocks, each deflated (fast level) once full, each
 * string's start in its block in two bytes (4.6 million strings: 9 MB, where a four-byte
 * block number and start took 37 MB); `get` inflates a block when a cell asks for one of its strings, and
 * keeps the last few inflated. Excel numbers shared strings in order of first use, so a
 * sheet reads its new strings block after block and its repeated ones from a few blocks:
 * each block is inflated about once. Measured on a million-row workbook: held as JS
 * strings the table kept V8's heap large and let it fill with several times as much
 * garbage (peak RSS 340 MB); as bytes 165 MB; deflated, a third of those bytes. The
 * sealed blocks go to a scratch file, so even those are not held: a 100 MB workbook's
 * table deflates to about 40 MB. The file is private to this process (a 0700 folder, a
 * 0600 file, unlinked at once where the system allows: nothing is left behind by a
 * crash), and removed by dispose().
 */
export class SharedStrings {
  /** Where each sealed block, deflated, is in the scratch file, and its length. */
  private readonly sealedAt: number[] = [];
  private readonly sealedLength: number[] = [];
  private scratch: { fd: number; file: string | null; end: number } | null = null;
  private readonly inflated = new Map<number, Buffer>();
  private block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private used = 0;
  /** Each string's start in its block (a block is at most 64 KB, or holds one longer string). */
  private readonly starts: Uint16Array[] = [];
  /** The index of each block's first string, the open block's last: which block holds a string is found by bisection. */
  private readonly firsts: number[] = [0];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const page = this.count >>> 16;
    const slot = this.count & (PAGE - 1);
    if (slot === 0) this.starts.push(new Uint16Array(PAGE));
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used > 0 && this.used + bytes >= BLOCK_BYTES) this.seal();
    if (bytes > this.block.length) this.block = Buffer.allocUnsafeSlow(bytes);
    (this.starts[page] as Uint16Array)[slot] = this.used;
    this.used += this.block.write(text, this.used, 'utf8');
    this.count++;
  }

  /** No more strings. */
  finish(): void {
    // The open block stays as it is: the sheet's last strings are read from it.
  }

  get(index: number): string | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const at = this.blockHolding(index);
    const start = (this.starts[index >>> 16] as Uint16Array)[index & (PAGE - 1)] as number;
    const block = at === this.sealedAt.length ? this.block.subarray(0, this.used) : this.inflate(at);
    const next = index + 1;
    // The next string's start ends this one, unless it opens the next block.
    const end = next < this.count && next !== this.firsts[at + 1] ? ((this.starts[next >>> 16] as Uint16Array)[next & (PAGE - 1)] as number) : block.length;
    return block.toString('utf8', start, end);
  }

  /** The block holding string `index`: the last whose first string is at or before it. */
  private blockHolding(index: number): number {
    const firsts = this.firsts;
    let low = 0;
    let high = firsts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((firsts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Closes and removes the scratch file; the table cannot be read after. */
  dispose(): void {
    const scratch = this.scratch;
    this.scratch = null;
    if (scratch === null) return;
    fs.closeSync(scratch.fd);
    if (scratch.file !== null) fs.rmSync(path.dirname(scratch.file), { recursive: true, force: true });
  }

  private scratchFile(): { fd: number; file: string | null; end: number } {
    if (this.scratch !== null) return this.scratch;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'blocklist-desk-strings-'));
    const file = path.join(folder, 'strings.bin');
    const fd = fs.openSync(file, 'wx+', 0o600);
    let kept: string | null = file;
    try {
      // POSIX keeps an open file readable once unlinked; Windows does not, and dispose() removes it there.
      fs.rmSync(folder, { recursive: true });
      kept = null;
    } catch {
      // still named: removed by dispose()
    }
    this.scratch = { fd, file: kept, end: 0 };
    return this.scratch;
  }

  private seal(): void {
    const deflated = zlib.deflateRawSync(this.block.subarray(0, this.used), { level: 1 });
    const scratch = this.scratchFile();
    fs.writeSync(scratch.fd, deflated, 0, deflated.length, scratch.end);
    this.sealedAt.push(scratch.end);
    this.sealedLength.push(deflated.length);
    scratch.end += deflated.length;
    this.firsts.push(this.count);
    if (this.block.length !== BLOCK_BYTES) this.block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
    this.used = 0;
  }

  private inflate(at: number): Buffer {
    let block = this.inflated.get(at);
    if (block !== undefined) {
      // Most recently used last: the Map's order is the eviction order.
      this.inflated.delete(at);
    } else {
      const deflated = Buffer.allocUnsafe(this.sealedLength[at] as number);
      fs.readSync((this.scratch as { fd: number }).fd, deflated, 0, deflated.length, this.sealedAt[at] as number);
      block = zlib.inflateRawSync(deflated);
      if (this.inflated.size >= BLOCKS_KEPT) this.inflated.delete(this.inflated.keys().next().value as number);
    }
    this.inflated.set(at, block);
    return block;
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
