import { CHANNELS, type Channel } from '../domain/channels';
import { DeskError, toErrorInfo } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { openDatabase } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
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

// Status words and ISO dates are made by SQLite (strftime's %f gives the milliseconds,
// as toISOString does): formatting forty million dates in JavaScript was most of an
// export's time.
const statusText = (ch: string) => `CASE ${ch}_status WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' END`;
const isoText = (ch: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${ch}_at / 1000.0, 'unixepoch')`;
const channelDetails = (ch: string) => `${ch}_category, ${ch}_reason, ${isoText(ch)}, ${ch}_source, ${ch}_actor`;

/** Every cell a string or NULL, in exportHeader's order, so rows go straight to csvLine. */
export function exportSql(channel: Channel | null): string {
  if (channel) return `SELECT customer_id, email, mobile, ${statusText(channel)}, ${channelDetails(channel)} FROM contacts WHERE ${channel}_status = 1 ORDER BY id`;
  return `SELECT customer_id, email, mobile, ${CHANNELS.map(statusText).join(', ')}, ${CHANNELS.map(channelDetails).join(', ')} FROM contacts ORDER BY id`;
}

/** Streams the list to a CSV file (written beside it, renamed when complete). */
export async function runExport(task: ExportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, 'export');
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let writer: CsvFileWriter | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(exportHeader(task.channel));
    const total = (db.prepare('SELECT value AS n FROM counters WHERE name = ?').get(task.channel ? `blocked_${task.channel}` : 'identified') as { n: number }).n;
    meter.bytesTotal = task.channel ? total : total + (db.prepare(`SELECT value AS n FROM counters WHERE name = 'anonymous'`).get() as { n: number }).n;
    const rows = db.prepare(exportSql(task.channel)).raw().iterate() as IterableIterator<(string | null)[]>;
    let count = 0;
    for (const cells of rows) {
      writer.write(cells);
      count += 1;
      if ((count & 0xffff) === 0) {
        if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
        meter.rows = count;
        meter.bytesRead = count;
        meter.update('writing');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
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
    db.close();
  }
}
