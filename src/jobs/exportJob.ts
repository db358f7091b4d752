import fs from 'node:fs';
import { CHANNELS, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { dataVersion, openDatabase, type Db } from '../store/database';
import { appOutputFolders, databasePath } from '../store/dataFolder';
import { checkOutputPath } from '../files/outputPaths';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { startExportHalf, type ExportHalf } from './exportHalf';
import { ALL_IDS, exportPages, type IdRange } from './exportRows';
import type { JobContext } from './importJob';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';
import { endJobWithError } from './jobEnd';

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

/**
 * From this many rows an export is read by two threads (the job's and a helper reading
 * the upper half of the ids into a file of its own, appended at the end): SQLite's work
 * is most of an export's time, and the desk's machines have two cores. Below it the
 * helper's start costs more than it saves.
 */
const TWO_THREADS_FROM_ROWS = 200_000;

/** Waits for the helper's rows, still reporting progress and answering a cancel. */
async function halfDone(half: ExportHalf, signal: AbortSignal, progress: () => void): Promise<number> {
  for (;;) {
    const tick = new Promise<null>((resolve) => setTimeout(resolve, 200, null));
    const rows = await Promise.race([half.done, tick]);
    if (rows !== null) return rows;
    if (signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
    progress();
  }
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
  let half: ExportHalf | null = null;
  const halfFile = `${task.out}.partial-2`;
  try {
    markJobRunning(db, task.job, process.pid);
    checkOutputPath(task.out, { dataFolder: task.dataFolder, appFolders: appOutputFolders(task.dataFolder), what: 'the export' });
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(exportHeader(task.channel));
    const total = (db.prepare('SELECT value AS n FROM counters WHERE name = ?').get(task.channel ? `blocked_${task.channel}` : 'identified') as { n: number }).n;
    meter.bytesTotal = task.channel ? total : total + (db.prepare(`SELECT value AS n FROM counters WHERE name = 'anonymous'`).get() as { n: number }).n;
    const versionBefore = dataVersion(db);
    reader = openDatabase(databasePath(task.dataFolder), { readonly: true });
    reader.exec('BEGIN');
    const ids = reader.prepare('SELECT min(id) AS first, max(id) AS last FROM contacts').get() as { first: number | null; last: number | null };
    let range: IdRange = ALL_IDS;
    if (meter.bytesTotal >= TWO_THREADS_FROM_ROWS && ids.first !== null && ids.last !== null && ids.last > ids.first) {
      const middle = Math.floor(ids.first / 2 + ids.last / 2);
      half = startExportHalf({ databaseFile: databasePath(task.dataFolder), channel: task.channel, range: { after: middle, upTo: Infinity }, file: halfFile });
      await half.reading;
      // Both halves must read one snapshot: they do if nothing was committed between this
      // thread's first read and the helper's. Otherwise this thread reads it all.
      if (dataVersion(db) === versionBefore) range = { after: -Infinity, upTo: middle };
      else {
        await half.stop();
        half = null;
      }
    }
    let count = 0;
    let sinceTurn = 0;
    for (const page of exportPages(reader, task.channel, range)) {
      writer.writeText(page.text, page.rows);
      count += page.rows;
      sinceTurn += page.rows;
      if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
      if (sinceTurn >= 0x10000) {
        sinceTurn = 0;
        meter.rows = count + (half?.rows ?? 0);
        meter.bytesRead = meter.rows;
        meter.update('writing');
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    closeReader(reader);
    if (half) {
      const rows = await halfDone(half, ctx.signal, () => {
        meter.rows = count + (half?.rows ?? 0);
        meter.bytesRead = meter.rows;
        meter.update('writing');
      });
      writer.appendFile(halfFile, rows);
      fs.rmSync(halfFile, { force: true });
      count += rows;
    }
    writer.close();
    report.rows_read = count;
    report.status = 'succeeded';
    report.out_file = task.out;
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
    return report;
  } catch (err) {
    await half?.stop();
    writer?.abort();
    return endJobWithError(db, report, err);
  } finally {
    closeReader(reader);
    db.close();
  }
}
