import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DeskError } from '../domain/errors';

// SQLite's quick_check at start misses damage inside an index (a flipped byte in the email
// index passes it, then search finds nothing and scrub keeps a blocked address). The full
// integrity_check finds it but reads every page, so it runs off the window's thread after
// an unclean shutdown and at least weekly, and what it found is kept beside the database:
// while damage is known, the jobs that read or write the blocklist in bulk refuse to start.

const HEALTH_FILE = 'health.json';
const SESSION_FILE = 'session.json';
/** How often a full check runs even after clean shutdowns. */
export const FULL_CHECK_EVERY_MS = 7 * 24 * 3600 * 1000;

export interface Health {
  /** When the last full integrity check ended (ms), or null: never. */
  checked_at: number | null;
  /** What the last full check found wrong, or null: nothing. */
  damage: string | null;
}

function healthPath(dataFolder: string): string {
  return path.join(dataFolder, HEALTH_FILE);
}

export function readHealth(dataFolder: string): Health {
  try {
    const parsed = JSON.parse(fs.readFileSync(healthPath(dataFolder), 'utf8')) as Partial<Health>;
    return { checked_at: typeof parsed.checked_at === 'number' ? parsed.checked_at : null, damage: typeof parsed.damage === 'string' ? parsed.damage : null };
  } catch {
    return { checked_at: null, damage: null };
  }
}

export function writeHealth(dataFolder: string, health: Health): void {
  const file = healthPath(dataFolder);
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, JSON.stringify(health), { mode: 0o600 });
  fs.renameSync(partial, file);
}

/** Records a full check's answer: `ok`, or SQLite's list of what is wrong. */
export function recordIntegrity(dataFolder: string, answer: string, at = Date.now()): Health {
  const health = { checked_at: at, damage: answer === 'ok' ? null : answer.slice(0, 2000) };
  writeHealth(dataFolder, health);
  return health;
}

/**
 * Refuses a bulk job (import, paste, keywords, scrub, sync) while the last full check
 * found damage: its answers could not be trusted, and writing could spread the damage.
 */
export function refuseIfDamaged(dataFolder: string): void {
  const { damage } = readHealth(dataFolder);
  if (damage !== null) {
    throw new DeskError(
      'db_corrupt',
      `the blocklist is damaged (${damage.split('\n')[0]}); nothing was started. Run "blocklist-desk doctor --repair" — it takes a backup first`,
    );
  }
}

/**
 * Marks the data folder open by this process. Returns whether the previous session ended
 * without closing (its marker is still there and its process is gone).
 */
export function openSession(dataFolder: string, isAlive: (pid: number) => boolean): { unclean: boolean } {
  const file = path.join(dataFolder, SESSION_FILE);
  let unclean = false;
  try {
    const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
    unclean = typeof previous.pid === 'number' && previous.pid !== process.pid && !isAlive(previous.pid);
  } catch {
    // No marker: the last session closed cleanly (or there was none).
  }
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, at: Date.now() }), { mode: 0o600 });
  return { unclean };
}

export function closeSession(dataFolder: string): void {
  fs.rmSync(path.join(dataFolder, SESSION_FILE), { force: true });
}

export function fullCheckDue(health: Health, unclean: boolean, now = Date.now()): boolean {
  return unclean || health.checked_at === null || now - health.checked_at >= FULL_CHECK_EVERY_MS;
}

/**
 * Runs `PRAGMA integrity_check` on a read-only connection in a worker thread and records
 * its answer. Resolves with the health recorded.
 */
export function checkIntegrityInBackground(dataFolder: string, databaseFile: string, nativeBinding?: string): Promise<Health> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.module);
       const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 15000, nativeBinding: workerData.nativeBinding });
       try { parentPort.postMessage(db.pragma('integrity_check', { simple: false }).map((r) => r.integrity_check).join('\\n')); }
       catch (err) { parentPort.postMessage(String(err && err.message || err)); }
       finally { db.close(); }`,
      { eval: true, workerData: { module: require.resolve('better-sqlite3'), file: databaseFile, nativeBinding } },
    );
    worker.once('message', (answer: string) => resolve(recordIntegrity(dataFolder, answer)));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the integrity check stopped (exit code ${code})`));
    });
  });
}
