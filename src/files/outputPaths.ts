import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../domain/errors';

export interface OutputGuard {
  /** The data folder: blocklist.db, its WAL, backups and job files live there. */
  dataFolder: string;
  /** The job's own inputs: an output must never replace what it reads. */
  inputs?: readonly string[];
  /** Folders inside the data folder where the app itself puts outputs (browser-mode exports, a job's folder). */
  appFolders?: readonly string[];
  /** How the message names the output (`--out`, `the export`). */
  what: string;
}

/** The path as the file system will resolve it: symbolic links in its folder followed. */
function realTarget(file: string): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync(absolute);
  } catch {
    // Not there yet: resolve the folder it would be written into.
    try {
      return path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino; // a hard link, or another spelling of the same file
  } catch {
    return false;
  }
}

/**
 * Refuses an output path before any work: a directory, anything inside the data folder
 * (an export written over blocklist.db would destroy the blocklist: writers rename their
 * finished file into place), or one of the job's own inputs. Throws a usage error naming
 * the path and why.
 */
export function checkOutputPath(out: string, guard: OutputGuard): void {
  const target = realTarget(out);
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(target).isDirectory();
  } catch {
    // Does not exist yet: fine.
  }
  if (isDirectory) throw new DeskError('usage', `${guard.what} ${out} is a folder; name a file to write`);
  const data = realTarget(guard.dataFolder);
  const allowed = (guard.appFolders ?? []).map(realTarget).some((folder) => isInside(target, folder) && target !== folder);
  if (isInside(target, data) && !allowed) {
    throw new DeskError('usage', `${guard.what} ${out} is inside the data folder ${guard.dataFolder}, which holds the blocklist itself; write it somewhere else`);
  }
  for (const input of guard.inputs ?? []) {
    if (sameFile(target, realTarget(input))) throw new DeskError('usage', `${guard.what} ${out} is ${input}, which this job reads; write it to another file`);
  }
}
