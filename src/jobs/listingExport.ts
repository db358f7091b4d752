import { CHANNELS } from '../domain/channels';
import { exportHeader } from './exportJob';
import type { JobContext } from './importJob';
import type { JobReport } from './report';
import type { ContactView } from '../store/contactView';
import { readCounts } from '../store/counters';
import type { Db } from '../store/database';
import { listContacts, type ListingCursor, type ListingQuery } from '../store/listing';
import { nextTurn, runCsvExport, type CsvExportTask } from './csvExportJob';

export interface ListingExportTask extends CsvExportTask {
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
 * the listing's own index, yielding between pages, inside the export's read transaction.
 */
export function runListingExport(db: Db, task: ListingExportTask, ctx: JobContext): Promise<JobReport> {
  return runCsvExport(db, task, ctx, exportHeader(null), async ({ reader, writer, report, meter, stopIfCancelled }) => {
    const counts = readCounts(db);
    meter.bytesTotal = task.query.tab === 'identified' ? counts.identified : counts.anonymous;
    let after: ListingCursor | null = null;
    do {
      stopIfCancelled();
      const page = listContacts(reader, { ...task.query, after, limit: PAGE });
      for (const contact of page.contacts) writer.write(contactCells(contact));
      report.rows_read += page.contacts.length;
      after = page.next;
      meter.rows = report.rows_read;
      meter.bytesRead = report.rows_read;
      meter.update('writing');
      await nextTurn();
    } while (after !== null);
  });
}
