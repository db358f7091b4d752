import { randomInt } from 'node:crypto';
import { DeskError, type ErrorInfo } from '../domain/errors';
import type { Db } from './database';
import { statementsFor } from './statementCache';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'succeeded_with_problems' | 'failed' | 'cancelled';
export type FinishedJobStatus = Exclude<JobStatus, 'queued' | 'running'>;

/** A job as stored; times in ms since the epoch; params and report as the job wrote them. */
export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  actor: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** The process that owns the job: the one that queued it, then the one running it. */
  pid: number | null;
  params: unknown;
  report: unknown;
  error: ErrorInfo | null;
  /** The id of the job that reverted this one. */
  reverted_by: string | null;
}

interface JobRow extends Omit<JobRecord, 'params' | 'report' | 'error' | 'status'> {
  status: string;
  params: string;
  report: string | null;
  error: string | null;
}

export const INTERRUPTED: ErrorInfo = {
  code: 'interrupted',
  message: 'the job was interrupted (the app or command stopped before it finished); nothing was applied',
};

const JOB_COLUMNS = 'id, kind, status, actor, created_at, started_at, finished_at, pid, params, report, error, reverted_by';

const statements = statementsFor((db) => ({
  create: db.prepare<{ id: string; kind: string; actor: string; created_at: number; pid: number | null; params: string }>(
    `INSERT INTO jobs(id, kind, status, actor, created_at, pid, params) VALUES (@id, @kind, 'queued', @actor, @created_at, @pid, @params)`,
  ),
  running: db.prepare<{ id: string; pid: number; at: number }>(
    `UPDATE jobs SET status = 'running', pid = @pid, started_at = @at WHERE id = @id AND status IN ('queued', 'running')`,
  ),
  finish: db.prepare<{ id: string; status: string; at: number; report: string | null; error: string | null }>(
    `UPDATE jobs SET status = @status, finished_at = @at, report = @report, error = @error WHERE id = @id AND status IN ('queued', 'running')`,
  ),
  get: db.prepare<[string], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
  list: db.prepare<[number], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?`),
  listKind: db.prepare<[string, number], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE kind = ? ORDER BY created_at DESC, id DESC LIMIT ?`),
  reverted: db.prepare<{ id: string; by: string }>('UPDATE jobs SET reverted_by = @by WHERE id = @id'),
  unfinished: db.prepare<[], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE status IN ('queued', 'running')`),
}));

function parse(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function toRecord(row: JobRow): JobRecord {
  return { ...row, status: row.status as JobStatus, params: parse(row.params), report: parse(row.report), error: parse(row.error) as ErrorInfo | null };
}

let lastStamp = 0;

/**
 * `j` + the time in base 36 (fixed width, so ids sort by creation) + 4 random base-36
 * characters. Within a process the time part never repeats (it is bumped past the
 * previous id's), so ids from one process are unique and strictly ordered; the random
 * part separates processes.
 */
export function newJobId(now: number = Date.now()): string {
  lastStamp = Math.max(now, lastStamp + 1);
  let random = '';
  for (let i = 0; i < 4; i += 1) random += randomInt(36).toString(36);
  return `j${lastStamp.toString(36).padStart(9, '0')}${random}`;
}

export function createJob(
  db: Db,
  job: { id: string; kind: string; actor: string; params: unknown; pid?: number | null; at?: number },
): JobRecord {
  statements(db).create.run({
    id: job.id,
    kind: job.kind,
    actor: job.actor,
    created_at: job.at ?? Date.now(),
    pid: job.pid === undefined ? process.pid : job.pid,
    params: JSON.stringify(job.params ?? null),
  });
  return requireJob(db, job.id);
}

export function markJobRunning(db: Db, id: string, pid: number, at: number = Date.now()): void {
  if (statements(db).running.run({ id, pid, at }).changes === 0) throw new DeskError('not_found', `no queued or running job ${id}`);
}

/** Records the outcome; a job already finished (e.g. failed as stale) is left as it was. */
export function finishJob(
  db: Db,
  id: string,
  outcome: { status: FinishedJobStatus; report?: unknown; error?: ErrorInfo | null; at?: number },
): boolean {
  const result = statements(db).finish.run({
    id,
    status: outcome.status,
    at: outcome.at ?? Date.now(),
    report: outcome.report === undefined || outcome.report === null ? null : JSON.stringify(outcome.report),
    error: outcome.error ? JSON.stringify({ code: outcome.error.code, message: outcome.error.message }) : null,
  });
  return result.changes > 0;
}

export function getJob(db: Db, id: string): JobRecord | null {
  const row = statements(db).get.get(id);
  return row === undefined ? null : toRecord(row);
}

function requireJob(db: Db, id: string): JobRecord {
  const job = getJob(db, id);
  if (job === null) throw new DeskError('not_found', `no job ${id}`);
  return job;
}

/** The newest jobs first. */
export function listJobs(db: Db, limit: number): JobRecord[] {
  return statements(db).list.all(limit).map(toRecord);
}

/** The newest jobs of one kind (the Sync screen's last runs). */
export function listJobsOfKind(db: Db, kind: string, limit: number): JobRecord[] {
  return statements(db).listKind.all(kind, limit).map(toRecord);
}

export function markJobReverted(db: Db, id: string, revertJobId: string): void {
  if (statements(db).reverted.run({ id, by: revertJobId }).changes === 0) throw new DeskError('not_found', `no job ${id}`);
}

/**
 * Marks failed the queued or running jobs whose owning process is gone (at start of the
 * app or a CLI command): an import is atomic, so an interrupted one applied nothing.
 * Returns the ids failed. A recycled pid can make a dead job look alive until the next
 * check; it is never the other way round.
 */
export function failStaleJobs(db: Db, isAlive: (pid: number) => boolean, at: number = Date.now()): string[] {
  return db
    .transaction(() => {
      const failed: string[] = [];
      for (const row of statements(db).unfinished.all()) {
        if (row.pid !== null && isAlive(row.pid)) continue;
        if (finishJob(db, row.id, { status: 'failed', error: INTERRUPTED, at })) failed.push(row.id);
      }
      return failed;
    })
    .immediate();
}

/** Whether a job's recorded process still runs (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
