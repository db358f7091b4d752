import type { Db } from '../store/database';
import { FULL_WIDTH, PLAIN_WIDTH, type PackedRows, type StagingDefaults } from './stagedRows';

/**
 * The parsed, normalised rows of a running import. It lives in the connection's TEMP
 * schema: writing it takes no lock on the blocklist, so the UI keeps editing while a big
 * file is read, and a crash or kill simply makes it vanish.
 *
 * Binding a value costs more than anything SQLite then does with the row, so a row stores
 * as little as it can and the rest is derived (virtual columns):
 * - `seq` is the record's place in the job, so "the first occurrence" is the smallest seq;
 *   `pos` is where it was read, `file << 32 | line` (pasted pieces can share a line);
 * - `flags` packs the anchor (which identifier the row is matched by: 0 customer_id,
 *   1 email, 2 mobile), the channel bits and the day/month order its date proves
 *   (importRows' DateKind; `at_alt` is the month-first reading of an ambiguous date);
 * - `key` is the anchor's identifier; `email2` and `mobile2` the other identifiers a row
 *   names (--using auto); `display` the email as written, only where it differs from its key.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE staging (
  seq INTEGER PRIMARY KEY,
  pos INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  key TEXT NOT NULL,
  display TEXT,
  email2 TEXT,
  mobile2 TEXT,
  category TEXT NOT NULL,
  reason TEXT,
  at INTEGER,
  at_alt INTEGER,
  line INTEGER AS (pos & 4294967295),
  file INTEGER AS (pos >> 32),
  anchor INTEGER AS (flags & 3),
  ch INTEGER AS ((flags >> 2) & 15),
  date_kind INTEGER AS (flags >> 6),
  customer_id TEXT AS (CASE WHEN flags & 3 = 0 THEN key END),
  email_key TEXT AS (CASE flags & 3 WHEN 1 THEN key WHEN 0 THEN email2 END),
  email TEXT AS (CASE flags & 3 WHEN 1 THEN coalesce(display, key) WHEN 0 THEN coalesce(display, email2) END),
  mobile TEXT AS (CASE WHEN flags & 3 = 2 THEN key ELSE mobile2 END)
);`;

const ROWS_PER_STATEMENT = 64;

/**
 * Rows sharing one INSERT shape, written ROWS_PER_STATEMENT at a time. `constants` are
 * bound once per statement, before the rows (their `?` come first in the SQL).
 */
class RowBuffer {
  private readonly many;
  private readonly one;
  private readonly values: unknown[];

  constructor(
    db: Db,
    private readonly width: number,
    insert: (tuples: string) => string,
    private readonly constants: unknown[],
  ) {
    const tuple = `(${new Array(width).fill('?').join(',')})`;
    this.many = db.prepare(insert(new Array(ROWS_PER_STATEMENT).fill(tuple).join(',')));
    this.one = db.prepare(insert(tuple));
    this.values = [...constants];
  }

  /** Writes `flat`, `width` values a row: whole statements of ROWS_PER_STATEMENT, then one by one. */
  write(flat: unknown[]): void {
    const rows = flat.length / this.width;
    const whole = rows - (rows % ROWS_PER_STATEMENT);
    const span = ROWS_PER_STATEMENT * this.width;
    for (let at = 0; at < whole * this.width; at += span) {
      const values = this.values;
      values.length = this.constants.length;
      for (let i = at; i < at + span; i += 1) values.push(flat[i]);
      this.many.run(values);
    }
    for (let at = whole * this.width; at < flat.length; at += this.width) this.one.run([...this.constants, ...flat.slice(at, at + this.width)]);
  }
}

export class StagingWriter {
  private readonly plain: RowBuffer;
  private readonly full: RowBuffer;

  constructor(db: Db, defaults: StagingDefaults) {
    db.exec('DROP TABLE IF EXISTS temp.staging');
    db.exec(STAGING_DDL);
    this.plain = new RowBuffer(
      db,
      PLAIN_WIDTH,
      (tuples) => `INSERT INTO temp.staging(seq, pos, flags, key, display, category, reason) SELECT column1, column2, column3, column4, column5, ?, ? FROM (VALUES ${tuples})`,
      [defaults.category, defaults.reason],
    );
    this.full = new RowBuffer(db, FULL_WIDTH, (tuples) => `INSERT INTO temp.staging(seq, pos, flags, key, display, email2, mobile2, category, reason, at, at_alt) VALUES ${tuples}`, []);
  }

  /** Writes a batch of packed rows; call inside a transaction. */
  write(rows: PackedRows): void {
    this.plain.write(rows.plain);
    this.full.write(rows.full);
  }
}
