import type { JobContext } from './importJob';
import type { JobReport } from './report';
import { iterateAudit, type AuditFilter } from '../store/audit';
import type { Db } from '../store/database';
import { nextTurn, runCsvExport, type CsvExportTask } from './csvExportJob';

export interface AuditExportTask extends CsvExportTask {
  filter: AuditFilter;
}

/** `lifted_category` and `reason`: a protected lift's category and the officer's evidence of consent; `description`: a delete as a sentence. */
export const AUDIT_EXPORT_HEADER = ['at', 'actor', 'action', 'contact', 'channel', 'before', 'after', 'source', 'job', 'lifted_category', 'reason', 'description'];

const CHUNK = 5000;

/**
 * Writes the audit log (or the part the screen's filters show), oldest first, to CSV for an auditor. It streams from the export's
 * own read-only connection (the iteration keeps that connection busy), yielding every few
 * thousand entries so the thread that runs it stays responsive.
 */
export function runAuditExport(db: Db, task: AuditExportTask, ctx: JobContext): Promise<JobReport> {
  return runCsvExport(db, task, ctx, AUDIT_EXPORT_HEADER, async ({ reader, writer, report, meter, stopIfCancelled }) => {
    for (const e of iterateAudit(reader, task.filter)) {
      writer.write([e.at, e.actor, e.action, e.contact, e.channel ?? '', e.before, e.after, e.source, e.job ?? '', e.lifted_category ?? '', e.reason ?? '', e.description ?? '']);
      report.rows_read += 1;
      if (report.rows_read % CHUNK === 0) {
        stopIfCancelled();
        meter.rows = report.rows_read;
        meter.update('writing');
        await nextTurn();
      }
    }
  });
}
