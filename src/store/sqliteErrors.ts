import { DeskError } from '../domain/errors';

/**
 * SQLite's and the file system's failures around the database, in one sentence an
 * officer can act on, instead of `internal error: database is locked`. Returns the
 * error unchanged when it is none of these.
 */
export function explainStorageError(err: unknown, dataFolder?: string): unknown {
  if (err instanceof DeskError) return err;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const folder = dataFolder ?? 'the data folder';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DeskError('db_busy', 'the blocklist is busy with another change (an import being applied, or another program); try again in a moment');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new DeskError('db_readonly', `${folder} cannot be written (it is read-only, or belongs to another user); Blocklist Desk keeps the blocklist there and must write to it — choose another folder with --data`);
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new DeskError('db_readonly', `${folder} cannot be used as the data folder (a file is in the way of it); choose another folder with --data`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DeskError('db_corrupt', `the blocklist database in ${folder} is damaged; run "blocklist-desk doctor" to check it and "blocklist-desk doctor --repair" to repair it (a backup is taken first)`);
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new DeskError('db_full', `the disk holding ${folder} is full; free some space and try again (nothing was half-applied)`);
  }
  return err;
}
