import type { CountryCode } from 'libphonenumber-js';
import type { Channel, IdentifierType } from '../domain/channels';
import { normalizeCustomerId } from '../domain/customerId';
import { normalizeEmail } from '../domain/email';
import { DeskError } from '../domain/errors';
import { normalizeMobile } from '../domain/mobile';
import { phaseTimer } from '../domain/trace';
import { readTables, type TableInfo } from '../files/readTables';
import type { BlockedByKey } from '../store/blockedLookup';
import { openDatabase } from '../store/database';
import { appOutputFolders, databasePath } from '../store/dataFolder';
import { checkOutputPath } from '../files/outputPaths';
import { finishJob, markJobRunning } from '../store/jobsTable';
import type { JobContext } from './importJob';
import { ProgressMeter } from './progressMeter';
import { emptyReport, type JobReport } from './report';
import { channelIdentifier, sameShape, scrubLayoutFor, type NamedColumns, type ScrubLayout } from './scrubLayout';
import { ScrubLookups } from './scrubLookups';
import { endJobWithError, withoutFolders } from './jobEnd';
import { heldForTest } from './heldForTest';
import { openScrubOutput, removedCells, REMOVED_COLUMNS, type ScrubOutput, type ScrubRows } from './scrubOutputs';

export { MULTI_SEPARATOR, REMOVED_COLUMNS } from './scrubOutputs';

export interface ScrubTask {
  kind: 'scrub';
  job: string;
  dataFolder: string;
  actor: string;
  /** The audience: a CSV, TXT, Excel workbook or ZIP of them. */
  file: string;
  /** `--sheet`: the sheet of a workbook to scrub, by name; default the first visible one. */
  sheet?: string;
  channels: Channel[];
  /**
   * Each chosen channel's cleaned file: the rows not Not Sent on that channel, verbatim
   * (src/jobs/scrubCleanFiles.ts names them); a workbook when the name ends `.xlsx`.
   */
  cleanFiles: Partial<Record<Channel, string>>;
  /** The rows Not Sent on at least one channel, with not_sent_channel and not_sent_category; null: not written. */
  removed: string | null;
  columns: NamedColumns;
  country: CountryCode;
}

const READ_BATCH = 5000;
/** Batches whose lookups may be under way while the next is parsed: bounds memory, keeps the lookup threads busy. */
const IN_FLIGHT = 4;

interface Outputs {
  /** Each chosen channel's cleaned file, in the order of the channels. */
  clean: ScrubOutput[];
  removed: ScrubOutput | null;
}

/**
 * Cleans an audience file against the blocklist (DESIGN.md, Audience scrub). A row is Not
 * Sent on a channel when the identifier that channel sends to (email; mobile for SMS,
 * WhatsApp, RCS) belongs to a contact blocked on it (a whitelisted email is not blocked),
 * or its customer_id belongs to a contact blocked on it. Each chosen channel gets its own
 * cleaned file: the rows not Not Sent on that channel, copied verbatim (same bytes, line
 * breaks and encoding) — one file for all channels would hand a row blocked on email to
 * the email send because SMS may still reach it. A row Not Sent on at least one channel
 * goes to the removed file with the channels it is Not Sent on and their categories added.
 * The blocklist is only read: lookup threads with read-only connections answer batches of
 * keys while this thread parses the next batches (src/jobs/scrubLookups.ts).
 */
