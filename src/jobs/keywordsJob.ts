import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { parseMessageChannel, readMessage, type KeywordChannel, type KeywordLists, type MessageChannel } from '../domain/keywords';
import { normalizeMobile } from '../domain/mobile';
import { readDateInOrder, localTimeZone, type DateContext, type DateOrder, defaultDateOrder } from '../domain/dates';
import { quoteForMessage } from '../domain/rawIdentifier';
import { channelAddress, detectMessageLogHeader, messageDirection, MESSAGE_LOG_FIELDS, type MessageLogColumns, type MessageLogMapping } from '../files/messageLogColumns';
import { readTables } from '../files/readTables';
import type { ChangeContext } from '../store/contactWriter';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { applyOptIn, applyOptOut } from '../store/keywordChanges';
import { addSenderNumbers } from '../store/settings';
import { recordAsks } from '../store/jobAsks';
import { channelBit } from './importRows';
import type { JobContext } from './importJob';
import { KeywordStaging } from './keywordStaging';
import { heldForTest } from './heldForTest';
import { ProgressMeter } from './progressMeter';
import { readBatches } from './readBatches';
import { ProblemsFile, shownName } from './problems';
import { ToReviewList } from './keywordReview';
import { emptyReport, type JobReport } from './report';
import { endJobWithError } from './jobEnd';

export interface KeywordsTask {
  kind: 'keywords';
  job: string;
  dataFolder: string;
  actor: string;
  /** Inbound-message logs: CSV (or ZIPs of CSV) with from, channel, text and received_at columns. */
  files: string[];
  /** The default country for national `from` numbers. */
  country: CountryCode;
  /** The settings' keyword lists when the job was queued. */
  keywords: KeywordLists;
  /** Day/month order of received_at dates, and the zone of times written without one (settings or flags). */
  dateOrder?: DateOrder;
  timeZone?: string;
  /** The channel of messages whose log has no channel column and whose sender no `whatsapp:`/`rcs:` prefix (--channel; default sms). */
  channel?: KeywordChannel;
  /** `--column ROLE=HEADER`: which header holds what, for a log the aliases do not read. */
  mapping?: MessageLogMapping;
  /** Our own sender numbers (E.164; the setting, and --sender): a message from one of them is outbound when the log has no direction. */
  senderNumbers?: string[];
}


function keywordsReport(job: string): JobReport {
  return { ...emptyReport(job, 'keywords'), messages: 0, opt_outs: 0, opt_ins: 0, ignored: 0, ignored_by_reason: {}, not_keywords: 0, to_review: 0, outbound: 0 };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Keyword capture. Reads the logs into the connection's temp staging table (no lock on
 * the blocklist; only rows that are keywords on their channel are kept), then applies
 * them in received_at order — file order breaks ties — in one IMMEDIATE transaction that
 * also records the report. Messages that say an opt-out in other words are listed on the
 * report to review, for the officer to apply one by one (jobs.applyOptOut), never by the
 * job. Cancel, an error or a kill before that commit leaves the blocklist as it was.
 * Every change goes through writeContactChange, so it is audited, counted and queued for
 * sync like any other.
 */
