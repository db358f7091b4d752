import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeskError } from '../../domain/errors';
import { ApiFieldError } from '../apiFieldError';
import type { FileAccess } from '../localFiles';
import type { FileRef } from '../views';

const UPLOAD_REF = /^upload:([0-9a-f]{24})$/;
const DOWNLOAD_REF = /^download:(.+)$/s;

const STALE_MS = 24 * 60 * 60 * 1000;

/** Upload folders a crashed server left behind. */
function removeStale(folder: string, age: number): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(folder);
  } catch {
    return;
  }
  const cutoff = Date.now() - age;
  for (const entry of entries) {
    const full = path.join(folder, entry);
    try {
      if (fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/** A file name as given by a browser, made safe to create: no folders, no control or reserved characters. */
export function safeFileName(name: string, fallback: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 150);
  return cleaned === '' ? fallback : cleaned;
}

/**
 * Browser mode's files. A browser cannot hand over a path: an import's files are streamed
 * into `<data>/uploads/<run>/<id>/<name>` and named `upload:<id>`; an export is written to
 * `<data>/exports/<id>/<name>` for a `download:<name>` target and downloaded from there
 * when its job is done. No other ref is accepted, so the API cannot be pointed at an
 * arbitrary file on the machine.
 */
export class UploadFolder implements FileAccess {
  readonly uploads: string;
  readonly exports: string;

  constructor(dataFolder: string, runFolder?: string) {
    // One folder per server run, so two servers on one data folder never clear each other's.
    const all = path.join(dataFolder, 'uploads');
    this.exports = path.join(dataFolder, 'exports');
    if (runFolder !== undefined) {
      this.uploads = runFolder;
      return;
    }
    removeStale(all, STALE_MS);
    this.uploads = path.join(all, `${process.pid}-${randomBytes(4).toString('hex')}`);
    // Downloads are removed once fetched; any a browser never fetched go after a day.
    removeStale(this.exports, STALE_MS);
  }

  /** The same run's folder seen from another thread (the database thread resolves the refs the serving thread hands out). */
  static forRun(dataFolder: string, runFolder: string): UploadFolder {
    return new UploadFolder(dataFolder, runFolder);
  }

  /** Whether `file` is a browser-mode download, to be removed once the browser has it. */
  isDownload(file: string): boolean {
    const relative = path.relative(this.exports, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  /** Removes a fetched download (its folder holds nothing else). */
  removeDownload(file: string): void {
    if (this.isDownload(file)) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  /** Streams one uploaded file to disk (no size cap of our own: memory stays flat). */
  async receive(name: string, body: Readable): Promise<FileRef> {
    const id = randomBytes(12).toString('hex');
    const folder = path.join(this.uploads, id);
    fs.mkdirSync(folder, { recursive: true });
    const fileName = safeFileName(name, 'upload.csv');
    const file = path.join(folder, fileName);
    try {
      await pipeline(body, fs.createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw new DeskError('file_unreadable', `the upload of ${fileName} did not complete: ${(err as Error).message}`);
    }
    return { ref: `upload:${id}`, name: fileName, size: fs.statSync(file).size };
  }

  readable(ref: string, field: string): string {
    const match = UPLOAD_REF.exec(ref);
    if (!match) throw new ApiFieldError('usage', field, 'in the browser, files to import must first be uploaded (desk.uploadFiles)');
    const folder = path.join(this.uploads, match[1] as string);
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      names = [];
    }
    const name = names[0];
    if (name === undefined) throw new DeskError('file_missing', 'the uploaded file is gone (uploads are kept until the server stops); upload it again');
    return path.join(folder, name);
  }

  writable(ref: string, field: string): string {
    const match = DOWNLOAD_REF.exec(ref);
    if (!match) throw new ApiFieldError('usage', field, 'in the browser, an export goes to a download (desk.saveAs)');
    const folder = path.join(this.exports, randomBytes(12).toString('hex'));
    fs.mkdirSync(folder, { recursive: true });
    return path.join(folder, safeFileName(match[1] as string, 'export.csv'));
  }

  /** Removes this run's uploads (when the server stops: an upload's ref does not outlive it). */
  clearUploads(): void {
    fs.rmSync(this.uploads, { recursive: true, force: true });
  }
}
