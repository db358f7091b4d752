import { DeskError, toErrorInfo } from '../domain/errors';
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
export function endJobWithError(db: Db, report: JobReport, raw: unknown): JobReport {
  const err = explainStorageError(raw);
  const status = err instanceof DeskError && err.code === 'cancelled' ? 'cancelled' : 'failed';
  report.status = status;
  report.error = toErrorInfo(err);
  const kept = status === 'cancelled' ? cancelledReport(report) : report;
  finishJob(db, report.job, { status, report: kept, error: kept.error });
  return kept;
}
