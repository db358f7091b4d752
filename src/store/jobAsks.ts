import type { Db } from './database';

/**
 * Records that `job` asked for blocks already in place (migration 0004): `fromSql` selects
 * `id` (a contact) and `bits` (the channels asked and found blocked) — each contact once.
 * Consecutive ids asking the same channels collapse into one row.
 */
export function recordAsks(db: Db, job: string, fromSql: string, params: Record<string, unknown> = {}): void {
  db.prepare(
    `INSERT INTO main.job_asks(job, first_id, last_id, channels)
     SELECT :job, min(id), max(id), bits FROM (
       SELECT id, bits, id - row_number() OVER (PARTITION BY bits ORDER BY id) AS run FROM (${fromSql}) WHERE bits <> 0)
     GROUP BY bits, run`,
  ).run({ ...params, job });
}

/** One contact's asked channels (keyword capture, one message at a time). */
export function recordAsk(db: Db, job: string, contactId: number, bits: number): void {
  db.prepare('INSERT INTO main.job_asks(job, first_id, last_id, channels) VALUES (?, ?, ?, ?)').run(job, contactId, contactId, bits);
}

export interface AskedRange {
  job: string;
  first_id: number;
  last_id: number;
  channels: number;
}

/**
 * The asks of jobs other than `job` that still stand (not reverted) and reach into
 * [low, high], in first_id order: what a revert of `job` must keep.
 */
export function standingAsks(db: Db, job: string, low: number, high: number): AskedRange[] {
  return db
    .prepare<[string, number, number], AskedRange>(
      `SELECT a.job, a.first_id, a.last_id, a.channels FROM main.job_asks a JOIN main.jobs j ON j.id = a.job
       WHERE a.job <> ? AND j.reverted_by IS NULL AND a.first_id <= ? AND a.last_id >= ? ORDER BY a.first_id`,
    )
    .all(job, high, low);
}