export async function runKeywords(task: KeywordsTask, ctx: JobContext): Promise<JobReport> {
  const report = keywordsReport(task.job);
  const db = openDatabase(databasePath(task.dataFolder));
  const problems = new ProblemsFile(task.dataFolder, task.job, report);
  const toReview = new ToReviewList(task.dataFolder, task.job, report);
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  try {
    markJobRunning(db, task.job, process.pid);
    const staging = new KeywordStaging(db);
    const now = Date.now();
    const senders = new SenderNumbers(task.senderNumbers ?? []);
    await stageMessages(db, task, ctx, meter, { staging, toReview, senders }, report, problems, now);
    if (report.rejected > 0 && report.rejected === report.rows_read) {
      throw new DeskError('nothing_landed', `every message was rejected (${report.rejected}); nothing was applied — the problems file says why`);
    }

    // From here the apply's one transaction runs: a cancel can no longer act (the card says so).
    meter.cancellable = false;
    meter.update('applying', true);
    db.transaction(() => {
      applyStaged(db, task, staging, report, meter, now);
      if (senders.learned.length > 0) {
        // The To of inbound messages: our own numbers, so a later log without a direction knows them.
        addSenderNumbers(db, senders.learned);
        report.sender_numbers_learned = senders.learned;
      }
      report.status = (report.problems ?? 0) > 0 ? 'succeeded_with_problems' : 'succeeded';
      problems.close();
      toReview.close();
      finishJob(db, task.job, { status: report.status, report, error: null });
    }).immediate();
    staging.drop();
    meter.update('done', true);
    return report;
  } catch (err) {
    toReview.abort();
    if (err instanceof DeskError && err.code === 'nothing_landed') problems.close();
    else problems.abort();
    return endJobWithError(db, report, err, task.files);
  } finally {
    db.close();
  }
}

function cell(record: string[], index: number | undefined): string {
  return index === undefined ? '' : (record[index] ?? '').trim();
}

/** Our own sender numbers: those the job was given, and those it learns from the To of inbound messages. */
class SenderNumbers {
  private readonly ours: Set<string>;
  readonly learned: string[] = [];

  constructor(numbers: readonly string[]) {
    this.ours = new Set(numbers);
  }

  get size(): number {
    return this.ours.size;
  }

  has(mobile: string): boolean {
    return this.ours.has(mobile);
  }

  learn(toCell: string, country: CountryCode): void {
    const { number } = channelAddress(toCell);
    if (number === '') return;
    const mobile = normalizeMobile(number, country);
    // A short code or an alphanumeric sender is no mobile: nobody can send from it to us by mistake.
    if (!mobile.ok || this.ours.has(mobile.value)) return;
    this.ours.add(mobile.value);
    this.learned.push(mobile.value);
  }
}

/**
 * A message's channel: a channel address (`whatsapp:+91…`) says it, else the log's channel
 * column, else the job's --channel (SMS by default).
 */
function messageChannel(prefix: string | null, columns: MessageLogColumns, record: string[], fallback: KeywordChannel): MessageChannel {
  if (prefix !== null && prefix !== 'tel') return parseMessageChannel(prefix);
  if (columns.channel !== undefined) return parseMessageChannel(cell(record, columns.channel));
  return { kind: 'keyword', channel: fallback };
}

/**
 * Sorts each data row into one of the report's buckets. Outbound messages (the log's
 * direction says so, or, without one, the sender is one of our numbers) are counted and
 * never read further: a STOP we sent opts nobody out. Rows for email or an unknown
 * channel are ignored and rows that neither are a keyword on their channel nor say an
 * opt-out are counted, both without checking their number or time (they cannot change
 * anything); a keyword row, or one to review, with an invalid number (or an opt-in with an
 * invalid time) is rejected; keyword rows are staged, the ones to review listed.
 */