export async function runScrub(task: ScrubTask, ctx: JobContext): Promise<JobReport> {
  const report: JobReport = {
    ...emptyReport(task.job, 'scrub'),
    sendable: 0,
    sendable_by_channel: Object.fromEntries(task.channels.map((c) => [c, 0])),
    not_sent: 0,
    not_sent_by_category: {},
    not_sent_by_channel: Object.fromEntries(task.channels.map((c) => [c, 0])),
    invalid: 0,
    invalid_by_channel: Object.fromEntries(task.channels.map((c) => [c, 0])),
    invalid_by_reason: {},
    out_file: null,
    out_files: null,
    removed_file: null,
  };
  const db = openDatabase(databasePath(task.dataFolder));
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  let lookups: ScrubLookups | null = null;
  let outputs: Outputs | null = null;
  try {
    markJobRunning(db, task.job, process.pid);
    const guard = { dataFolder: task.dataFolder, appFolders: appOutputFolders(task.dataFolder), inputs: [task.file] };
    const cleanFiles = cleanFilesOf(task);
    for (const [channel, file] of cleanFiles) checkOutputPath(file, { ...guard, what: `the cleaned file for ${channel}` });
    if (task.removed !== null) checkOutputPath(task.removed, { ...guard, what: 'the removed-rows file' });
    const phase = phaseTimer(`job ${task.job}`);
    const scrubber = new Scrubber(task, report);
    const encodings = new Set<string>();
    const pending: Promise<() => void>[] = [];
    let first: { table: TableInfo; layout: ScrubLayout } | null = null;
    let layout: ScrubLayout | null = null;
    let table: TableInfo | null = null;
    const events = readTables([task.file], {
      signal: ctx.signal,
      keepRawText: true,
      batchSize: READ_BATCH,
      ...(task.sheet !== undefined ? { sheet: task.sheet } : {}),
      onProgress: (read, total) => ((meter.bytesRead = read), (meter.bytesTotal = total)),
    });
    for await (const event of heldForTest(events, ctx.signal)) {
      if (ctx.signal.aborted) throw cancelled();
      if (event.type === 'warning') {
        report.warnings.push(withoutFolders(event.message, [task.file]));
        continue;
      }
      if (event.type === 'table') {
        table = event.table;
        layout = null;
        encodings.add(table.encoding);
        continue;
      }
      const rows: ScrubRows = { records: event.records, ...(event.raw ? { raw: event.raw } : {}), ...(event.cells ? { cells: event.cells } : {}) };
      let from = 0;
      if (layout === null) {
        const current = table as TableInfo;
        layout = scrubLayoutFor(current.file, event.records[0] as string[], task.channels, task.columns, current.kind);
        for (const note of layout.notes) if (!report.warnings.includes(note)) report.warnings.push(note);
        if (first === null) {
          first = { table: current, layout };
          outputs = openOutputs(task, cleanFiles, current, event.raw?.[0]);
          if (layout.hasHeader) writeHeader(outputs, rows);
          lookups = new ScrubLookups({ databaseFile: databasePath(task.dataFolder), channels: scrubber.asked }, scrubber.typesFor(layout));
        } else if (!sameShape(first.layout, layout) || first.table.delimiter !== current.delimiter || (first.table.kind === 'xlsx') !== (current.kind === 'xlsx')) {
          throw new DeskError('file_malformed', `${current.file}: its columns differ from ${first.table.file}'s; a ZIP is scrubbed into one cleaned file per channel, so every table in it needs the same header and delimiter`);
        } else if (first.table.encoding !== current.encoding) {
          // The cleaned file is written in the first table's encoding: another one would not keep its bytes.
          throw new DeskError('file_malformed', `${current.file} is ${current.encoding} but ${first.table.file} is ${first.table.encoding}; a ZIP is scrubbed into one cleaned file per channel, so its tables need one encoding`);
        }
        if (layout.hasHeader) from = 1;
      }
      const batch = scrubber.scrubBatch(rows, from, layout, outputs as Outputs, lookups as ScrubLookups);
      // Awaited below in order; a failure meanwhile must not count as unhandled (it would end the thread).
      batch.catch(() => {});
      pending.push(batch);
      // Batches are written in file order: the oldest is finished before more are started.
      if (pending.length >= IN_FLIGHT) (await (pending.shift() as Promise<() => void>))();
      meter.rows = report.rows_read;
      meter.update('reading');
    }
    while (pending.length > 0) (await (pending.shift() as Promise<() => void>))();
    // Busy time of this thread (parse, normalise, write) against the whole: how much waiting on lookups there was.
    const busy = performance.eventLoopUtilization();
    phase(`read, normalise, look up and write (this thread busy ${(busy.active / 1000).toFixed(1)} s of ${((busy.active + busy.idle) / 1000).toFixed(1)} s)`);
    if (ctx.signal.aborted) throw cancelled();
    report.encoding = [...encodings].join(', ') || null;
    const done = outputs as Outputs;
    for (const clean of done.clean) clean.close();
    done.removed?.close();
    report.out_files = Object.fromEntries(cleanFiles);
    // One channel: its cleaned file is the job's output, as it always was. Several: no one file is "the" cleaned file.
    report.out_file = cleanFiles.length === 1 ? (cleanFiles[0] as [Channel, string])[1] : null;
    report.removed_file = task.removed;
    report.status = 'succeeded';
    finishJob(db, task.job, { status: 'succeeded', report, error: null });
    meter.update('done', true);
    return report;
  } catch (err) {
    for (const clean of outputs?.clean ?? []) clean.abort();
    outputs?.removed?.abort();
    // The reader's own wording names the file; the scrub's says what was (not) written.
    return endJobWithError(db, report, err instanceof DeskError && err.code === 'cancelled' ? cancelled() : err, [task.file]);
  } finally {
    await lookups?.close();
    db.close();
  }
}

function cancelled(): DeskError {
  return new DeskError('cancelled', 'the scrub was cancelled; no cleaned file was written (the blocklist is never changed by a scrub)');
}

