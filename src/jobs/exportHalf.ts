import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DeskError, type ErrorCode } from '../domain/errors';
import type { ExportHalfTask, FromExportHalf } from './exportHalfWorker';
import { workerFile } from './workerFile';

/** The second half of an export, being read and written to its own file by another thread. */
export interface ExportHalf {
  /** Settles once the half's read transaction holds its snapshot. */
  reading: Promise<void>;
  /** The rows written, once the file is complete. */
  done: Promise<number>;
  /** Rows written so far, as last reported. */
  readonly rows: number;
  /** Stops the half and waits for its thread to end; its file is removed. */
  stop(): Promise<void>;
}

export function startExportHalf(task: Omit<ExportHalfTask, 'stop'>): ExportHalf {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(workerFile('exportHalfWorker'), { workerData: { ...task, stop } satisfies ExportHalfTask });
  let rows = 0;
  let markReading: () => void = () => {};
  const reading = new Promise<void>((resolve) => (markReading = resolve));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const done = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: FromExportHalf) => {
      if (message.type === 'reading') markReading();
      else if (message.type === 'rows') rows = message.rows;
      else if (message.type === 'done') resolve((rows = message.rows));
      else reject(new DeskError(message.error.code as ErrorCode, message.error.message));
    });
    worker.on('error', reject);
    void exited.then(() => reject(new Error('the export helper thread stopped unexpectedly')));
  });
  // A failure before the snapshot also ends the wait for it; the caller sees it in `done`.
  done.catch(() => {}).finally(markReading);
  return {
    reading,
    done,
    get rows() {
      return rows;
    },
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      await exited;
      fs.rmSync(task.file, { force: true });
    },
  };
}
