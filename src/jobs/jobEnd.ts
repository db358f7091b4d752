import path from 'node:path';
import { DeskError, toErrorInfo, WordedError } from '../domain/errors';
import type { Db } from '../store/database';
import { finishJob } from '../store/jobsTable';
import { explainStorageError } from '../store/sqliteErrors';
import { cancelledReport, type JobReport } from './report';

/**
 * Records the end of a job that stopped on `err`: `cancelled` when it was cancelled,
 * `failed` otherwise, with the error on the report and in the jobs table. Returns the
 * report, for the job to answer with: a cancelled one without the counts of work that
 * did not land (report.ts cancelledReport).
 */
export function endJobWithError(db: Db, report: JobReport, raw: unknown, files: readonly string[] = []): JobReport {
  const err = namingFilesByName(explainStorageError(raw), files);
  const status = err instanceof DeskError && err.code === 'cancelled' ? 'cancelled' : 'failed';
  report.status = status;
  report.error = toErrorInfo(err);
  const kept = status === 'cancelled' ? cancelledReport(report) : report;
  finishJob(db, report.job, { status, report: kept, error: kept.error });
  return kept;
}

/** A message (an error, a warning) with each of the job's files named by its own name, without its folder. */
export function withoutFolders(text: string, files: readonly string[]): string {
  let shown = text;
  for (const file of files) shown = shown.split(`${path.dirname(file)}${path.sep}`).join('');
  return shown;
}

/**
 * The error with each of the job's files named as the officer named it: a file uploaded
 * in browser mode sits in a folder of ours (data/uploads/<run>/<id>/), which means
 * nothing to the officer, whichever reader wrote the message.
 */
export function namingFilesByName(err: unknown, files: readonly string[]): unknown {
  if (!(err instanceof DeskError) || files.length === 0) return err;
  const message = withoutFolders(err.message, files);
  if (message === err.message) return err;
  return err instanceof WordedError ? new WordedError(err.code, err.wording, message) : new DeskError(err.code, message);
}
