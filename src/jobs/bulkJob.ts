import { DeskError } from '../domain/errors';
import { applyBulkAction, type BulkAction } from '../store/bulkChange';
import { openDatabase } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { listingIds, type CountQuery } from '../store/listingCount';
import type { JobContext } from './importJob';
import { endJobWithError } from './jobEnd';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';

/** The contacts a bulk action is for: rows the officer selected, or every contact of a listing filter. */
export type BulkTarget = { kind: 'contacts'; ids: number[] } | { kind: 'filter'; filter: CountQuery };

export interface BulkTask {
  kind: 'bulk';
  job: string;
  dataFolder: string;
  actor: string;
  /** The source its changes are recorded with (`ui`): an officer's edits, made many at once. */
  source: string;
  target: BulkTarget;
  action: BulkAction;
  confirm: boolean;
}

/**
 * Block, unblock or delete many contacts as one job: one transaction (all or nothing),
 * each contact changed by the single-contact writers, every audit entry carrying the
 * job, so the job can be reverted like an import. A filter's contacts are read inside
 * the transaction: the job changes exactly the contacts that matched when it ran.
 */
export async function runBulk(task: BulkTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'bulk');
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  try {
    markJobRunning(db, task.job, process.pid);
    if (ctx.signal.aborted) throw new DeskError('cancelled', 'cancelled before it started');
    db.transaction(() => {
      const ids = task.target.kind === 'contacts' ? [...new Set(task.target.ids)] : listingIds(db, task.target.filter);
      meter.rows = ids.length;
      meter.startApply(ids.length);
      const outcome = applyBulkAction(db, ids, task.action, {
        actor: task.actor,
        source: task.source,
        job: task.job,
        confirm: task.confirm,
        onProgress: (done) => meter.applying(done, ids.length),
      });
      report.rows_read = outcome.contacts;
      report.updated = outcome.changed;
      report.unchanged = outcome.unchanged + outcome.notCarried + outcome.gone;
      if (outcome.notCarried > 0) {
        report.warnings.push(`${outcome.notCarried.toLocaleString('en-US')} contacts have no identifier for the channels asked (an Email block needs an email or a customer ID): left as they are`);
      }
      if (outcome.gone > 0) report.warnings.push(`${outcome.gone.toLocaleString('en-US')} contacts were deleted before the job reached them`);
      report.status = 'succeeded';
      finishJob(db, task.job, { status: 'succeeded', report, error: null });
    }).immediate();
    meter.update('done', true);
    return report;
  } catch (err) {
    return endJobWithError(db, report, err);
  } finally {
    db.close();
  }
}
