import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PulledChange, PushedChange, PushResponse } from '../change';

export const EMULATOR_DATABASE_FILE = 'ce-emulator.sqlite';

/** CE-SYNC.md: keys are kept at least 24 h. Older records are dropped when a push comes in. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The emulator's own schema, deliberately not the app's migrations: it stands for a
 * different system (CE), and sharing a runner would let an app migration break the test
 * server. One version so far; a file from a newer emulator is refused.
 */
const SCHEMA_VERSION = 1;
const SCHEMA = `
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE feed (
  seq INTEGER PRIMARY KEY,
  identifier_type TEXT NOT NULL,
  identifier TEXT NOT NULL,
  channel TEXT NOT NULL,
  action TEXT NOT NULL,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  at TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL
) STRICT;
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  body_sha256 TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX idempotency_by_age ON idempotency (created_at);
`;

/** `c_000123`: the server id of feed entry 123. */
export function changeId(seq: number): string {
  return `c_${String(seq).padStart(6, '0')}`;
}

interface FeedRow {
  seq: number;
  identifier_type: PushedChange['identifier_type'];
  identifier: string;
  channel: PushedChange['channel'];
  action: PushedChange['action'];
  category: PushedChange['category'];
  reason: string;
  source: PushedChange['source'];
  at: string;
}

export interface FeedEntry {
  seq: number;
  change: PulledChange;
}

function toEntry(row: FeedRow): FeedEntry {
  const { seq, ...fields } = row;
  return { seq, change: { id: changeId(seq), ...fields } };
}

/** What an existing idempotency record answers: the first response again, or a key reused with another body. */
export type RecordedAnswer = { kind: 'replayed'; status: number; body: unknown } | { kind: 'key_reused' };
export type PushOutcome = { kind: 'applied'; status: 200; body: PushResponse } | RecordedAnswer;

/**
 * The emulator's SQLite file: the append-only feed of accepted changes and the
 * idempotency records. A push's changes and its record commit in one transaction, so a
 * crash (or a dropped connection) after the commit always leaves a record to answer the
 * retry from, and never changes without one.
 */
export class FeedStore {
  readonly feedId: string;
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataFolder: string) {
    fs.mkdirSync(dataFolder, { recursive: true });
    const file = path.join(dataFolder, EMULATOR_DATABASE_FILE);
    this.db = new Database(file, { timeout: 15_000 });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.feedId = this.prepareSchema(file);
    } catch (err) {
      this.db.close();
      throw err;
    }
    const db = this.db;
    this.statements = {
      findRecord: db.prepare<[string], { body_sha256: string; status: number; response: string; created_at: number }>(
        'SELECT body_sha256, status, response, created_at FROM idempotency WHERE key = ?',
      ),
      dropExpired: db.prepare<[number]>('DELETE FROM idempotency WHERE created_at < ?'),
      insertRecord: db.prepare<[string, string, number, string, number]>(
        'INSERT INTO idempotency (key, body_sha256, status, response, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      append: db.prepare<[string, string, string, string, string, string, string, string, number, string]>(
        'INSERT INTO feed (identifier_type, identifier, channel, action, category, reason, source, at, received_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      page: db.prepare<[number, number], FeedRow>(
        'SELECT seq, identifier_type, identifier, channel, action, category, reason, source, at FROM feed WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      all: db.prepare<[], FeedRow>('SELECT seq, identifier_type, identifier, channel, action, category, reason, source, at FROM feed ORDER BY seq'),
      feedLength: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM feed'),
      recordCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency'),
    };
  }

  private prepareSchema(file: string): string {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${file} was written by a newer CE emulator (schema ${version}); this one understands ${SCHEMA_VERSION}`);
    if (version === 0) {
      this.db.transaction(() => {
        this.db.exec(SCHEMA);
        this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run('feed_id', randomBytes(8).toString('hex'));
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }).immediate();
    }
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?').get('feed_id');
    if (!row) throw new Error(`${file} has no feed id; it is not a CE emulator database`);
    return row.value;
  }

  /**
   * A push under one Idempotency-Key, all in one transaction: an unexpired record with the
   * same body hash answers again; with another hash it is `key_reused`; otherwise the
   * accepted changes are appended in order and the 200 response is recorded.
   */
  push(key: string, bodySha256: string, accepted: PushedChange[], rejected: PushResponse['rejected'], now: number): PushOutcome {
    const s = this.statements;
    return this.db
      .transaction((): PushOutcome => {
        s.dropExpired.run(now - IDEMPOTENCY_TTL_MS);
        const record = s.findRecord.get(key);
        if (record) {
          if (record.body_sha256 !== bodySha256) return { kind: 'key_reused' };
          return { kind: 'replayed', status: record.status, body: JSON.parse(record.response) as unknown };
        }
        for (const c of accepted) {
          s.append.run(c.identifier_type, c.identifier, c.channel, c.action, c.category, c.reason, c.source, c.at, now, key);
        }
        const body: PushResponse = { accepted: accepted.length, rejected };
        s.insertRecord.run(key, bodySha256, 200, JSON.stringify(body), now);
        return { kind: 'applied', status: 200, body };
      })
      .immediate();
  }

  /** A replay answer for this key and body, if one is recorded and unexpired; nothing is written. */
  recorded(key: string, bodySha256: string, now: number): RecordedAnswer | null {
    const record = this.statements.findRecord.get(key);
    if (!record || record.created_at < now - IDEMPOTENCY_TTL_MS) return null;
    if (record.body_sha256 !== bodySha256) return { kind: 'key_reused' };
    return { kind: 'replayed', status: record.status, body: JSON.parse(record.response) as unknown };
  }

  /** Up to `limit` entries after `afterSeq`, and whether more follow. */
  page(afterSeq: number, limit: number): { entries: FeedEntry[]; hasMore: boolean } {
    const rows = this.statements.page.all(afterSeq, limit + 1);
    return { entries: rows.slice(0, limit).map(toEntry), hasMore: rows.length > limit };
  }

  entries(): FeedEntry[] {
    return this.statements.all.all().map(toEntry);
  }

  counts(): { feed: number; idempotencyRecords: number } {
    return { feed: this.statements.feedLength.get()?.n ?? 0, idempotencyRecords: this.statements.recordCount.get()?.n ?? 0 };
  }

  close(): void {
    this.db.close();
  }
}
