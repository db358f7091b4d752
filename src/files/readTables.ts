import type yauzl from 'yauzl';
import { DeskError } from '../domain/errors';
import { fileChunks, readFileStart, statInput, type InputFile } from './inputFiles';
import { InflatedEntryReader } from './inflatedEntryReader';
import { readTextTable, throwIfAborted, type ByteSource, type TableReadContext } from './readTextTable';
import { readWorkbook, type WorkbookReadOptions } from './readWorkbook';
import type { TableEvent } from './tableEvents';
import { classifyEntry, DEFAULT_ZIP_LIMITS, entryError, entryLabel, InflateBudget, ZipArchive, type ZipLimits } from './zipEntries';

export type { TextEncoding } from './detectEncoding';
export type { TableEvent, TableInfo } from './tableEvents';
export type { ZipLimits } from './zipEntries';

export interface ReadTablesOptions {
  /** Aborting throws DeskError('cancelled') at the next chunk or batch. */
  signal?: AbortSignal;
  /** Bytes of the input files on disk (compressed bytes for a ZIP) read so far, summed over all paths. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Default: 20 GiB inflated in total, 10 000 entries, 200:1 per entry and over the archive (see DEFAULT_ZIP_LIMITS). */
  zipLimits?: ZipLimits;
  /** Records per batch; default 2000. */
  batchSize?: number;
  /**
   * Default 1 MiB. A record longer than this (an unbalanced quote swallowing the file, a
   * file with no line breaks) fails the read with a message naming file and line. Counted
   * in decoded characters, which for the ASCII that identifiers are made of equals bytes.
   */
  maxRecordBytes?: number;
  /**
   * Records events carry each record's decoded text too (`raw`), for the audience scrub's
   * verbatim copies; a sheet's carry its cells as stored (`cells`) instead.
   */
  keepRawText?: boolean;
  /** The sheet to read from each workbook (`--sheet`), by name; default the first visible one. */
  sheet?: string;
}

/** Knobs for tests and benchmarks, not part of the import job's contract. */
export interface ReadTablesTuning {
  /** Size of each read from disk, and the largest chunk handed on (ZIP entries are cut to it): tests use 7 bytes to hit every boundary. */
  chunkBytes?: number;
}

const DEFAULT_BATCH_SIZE = 2000;
const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
/** Read size from disk: large enough that syscalls and per-chunk work vanish next to parsing. */
const DEFAULT_READ_BYTES = 256 * 1024;

/** Spreadsheets the desk does not read: named in the error rather than parsed as garbage. */
const SPREADSHEET = /\.(xlsb|xls|ods|numbers)$/i;
/** Excel workbooks (Office Open XML), read sheet by sheet (readWorkbook.ts). */
export const WORKBOOK = /\.(xlsx|xlsm)$/i;

/**
 * Streams every CSV/TXT table and workbook sheet in `paths` (files, or ZIPs of them) as batches of records.
 * The caller awaits between events, and nothing is read ahead of that beyond one chunk,
 * so memory stays bounded whatever the input size.
 */
