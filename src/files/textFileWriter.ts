import type { TextEncoding } from './detectEncoding';
import { OutputFile } from './outputFile';

/** Text buffered before one write to disk (as CsvFileWriter). */
const FLUSH_CHARS = 64 * 1024;

/**
 * Windows-1252's bytes 0x80–0x9F (WHATWG's table; the five undefined ones map to the C1
 * controls) are not Latin-1; every other byte is the code point itself. Written out
 * rather than derived from TextDecoder, whose one-shot decode here gave U+0080 for 0x80.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
let cp1252: Map<number, number> | null = null;
function windows1252Table(): Map<number, number> {
  cp1252 ??= new Map(CP1252_HIGH.map((code, i) => [code, 0x80 + i]));
  return cp1252;
}

/** Text as bytes in one of the encodings the reader understands; a character Windows-1252 lacks becomes `?`. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252': {
      const table = windows1252Table();
      const out = Buffer.allocUnsafe(text.length);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        out[i] = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : (table.get(code) ?? 0x3f);
      }
      return out;
    }
  }
}

const BYTE_ORDER_MARK: Readonly<Record<TextEncoding, number[]>> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'windows-1252': [],
};

export interface TextFileWriterOptions {
  encoding: TextEncoding;
  /** Start the file with the encoding's byte-order mark (as the input had one). */
  bom: boolean;
}

/**
 * Writes text verbatim to a file in a given encoding: the audience scrub copies records
 * as they were decoded, so its outputs keep the input's bytes. Written to `<path>.partial`
 * and renamed into place on close, so the path never holds a half-written file.
 */
export class TextFileWriter {
  private readonly file: OutputFile;
  private pending = '';
  /** Whether the last text written ended a line; a record after one that did not gets `eol` first. */
  private atLineStart = true;

  constructor(
    readonly path: string,
    private readonly options: TextFileWriterOptions,
    /** The line break put after a record that had none (the last line of a table). */
    private readonly eol: string,
  ) {
    this.file = new OutputFile(path, { atomic: true });
    const bom = options.bom ? BYTE_ORDER_MARK[options.encoding] : [];
    if (bom.length > 0) this.file.write(Buffer.from(bom));
  }

  /** One record's text, line break included when it had one. */
  writeRecord(text: string): void {
    if (!this.atLineStart) this.pending += this.eol;
    this.pending += text;
    const last = text.charCodeAt(text.length - 1);
    this.atLineStart = last === 10 || last === 13;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  close(): void {
    if (this.file.finished) return;
    this.flush();
    this.file.commit();
  }

  abort(): void {
    this.pending = '';
    this.file.discard();
  }

  private flush(): void {
    if (this.pending.length === 0 || this.file.finished) return;
    const data = encodeText(this.pending, this.options.encoding);
    this.pending = '';
    this.file.write(data);
  }
}
