import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../domain/errors';
import type { JobProgress, JobReport } from './report';
import { runTask, type JobTask } from './tasks';

export type FromWorker = { type: 'progress'; progress: JobProgress } | { type: 'done'; report: JobReport } | { type: 'crashed'; error: { code: string; message: string } };
export type ToWorker = { type: 'cancel' };

// Worker-thread entry: one job a worker, so parsing and SQLite writes never block the
// thread that serves the window or the command line.
if (parentPort) {
  const port = parentPort;
  const controller = new AbortController();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') controller.abort();
  });
  runTask(workerData as JobTask, { signal: controller.signal, onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies FromWorker) })
    .then((report) => port.postMessage({ type: 'done', report } satisfies FromWorker))
    .catch((err: unknown) => port.postMessage({ type: 'crashed', error: toErrorInfo(err) } satisfies FromWorker))
    .finally(() => port.close());
}
