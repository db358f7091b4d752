import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../domain/errors';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrate';
import { explainStorageError } from './sqliteErrors';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

export interface OpenOptions {
  /** Run `PRAGMA quick_check` (the app does at start; one-shot CLI commands skip it). */
  check?: boolean;
  /** Where to put the online backup taken before a migration; default `<db dir>/backups`. */
  backupDir?: string;
  readonly?: boolean;
  /**
   * better-sqlite3's compiled addon to load instead of the default (Node-ABI) build: the
   * Electron app points it at its Electron-ABI build (main/sqliteBinding.ts). Default:
   * `$BLOCKLIST_DESK_SQLITE_BINDING`, which the app sets so that job worker threads load
   * the same build.
   */
  nativeBinding?: string;
}

/** Tells apart "not a database at all" from the errors SQLite gives later and less clearly. */
function assertSqliteFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return; // a new database
  }
  if (!stat.isFile()) throw new DeskError('db_not_sqlite', `${file} is not a file`);
  if (stat.size === 0) return;
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_MAGIC) {
    throw new DeskError('db_not_sqlite', `${file} is not a Blocklist Desk database (not an SQLite file)`);
  }
}

/** Creates the data folder (and its parents) readable by its owner only; an existing one is left as it is. */
export function makePrivateFolder(folder: string): void {
  if (fs.existsSync(folder)) return;
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(folder, 0o700);
}

function applyPragmas(db: Db): void {
  // Takes effect only on a new, empty database (afterwards a WAL database keeps its page
  // size). 8 KiB pages write a big import about an eighth faster than 4 KiB ones: fewer
  // pages to split, link and log for the same rows.
  db.pragma('page_size = 8192');
  db.pragma('journal_mode = WAL');
  // Compliance data: WAL with NORMAL can lose the last commit on power loss (DESIGN.md).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536'); // 64 MiB
  db.pragma('temp_store = FILE');
}

/**
 * Opens (creating if needed) the blocklist database: checks it is SQLite, refuses one
 * from a newer version, backs it up before migrating, and sets the pragmas every
 * connection needs. Every connection — main thread, worker, CLI — comes through here.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  // Setting WAL mode or migrating needs a moment of exclusive access; when another process
  // (the app, a job, another command) is opening the same new folder at that instant,
  // SQLite can answer BUSY without waiting. Such a start is retried, briefly.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return openOnce(file, options);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY')) throw err;
      if (attempt >= OPEN_ATTEMPTS) throw new DeskError('db_busy', `${file} stayed locked by another program; try again in a moment`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

const OPEN_ATTEMPTS = 30;

/** How long a statement waits for another connection's write lock. Tests shorten it (BLOCKLIST_DESK_BUSY_TIMEOUT_MS). */
function busyTimeoutMs(): number {
  const fromEnv = Number(process.env.BLOCKLIST_DESK_BUSY_TIMEOUT_MS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 15_000;
}

function openOnce(file: string, options: OpenOptions): Db {
  assertSqliteFile(file);
  if (!options.readonly) makePrivateFolder(path.dirname(file));
  const isNew = !fs.existsSync(file);
  let db: Db;
  try {
    const nativeBinding = options.nativeBinding ?? (process.env.BLOCKLIST_DESK_SQLITE_BINDING || undefined);
    db = new Database(file, { timeout: busyTimeoutMs(), readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, nativeBinding });
  } catch (err) {
    const explained = explainStorageError(err, path.dirname(file));
    if (explained instanceof DeskError) throw explained;
    throw new DeskError('db_not_sqlite', `cannot open ${file}: ${(err as Error).message}`);
  }
  // The blocklist is personal data: only its owner may read it (SQLite gives its WAL and
  // shared-memory files the database file's mode).
  if (isNew && !options.readonly) fs.chmodSync(file, 0o600);
  try {
    if (!options.readonly) applyPragmas(db);
    if (options.check) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw new DeskError('db_corrupt', `${file} failed its integrity check: ${String(result)}`);
    }
    if (options.readonly) {
      const version = schemaVersion(db);
      if (version > SCHEMA_VERSION) throw new DeskError('db_too_new', `the database has schema version ${version}, newer than this Blocklist Desk understands (${SCHEMA_VERSION}); update the app`);
    } else {
      migrate(db, (from) => backupBeforeMigration(db, file, from, options.backupDir));
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DeskError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new DeskError('db_not_sqlite', `${file} is not a Blocklist Desk database (not an SQLite file)`);
    throw explainStorageError(err, path.dirname(file));
  }
}

function backupBeforeMigration(db: Db, file: string, from: number, backupDir?: string): void {
  const dir = backupDir ?? path.join(path.dirname(file), 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${path.basename(file, '.db')}-v${from}-${stamp}.db`);
  db.prepare('VACUUM INTO ?').run(target);
}

/**
 * SQLite's data_version: it changes when another connection commits to the database, so
 * two equal readings mean nothing was written by anyone else in between.
 */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
