import { CHANNELS } from '../domain/channels';
import { DeskError, toErrorInfo } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { exportHeader } from '../jobs/exportJob';
import type { JobContext } from '../jobs/importJob';
import { ProgressMeter } from '../jobs/progressMeter';
import { emptyReport, type JobReport } from '../jobs/report';
import type { ContactView } from '../store/contactView';
import { readCounts } from '../store/counters';
import { openDatabase, type Db } from '../store/database';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { listContacts, type ListingCursor, type ListingQuery } from '../store/listing';

export interface ListingExportTask {
  job: string;
  databaseFile: string;
  out: string;
  query: Omit<ListingQuery, 'after' | 'limit'>;
}

const PAGE = 5000;
const STATUS_TEXT = { none: '', blocked: 'blocked', whitelisted: 'whitelisted' } as const;

/** The whole-list export's columns (src/jobs/exportJob.ts), so a filtered export re-imports the same way. */
function contactCells(contact: ContactView): string[] {
  const cells = [contact.customer_id ?? '', contact.email ?? '', contact.mobile ?? ''];
  for (const ch of CHANNELS) cells.push(STATUS_TEXT[contact.channels[ch].status]);
  for (const ch of CHANNELS) {
    const c = contact.channels[ch];
    cells.push(c.category ?? '', c.reason ?? '', c.at ?? '', c.source ?? '', c.actor ?? '');
  }
  return cells;
}

/**
 * Exports the contacts the listing shows for a filter, newest change first. ExportTask in
 * src/jobs has no listing filter, so this runs on the calling thread: page by page over
 * the listing's own index, yielding between pages, on a read-only connection inside one
 * read transaction so that edits made meanwhile neither move rows past the cursor nor
 * make the file inconsistent.
 */
export async function runListingExport(db: Db, task: ListingExportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'export');
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let reader: Db | null = null;
  let writer: CsvFileWriter | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    const counts = readCounts(db);
    meter.bytesTotal = task.query.tab === 'identified' ? counts.identified : counts.anonymous;
    reader = openDatabase(task.databaseFile, { readonly: true });
    reader.exec('BEGIN');
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(exportHeader(null));
    let after: ListingCursor | null = null;
    do {
      if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
      const page = listContacts(reader, { ...task.query, after, limit: PAGE });
      for (const contact of page.contacts) writer.write(contactCells(contact));
      report.rows_read += page.contacts.length;
      after = page.next;
      meter.rows = report.rows_read;
      meter.bytesRead = report.rows_read;
      meter.update('writing');
      await new Promise((resolve) => setImmediate(resolve));
    } while (after !== null);
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
