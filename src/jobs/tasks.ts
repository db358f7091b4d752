import { runBulk, type BulkTask } from './bulkJob';
import { runExport, type ExportTask } from './exportJob';
import { runImport, type ImportTask, type JobContext } from './importJob';
import { runKeywords, type KeywordsTask } from './keywordsJob';
import type { JobReport } from './report';
import { runRevert, type RevertTask } from './revertTask';
import { runScrub, type ScrubTask } from './scrubJob';
import { runSync, type SyncTask } from './syncJob';

export type JobTask = ImportTask | ExportTask | RevertTask | KeywordsTask | ScrubTask | SyncTask | BulkTask;

/** Runs a task on the calling thread; the worker entry and tests both come through here. */
export function runTask(task: JobTask, ctx: JobContext): Promise<JobReport> {
  switch (task.kind) {
    case 'import':
    case 'paste':
      return runImport(task, ctx);
    case 'export':
      return runExport(task, ctx);
    case 'revert':
      return runRevert(task, ctx);
    case 'sync':
      return runSync(task, ctx);
    case 'keywords':
      return runKeywords(task, ctx);
    case 'scrub':
      return runScrub(task, ctx);
    case 'bulk':
      return runBulk(task, ctx);
  }
}
