import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { DeskError } from '../domain/errors';
import { formatBytes } from './formatBytes';
import { withoutControls } from './messageText';

/** Limits on what a ZIP may inflate to, judged on the bytes actually inflated, never on header claims. */
export interface ZipLimits {
  /** Inflated bytes over all entries read. */
  maxTotalBytes: number;
  /** Entries in the archive, folders and skipped files included. */
  maxEntries: number;
  /** Inflated bytes per compressed byte, per entry. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 20 * 1024 ** 3, maxEntries: 10_000, maxRatio: 200 };

/**
 * The ratio is judged only once an entry has inflated past this: a small, very
 * repetitive CSV legitimately compresses past 200:1, and at this size it is harmless.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** What to do with an entry, by its name. */
export type EntryDisposition =
  | { action: 'read'; kind: 'csv' | 'txt' }
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
  if (NESTED_ARCHIVE.test(lower)) return { action: 'warn', reason: 'is an archive inside the archive; nested archives are not opened, extract it and import it on its own' };
  return { action: 'warn', reason: 'is not a .csv or .txt file' };
}

/** Entry names that would escape a folder if extracted. yauzl refuses them too; this check does not depend on its wording. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\') || name.split('/').includes('..');
}

/** `archive.zip!inner/dir/x.csv`, with control characters made visible so messages stay one line. */
export function entryLabel(archive: string, name: string): string {
  return `${archive}!${withoutControls(name, '?')}`;
}

/** Counts inflated bytes as they stream and stops an archive that inflates like a zip bomb. */
export class InflateBudget {
  private total = 0;

  constructor(
    private readonly archive: string,
    private readonly limits: ZipLimits,
  ) {}

  checkEntryCount(count: number): void {
    if (count > this.limits.maxEntries) {
      throw new DeskError('zip_limits', `${this.archive} has ${count} entries, more than the limit of ${this.limits.maxEntries}; it looks like a zip bomb and was not read`);
    }
  }

  /** `delta` more bytes inflated from `entry`, `entryInflated` so far in all. */
  charge(entry: yauzl.Entry, label: string, entryInflated: number, delta: number): void {
    this.total += delta;
    if (this.total > this.limits.maxTotalBytes) {
      throw new DeskError('zip_limits', `${this.archive} inflates to more than ${formatBytes(this.limits.maxTotalBytes)} (at ${label}); it looks like a zip bomb and was not read`);
    }
    if (entryInflated > RATIO_FLOOR_BYTES && entryInflated > this.limits.maxRatio * Math.max(1, entry.compressedSize)) {
      throw new DeskError('zip_limits', `${label} inflates to more than ${this.limits.maxRatio} times its compressed size of ${formatBytes(entry.compressedSize)}; it looks like a zip bomb and was not read`);
    }
  }
}

/**
 * One open archive, read entry by entry (yauzl with `lazyEntries`: the central
 * directory is walked only as fast as entries are consumed). Nothing touches the disk.
 */
export class ZipArchive {
  private failure: Error | null = null;
  private waiter: { resolve: (entry: yauzl.Entry | null) => void; reject: (err: Error) => void } | null = null;

  private constructor(
    private readonly path: string,
    private readonly zip: yauzl.ZipFile,
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
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (err, zipfile) => {
        if (err) reject(err);
        else resolve(zipfile);
      });
    }).catch((err: unknown) => {
      throw zipError(path, err);
    });
    return new ZipArchive(path, zip);
  }

  get entryCount(): number {
    return this.zip.entryCount;
  }

  /** The next entry of the central directory, or null after the last. */
  async nextEntry(): Promise<yauzl.Entry | null> {
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
