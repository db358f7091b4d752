import type { KeywordAction, KeywordChannel } from '../domain/keywords';
import type { Db } from '../store/database';
import type { KeywordMessage } from '../store/keywordChanges';

export interface StagedKeyword extends KeywordMessage {
  file: number;
  line: number;
  action: KeywordAction;
}

/**
 * The keyword rows of a running keywords job, in the connection's TEMP schema: writing
 * them takes no lock on the blocklist, a kill makes them vanish, and SQLite sorts them by
 * received_at on disk, so a log of any size is applied in time order without being held
 * in memory.
 */
const DDL = `
CREATE TEMP TABLE kw_staging (
  seq INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  file INTEGER NOT NULL,
  line INTEGER NOT NULL,
  mobile TEXT NOT NULL,
  channel TEXT NOT NULL,
  action TEXT NOT NULL,
  text TEXT NOT NULL
)`;

/** Rows read per page while applying: better-sqlite3 cannot write while a read is still iterating. */
const PAGE_ROWS = 1000;

interface StagedRow {
  seq: number;
  received_at: number;
  file: number;
  line: number;
  mobile: string;
  channel: KeywordChannel;
  action: KeywordAction;
  text: string;
}

export class KeywordStaging {
  private readonly insert;

  constructor(private readonly db: Db) {
    db.exec('DROP TABLE IF EXISTS temp.kw_staging');
    db.exec(DDL);
    this.insert = db.prepare<[number, number, number, string, string, string, string]>(
      'INSERT INTO temp.kw_staging(received_at, file, line, mobile, channel, action, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Stages one row; seq follows file order, so it breaks ties between equal times. */
  add(row: StagedKeyword): void {
    this.insert.run(row.receivedAt, row.file, row.line, row.mobile, row.channel, row.action, row.text);
  }

  /** Pages of staged rows, oldest received first; the index is built once, after staging. */
  *inReceivedOrder(): Generator<StagedKeyword[]> {
    this.db.exec('CREATE INDEX IF NOT EXISTS temp.kw_order ON kw_staging(received_at, seq)');
    const page = this.db.prepare<[number, number, number], StagedRow>(
      `SELECT seq, received_at, file, line, mobile, channel, action, text FROM temp.kw_staging
       WHERE (received_at, seq) > (?, ?) ORDER BY received_at, seq LIMIT ?`,
    );
    let lastAt = Number.MIN_SAFE_INTEGER;
    let lastSeq = 0;
    for (;;) {
      const rows = page.all(lastAt, lastSeq, PAGE_ROWS);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1] as StagedRow;
      lastAt = last.received_at;
      lastSeq = last.seq;
      yield rows.map((r) => ({ receivedAt: r.received_at, file: r.file, line: r.line, mobile: r.mobile, channel: r.channel, action: r.action, text: r.text }));
    }
  }

  drop(): void {
    this.db.exec('DROP TABLE IF EXISTS temp.kw_staging');
  }
}
