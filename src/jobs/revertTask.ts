import { DeskError } from '../domain/errors';
import { phaseTimer } from '../domain/trace';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, getJob, markJobReverted, markJobRunning } from '../store/jobsTable';
import { planRevert, revertJob, type RevertPlan } from '../store/revertJob';
import type { JobContext } from './importJob';
import { emptyReport, landed, type JobReport } from './report';
import { endJobWithError } from './jobEnd';
import { holdApplyForTest, waitAtTestGate } from './heldForTest';
import { ProgressMeter } from './progressMeter';

export interface RevertTask {
  kind: 'revert';
  job: string;
  dataFolder: string;
  actor: string;
  target: string;
}

/** The job to revert, if it can be: it landed, and nothing reverted it yet. */
function revertibleTarget(db: Db, target: string) {
  const job = getJob(db, target);
  if (!job) throw new DeskError('not_found', `no job ${target}`);
  if (job.reverted_by) throw new DeskError('conflict', `job ${target} was already reverted by ${job.reverted_by}`);
  if (!landed(job.status)) throw new DeskError('conflict', `job ${target} ${job.status === 'running' ? 'is still running' : `ended ${job.status}`} and changed nothing`);
  return job;
}

/**
 * Undoes an earlier job: works out what to undo first (no write lock, and a cancel still
 * acts), then applies it in one transaction, audited as the revert job's own changes.
 */
export async function runRevert(task: RevertTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'revert');
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  const phase = phaseTimer(`job ${task.job}`);
  try {
    markJobRunning(db, task.job, process.pid);
    meter.update('reading', true);
    const target = revertibleTarget(db, task.target);
    const onceEach = target.kind === 'import' || target.kind === 'paste';
    phase('started');
    const plan: RevertPlan = db.transaction(() => planRevert(db, { target: task.target, onceEach }))();
    meter.rows = plan.changes;
    meter.update('reading', true);
    await waitAtTestGate(ctx.signal);
    // A cancel sent while the revert was worked out is read now, before anything is written.
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) throw new DeskError('cancelled', 'the revert was cancelled; nothing was changed');
    db.transaction(() => {
      revertibleTarget(db, task.target);
      const result = revertJob(db, { target: task.target, job: task.job, actor: task.actor, now: Date.now(), onceEach }, plan, (applied, total) => {
        if (meter.applied === null) meter.startApply(total);
        else meter.applying(applied, total);
        if (applied > 0) holdApplyForTest(() => meter.update('applying', true));
      });
      report.reverted = result.restored;
      report.updated = result.restored;
      report.added = 0;
      report.unchanged = result.skipped + result.kept;
      report.lifted = result.lifted;
      report.deleted_contacts = result.removedContacts;
      report.left_changed = result.skipped;
      report.kept = result.kept;
      report.kept_by_job = result.keptByJob;
      if (result.removedContacts > 0) report.warnings.push(`${result.removedContacts} contacts the job created were removed`);
      if (result.skipped > 0) report.warnings.push(`${result.skipped} changes were left as they are: something changed them after job ${task.target}`);
      for (const [job, n] of Object.entries(result.keptByJob)) report.warnings.push(`${n} blocks were kept: job ${job} also asked for them`);
      report.status = 'succeeded';
      markJobReverted(db, task.target, task.job);
      finishJob(db, task.job, { status: 'succeeded', report, error: null });
    }).immediate();
    phase('revert applied and committed');
    meter.update('done', true);
    return report;
  } catch (err) {
    return endJobWithError(db, report, err);
  } finally {
    db.close();
    phase('closed');
  }
}
