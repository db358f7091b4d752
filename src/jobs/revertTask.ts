import { DeskError } from '../domain/errors';
import { openDatabase } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, getJob, markJobReverted, markJobRunning } from '../store/jobsTable';
import { revertJob } from '../store/revertJob';
import type { JobContext } from './importJob';
import { emptyReport, landed, type JobReport } from './report';
import { endJobWithError } from './jobEnd';

export interface RevertTask {
  kind: 'revert';
  job: string;
  dataFolder: string;
  actor: string;
  target: string;
}

/** Undoes an earlier job in one transaction, audited as the revert job's own changes. */
export async function runRevert(task: RevertTask, _ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'revert');
  const db = openDatabase(databasePath(task.dataFolder));
  try {
    markJobRunning(db, task.job, process.pid);
    db.transaction(() => {
      const target = getJob(db, task.target);
      if (!target) throw new DeskError('not_found', `no job ${task.target}`);
      if (target.reverted_by) throw new DeskError('conflict', `job ${task.target} was already reverted by ${target.reverted_by}`);
      if (!landed(target.status)) throw new DeskError('conflict', `job ${task.target} ${target.status === 'running' ? 'is still running' : `ended ${target.status}`} and changed nothing`);
      const onceEach = target.kind === 'import' || target.kind === 'paste';
      const result = revertJob(db, { target: task.target, job: task.job, actor: task.actor, now: Date.now(), onceEach });
      report.reverted = result.restored;
      report.updated = result.restored;
      report.added = 0;
      report.unchanged = result.skipped + result.kept;
      report.kept = result.kept;
      report.kept_by_job = result.keptByJob;
      if (result.removedContacts > 0) report.warnings.push(`${result.removedContacts} contacts the job created were removed`);
      if (result.skipped > 0) report.warnings.push(`${result.skipped} changes were left as they are: something changed them after job ${task.target}`);
      for (const [job, n] of Object.entries(result.keptByJob)) report.warnings.push(`${n} blocks were kept: job ${job} also asked for them`);
      report.status = 'succeeded';
      markJobReverted(db, task.target, task.job);
      finishJob(db, task.job, { status: 'succeeded', report, error: null });
    }).immediate();
    return report;
  } catch (err) {
    return endJobWithError(db, report, err);
  } finally {
    db.close();
  }
}