/** The cleaned file of each chosen channel, in the order of the channels; refused when one is missing or two share a path. */
function cleanFilesOf(task: ScrubTask): [Channel, string][] {
  const files = task.channels.map((channel): [Channel, string] => {
    const file = task.cleanFiles[channel];
    if (file === undefined) throw new DeskError('usage', `the scrub has no cleaned file for ${channel}`);
    return [channel, file];
  });
  const paths = [...files.map(([, file]) => file), ...(task.removed === null ? [] : [task.removed])];
  const twice = paths.find((file, i) => paths.indexOf(file) !== i);
  if (twice !== undefined) throw new DeskError('usage', `${twice} is named for two of the scrub's outputs; each channel's cleaned file and the removed rows need a file of their own`);
  return files;
}

function openOutputs(task: ScrubTask, cleanFiles: [Channel, string][], table: TableInfo, firstRaw: string | undefined): Outputs {
  const opened: ScrubOutput[] = [];
  try {
    for (const [, file] of cleanFiles) opened.push(openScrubOutput(file, table, firstRaw));
    const removed = task.removed === null ? null : openScrubOutput(task.removed, table, firstRaw);
    return { clean: opened, removed };
  } catch (err) {
    for (const writer of opened) writer.abort();
    throw err;
  }
}

function writeHeader(outputs: Outputs, rows: ScrubRows): void {
  for (const clean of outputs.clean) clean.write(rows, 0);
  outputs.removed?.write(rows, 0, REMOVED_COLUMNS);
}

/** The match keys of one batch's rows, by identifier type; null where the cell is absent or invalid. */
interface BatchKeys {
  email: (string | null)[];
  mobile: (string | null)[];
  customer_id: (string | null)[];
}

class Scrubber {
  /** Channels asked of each identifier type's lookup, in the order its results come. */
  readonly asked: Record<IdentifierType, Channel[]>;
  /** For each chosen channel, its identifier type and its place in that type's results. */
  private readonly plan: { channel: Channel; type: 'email' | 'mobile'; at: number }[];

  constructor(
    private readonly task: ScrubTask,
    private readonly report: JobReport,
  ) {
    const channels = task.channels;
    this.asked = {
      email: channels.filter((c) => channelIdentifier(c) === 'email'),
      mobile: channels.filter((c) => channelIdentifier(c) === 'mobile'),
      customer_id: [...channels],
    };
    this.plan = channels.map((channel) => {
      const type = channelIdentifier(channel);
      return { channel, type, at: this.asked[type].indexOf(channel) };
    });
  }

  /** The identifier types a table of this layout is looked up by. */
  typesFor(layout: ScrubLayout): IdentifierType[] {
    const types: IdentifierType[] = [];
    if (layout.email !== undefined && this.asked.email.length > 0) types.push('email');
    if (layout.mobile !== undefined && this.asked.mobile.length > 0) types.push('mobile');
    if (layout.customer_id !== undefined) types.push('customer_id');
    return types;
  }

  /**
   * Normalises a batch and sends its keys to the lookup threads; resolves, once they have
   * answered, to the step that counts the rows and writes them out (run in file order).
   */
  async scrubBatch(rows: ScrubRows, from: number, layout: ScrubLayout, outputs: Outputs, lookups: ScrubLookups): Promise<() => void> {
    const keys = this.normalise(rows.records, from, layout);
    // Repeated keys are not removed here: SQLite's IN list does it, off this thread.
    const present = (type: IdentifierType) => keys[type].filter((k): k is string => k !== null);
    const [email, mobile, customer] = await Promise.all([lookups.find('email', present('email')), lookups.find('mobile', present('mobile')), lookups.find('customer_id', present('customer_id'))]);
    const found: Record<IdentifierType, BlockedByKey> = { email, mobile, customer_id: customer };
    return () => this.writeBatch(rows, from, layout, outputs, keys, found);
  }

