import { DeskError } from '../domain/errors';
import { CsvRecordParser, type RecordBatch } from './csvRecords';
import { createChunkDecoder } from './decodeStream';
import { detectDelimiter, findDelimiter } from './detectDelimiter';
import { sniffByteOrderMark, Utf8Validator, type TextEncoding } from './detectEncoding';
import { notTextReason, notTextReasonForText, SNIFF_BYTES } from './detectNotText';
import type { TableEvent, TableInfo } from './tableEvents';

/** Where a table's bytes come from: a file, or a ZIP entry inflated on the fly. */
export interface ByteSource {
  /** The path, or `archive.zip!entry`; names the table in events and messages. */
  label: string;
  /** `txt`: a list of one value a line, unless a delimiter splits its lines (then read as `csv`). */
  kind: 'csv' | 'txt';
  /** A fresh stream of the raw bytes from the start. Called twice when the encoding has to be found first. */
  open(): AsyncIterable<Buffer>;
  /** Raw bytes consumed by the parsing pass so far. */
  progress(bytes: number): void;
}

export interface TableReadContext {
  signal?: AbortSignal;
  batchSize: number;
  maxRecordChars: number;
  /** Tests only: every byte chunk is cut to at most this size, to land on every boundary. */
  chunkBytes?: number;
  /** Each records event also carries every record's decoded text (`raw`), for verbatim copies. */
  keepRawText?: boolean;
}

/** Decoded text looked at to choose the delimiter. */
const DELIMITER_SAMPLE_CHARS = 64 * 1024;

/**
 * Reads one CSV or TXT source into batches of records; returns how many records it sent.
 *
 * Encoding: a byte-order mark decides at once (one pass). Otherwise a first pass checks
 * that the bytes are UTF-8 (and have no NUL) without decoding them, and the second pass
 * decodes as UTF-8, or as Windows-1252 when they were not. Guessing from a prefix would
 * be wrong for a file whose first non-ASCII byte comes after records were already sent,
 * and the check pass costs little next to parsing (and, for a ZIP entry, enforces the
 * inflate limits before any record leaves).
 */
export async function* readTextTable(source: ByteSource, ctx: TableReadContext): AsyncGenerator<TableEvent, number> {
  const label = source.label;
  const first: AsyncIterator<Buffer> = rechunk(source.open(), ctx.chunkBytes)[Symbol.asyncIterator]();
  let chunks: AsyncIterable<Buffer>;
  let encoding: TextEncoding;
  let consumed = 0;
  const warnings: string[] = [];
  let bomValidator: Utf8Validator | null = null;
  let hadBom = false;
  try {
    const head = await readHead(first, ctx, label);
    if (head.length === 0) return 0;
    const bom = sniffByteOrderMark(head);
    if (bom) {
      encoding = bom.encoding;
      const body = head.subarray(bom.length);
      const reason = encoding === 'utf-8' ? notTextReason(body) : notTextReasonForText(createChunkDecoder(encoding).write(body));
      if (reason) throw new DeskError('file_not_text', `${label} ${reason}`);
      if (encoding === 'utf-8') bomValidator = new Utf8Validator();
      consumed = bom.length;
      hadBom = true;
      chunks = rechunk(continueWith(body, first), ctx.chunkBytes);
    } else {
      const reason = notTextReason(head);
      if (reason) throw new DeskError('file_not_text', `${label} ${reason}`);
      encoding = (await isUtf8Stream(head, first, ctx, label)) ? 'utf-8' : 'windows-1252';
      if (encoding === 'windows-1252') warnings.push(`${label} is not valid UTF-8; it was read as Windows-1252 (Western European)`);
      chunks = rechunk(source.open(), ctx.chunkBytes);
    }
  } catch (err) {
    await first.return?.();
    throw err;
  }

  if (encoding === 'utf-8' || encoding === 'windows-1252') chunks = alignToLineFeeds(chunks);
  const decoder = createChunkDecoder(encoding);
  const batchSize = ctx.batchSize;
  let active: { parser: CsvRecordParser; table: TableInfo } | null = null;
  let sample = '';
  const keepRawText = ctx.keepRawText === true;
  const newBatch = (): RecordBatch => (keepRawText ? { records: [], lines: [], raw: [] } : { records: [], lines: [] });
  let batch = newBatch();
  let sent = 0;
  let atStart = true;

  const start = (sampleIsWhole: boolean): { parser: CsvRecordParser; table: TableInfo } => {
    // A TXT file is a table when a delimiter splits its lines (Excel's "Unicode Text" and
    // "Text (Tab delimited)" are tab-separated tables with a header); else a list, one value a line.
    const found = source.kind === 'txt' ? findDelimiter(sample, sampleIsWhole) : null;
    const kind = source.kind === 'txt' && found === null ? 'txt' : 'csv';
    const delimiter = kind === 'txt' ? '' : (found ?? detectDelimiter(sample, sampleIsWhole));
    const parser = new CsvRecordParser({ file: label, kind, delimiter, maxRecordChars: ctx.maxRecordChars, keepRawText });
    parser.append(sample);
    sample = '';
    return { parser, table: hadBom ? { file: label, encoding, delimiter, kind, bom: true } : { file: label, encoding, delimiter, kind } };
  };

  function* drain({ parser, table }: { parser: CsvRecordParser; table: TableInfo }): Generator<TableEvent> {
    for (;;) {
      const status = parser.parseInto(batch, batchSize - batch.records.length);
      if (batch.records.length >= batchSize || (status === 'done' && batch.records.length > 0)) {
        if (sent === 0) {
          yield { type: 'table', table };
          for (const message of warnings) yield { type: 'warning', message };
        }
        sent += batch.records.length;
        yield batch.raw ? { type: 'records', table, records: batch.records, lines: batch.lines, raw: batch.raw } : { type: 'records', table, records: batch.records, lines: batch.lines };
        batch = newBatch();
        throwIfAborted(ctx.signal, label);
      }
      if (status !== 'full') return;
    }
  }

  const take = (text: string): void => {
    if (atStart && text.length > 0) {
      atStart = false;
      // A second BOM (files saved twice by some editors) is not part of the first cell either.
      text = text.replace(/^\uFEFF+/, '');
    }
    if (text.includes('\u0000')) throw new DeskError('file_not_text', `${label} contains NUL characters: it is binary data, not a CSV or TXT file`);
    if (active) active.parser.append(text);
    else sample += text;
  };

  for await (const chunk of chunks) {
    throwIfAborted(ctx.signal, label);
    consumed += chunk.length;
    source.progress(consumed);
    if (bomValidator && !bomValidator.push(chunk)) {
      bomValidator = null;
      const message = `${label} has a UTF-8 byte-order mark but contains bytes that are not UTF-8; they were replaced with \uFFFD`;
      if (sent === 0) warnings.push(message);
      else yield { type: 'warning', message };
    }
    take(decoder.write(chunk));
    if (!active && sample.length >= DELIMITER_SAMPLE_CHARS) active = start(false);
    if (active) yield* drain(active);
  }
  take(decoder.end());
  active ??= start(true);
  active.parser.finish();
  yield* drain(active);
  return sent;
}

