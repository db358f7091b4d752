import fs from 'node:fs';
import { DeskError } from '../domain/errors';

export interface InputFile {
  path: string;
  size: number;
}

/** Checks a path names a readable regular file, before anything is read from any of the inputs. */
export async function statInput(path: string): Promise<InputFile> {
  let stats: fs.Stats;
  try {
    stats = await fs.promises.stat(path);
  } catch (err) {
    throw fileSystemError(path, err);
  }
  if (stats.isDirectory()) throw new DeskError('file_unreadable', `${path} is a directory, not a file`);
  if (!stats.isFile()) throw new DeskError('file_unreadable', `${path} is not a regular file`);
  try {
    await fs.promises.access(path, fs.constants.R_OK);
  } catch (err) {
    throw fileSystemError(path, err);
  }
  return { path, size: stats.size };
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readFileStart(path: string, length: number): Promise<Buffer> {
  try {
    const handle = await fs.promises.open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw fileSystemError(path, err);
  }
}

/** A file's bytes, streamed; read errors become DeskErrors naming the file. */
export async function* fileChunks(path: string, highWaterMark: number): AsyncGenerator<Buffer> {
  const stream = fs.createReadStream(path, { highWaterMark });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw fileSystemError(path, err);
  } finally {
    stream.destroy();
  }
}

/** A Node file-system error as a DeskError with a one-line message naming the file. */
export function fileSystemError(path: string, err: unknown): DeskError {
  if (err instanceof DeskError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new DeskError('file_missing', `${path} does not exist`);
    case 'EISDIR':
      return new DeskError('file_unreadable', `${path} is a directory, not a file`);
    case 'EACCES':
    case 'EPERM':
      return new DeskError('file_unreadable', `${path} cannot be read: permission denied`);
    default: {
      const detail = err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
      return new DeskError('file_unreadable', `${path} cannot be read (${detail})`);
    }
  }
}
