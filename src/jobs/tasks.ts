import { runExport, type ExportTask } from './exportJob';
import { runImport, type ImportTask, type JobContext } from './importJob';
import type { JobReport } from './report';
import { runRevert, type RevertTask } from './revertTask';
import { runScrub, type ScrubTask } from './scrubJob';

export type JobTask = ImportTask | ExportTask | RevertTask | ScrubTask;

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
    case 'scrub':
      return runScrub(task, ctx);
  }
}
