import path from 'node:path';
import { DeskError } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { checkOutputPath } from '../files/outputPaths';
import { appOutputFolders } from '../store/dataFolder';
import type { JobContext } from './importJob';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';
import { openDatabase, type Db } from '../store/database';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { endJobWithError } from './jobEnd';

export interface CsvExportTask {
  job: string;
  databaseFile: string;
  out: string;
}

/** What an export's rows are written with: its own read-only connection, inside one read transaction. */
export interface CsvExportPass {
  reader: Db;
  writer: CsvFileWriter;
  report: JobReport;
  meter: ProgressMeter;
  /** Throws the `cancelled` error when the job has been asked to stop. */
  stopIfCancelled(): void;
}

/** Lets the thread running an in-process export answer other calls between pages. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The frame of the exports that run on the calling thread (the listing's filter, the
 * audit log): the job marked running, a read-only connection whose read transaction pins
 * one consistent snapshot (so edits made meanwhile neither move rows past a cursor nor
 * make the file inconsistent), an atomic writer, and the job's end recorded whatever
 * happens. `writeRows` must yield (nextTurn) between pages of work.
 */
export async function runCsvExport(
  db: Db,
  task: CsvExportTask,
  ctx: JobContext,
  header: readonly string[],
  writeRows: (pass: CsvExportPass) => Promise<void>,
): Promise<JobReport> {
  const report = emptyReport(task.job, 'export');
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let reader: Db | null = null;
  let writer: CsvFileWriter | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    const dataFolder = path.dirname(task.databaseFile);
    checkOutputPath(task.out, { dataFolder, appFolders: appOutputFolders(dataFolder), what: 'the export' });
    reader = openDatabase(task.databaseFile, { readonly: true });
    reader.exec('BEGIN');
    writer = new CsvFileWriter(task.out, { atomic: true });
    writer.write(header);
    const stopIfCancelled = () => {
      if (ctx.signal.aborted) throw new DeskError('cancelled', 'the export was cancelled; no file was written');
    };
    await writeRows({ reader, writer, report, meter, stopIfCancelled });
    writer.close();
    report.status = 'succeeded';
    report.out_file = task.out;
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
  } catch (err) {
    writer?.abort();
    endJobWithError(db, report, err);
  } finally {
    if (reader?.open) {
      // The connection is closed even if ending its read transaction fails.
      try {
        if (reader.inTransaction) reader.exec('COMMIT');
      } finally {
        reader.close();
      }
    }
  }
  meter.update('done', true);
  return report;
}