async function stageMessages(
  db: Db,
  task: KeywordsTask,
  ctx: JobContext,
  meter: ProgressMeter,
  into: { staging: KeywordStaging; toReview: ToReviewList; senders: SenderNumbers },
  report: JobReport,
  problems: ProblemsFile,
  now: number,
): Promise<void> {
  let columns: MessageLogColumns | null = null;
  let fileIndex = -1;
  const dates: DateContext = { timeZone: task.timeZone ?? localTimeZone(), now, serials: false };
  let tableDates = dates;
  const order = task.dateOrder ?? defaultDateOrder(task.country);
  const fileNames = problems.fileNames;
  const layouts: string[] = [];
  const { senders } = into;
  let headerNames: string[] = [];
  const column = (index: number | undefined) => (index === undefined ? '' : (headerNames[index] ?? ''));
  const stageBatch = db.transaction((records: string[][], lines: number[], file: string) => {
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i] as string[];
      const line = lines[i] as number;
      if (columns === null) {
        const header = detectMessageLogHeader(record, task.mapping, shownName(file));
        if (!header.ok) {
          throw new DeskError(
            'file_malformed',
            `${file}: line ${line} must be a header naming ${MESSAGE_LOG_FIELDS.join(', ')} (missing ${header.missing.join(', ')}; found ${quoteForMessage(record.join(','))})`,
          );
        }
        columns = header.columns;
        tableDates = header.zone !== undefined ? { ...dates, timeZone: header.zone } : dates;
        if (header.layout !== null && !layouts.includes(header.layout)) layouts.push(header.layout);
        headerNames = record;
        continue;
      }
      report.rows_read += 1;
      const from = channelAddress(cell(record, columns.from));
      const directionCell = cell(record, columns.direction);
      const direction = directionCell === '' ? null : messageDirection(directionCell);
      if (direction === 'outbound') {
        report.outbound = (report.outbound ?? 0) + 1;
        continue;
      }
      if (direction === 'unknown') {
        report.ignored = (report.ignored ?? 0) + 1;
        bump(report.ignored_by_reason ?? {}, 'unknown_direction');
        continue;
      }
      if (direction === 'inbound' && columns.to !== undefined) senders.learn(cell(record, columns.to), task.country);
      if (direction === null && senders.size > 0 && from.number !== '') {
        const sender = normalizeMobile(from.number, task.country);
        if (sender.ok && senders.has(sender.value)) {
          report.outbound = (report.outbound ?? 0) + 1;
          continue;
        }
      }
      const channel = messageChannel(from.prefix, columns, record, task.channel ?? 'sms');
      if (channel.kind !== 'keyword') {
        report.ignored = (report.ignored ?? 0) + 1;
        bump(report.ignored_by_reason ?? {}, channel.kind === 'email' ? 'email_channel' : 'unknown_channel');
        continue;
      }
      const text = record[columns.text] ?? '';
      const meaning = readMessage(task.keywords, channel.channel, text);
      if (meaning.kind === 'not_keyword') {
        report.not_keywords = (report.not_keywords ?? 0) + 1;
        continue;
      }
      const action = meaning.kind === 'keyword' ? meaning.action : 'to_review';
      const phrase = meaning.kind === 'to_review' ? meaning.phrase : '';
      // A message to review that cannot be attributed is rejected as a keyword would be: the officer learns of it.
      const notListed = action === 'to_review' ? ` (it says ${phrase}; not listed to review)` : '';
      if (from.number === '') {
        problems.reject(fileIndex, line, { column: column(columns.from), value: cell(record, columns.from), kind: 'missing_from', message: `the from column is empty: nothing to block${notListed}` });
        continue;
      }
      const mobile = normalizeMobile(from.number, task.country);
      if (!mobile.ok) {
        problems.reject(fileIndex, line, { column: column(columns.from), value: cell(record, columns.from), kind: mobile.reason, message: `${mobile.message}${notListed}` });
        continue;
      }
      if (mobile.warning !== undefined && action !== 'to_review') {
        problems.add(fileIndex, line, { column: column(columns.from), value: cell(record, columns.from), kind: 'mobile_not_valid_for_country', message: mobile.warning, action: 'blocked, check it' });
      }
      const receivedText = columns.received_time === undefined ? cell(record, columns.received_at) : `${cell(record, columns.received_at)} ${cell(record, columns.received_time)}`.trim();
      const received = readDateInOrder(receivedText, order, tableDates);
      let receivedAt: number;
      if (received.ok) receivedAt = received.ms;
      else {
        const why = receivedText === '' ? 'the received_at column is empty' : received.message;
        const kind = receivedText === '' ? 'missing_date' : received.problem === 'out_of_range' ? 'date_out_of_range' : 'unreadable_date';
        if (action === 'opt_in') {
          // Lifting a block on a message whose time is unknown could undo a later opt-out.
          problems.reject(fileIndex, line, { column: column(columns.received_at), value: receivedText, kind, message: `${why}: an opt-in needs its time, so it was not applied` });
          continue;
        }
        const asOfJob = action === 'opt_out' ? 'the opt-out was applied as of the job' : 'listed to review as of the job';
        problems.add(fileIndex, line, { column: column(columns.received_at), value: receivedText, kind, message: `${why}: ${asOfJob}`, action: 'dated at import' });
        receivedAt = now;
      }
      if (action === 'to_review') {
        report.not_keywords = (report.not_keywords ?? 0) + 1;
        into.toReview.add({
          file: shownName(fileNames[fileIndex] ?? ''),
          line,
          from: mobile.value,
          channel: channel.channel,
          text: text.trim(),
          received_at: new Date(receivedAt).toISOString(),
          phrase,
        });
        continue;
      }
      into.staging.add({ receivedAt, file: fileIndex, line, mobile: mobile.value, channel: channel.channel, action, text: text.trim() });
    }
  });
  const source = heldForTest(readTables(task.files, { signal: ctx.signal, onProgress: (read, total) => ((meter.bytesRead = read), (meter.bytesTotal = total)) }), ctx.signal);
  await readBatches(source, { signal: ctx.signal, meter, report }, {
    table(file) {
      columns = null;
      fileIndex += 1;
      fileNames.push(file);
    },
    batch: stageBatch,
  });
  report.messages = report.rows_read;
  report.format = layouts.length > 0 ? layouts.join('; ') : null;
  if (report.rows_read === 0) throw new DeskError('file_empty', `${fileNames.join(', ') || task.files.join(', ')}: no messages under the header`);
}

