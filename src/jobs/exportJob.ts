import { CHANNELS, type Channel } from '../domain/channels';
import { DeskError, toErrorInfo } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { exportPages } from './exportRows';
import type { JobContext } from './importJob';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';

export interface ExportTask {
  kind: 'export';
  job: string;
  dataFolder: string;
  actor: string;
  out: string;
  /** Only this channel's blocked contacts; otherwise every contact with every status. */
  channel: Channel | null;
}

/** Column names the importer reads back (files/columns aliases), so an export re-imports. */
export function exportHeader(channel: Channel | null): string[] {
  if (channel) return ['customer_id', 'email', 'mobile', `${channel}_status`, 'category', 'reason', 'blocked_at', 'source', 'actor'];
  return [
    'customer_id', 'email', 'mobile',
    ...CHANNELS.map((ch) => `${ch}_status`),
    ...CHANNELS.flatMap((ch) => [`${ch}_category`, `${ch}_reason`, `${ch}_blocked_at`, `${ch}_source`, `${ch}_actor`]),
  ];
}

/** Ends the read transaction and closes the connection, even if ending it fails. */
function closeReader(reader: Db | null): void {
  if (!reader?.open) return;
  try {
    if (reader.inTransaction) reader.exec('COMMIT');
  } finally {
    reader.close();
  }
}

/**
 * Streams the list to a CSV file (written beside it, renamed when complete), read on its
 * own read-only connection inside one read transaction: the pages are separate queries,
 * and the transaction keeps them on one snapshot while the list is edited meanwhile.
 */
export async function runExport(task: ExportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'export');
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let writer: CsvFileWriter | null = null;
  let reader: Db | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(exportHeader(task.channel));
    const total = (db.prepare('SELECT value AS n FROM counters WHERE name = ?').get(task.channel ? `blocked_${task.channel}` : 'identified') as { n: number }).n;
    meter.bytesTotal = task.channel ? total : total + (db.prepare(`SELECT value AS n FROM counters WHERE name = 'anonymous'`).get() as { n: number }).n;
    reader = openDatabase(databasePath(task.dataFolder), { readonly: true });
    reader.exec('BEGIN');
    let count = 0;
    let sinceTurn = 0;
    for (const page of exportPages(reader, task.channel)) {
      writer.writeText(page.text, page.rows);
      count += page.rows;
      sinceTurn += page.rows;
      if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
      if (sinceTurn >= 0x10000) {
        sinceTurn = 0;
        meter.rows = count;
        meter.bytesRead = count;
        meter.update('writing');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    closeReader(reader);
    writer.close();
    report.rows_read = count;
    report.status = 'succeeded';
    report.out_file = task.out;
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
    return report;
  } catch (err) {
    writer?.abort();
    report.status = err instanceof DeskError && err.code === 'cancelled' ? 'cancelled' : 'failed';
    report.error = toErrorInfo(err);
    finishJob(db, task.job, { status: report.status, report, error: report.error });
    return report;
  } finally {
    closeReader(reader);
    db.close();
  }
}
