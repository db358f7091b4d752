import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DeskError } from '../domain/errors';
import { formatBytes } from './formatBytes';
import { withoutControls } from './messageText';

/**
 * Limits on what a ZIP may inflate to. They are checked twice: on the sizes the central
 * directory declares, before any entry is opened (so a bomb fails before a row is read),
 * and on the bytes actually inflated, as they stream (so a header that lies gains nothing).
 */
export interface ZipLimits {
  /** Inflated bytes over all entries read, whatever the archive's size. */
  maxTotalBytes: number;
  /** Entries in the archive, folders and skipped files included. */
  maxEntries: number;
  /**
   * Inflated bytes per byte stored: per entry, against its compressed size, and over all
   * entries read, against the size of the archive on disk.
   */
  maxRatio: number;
}

/**
 * Why these numbers:
 * - maxRatio 200. Vendor suppression exports deflate 5 to 15 times (identifiers are close to
 *   random digits), a CSV of near-identical rows 50 to 100 times; deflate cannot pass about
 *   1032:1. 200 is twice the worst honest case and five times short of a bomb's. Entries
 *   that do not overlap (see checkLayout) store their data side by side, so the archive as
 *   a whole never inflates more than its worst entry does: one ratio serves both checks.
 *   It lets a 7 MB archive inflate to 1.4 GB at most; a 150 MB CSV zipped to 30 MB needs 5.
 * - maxTotalBytes 20 GiB. With the ratio, it binds only archives over 100 MB; a 1 GB
 *   archive of exports at 15:1 (15 GB of rows) still reads. The desk sets no size cap on
 *   files of its own (see DESIGN "Files"), so this only stops what no laptop job should attempt.
 * - maxEntries 10 000, checked before the directory is walked: the layout check holds every
 *   entry in memory at once.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 20 * 1024 ** 3, maxEntries: 10_000, maxRatio: 200 };

/**
 * Ratios are judged only past this many inflated bytes, per entry and over the archive: a
 * small, very repetitive CSV legitimately compresses past 200:1, and at this size it is harmless.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Bit 3 of the general purpose flags: a data descriptor follows the entry's compressed data. */
const HAS_DATA_DESCRIPTOR = 0x0008;
/**
 * The shortest data descriptor: CRC-32 and two 4-byte sizes, no signature. It can be up to
 * 24 bytes (signature, ZIP64 sizes); counting the shortest never refuses a sound archive.
 */
const MIN_DATA_DESCRIPTOR_BYTES = 12;

/** What to do with an entry, by its name. */
export type EntryDisposition =
  | { action: 'read'; kind: 'csv' | 'txt' | 'xlsx' }
  | { action: 'skip' }
  | { action: 'warn'; reason: string };

const NESTED_ARCHIVE = /\.(zip|gz|tgz|7z|rar|tar|bz2|xz|zst)$/i;

export function classifyEntry(name: string): EntryDisposition {
  if (name.endsWith('/')) return { action: 'skip' };
  const parts = name.split('/');
  // macOS resource forks and Finder files, editor backups and the like: never data.
  if (parts[0] === '__MACOSX' || parts.some((part) => part.startsWith('.') && part !== '.')) return { action: 'skip' };
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return { action: 'read', kind: 'csv' };
  if (lower.endsWith('.txt')) return { action: 'read', kind: 'txt' };
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return { action: 'read', kind: 'xlsx' };
  if (NESTED_ARCHIVE.test(lower)) return { action: 'warn', reason: 'is an archive inside the archive; nested archives are not opened, extract it and import it on its own' };
  return { action: 'warn', reason: 'is not a .csv, .txt or .xlsx file' };
}

/** Entry names that would escape a folder if extracted. yauzl refuses them too; this check does not depend on its wording. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\') || name.split('/').includes('..');
}

/** `archive.zip!inner/dir/x.csv`, with control characters made visible so messages stay one line. */
export function entryLabel(archive: string, name: string): string {
  return `${archive}!${withoutControls(name, '?')}`;
}

/**
 * Stops an archive that inflates like a zip bomb: first on the sizes its directory
 * declares, then on the bytes actually inflated as they stream.
 */
export class InflateBudget {
  private total = 0;
  /** Inflated bytes allowed over all entries read: the ratio to the archive's size, within the absolute cap. */
  private readonly allowed: number;

  constructor(
    private readonly archive: string,
    private readonly archiveBytes: number,
    private readonly limits: ZipLimits,
  ) {
    this.allowed = Math.min(limits.maxTotalBytes, Math.max(RATIO_FLOOR_BYTES, limits.maxRatio * archiveBytes));
  }

  checkEntryCount(count: number): void {
    if (count > this.limits.maxEntries) {
      throw new DeskError('zip_limits', `${this.archive} has ${count} entries, more than the limit of ${this.limits.maxEntries}; it looks like a zip bomb and was not read`);
    }
  }