/** Applies the staged keyword rows oldest first; runs inside the job's one transaction. */
function applyStaged(db: Db, task: KeywordsTask, staging: KeywordStaging, report: JobReport, meter: ProgressMeter, now: number): void {
  const context: ChangeContext = { at: now, actor: task.actor, source: `keywords:${task.job}`, job: task.job };
  const created = new Set<number>();
  const touched = new Set<number>();
  let applied = 0;
  const asked = new Map<number, number>();
  for (const page of staging.inReceivedOrder()) {
    for (const message of page) {
      const outcome = message.action === 'opt_out' ? applyOptOut(db, message, context) : applyOptIn(db, message, context);
      if (!outcome.changed) {
        report.unchanged += 1;
        if (outcome.alreadyBlocked !== undefined) asked.set(outcome.alreadyBlocked, (asked.get(outcome.alreadyBlocked) ?? 0) | channelBit(message.channel));
      } else {
        if (message.action === 'opt_out') report.opt_outs = (report.opt_outs ?? 0) + 1;
        else report.opt_ins = (report.opt_ins ?? 0) + 1;
        if (outcome.created) created.add(outcome.contactId);
        else if (!created.has(outcome.contactId)) touched.add(outcome.contactId);
      }
    }
    applied += page.length;
    meter.rows = applied;
    meter.update('applying');
  }
  if (asked.size > 0) {
    // Opt-outs that found their block in place: a revert of the job that made it keeps it.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS keyword_asks(id INTEGER PRIMARY KEY, bits INTEGER NOT NULL); DELETE FROM temp.keyword_asks;');
    const add = db.prepare('INSERT INTO temp.keyword_asks(id, bits) VALUES (?, ?)');
    for (const [id, bits] of asked) add.run(id, bits);
    recordAsks(db, task.job, 'SELECT id, bits FROM temp.keyword_asks');
    db.exec('DROP TABLE temp.keyword_asks');
  }
  // A contact the job created and then changed again is counted once, as added.
  report.added = created.size;
  report.updated = touched.size;
}
