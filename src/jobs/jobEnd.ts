import { DeskError, toErrorInfo } from '../domain/errors';
import type { Db } from '../store/database';
import { finishJob } from '../store/jobsTable';
import { explainStorageError } from '../store/sqliteErrors';
import type { JobReport } from './report';

/**
 * Records the end of a job that stopped on `err`: `cancelled` when it was cancelled,
 * `failed` otherwise, with the error on the report and in the jobs table. Returns the
 * report, for the job to answer with.
 */
export function endJobWithError(db: Db, report: JobReport, raw: unknown): JobReport {
  const err = explainStorageError(raw);
  report.status = err instanceof DeskError && err.code === 'cancelled' ? 'cancelled' : 'failed';
  report.error = toErrorInfo(err);
  finishJob(db, report.job, { status: report.status, report, error: report.error });
  return report;
}
