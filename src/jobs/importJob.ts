import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { phaseTimer } from '../domain/trace';
import type { Category, Channel } from '../domain/channels';
import { defaultDateOrder, localTimeZone, type DateOrder } from '../domain/dates';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { groupStaged, type StagedShape } from '../store/groupStaged';
import { applyGrouped } from '../store/mergeStaging';
import { getImportMappings } from '../store/importMappings';
import { mappingOf, type ColumnMapping } from '../files/formats/columnMapping';
import type { RowRules, SavedMapping, Using } from './importRows';
import { readInWorker } from './importReading';
import { ProgressMeter } from './progressMeter';
import { ProblemsFile, shownName } from './problems';
import { settleDateOrders, type ProvedOrders } from './dateOrders';
import { emptyReport, type JobProgress, type JobReport } from './report';
import { StagingWriter } from './staging';
import type { PackedRows } from './stagedRows';
import { endJobWithError, withoutFolders } from './jobEnd';
import { holdApplyForTest } from './heldForTest';

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
  /** Day/month order for dates that do not prove one (the setting, or --date-order); default from the country. */
  dateOrder?: DateOrder;
  /** IANA zone for blocked_at times written without one (the setting, or --timezone); default the computer's. */
  timeZone?: string;
  /** `--format`: an export's id read for every table, or `generic`; absent, recognised from each header. */
  format?: string;
  /** `--column`/`--blocked-when`/`--mapping`: how every table's columns are read. */
  mapping?: ColumnMapping;
  /** `--sheet`: the sheet read from each Excel workbook, by name; default the first visible one. */
  sheet?: string;
}

export interface JobContext {
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
}

/**
 * Reads the files (or pasted text) into the connection's temp staging table and groups
 * it — no lock on the blocklist meanwhile — then applies everything in one transaction
 * that also records the job's report. Cancel, an error or a kill at any point before that
 * commit leaves the blocklist exactly as it was.
 */
