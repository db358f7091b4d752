import type { IdentifierType } from '../domain/channels';
import type { Db } from '../store/database';
import type { StagedRow } from './importRows';

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
 *   1 email, 2 mobile) and the channel bits;
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
  line INTEGER AS (pos & 4294967295),
  file INTEGER AS (pos >> 32),
  anchor INTEGER AS (flags & 3),
  ch INTEGER AS (flags >> 2),
  customer_id TEXT AS (CASE WHEN flags & 3 = 0 THEN key END),
  email_key TEXT AS (CASE flags & 3 WHEN 1 THEN key WHEN 0 THEN email2 END),
  email TEXT AS (CASE flags & 3 WHEN 1 THEN coalesce(display, key) WHEN 0 THEN coalesce(display, email2) END),
  mobile TEXT AS (CASE WHEN flags & 3 = 2 THEN key ELSE mobile2 END)
);`;

/** The job's own category and reason: rows that carry exactly these bind neither. */
export interface StagingDefaults {
  category: string;
  reason: string | null;
}

const ROWS_PER_STATEMENT = 64;
const LINE_BITS = 2 ** 32;

/**
 * Rows sharing one INSERT shape, written ROWS_PER_STATEMENT at a time. `constants` are
 * bound once per statement, before the rows (their `?` come first in the SQL).
 */
class RowBuffer {
  private readonly many;
  private readonly one;
  private readonly values: unknown[];
  private rows = 0;

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

  push(...row: unknown[]): void {
    for (const value of row) this.values.push(value);
    this.rows += 1;
    if (this.rows === ROWS_PER_STATEMENT) {
      this.many.run(this.values);
      this.values.length = this.constants.length;
      this.rows = 0;
    }
  }

  flush(): void {
    const start = this.constants.length;
    for (let i = 0; i < this.rows; i += 1) this.one.run([...this.constants, ...this.values.slice(start + i * this.width, start + (i + 1) * this.width)]);
    this.values.length = start;
    this.rows = 0;
  }
}

export class StagingWriter {
  /** Rows naming one identifier with the job's own category and reason and no date. */
  private readonly plain: RowBuffer;
  private readonly full: RowBuffer;
  count = 0;
  /** What the staged rows hold, for the merge: the OR of their channel bits, and which identifiers appear. */
  readonly shape = { channelBits: 0, identifiers: new Set<IdentifierType>(), anchors: new Set<number>(), secondary: false };

  constructor(
    db: Db,
    private readonly defaults: StagingDefaults,
  ) {
    db.exec('DROP TABLE IF EXISTS temp.staging');
    db.exec(STAGING_DDL);
    this.plain = new RowBuffer(
      db,
      5,
      (tuples) => `INSERT INTO temp.staging(seq, pos, flags, key, display, category, reason) SELECT column1, column2, column3, column4, column5, ?, ? FROM (VALUES ${tuples})`,
      [defaults.category, defaults.reason],
    );
    this.full = new RowBuffer(db, 10, (tuples) => `INSERT INTO temp.staging(seq, pos, flags, key, display, email2, mobile2, category, reason, at) VALUES ${tuples}`, []);
  }

  add(file: number, line: number, row: StagedRow): void {
    const pos = file * LINE_BITS + line;
    const flags = row.anchor | (row.channelBits << 2);
    const display = row.email !== null && row.email !== row.emailKey ? row.email : null;
    const email2 = row.anchor === 0 ? row.emailKey : null;
    const mobile2 = row.anchor !== 2 ? row.mobile : null;
    this.count += 1;
    const seq = this.count;
    this.shape.channelBits |= row.channelBits;
    if (row.customerId !== null) this.shape.identifiers.add('customer_id');
    if (row.emailKey !== null) this.shape.identifiers.add('email');
    if (row.mobile !== null) this.shape.identifiers.add('mobile');
    this.shape.anchors.add(row.anchor);
    if (email2 !== null || mobile2 !== null) this.shape.secondary = true;
    if (email2 === null && mobile2 === null && row.at === null && row.category === this.defaults.category && row.reason === this.defaults.reason) {
      this.plain.push(seq, pos, flags, row.key, display);
    } else {
      this.full.push(seq, pos, flags, row.key, display, email2, mobile2, row.category, row.reason, row.at);
    }
  }

  /** Writes what is buffered; call inside the batch's transaction. */
  flush(): void {
    this.plain.flush();
    this.full.flush();
  }
}