/** The first SNIFF_BYTES bytes (fewer for a shorter stream), for the byte-order mark and the binary check. */
async function readHead(it: AsyncIterator<Buffer>, ctx: TableReadContext, label: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) break;
    throwIfAborted(ctx.signal, label);
    parts.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(parts);
}

/** The check pass: true when `head` and the rest of `it` are valid UTF-8. Stops at the first invalid byte. */
async function isUtf8Stream(head: Buffer, it: AsyncIterator<Buffer>, ctx: TableReadContext, label: string): Promise<boolean> {
  const validator = new Utf8Validator();
  if (!validator.push(head)) {
    await it.return?.();
    return false;
  }
  let offset = head.length;
  for (;;) {
    const next = await it.next();
    if (next.done) return validator.end();
    throwIfAborted(ctx.signal, label);
    const chunk = next.value;
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      await it.return?.();
      throw new DeskError('file_not_text', `${label} contains NUL bytes (at byte ${offset + nul}): it is binary data, not a CSV or TXT file`);
    }
    if (!validator.push(chunk)) {
      await it.return?.();
      return false;
    }
    offset += chunk.length;
  }
}

async function* continueWith(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

/**
 * Cuts the byte stream just after line feeds, so that nearly every piece of decoded text
 * ends on a line break and the parser takes it without copying (joining a record's
 * carried-over start onto the next chunk costs a copy of the whole chunk). A chunk is
 * split into its first line (joined to the previous chunk's tail), its whole lines, and a
 * tail kept for the next chunk. Only for UTF-8 and Windows-1252, where the byte 0x0A is
 * always a line feed and never inside a multi-byte character.
 */
async function* alignToLineFeeds(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let tail: Buffer | null = null;
  for await (const chunk of chunks) {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      yield tail ? Buffer.concat([tail, chunk]) : chunk;
      tail = null;
      continue;
    }
    let from = 0;
    if (tail) {
      from = chunk.indexOf(0x0a) + 1;
      yield Buffer.concat([tail, chunk.subarray(0, from)]);
      tail = null;
    }
    if (last + 1 > from) yield chunk.subarray(from, last + 1);
    if (last + 1 < chunk.length) tail = chunk.subarray(last + 1);
  }
  if (tail) yield tail;
}

async function* rechunk(chunks: AsyncIterable<Buffer>, size: number | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    if (size === undefined || chunk.length <= size) {
      yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, label: string): void {
  if (signal?.aborted) throw new DeskError('cancelled', `reading ${label} was cancelled`);
}
