import fs from 'node:fs';
import { DeskError } from '../domain/errors';

/**
 * A file being written by a job, with the failure handling every writer needs: bytes go
 * straight to disk; `commit` syncs, closes and — when atomic — renames `<path>.partial`
 * into place, so `path` never holds a half-written file; any failure (or `discard`)
 * removes what was written and throws a DeskError naming `path`.
 */
export class OutputFile {
  private readonly target: string;
  private fd: number | null;
  private done = false;

  constructor(
    readonly path: string,
    { atomic }: { atomic: boolean },
  ) {
    this.target = atomic ? `${path}.partial` : path;
    try {
      this.fd = fs.openSync(this.target, 'w');
    } catch (err) {
      throw writeError(path, err);
    }
  }

  /** Committed or discarded: nothing more can be written. */
  get finished(): boolean {
    return this.done;
  }

  /** Writes the first `length` bytes of `data` (all of it by default). */
  write(data: Buffer, length = data.length): void {
    if (this.fd === null) throw new Error(`${this.path} is not open for writing`);
    try {
      for (let offset = 0; offset < length; ) offset += fs.writeSync(this.fd, data, offset, length - offset);
    } catch (err) {
      this.discard();
      throw writeError(this.path, err);
    }
  }

  /** Syncs, closes and renames into place. A second call does nothing. */
  commit(): void {
    if (this.done) return;
    try {
      const fd = this.fd as number;
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = null;
      if (this.target !== this.path) fs.renameSync(this.target, this.path);
      this.done = true;
    } catch (err) {
      this.discard();
      throw writeError(this.path, err);
    }
  }

  /** Drops the output: the file (or `.partial`) is removed. Does nothing once finished. */
  discard(): void {
    if (this.done) return;
    this.done = true;
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Already failing; the removal below is what matters.
      }
      this.fd = null;
    }
    fs.rmSync(this.target, { force: true });
  }
}

/**
 * DeskError has no "cannot write" code yet; file_unreadable ("the file cannot be used")
 * is the closest, and the message says what happened.
 */
export function writeError(path: string, err: unknown): DeskError {
  if (err instanceof DeskError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const why =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EISDIR' ? 'it is a directory'
    : err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
  return new DeskError('file_unreadable', `cannot write ${path}: ${why}`);
}
