import { parentPort, workerData } from 'node:worker_threads';
import type { Channel } from '../domain/channels';
import { DeskError, toErrorInfo, type ErrorInfo } from '../domain/errors';
import { CsvFileWriter } from '../files/csvWriter';
import { openDatabase, type Db } from '../store/database';
import { exportPages, type IdRange } from './exportRows';

export interface ExportHalfTask {
  databaseFile: string;
  channel: Channel | null;
  range: IdRange;
  /** Where the rows go (CSV lines, no header); removed if the half is stopped or fails. */
  file: string;
  /** Int32Array over a SharedArrayBuffer: set [0] to 1 to stop (the loop never waits for messages). */
  stop: SharedArrayBuffer;
}

export type FromExportHalf =
  | { type: 'reading' }
  | { type: 'rows'; rows: number }
  | { type: 'done'; rows: number }
  | { type: 'failed'; error: ErrorInfo };

function run(port: NonNullable<typeof parentPort>, task: ExportHalfTask): void {
  const stop = new Int32Array(task.stop);
  let reader: Db | null = null;
  let writer: CsvFileWriter | null = null;
  try {
    reader = openDatabase(task.databaseFile, { readonly: true });
    reader.exec('BEGIN');
    // The read transaction's snapshot is taken by its first read, before saying so.
    reader.prepare('SELECT 1 FROM contacts LIMIT 1').get();
    port.postMessage({ type: 'reading' } satisfies FromExportHalf);
    writer = new CsvFileWriter(task.file);
    let rows = 0;
    let sinceReport = 0;
    for (const page of exportPages(reader, task.channel, task.range)) {
      if (Atomics.load(stop, 0) !== 0) throw new DeskError('cancelled', 'stopped');
      writer.writeText(page.text, page.rows);
      rows += page.rows;
      sinceReport += page.rows;
      if (sinceReport >= 0x10000) {
        sinceReport = 0;
        port.postMessage({ type: 'rows', rows } satisfies FromExportHalf);
      }
    }
    writer.close();
    port.postMessage({ type: 'done', rows } satisfies FromExportHalf);
  } catch (err) {
    writer?.abort();
    port.postMessage({ type: 'failed', error: toErrorInfo(err) } satisfies FromExportHalf);
  } finally {
    reader?.close();
  }
}

// Worker-thread entry: the second half of a large export, read on its own connection
// while the job's thread reads the first (jobs/exportHalf.ts).
if (parentPort) run(parentPort, workerData as ExportHalfTask);