export async function* readTables(paths: string[], options: ReadTablesOptions & ReadTablesTuning = {}): AsyncGenerator<TableEvent> {
  const ctx: TableReadContext = {
    signal: options.signal,
    batchSize: Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)),
    maxRecordChars: Math.max(1, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES),
    chunkBytes: options.chunkBytes === undefined ? undefined : Math.max(1, Math.floor(options.chunkBytes)),
    keepRawText: options.keepRawText,
  };
  const readBytes = ctx.chunkBytes ?? DEFAULT_READ_BYTES;
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  const workbook: WorkbookReadOptions = { keepCells: options.keepRawText === true, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) };

  // Every path is checked before the first record leaves, so a bad second file does not
  // surface after the first one was half imported.
  const inputs: (InputFile & { zip: boolean })[] = [];
  for (const input of paths) {
    const file = await statInput(input);
    if (SPREADSHEET.test(input)) throw new DeskError('file_not_text', `${input} is a spreadsheet the desk cannot read; save it as an Excel workbook (.xlsx) or as CSV (UTF-8) first`);
    const zip = isZipSignature(await readFileStart(input, 4));
    if (!zip && /\.zip$/i.test(input)) throw new DeskError('zip_invalid', `${input} is not a ZIP archive (it does not start with the ZIP signature)`);
    if (!zip && WORKBOOK.test(input)) throw new DeskError('file_not_text', `${input} is not an Excel workbook (an .xlsx is a ZIP and this file does not start like one); if it is an older .xls renamed, save it as .xlsx or CSV first`);
    inputs.push({ ...file, zip });
  }
  if (options.sheet !== undefined && !inputs.some((input) => input.zip)) {
    throw new DeskError('usage', `--sheet ${options.sheet}: ${inputs.length === 1 ? `${paths[0]} is not` : 'none of the files is'} an Excel workbook`);
  }
  const bytesTotal = inputs.reduce((sum, input) => sum + input.size, 0);
  let bytesBefore = 0;
  let reported = -1;
  const report = (bytes: number): void => {
    if (bytes > reported) {
      reported = bytes;
      options.onProgress?.(bytes, bytesTotal);
    }
  };

  for (const input of inputs) {
    throwIfAborted(ctx.signal, input.path);
    const base = bytesBefore;
    const progress = (bytes: number): void => report(base + Math.min(Math.max(0, bytes), input.size));
    if (input.zip && WORKBOOK.test(input.path)) {
      const archive = await ZipArchive.open(input.path);
      try {
        const records = yield* readWorkbook(archive, input.path, ctx, workbook, limits, (share) => progress(Math.floor(input.size * share)));
        if (records === 0) throw new DeskError('file_empty', `${input.path} is empty: its sheet has no rows`);
      } finally {
        archive.close();
      }
    } else if (input.zip) {
      yield* readZip(input.path, ctx, limits, progress, workbook);
    } else {
      const source: ByteSource = {
        label: input.path,
        kind: /\.txt$/i.test(input.path) ? 'txt' : 'csv',
        open: () => fileChunks(input.path, readBytes),
        progress,
      };
      const records = yield* readTextTable(source, ctx);
      if (records === 0) throw new DeskError('file_empty', `${input.path} is empty: it has no rows`);
    }
    bytesBefore += input.size;
    report(bytesBefore);
  }
}

/** A local file header, or the end record of an empty archive. */
function isZipSignature(start: Buffer): boolean {
  return start.length === 4 && start[0] === 0x50 && start[1] === 0x4b && ((start[2] === 3 && start[3] === 4) || (start[2] === 5 && start[3] === 6));
}

