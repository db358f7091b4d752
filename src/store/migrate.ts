import type Database from 'better-sqlite3';
import { DeskError } from '../domain/errors';
import { migration as m0001 } from './migrations/0001-initial';
import { migration as m0002 } from './migrations/0002-sync-outbox';
import { migration as m0003 } from './migrations/0003-contact-id-high';
import { migration as m0004 } from './migrations/0004-job-asks';
import { migration as m0005 } from './migrations/0005-audit-detail';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** In order; each file under migrations/ adds one entry here. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Checks the list is numbered 1..n without gaps, so a misplaced file fails loudly. */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Brings the database to SCHEMA_VERSION. Refuses a database written by a newer Blocklist
 * Desk rather than guessing at a schema it does not know. `beforeMigrating` runs once,
 * before the first migration touches an existing database (the online backup).
 */
export function migrate(db: Database.Database, beforeMigrating?: (from: number) => void): { from: number; to: number } {
  checkOrder(MIGRATIONS);
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new DeskError(
      'db_too_new',
      `the database has schema version ${from}, newer than this Blocklist Desk understands (${SCHEMA_VERSION}); update the app`,
    );
  }
  if (from === SCHEMA_VERSION) return { from, to: from };
  if (from > 0 && beforeMigrating) beforeMigrating(from);
  for (const m of MIGRATIONS.slice(from)) {
    db.transaction(() => {
      // Another process (the app and a CLI command started together on a new data
      // folder) may have applied it while this one waited for the write lock.
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: SCHEMA_VERSION };
}
