import { Worker } from 'node:worker_threads';
import { DeskError, fromErrorInfo } from '../domain/errors';
import type { FromImportReader, ImportReadTask, ToImportReader } from './importReaderWorker';
import type { StagedShape } from './stagedRows';
import { workerFile } from './workerFile';

export type ReaderUpdate = Exclude<FromImportReader, { type: 'done' } | { type: 'failed' }>;

export interface ReadEnd {
  shape: StagedShape;
  perRowDetails: boolean;
}

/**
 * Reads an import's files (or pasted text) on a thread of its own, which parses and
 * normalises while this one stages: the two halves of an import's reading then take the
 * time of the slower, not of both. Each update is handed to `onUpdate` in reading order;
 * a batch is acknowledged once handled, and the reader never runs more than a few batches
 * ahead. Cancel stops the reading thread at once.
 */
/**
 * A workbook's reading makes more short-lived strings a row than a CSV's (tags, values,
 * shared strings inflated for each cell), and V8's default young generation (up to 48 MB
 * a thread) took a million-row .xlsx import to 300 MB resident; as for the scrub's thread.
 */
const WORKBOOK_READER_LIMITS = { maxYoungGenerationSizeMb: 12 };

export function readInWorker(task: ImportReadTask, signal: AbortSignal, onUpdate: (update: ReaderUpdate) => void): Promise<ReadEnd> {
  return new Promise<ReadEnd>((resolve, reject) => {
    const workbook = task.files.some((file) => /\.(xlsx|xlsm)$/i.test(file));
    const worker = new Worker(workerFile('importReaderWorker'), { workerData: task, ...(workbook ? { resourceLimits: WORKBOOK_READER_LIMITS } : {}) });
    let settled = false;
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      // The thread's memory is given back before the merge starts taking its own: a
      // workbook's reading thread ending while the grouping began made a 20 MB peak.
      void worker.terminate().then(end, end);
    };
    const onAbort = () => settle(() => reject(new DeskError('cancelled', 'the job was cancelled; nothing was applied')));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort);
    worker.on('message', (message: FromImportReader) => {
      if (settled) return;
      if (message.type === 'done') settle(() => resolve({ shape: message.shape, perRowDetails: message.perRowDetails }));
      else if (message.type === 'failed') settle(() => reject(fromErrorInfo(message.error)));
      else {
        try {
          onUpdate(message);
        } catch (err) {
          settle(() => reject(err));
          return;
        }
        if (message.type === 'batch') worker.postMessage({ type: 'ack' } satisfies ToImportReader);
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import's reading thread stopped unexpectedly (exit code ${code})`))));
  });
}
