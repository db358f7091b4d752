import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { JobProgress, JobReport } from './report';
import type { JobTask } from './tasks';
import type { FromWorker, ToWorker } from './worker';
import { workerFile } from './workerFile';

export interface RunningJob {
  job: string;
  done: Promise<JobReport>;
  cancel(): void;
}

/**
 * Heap limits where a job's own needs are small and its garbage plentiful: a scrub's
 * thread turns every row into short-lived strings, and V8's default young generation
 * (up to 48 MB a thread) was what took a 5M-row scrub past 300 MB resident.
 */
const RESOURCE_LIMITS: Partial<Record<JobTask['kind'], ResourceLimits>> = {
  scrub: { maxYoungGenerationSizeMb: 12 },
};

/** Runs a job in its own worker thread. The job row must already exist (createJob). */
export function startJob(task: JobTask, onProgress: (progress: JobProgress) => void = () => {}): RunningJob {
  const worker = new Worker(workerFile('worker'), { workerData: task, resourceLimits: RESOURCE_LIMITS[task.kind] });
  let finished = false;
  const done = new Promise<JobReport>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'done') {
        finished = true;
        resolve(message.report);
      } else {
        finished = true;
        reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      }
    });
    worker.on('error', (err) => {
      finished = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!finished) reject(new Error(`the job's worker stopped unexpectedly (exit code ${code})`));
    });
  });
  return {
    job: task.job,
    done,
    cancel: () => worker.postMessage({ type: 'cancel' } satisfies ToWorker),
  };
}