export async function runImport(task: ImportTask, ctx: JobContext): Promise<JobReport> {
  const report = emptyReport(task.job, task.kind);
  const db = openDatabase(databasePath(task.dataFolder));
  const problems = new ProblemsFile(task.dataFolder, task.job, report);
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  try {
    markJobRunning(db, task.job, process.pid);
    const phase = phaseTimer(`job ${task.job}`);
    const { perRowDetails, staged, proved } = await stageAll(db, task, ctx, meter, report, problems);
    report.date_order = settleDateOrders(db, proved, task.dateOrder ?? defaultDateOrder(task.country), problems);
    phase('read, normalise and stage');
    if (report.rejected === report.rows_read) {
      throw new DeskError('nothing_landed', `every row was rejected (${report.rejected}); nothing was imported — the problems file says why`);
    }

    meter.update('applying', true);
    const shape = { perRowDetails, staged };
    const grouped = groupStaged(db, shape);
    phase('group, before the write lock');
    // A cancel sent while the rows were grouped is read now, before anything is applied.
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) throw new DeskError('cancelled', 'the job was cancelled; nothing was applied');
    applyGrouped(db, grouped, {
      shape,
      onApplied(applied, total) {
        if (meter.applied === null) meter.startApply(total);
        else meter.applying(applied, total);
        if (applied > 0) holdApplyForTest(() => meter.update('applying', true));
      },
      context: () => ({ job: task.job, source: task.kind === 'paste' ? 'paste' : `import:${task.job}`, actor: task.actor, now: Date.now() }),
      commitWith(merged) {
        for (const conflict of merged.conflicts) {
          problems.add(conflict.file, conflict.line, { column: conflict.column, value: conflict.value, kind: 'conflict', message: conflict.message, action: 'blocked separately' });
        }
        report.added = merged.added;
        report.updated = merged.updated;
        report.already_blocked = merged.unchanged;
        report.unchanged = report.already_blocked + (report.no_channel ?? 0);
        report.status = (report.problems ?? 0) > 0 ? 'succeeded_with_problems' : 'succeeded';
        problems.close();
        finishJob(db, task.job, { status: report.status, report, error: null });
      },
    });
    phase('apply in one transaction');
    meter.update('done', true);
    return report;
  } catch (err) {
    // Every row rejected: the problems file is what the officer needs to see why.
    if (err instanceof DeskError && err.code === 'nothing_landed') problems.close();
    else problems.abort();
    return endJobWithError(db, report, err, task.files);
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
  problems: ProblemsFile,
): Promise<{ perRowDetails: boolean; staged: StagedShape; proved: ProvedOrders }> {
  const rules: RowRules = {
    using: task.legacy ? 'email' : task.using,
    channels: task.legacy ? ['email'] : task.channels,
    category: task.legacy ? 'legacy' : task.category,
    reason: task.reason,
    legacy: task.legacy,
    country: task.country,
    dates: { timeZone: task.timeZone ?? localTimeZone(), now: Date.now(), serials: true },
    ...(task.format !== undefined ? { format: task.format } : {}),
    ...(task.mapping !== undefined ? { mapping: task.mapping } : {}),
    ...(task.kind === 'import' && !task.legacy ? { savedMappings: savedImportMappings(db) } : {}),
  };
  const staging = new StagingWriter(db, { category: rules.category, reason: rules.reason });
  const stageBatch = db.transaction((rows: PackedRows) => staging.write(rows));
  const encodings = new Set<string>();
  const layouts = new Map<number, string | null>();
  const proved: ProvedOrders = new Map();
  const end = await readInWorker({ kind: task.kind, files: task.files, text: task.text, rules, ...(task.sheet !== undefined ? { sheet: task.sheet } : {}) }, ctx.signal, (update) => {
    if (update.type === 'table') {
      encodings.add(update.encoding);
      problems.fileNames.push(update.file);
    } else if (update.type === 'warning') {
      report.warnings.push(withoutFolders(update.message, task.files));
    } else if (update.type === 'dates') {
      proved.set(update.file, { dmy: update.dmy, mdy: update.mdy });
    } else if (update.type === 'layout') {
      layouts.set(update.file, update.format);
    } else {
      stageBatch(update.rows);
      problems.addPacked(update.problems);
      for (const reason of update.rejectedReasons) problems.rowRejected(reason);
      report.rows_read += update.rowsRead;
      report.no_channel = (report.no_channel ?? 0) + update.noChannel;
      report.unchanged = report.no_channel;
      if (update.notBlocks > 0) report.not_blocks = (report.not_blocks ?? 0) + update.notBlocks;
      meter.bytesRead = update.bytesRead;
      meter.bytesTotal = update.bytesTotal;
      meter.rows = report.rows_read;
      meter.update('reading');
    }
  });
  report.encoding = [...encodings].join(', ') || null;
  if (task.kind === 'import') describeLayouts(report, layouts, problems.fileNames);
  if (report.rows_read === 0) {
    const what = task.kind === 'paste' ? 'the pasted text' : problems.fileNames.join(', ');
    throw new DeskError('file_empty', `${what}: no data rows to import`);
  }
  return { perRowDetails: end.perRowDetails, staged: end.shape, proved };
}

/** Mappings saved for a header: a table with that header is read by its mapping (one that no longer reads is left out). */
export function savedImportMappings(db: Db): SavedMapping[] {
  const saved: SavedMapping[] = [];
  for (const stored of getImportMappings(db)) {
    try {
      saved.push({ header: stored.header, mapping: mappingOf(stored.name, stored.columns, stored.blocked_when) });
    } catch {
      // A mapping saved by a version that knew other roles: not offered.
    }
  }
  return saved;
}

/**
 * The report says how each table was read: `formats` per table (`generic` for the
 * aliases alone), `format` the layouts in the order met (null when every table was
 * generic), `not_blocks` the rows the layouts say are no blocks.
 */
function describeLayouts(report: JobReport, layouts: ReadonlyMap<number, string | null>, fileNames: readonly string[]): void {
  const formats: Record<string, string> = {};
  for (const [index, name] of layouts) formats[shownName(fileNames[index] ?? `table ${index + 1}`)] = name ?? 'generic';
  const distinct = [...new Set(Object.values(formats))];
  report.format = distinct.length === 0 || (distinct.length === 1 && distinct[0] === 'generic') ? null : distinct.join('; ');
  report.formats = formats;
  report.not_blocks ??= 0;
}
