import type { Db } from '../store/database';
import type { StagedRow } from './importRows';

/**
 * The parsed, normalised rows of a running import. It lives in the connection's TEMP
 * schema: writing it takes no lock on the blocklist, so the UI keeps editing while a big
 * file is read, and a crash or kill simply makes it vanish.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE staging (
  seq INTEGER PRIMARY KEY,
  line INTEGER NOT NULL,
  file INTEGER NOT NULL,
  anchor INTEGER NOT NULL,
  key TEXT NOT NULL,
  customer_id TEXT,
  email TEXT,
  email_key TEXT,
  mobile TEXT,
  ch INTEGER NOT NULL,
  category TEXT NOT NULL,
  reason TEXT,
  at INTEGER
);`;

const COLUMNS = 12;
const ROWS_PER_STATEMENT = 64;

export class StagingWriter {
  private readonly many;
  private readonly one;
  private readonly pending: unknown[] = [];
  private pendingRows = 0;
  count = 0;

  constructor(private readonly db: Db) {
    db.exec('DROP TABLE IF EXISTS temp.staging');
    db.exec(STAGING_DDL);
    const tuple = `(${new Array(COLUMNS).fill('?').join(',')})`;
    const head = 'INSERT INTO temp.staging(line, file, anchor, key, customer_id, email, email_key, mobile, ch, category, reason, at) VALUES ';
    this.many = db.prepare(head + new Array(ROWS_PER_STATEMENT).fill(tuple).join(','));
    this.one = db.prepare(head + tuple);
  }

  add(file: number, line: number, row: StagedRow): void {
    this.pending.push(line, file, row.anchor, row.key, row.customerId, row.email, row.emailKey, row.mobile, row.channelBits, row.category, row.reason, row.at);
    this.pendingRows += 1;
    this.count += 1;
    if (this.pendingRows === ROWS_PER_STATEMENT) {
      this.many.run(this.pending);
      this.pending.length = 0;
      this.pendingRows = 0;
    }
  }

  /** Writes what is buffered; call inside the batch's transaction. */
  flush(): void {
    for (let i = 0; i < this.pendingRows; i += 1) this.one.run(this.pending.slice(i * COLUMNS, (i + 1) * COLUMNS));
    this.pending.length = 0;
    this.pendingRows = 0;
  }
}
