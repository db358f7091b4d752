import { create } from 'zustand';
import type { JobProgress, JobReport, JobView } from '../../src/api/contract';
import { emitAppEvent } from '../bridge/appEvents';
import { desk, errorText } from './desk';

interface JobsState {
  jobs: JobView[];
  progress: Record<string, JobProgress>;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  /** A job this page just queued: show it at once, before the list is reloaded. */
  queued(job: JobView, options?: { deliver?: boolean }): void;
  onProgress(progress: JobProgress): void;
  onFinished(job: JobView, report: JobReport | null): void;
  cancel(id: string): Promise<string | null>;
  revert(id: string): Promise<{ job?: JobView; error?: string }>;
}

const FINISHED = new Set(['succeeded', 'succeeded_with_problems', 'failed', 'cancelled']);

/** A job that landed, with or without problems. */
export function landed(job: JobView): boolean {
  return job.status === 'succeeded' || job.status === 'succeeded_with_problems';
}

export function isFinished(job: JobView): boolean {
  return FINISHED.has(job.status);
}

function newestFirst(a: JobView, b: JobView): number {
  return a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;
}

/** Exports whose file this page hands over (a download in the browser) when they finish. */
const wantsDelivery = new Set<string>();
const delivered = new Set<string>();
const announced = new Set<string>();
/** Jobs queued from this page: their end is announced even if its event was missed. */
const startedHere = new Set<string>();

export const useJobs = create<JobsState>((set, get) => ({
  jobs: [],
  progress: {},
  loaded: false,
  error: null,
  async load() {
    const result = await desk().jobs.list({ limit: 200 });
    if (!result.ok) {
      set({ error: errorText(result.error), loaded: true });
      return;
    }
    // A finished event may have raced the list; keep whichever state is further along.
    const known = new Map(get().jobs.map((j) => [j.id, j]));
    const jobs = result.value.jobs.map((job) => {
      const mine = known.get(job.id);
      return mine && isFinished(mine) && !isFinished(job) ? mine : job;
    });
    const listed = new Set(jobs.map((j) => j.id));
    const pending = get().jobs.filter((j) => startedHere.has(j.id) && !listed.has(j.id));
    jobs.unshift(...pending);
    set({ jobs, loaded: true, error: null });
    emitAppEvent('desk:jobs-loaded', { rows: jobs.length });
    for (const job of jobs) if (startedHere.has(job.id)) settle(job.id);
  },
  queued(job, options) {
    startedHere.add(job.id);
    if (options?.deliver) wantsDelivery.add(job.id);
    set((s) => {
      const known = s.jobs.find((j) => j.id === job.id);
      // job:finished can arrive before the call that queued the job has answered.
      const current = known && isFinished(known) ? known : job;
      return { jobs: [current, ...s.jobs.filter((j) => j.id !== job.id)] };
    });
    emitAppEvent('desk:job-started', { id: job.id, kind: job.kind });
    settle(job.id);
  },
  onProgress(progress) {
    set((s) => ({
      progress: { ...s.progress, [progress.job]: progress },
      jobs: s.jobs.map((j) => (j.id === progress.job && j.status === 'queued' ? { ...j, status: 'running' } : j)),
    }));
    emitAppEvent('desk:job-progress', { id: progress.job, rows: progress.rows, bytes: progress.bytes_read });
  },
  onFinished(job, report) {
    const finished = { ...job, report: job.report ?? report };
    set((s) => ({ jobs: [finished, ...s.jobs.filter((j) => j.id !== job.id)].sort(newestFirst) }));
    // A revert changes the job it reverted (reverted_by, revertible).
    if (job.kind === 'revert') void get().load();
    settle(job.id);
  },
  async cancel(id) {
    const result = await desk().jobs.cancel({ id });
    if (!result.ok) return errorText(result.error);
    return result.value.cancelled ? null : 'The job is not running in this app any more.';
  },
  async revert(id) {
    const result = await desk().jobs.revert({ id });
    if (!result.ok) return { error: errorText(result.error) };
    get().queued(result.value.job);
    return { job: result.value.job };
  },
}));

/** Announces a finished job once, and hands over its file if this page asked for it. */
function settle(id: string): void {
  const job = useJobs.getState().jobs.find((j) => j.id === id);
  if (!job || !isFinished(job)) return;
  if (wantsDelivery.has(id) && !delivered.has(id) && landed(job) && job.files.out) {
    delivered.add(id);
    const file = job.files.out;
    void desk()
      .downloadFile(file)
      .then((r) => {
        if (r.ok) emitAppEvent('desk:download', { name: file.name, ref: file.ref });
      });
  }
  if (announced.has(id)) return;
  announced.add(id);
  emitAppEvent('desk:job-finished', { id: job.id, kind: job.kind, status: job.status });
}