  /** Before any entry is opened: the uncompressed sizes the directory declares for the entries to be read. */
  checkDeclared(entries: yauzl.Entry[]): void {
    let declared = 0;
    for (const entry of entries) {
      if (this.overRatio(entry.uncompressedSize, entry.compressedSize)) {
        throw new DeskError(
          'zip_limits',
          `${entryLabel(this.archive, entry.fileName)} would inflate to ${formatBytes(entry.uncompressedSize)} by its header, more than ${this.limits.maxRatio} times its compressed size of ${formatBytes(entry.compressedSize)}; it looks like a zip bomb and was not read`,
        );
      }
      declared += entry.uncompressedSize;
    }
    if (declared > this.allowed) {
      throw new DeskError('zip_limits', `${this.archive}: its .csv and .txt entries would inflate to ${formatBytes(declared)} by their headers, more than ${this.allowance()}; it looks like a zip bomb and was not read`);
    }
  }

  /** `delta` more bytes inflated from `entry`, `entryInflated` so far in all. */
  charge(entry: yauzl.Entry, label: string, entryInflated: number, delta: number): void {
    this.total += delta;
    if (this.total > this.allowed) {
      throw new DeskError('zip_limits', `${this.archive} inflates to more than ${this.allowance()} (at ${label}); it looks like a zip bomb and was not read`);
    }
    if (this.overRatio(entryInflated, entry.compressedSize)) {
      throw new DeskError('zip_limits', `${label} inflates to more than ${this.limits.maxRatio} times its compressed size of ${formatBytes(entry.compressedSize)}; it looks like a zip bomb and was not read`);
    }
  }

  /** One entry inflating past the ratio to its own compressed size. */
  private overRatio(inflated: number, compressed: number): boolean {
    return inflated > RATIO_FLOOR_BYTES && inflated > this.limits.maxRatio * Math.max(1, compressed);
  }

  /** Which limit `allowed` is, in words. */
  private allowance(): string {
    if (this.allowed === this.limits.maxTotalBytes) return `the limit of ${formatBytes(this.limits.maxTotalBytes)}`;
    if (this.allowed === RATIO_FLOOR_BYTES) return `${formatBytes(RATIO_FLOOR_BYTES)}, which is over ${this.limits.maxRatio} times the archive's size of ${formatBytes(this.archiveBytes)}`;
    return `${formatBytes(this.allowed)}, ${this.limits.maxRatio} times the archive's size of ${formatBytes(this.archiveBytes)}`;
  }
}

/** Where an entry lies in the archive: its local header, compressed data and data descriptor. */
interface EntrySpan {
  entry: yauzl.Entry;
  start: number;
  end: number;
}

/**
 * One open archive. Its central directory is read whole and its layout checked before any
 * entry is opened; entries are then inflated as streams (yauzl). Nothing touches the disk.
 */
export class ZipArchive {
  private failure: Error | null = null;
  private waiter: { resolve: (entry: yauzl.Entry | null) => void; reject: (err: Error) => void } | null = null;

  private constructor(
    private readonly path: string,
    private readonly zip: yauzl.ZipFile,
    /** Where the central directory starts: every entry's data must end before it. */
    private readonly directoryOffset: number,
  ) {
    // yauzl emits 'error' at most once and at any time while entries are read; without a
    // listener an EventEmitter 'error' would crash the worker.
    zip.on('error', (err: Error) => {
      this.failure = err;
      this.settle((w) => w.reject(err));
    });
    zip.on('entry', (entry: yauzl.Entry) => this.settle((w) => w.resolve(entry)));
    zip.on('end', () => this.settle((w) => w.resolve(null)));
  }

  static async open(path: string): Promise<ZipArchive> {
    return ZipArchive.opened(path, (options, callback) => yauzl.open(path, options, callback));
  }

  /** An archive read through `reader` (a workbook inside a ZIP, see InflatedEntryReader); `label` names it in messages. */
  static async fromReader(label: string, reader: yauzl.RandomAccessReader, size: number): Promise<ZipArchive> {
    return ZipArchive.opened(label, (options, callback) => yauzl.fromRandomAccessReader(reader, size, options, callback));
  }

