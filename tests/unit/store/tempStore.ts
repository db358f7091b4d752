import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { DeskError } from '../../../src/domain/errors';
import { readCounts, recountFromTables } from '../../../src/store/counters';
import { openDatabase, type Db } from '../../../src/store/database';

const opened: { db: Db; dir: string }[] = [];

afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh, migrated blocklist database in its own temporary folder, removed after the test. */
export function tempDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-'));
  const db = openDatabase(path.join(dir, 'blocklist.db'));
  opened.push({ db, dir });
  return db;
}

/** The kept counters equal an exact recount. */
export function expectCountersExact(db: Db): void {
  expect(readCounts(db)).toEqual(recountFromTables(db));
}

export const ACTOR = 'tester';
export const T0 = Date.parse('2025-03-01T10:00:00.000Z');

/** The DeskError a call throws (anything else is rethrown; no throw fails the test). */
export function thrown(fn: () => unknown): DeskError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeskError) return err;
    throw err;
  }
  throw new Error('expected a DeskError');
}
