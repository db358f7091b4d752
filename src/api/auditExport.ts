import { DeskError, toErrorInfo } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import type { JobContext } from '../jobs/importJob';
import { ProgressMeter } from '../jobs/progressMeter';
import { emptyReport, type JobReport } from '../jobs/report';
import { iterateAudit } from '../store/audit';
import { openDatabase, type Db } from '../store/database';
import { finishJob, markJobRunning } from '../store/jobsTable';

export interface AuditExportTask {
  job: string;
  databaseFile: string;
  out: string;
  since?: number;
}

export const AUDIT_EXPORT_HEADER = ['at', 'actor', 'action', 'contact', 'channel', 'before', 'after', 'source', 'job'];

const CHUNK = 5000;

/**
 * Writes the audit log, oldest first, to CSV for an auditor. It streams from its own
 * read-only connection (the iteration keeps that connection busy, and a read transaction
 * pins one consistent snapshot), yielding every few thousand entries so the thread that
 * runs it stays responsive.
 */
export async function runAuditExport(db: Db, task: AuditExportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'export');
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let reader: Db | null = null;
  let writer: CsvFileWriter | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    reader = openDatabase(task.databaseFile, { readonly: true });
    reader.exec('BEGIN');
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(AUDIT_EXPORT_HEADER);
    for (const e of iterateAudit(reader, { since: task.since })) {
      writer.write([e.at, e.actor, e.action, e.contact, e.channel ?? '', e.before, e.after, e.source, e.job ?? '']);
      report.rows_read += 1;
      if (report.rows_read % CHUNK === 0) {
        if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
        meter.rows = report.rows_read;
        meter.update('writing');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    writer.close();
    report.status = 'succeeded';
    report.out_file = task.out;
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
  } catch (err) {
    writer?.abort();
    report.status = err instanceof DeskError && err.code === 'cancelled' ? 'cancelled' : 'failed';
    report.error = toErrorInfo(err);
    finishJob(db, task.job, { status: report.status, report, error: report.error });
  } finally {
    if (reader?.open) {
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
    }
  }
  meter.update('done', true);
  return report;
}
