import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { phaseTimer } from '../domain/trace';
import { normalizeIdentifier } from '../domain/identifiers';
import type { Category, Channel, IdentifierType } from '../domain/channels';
import { readTables, type TableEvent } from '../files/readTables';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { mergeStaging, type StagedShape } from '../store/mergeStaging';
import { layoutFor, stageRecord, type RowRules, type TableLayout, type Using } from './importRows';
import { pastedTables } from './pasteRecords';
import { ProgressMeter } from './progressMeter';
import { readBatches } from './readBatches';
import { RejectedRows } from './rejectedRows';
import { emptyReport, type JobProgress, type JobReport } from './report';
import { StagingWriter } from './staging';
import { endJobWithError } from './jobEnd';

export interface ImportTask {
  kind: 'import' | 'paste';
  job: string;
  dataFolder: string;
  actor: string;
  files: string[];
  text?: string;
  using: Using;
  channels: Channel[];
  category: Category;
  reason: string | null;
  legacy: boolean;
  country: CountryCode;
}

export interface JobContext {
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
}

/**
 * Reads the files (or pasted text) into the connection's temp staging table — no lock on
 * the blocklist while parsing — then applies everything in one short transaction that
 * also records the job's report. Cancel, an error or a kill at any point before that
 * commit leaves the blocklist exactly as it was.
 */
export async function runImport(task: ImportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, task.kind);
  const db = openDatabase(databasePath(task.dataFolder));
  const rejected = new RejectedRows(task.dataFolder, task.job, report);
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  try {
    markJobRunning(db, task.job, process.pid);
    const phase = phaseTimer(`job ${task.job}`);
    const { perRowDetails, staged } = await stageAll(db, task, ctx, meter, report, rejected.fileNames, rejected.reject);
    phase('read, normalise and stage');

    meter.update('applying', true);
    db.transaction(() => {
      const merged = mergeStaging(db, { perRowDetails, staged, job: task.job, source: task.kind === 'paste' ? 'paste' : `import:${task.job}`, actor: task.actor, now: Date.now() });
      for (const conflict of merged.conflicts) rejected.reject(conflict.file, conflict.line, conflict.value, 'conflict', conflict.message);
      report.added = merged.added;
      report.updated = merged.updated;
      report.unchanged += merged.unchanged;
      report.status = 'succeeded';
      rejected.close();
      finishJob(db, task.job, { status: 'succeeded', report, error: null });
    }).immediate();
    phase('apply (one transaction)');
    meter.update('done', true);
    return report;
  } catch (err) {
    rejected.abort();
    return endJobWithError(db, report, err);
  } finally {
    db.close();
  }
}

async function stageAll(
  db: Db,
  task: ImportTask,
  ctx: JobContext,
  meter: ProgressMeter,
  report: JobReport,
  fileNames: string[],
  reject: (file: number, line: number, value: string, reason: string, message: string) => void,
): Promise<{ perRowDetails: boolean; staged: StagedShape }> {
  const rules: RowRules = {
    using: task.legacy ? 'email' : task.using,
    channels: task.legacy ? ['email'] : task.channels,
    category: task.legacy ? 'legacy' : task.category,
    reason: task.reason,
    legacy: task.legacy,
    country: task.country,
  };
  const staging = new StagingWriter(db, { category: rules.category, reason: rules.reason });
  const source: AsyncGenerator<TableEvent> =
    task.kind === 'paste'
      ? pastedTables(task.text ?? '', (piece) => normalizeIdentifier(rules.using as IdentifierType, piece, rules.country).ok)
      : readTables(task.files, { signal: ctx.signal, onProgress: (read, total) => ((meter.bytesRead = read), (meter.bytesTotal = total)) });
  let layout: TableLayout | null = null;
  let fileIndex = -1;
  let perRowDetails = false;
  const stageBatch = db.transaction((records: string[][], lines: number[], file: string) => {
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i] as string[];
      const line = lines[i] as number;
      if (layout === null) {
        layout = layoutFor(file, record, rules);
        const { category, reason, blocked_at } = layout.columns;
        if (category !== undefined || reason !== undefined || blocked_at !== undefined) perRowDetails = true;
        if (layout.hasHeader) continue;
      }
      report.rows_read += 1;
      const outcome = stageRecord(record, layout, rules);
      if (outcome.kind === 'staged') staging.add(fileIndex, line, outcome.row);
      else if (outcome.kind === 'rejected') reject(fileIndex, line, outcome.value, outcome.reason, outcome.message);
      else report.unchanged += 1;
    }
    staging.flush();
  });
  await readBatches(source, { signal: ctx.signal, meter, report }, {
    table(file) {
      layout = null;
      fileIndex += 1;
      fileNames.push(file);
    },
    batch: stageBatch,
  });
  if (report.rows_read === 0) {
    const what = task.kind === 'paste' ? 'the pasted text' : fileNames.join(', ');
    throw new DeskError('file_empty', `${what}: no data rows to import`);
  }
  return { perRowDetails, staged: staging.shape };
}
