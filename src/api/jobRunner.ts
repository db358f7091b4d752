import path from 'node:path';
import { refuseIfDamaged } from '../store/health';
import type { JobContext } from '../jobs/importJob';
import type { JobProgress, JobReport } from '../jobs/report';
import { DeskError, toErrorInfo } from '../domain/errors';
import { startJob } from '../jobs/startJob';
import type { JobTask } from '../jobs/tasks';
import type { Db } from '../store/database';
import { createJob, finishJob, getJob } from '../store/jobsTable';
import type { EventHub } from './eventHub';
import { toJobView } from './jobView';
import type { JobView } from './views';

interface Running {
  cancel(): void;
  settled: Promise<void>;
  /** False once the job's progress said its apply started: a cancel could no longer act. */
  cancellable: boolean;
}

/**
 * Starts the UI's jobs and reports on them: worker-thread tasks from src/jobs, and the
 * few exports that run here in pages (src/jobs/listingExport.ts, auditExport.ts). Every
 * progress message and every end goes to the event hub; the end carries the job as the
 * jobs table now has it, report included.
 */
/** Jobs that read or write the blocklist in bulk: refused while its last full check found damage. */
const BULK_KINDS: ReadonlySet<string> = new Set(['import', 'paste', 'keywords', 'scrub', 'sync', 'bulk']);

export class JobRunner {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly db: Db,
    private readonly events: EventHub,
  ) {}

  /** Records a task as a job and starts its worker. `params` is what the jobs table keeps (no pasted text). */
  startTask(task: JobTask, params: unknown): JobView {
    if (BULK_KINDS.has(task.kind)) refuseIfDamaged(path.dirname(this.db.name));
    createJob(this.db, { id: task.job, kind: task.kind, actor: task.actor, params });
    try {
      const running = startJob(task, (progress) => this.progressed(progress));
      this.track(task.job, running.cancel, running.done);
    } catch (err) {
      finishJob(this.db, task.job, { status: 'failed', error: toErrorInfo(err) });
      throw err;
    }
    return this.view(task.job);
  }

  /** Records a job and runs it on this thread; `run` must yield between pages of work. */
  startInProcess(job: { id: string; kind: string; actor: string; params: unknown }, run: (ctx: JobContext) => Promise<JobReport>): JobView {
    createJob(this.db, job);
    const controller = new AbortController();
    const ctx: JobContext = { signal: controller.signal, onProgress: (progress) => this.progressed(progress) };
    // Deferred, so the caller has the queued job before its first progress event.
    const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(ctx));
    this.track(job.id, () => controller.abort(), done);
    return this.view(job.id);
  }

  private track(id: string, cancel: () => void, done: Promise<JobReport>): void {
    const settled = done.then(
      (report) => this.finished(id, report),
      (err: unknown) => {
        // The worker died before it could record its end (src/jobs records every other outcome).
        finishJob(this.db, id, { status: 'failed', error: toErrorInfo(err) });
        this.finished(id, null);
      },
    );
    this.running.set(id, { cancel, settled, cancellable: true });
  }

  private progressed(progress: JobProgress): void {
    const job = this.running.get(progress.job);
    if (job && progress.cancellable === false) job.cancellable = false;
    this.events.emit('job:progress', progress);
  }

  private finished(id: string, report: JobReport | null): void {
    this.running.delete(id);
    if (!this.db.open) return;
    const record = getJob(this.db, id);
    if (record === null) return;
    const job = toJobView(record);
    this.events.emit('job:finished', { job, report: report ?? job.report });
  }

  private view(id: string): JobView {
    const record = getJob(this.db, id);
    if (record === null) throw new Error(`job ${id} vanished from the jobs table`);
    return toJobView(record);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /**
   * Asks a job this runner started to stop; false when it is not running here. Refused
   * once its apply has started: the blocklist then changes all at once, and a cancel
   * could only claim to stop what it cannot.
   */
  cancel(id: string): boolean {
    const job = this.running.get(id);
    if (!job) return false;
    if (!job.cancellable) throw new DeskError('conflict', `job ${id} is applying its changes and can no longer be cancelled: the blocklist changes all at once`);
    job.cancel();
    return true;
  }

  /** Cancels every running job and waits for each to record its end (before the database closes). */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const job of all) job.cancel();
    await Promise.all(all.map((job) => job.settled));
  }
}