async function* readZip(archivePath: string, ctx: TableReadContext, limits: ZipLimits, progress: (bytes: number) => void, workbook: WorkbookReadOptions): AsyncGenerator<TableEvent> {
  const archive = await ZipArchive.open(archivePath);
  try {
    const budget = new InflateBudget(archivePath, archive.size, limits);
    budget.checkEntryCount(archive.entryCount);
    // The whole directory is checked before the first entry is opened: a bomb fails the
    // job before any of its rows is sent.
    const entries = await archive.readDirectory();
    if (entries.some((entry) => entry.fileName === 'xl/workbook.xml') && entries.some((entry) => entry.fileName === '[Content_Types].xml')) {
      // A workbook saved or renamed as .zip: read as the workbook it is.
      const book = await ZipArchive.open(archivePath);
      try {
        const records = yield* readWorkbook(book, archivePath, ctx, workbook, limits, (share) => progress(Math.floor(book.size * share)));
        if (records === 0) throw new DeskError('file_empty', `${archivePath} is empty: its sheet has no rows`);
      } finally {
        book.close();
      }
      return;
    }
    budget.checkDeclared(entries.filter((entry) => classifyEntry(entry.fileName).action === 'read'));
    let tables = 0;
    let workbooks = 0;
    const skipped: string[] = [];
    for (const entry of entries) {
      throwIfAborted(ctx.signal, archivePath);
      const name = entry.fileName;
      const disposition = classifyEntry(name);
      if (disposition.action === 'skip') continue;
      const label = entryLabel(archivePath, name);
      if (disposition.action === 'warn') {
        skipped.push(name);
        yield { type: 'warning', message: `${label} skipped: it ${disposition.reason}` };
        continue;
      }
      const records =
        disposition.kind === 'xlsx'
          ? yield* readWorkbookEntry(archive, entry, label, budget, progress, ctx, workbook, limits)
          : yield* readTextTable(entrySource(archive, entry, label, disposition.kind, budget, progress), ctx);
      if (disposition.kind === 'xlsx') workbooks++;
      if (records === 0) yield { type: 'warning', message: `${label} skipped: it is empty` };
      else tables++;
      progress(entry.relativeOffsetOfLocalHeader + entry.compressedSize);
    }
    if (workbook.sheet !== undefined && workbooks === 0) throw new DeskError('usage', `--sheet ${workbook.sheet}: ${archivePath} holds no Excel workbook`);
    if (tables === 0) {
      const listed = skipped.length > 0 ? ` (skipped: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})` : '';
      throw new DeskError('file_empty', `${archivePath} contains no .csv, .txt or .xlsx file with rows${listed}`);
    }
  } finally {
    archive.close();
  }
}

/**
 * A workbook inside the archive, opened through its inflated bytes (never extracted to
 * disk). The first pass over the entry is charged to the archive's budget; the workbook's
 * own parts are charged to a budget of its own in readWorkbook.
 */
async function* readWorkbookEntry(
  archive: ZipArchive,
  entry: yauzl.Entry,
  label: string,
  budget: InflateBudget,
  progress: (bytes: number) => void,
  ctx: TableReadContext,
  workbook: WorkbookReadOptions,
  limits: ZipLimits,
): AsyncGenerator<TableEvent, number> {
  let charged = 0;
  const reader = new InflatedEntryReader(
    () =>
      (async function* () {
        let inflated = 0;
        for await (const chunk of entryChunks(archive, entry, label, null)) {
          inflated += chunk.length;
          if (inflated > charged) {
            budget.charge(entry, label, inflated, inflated - charged);
            charged = inflated;
          }
          yield chunk;
        }
      })(),
    entry.uncompressedSize,
  );
  const book = await ZipArchive.fromReader(label, reader, entry.uncompressedSize);
  try {
    return yield* readWorkbook(book, label, ctx, workbook, limits, (share) => progress(entry.relativeOffsetOfLocalHeader + Math.floor(entry.compressedSize * share)));
  } finally {
    book.close();
  }
}

/**
 * An entry as a ByteSource. Inflated bytes are charged to the budget on the first pass
 * only (the second pass inflates the same bytes again). Progress is in compressed bytes
 * of the archive, estimated from how far the entry has inflated.
 */
function entrySource(archive: ZipArchive, entry: yauzl.Entry, label: string, kind: 'csv' | 'txt', budget: InflateBudget, progress: (bytes: number) => void): ByteSource {
  let opened = 0;
  return {
    label,
    kind,
    open() {
      opened++;
      return entryChunks(archive, entry, label, opened === 1 ? budget : null);
    },
    progress(inflated) {
      const share = entry.uncompressedSize > 0 ? Math.min(1, inflated / entry.uncompressedSize) : 1;
      progress(entry.relativeOffsetOfLocalHeader + Math.floor(entry.compressedSize * share));
    },
  };
}

async function* entryChunks(archive: ZipArchive, entry: yauzl.Entry, label: string, budget: InflateBudget | null): AsyncGenerator<Buffer> {
  const stream = await archive.openEntry(entry);
  let inflated = 0;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      inflated += bytes.length;
      budget?.charge(entry, label, inflated, bytes.length);
      yield bytes;
    }
  } catch (err) {
    throw entryError(label, err);
  } finally {
    stream.destroy();
  }
}