  private static async opened(path: string, open: (options: yauzl.Options, callback: (err: Error | null, zipfile: yauzl.ZipFile) => void) => void): Promise<ZipArchive> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      open({ lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (err, zipfile) => {
        if (err) reject(err);
        else resolve(zipfile);
      });
    }).catch((err: unknown) => {
      throw zipError(path, err);
    });
    // yauzl keeps no public field for the central directory's offset; its read cursor holds
    // it until the first readEntry() (the bundled types call the field a boolean).
    const cursor: unknown = (zip as unknown as { readEntryCursor: unknown }).readEntryCursor;
    if (typeof cursor !== 'number') {
      zip.close();
      throw new DeskError('internal', `${path}: this version of yauzl does not expose the central directory's offset; the ZIP layout cannot be checked`);
    }
    return new ZipArchive(path, zip, cursor);
  }

  get entryCount(): number {
    return this.zip.entryCount;
  }

  /** Bytes of the archive on disk. */
  get size(): number {
    return this.zip.fileSize;
  }

  /**
   * Every entry of the central directory, in its order, once their names are checked and
   * their layout is sound (see checkLayout). Check entryCount against the limit first:
   * the entries are held in memory together.
   */
  async readDirectory(): Promise<yauzl.Entry[]> {
    const entries: yauzl.Entry[] = [];
    for (let entry = await this.nextEntry(); entry; entry = await this.nextEntry()) entries.push(entry);
    await this.checkLayout(entries);
    return entries;
  }

  /** A fresh stream of the entry's inflated bytes; callable more than once per entry. */
  async openEntry(entry: yauzl.Entry): Promise<Readable> {
    const label = entryLabel(this.path, entry.fileName);
    if (entry.isEncrypted()) throw new DeskError('zip_invalid', `${label} is password-protected; encrypted ZIP entries are not supported`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new DeskError('zip_invalid', `${label} uses ZIP compression method ${entry.compressionMethod}, which is not supported; re-create the ZIP with standard (deflate) compression`);
    }
    return new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream) => {
        if (err) reject(entryError(label, err));
        else resolve(stream);
      });
    });
  }

  close(): void {
    this.zip.close();
  }

  private async nextEntry(): Promise<yauzl.Entry | null> {
    if (this.failure) throw zipError(this.path, this.failure);
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.zip.readEntry();
    }).catch((err: unknown) => {
      throw zipError(this.path, err);
    });
    if (entry && unsafeEntryName(entry.fileName)) throw unsafeNameError(this.path, entry.fileName);
    return entry;
  }

  /**
   * Refuses entries whose bytes overlap each other or the central directory. No archiver
   * writes such a ZIP; it is how a zip bomb without recursion multiplies one compressed
   * stream into thousands of entries (https://www.bamsoftware.com/hacks/zipbomb/): 9 000
   * entries sharing one kernel read as 24 million rows from 7 MB. Each entry spans its
   * local header (whose name and extra field may differ from the directory's, so it is
   * read), its compressed data and its data descriptor if it has one.
   */
  private async checkLayout(entries: yauzl.Entry[]): Promise<void> {
    const spans: EntrySpan[] = [];
    for (const entry of entries) {
      const header = await new Promise<{ fileDataStart: number }>((resolve, reject) => {
        this.zip.readLocalFileHeader(entry, { minimal: true }, (err, found) => {
          if (err) reject(err);
          else resolve(found);
        });
      }).catch((err: unknown) => {
        throw zipError(this.path, err);
      });
      const descriptor = entry.generalPurposeBitFlag & HAS_DATA_DESCRIPTOR ? MIN_DATA_DESCRIPTOR_BYTES : 0;
      spans.push({ entry, start: entry.relativeOffsetOfLocalHeader, end: header.fileDataStart + entry.compressedSize + descriptor });
    }
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      const before = spans[i - 1] as EntrySpan;
      const after = spans[i] as EntrySpan;
      if (before.end > after.start) {
        throw new DeskError(
          'zip_invalid',
          `${this.path} has overlapping entries: ${withoutControls(before.entry.fileName, '?')} and ${withoutControls(after.entry.fileName, '?')} share bytes of the archive, the way a zip bomb multiplies its data; the ZIP was refused as unsafe`,
        );
      }
    }
    const last = spans.at(-1);
    if (last && last.end > this.directoryOffset) {
      throw new DeskError(
        'zip_invalid',
        `${entryLabel(this.path, last.entry.fileName)} overlaps the archive's central directory; the ZIP was refused as unsafe`,
      );
    }
  }

  private settle(action: (waiter: NonNullable<ZipArchive['waiter']>) => void): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) action(waiter);
  }
}

/** An error while opening the archive or reading its directory, as a DeskError naming the file. */
export function zipError(path: string, err: unknown): DeskError {
  if (err instanceof DeskError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const unsafe = /^(?:invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(message);
  if (unsafe) return unsafeNameError(path, unsafe[1] ?? '');
  return new DeskError('zip_invalid', `${path} is not a readable ZIP archive (truncated or corrupt: ${oneLine(message)})`);
}

/** An error while inflating one entry. */
export function entryError(label: string, err: unknown): DeskError {
  if (err instanceof DeskError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeskError('zip_invalid', `${label} cannot be decompressed; the ZIP is truncated or corrupt (${oneLine(message)})`);
}

function unsafeNameError(path: string, name: string): DeskError {
  return new DeskError('zip_invalid', `${entryLabel(path, name)}: the entry name points outside the archive (absolute path or ".."); the ZIP was refused as unsafe`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