  private writeBatch(rows: ScrubRows, from: number, layout: ScrubLayout, outputs: Outputs, keys: BatchKeys, found: Record<IdentifierType, BlockedByKey>): void {
    const records = rows.records;
    const report = this.report;
    const plan = this.plan;
    const notSentOn = report.not_sent_by_channel as Record<string, number>;
    const sendableOn = report.sendable_by_channel as Record<string, number>;
    const invalidOn = report.invalid_by_channel as Record<string, number>;
    const reasons = report.invalid_by_reason as Record<string, number>;
    const categories: (string | null)[] = new Array<string | null>(plan.length);
    /** The distinct reasons a row's identifiers are invalid for the channels keeping it. */
    const whys: string[] = [];
    for (let i = from; i < records.length; i++) {
      report.rows_read++;
      const row = i - from;
      const customerHit = keys.customer_id[row] === null ? undefined : found.customer_id.get(keys.customer_id[row] as string);
      let notSentSomewhere = false;
      for (let j = 0; j < plan.length; j++) {
        const step = plan[j] as (typeof plan)[number];
        const key = keys[step.type][row];
        let category: string | null = null;
        if (key !== null) category = found[step.type].get(key as string)?.[step.at] ?? null;
        if (category === null && customerHit !== undefined) category = customerHit[j] ?? null;
        categories[j] = category;
        if (category !== null) {
          notSentSomewhere = true;
          notSentOn[step.channel] = (notSentOn[step.channel] ?? 0) + 1;
        }
      }
      const record = records[i] as string[];
      if (notSentSomewhere) {
        report.not_sent = (report.not_sent ?? 0) + 1;
        const channels = plan.filter((_, j) => categories[j] !== null).map((s) => s.channel);
        const because = categories.filter((c): c is string => c !== null);
        this.countCategories(because);
        if (outputs.removed) {
          // A row shorter than the header gets empty cells first, so the added columns stand under their names.
          const missing = layout.hasHeader ? Math.max(0, layout.header.length - record.length) : 0;
          outputs.removed.write(rows, i, removedCells(channels, because), missing);
        }
      }
      // Each channel's cleaned file keeps the row unless it is Not Sent on that channel.
      whys.length = 0;
      for (let j = 0; j < plan.length; j++) {
        if (categories[j] !== null) continue;
        const channel = (plan[j] as (typeof plan)[number]).channel;
        (outputs.clean[j] as ScrubOutput).write(rows, i);
        const why = this.invalidOn(j, record, layout, row, keys);
        if (why === null) sendableOn[channel] = (sendableOn[channel] ?? 0) + 1;
        else {
          invalidOn[channel] = (invalidOn[channel] ?? 0) + 1;
          if (!whys.includes(why)) whys.push(why);
        }
      }
      for (const why of whys) reasons[why] = (reasons[why] ?? 0) + 1;
      if (notSentSomewhere) continue;
      if (whys.length === 0) report.sendable = (report.sendable ?? 0) + 1;
      else report.invalid = (report.invalid ?? 0) + 1;
    }
  }

  /** Each distinct category of a removed row once: with one channel the counts add up to not_sent. */
  private countCategories(categories: string[]): void {
    const counts = this.report.not_sent_by_category as Record<string, number>;
    for (let j = 0; j < categories.length; j++) {
      const category = categories[j] as string;
      if (categories.indexOf(category) !== j) continue;
      counts[category] = (counts[category] ?? 0) + 1;
    }
  }

  /**
   * Why a row kept for the plan's `j`th channel cannot be sent there, or null when it can.
   * The channel sends to the row's email or mobile when the file has that column, else to
   * its customer_id; an empty or malformed value there is invalid.
   */
  private invalidOn(j: number, record: string[], layout: ScrubLayout, row: number, keys: BatchKeys): string | null {
    const wanted = (this.plan[j] as (typeof this.plan)[number]).type;
    const type: IdentifierType = layout[wanted] !== undefined ? wanted : 'customer_id';
    if (keys[type][row] !== null) return null;
    return invalidWhy(type, (record[layout[type] as number] ?? '').trim(), this.task.country);
  }

  private normalise(records: string[][], from: number, layout: ScrubLayout): BatchKeys {
    const count = records.length - from;
    const keys: BatchKeys = { email: new Array(count).fill(null), mobile: new Array(count).fill(null), customer_id: new Array(count).fill(null) };
    const needEmail = layout.email !== undefined && this.asked.email.length > 0;
    const needMobile = layout.mobile !== undefined && this.asked.mobile.length > 0;
    const needCustomer = layout.customer_id !== undefined;
    const country = this.task.country;
    for (let i = from; i < records.length; i++) {
      const record = records[i] as string[];
      const row = i - from;
      if (needEmail) {
        const cell = record[layout.email as number];
        if (cell !== undefined && cell !== '') {
          const result = normalizeEmail(cell);
          if (result.ok) keys.email[row] = result.value.key;
        }
      }
      if (needMobile) {
        const cell = record[layout.mobile as number];
        if (cell !== undefined && cell !== '') {
          const result = normalizeMobile(cell, country);
          if (result.ok) keys.mobile[row] = result.value;
        }
      }
      if (needCustomer) {
        const cell = record[layout.customer_id as number];
        if (cell !== undefined && cell !== '') {
          const result = normalizeCustomerId(cell);
          if (result.ok) keys.customer_id[row] = result.value;
        }
      }
    }
    return keys;
  }
}

/** The rejection reason of an identifier cell already known not to normalise. */
function invalidWhy(type: IdentifierType, value: string, country: CountryCode): string {
  if (value === '') return `missing_${type}`;
  const result = type === 'email' ? normalizeEmail(value) : type === 'mobile' ? normalizeMobile(value, country) : normalizeCustomerId(value);
  return result.ok ? `invalid_${type}` : result.reason;
}
