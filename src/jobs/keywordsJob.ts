import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { matchKeyword, parseMessageChannel, type KeywordLists } from '../domain/keywords';
import { normalizeMobile } from '../domain/mobile';
import { parseReceivedAt } from '../domain/receivedAt';
import { quoteForMessage } from '../domain/rawIdentifier';
import { detectMessageLogHeader, MESSAGE_LOG_FIELDS, type MessageLogColumns } from '../files/messageLogColumns';
import { readTables } from '../files/readTables';
import type { ChangeContext } from '../store/contactWriter';
import { openDatabase, type Db } from '../store/database';
import { databasePath } from '../store/dataFolder';
import { finishJob, markJobRunning } from '../store/jobsTable';
import { applyOptIn, applyOptOut } from '../store/keywordChanges';
import type { JobContext } from './importJob';
import { KeywordStaging } from './keywordStaging';
import { ProgressMeter } from './progressMeter';
import { readBatches } from './readBatches';
import { RejectedRows, type Reject } from './rejectedRows';
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
}



function keywordsReport(job: string): JobReport {
  return { ...emptyReport(job, 'keywords'), messages: 0, opt_outs: 0, opt_ins: 0, ignored: 0, ignored_by_reason: {}, not_keywords: 0 };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Keyword capture. Reads the logs into the connection's temp staging table (no lock on
 * the blocklist; only rows that are keywords on their channel are kept), then applies
 * them in received_at order — file order breaks ties — in one IMMEDIATE transaction that
 * also records the report. Cancel, an error or a kill before that commit leaves the
 * blocklist as it was. Every change goes through writeContactChange, so it is audited,
 * counted and queued for sync like any other.
 */
export async function runKeywords(task: KeywordsTask, ctx: JobContext): Promise<JobReport> {
  const report = keywordsReport(task.job);
  const db = openDatabase(databasePath(task.dataFolder));
  const rejected = new RejectedRows(task.dataFolder, task.job, report);
  const meter = new ProgressMeter(task.job, ctx.onProgress);
  try {
    markJobRunning(db, task.job, process.pid);
    const staging = new KeywordStaging(db);
    await stageMessages(db, task, ctx, meter, staging, report, rejected.fileNames, rejected.reject);

    meter.update('applying', true);
    db.transaction(() => {
      applyStaged(db, task, staging, report, meter);
      report.status = 'succeeded';
      rejected.close();
      finishJob(db, task.job, { status: 'succeeded', report, error: null });
    }).immediate();
    staging.drop();
    meter.update('done', true);
    return report;
  } catch (err) {
    rejected.abort();
    return endJobWithError(db, report, err);
  } finally {
    db.close();
  }
}

function cell(record: string[], index: number): string {
  return (record[index] ?? '').trim();
}

/**
 * Sorts each data row into one of the report's buckets. Rows for email or an unknown
 * channel are ignored and rows that are not a keyword on their channel are counted, both
 * without checking their number or time (they cannot change anything); a keyword row
 * with an invalid number or time is rejected; the rest are staged.
 */
async function stageMessages(
  db: Db,
  task: KeywordsTask,
  ctx: JobContext,
  meter: ProgressMeter,
  staging: KeywordStaging,
  report: JobReport,
  fileNames: string[],
  reject: Reject,
): Promise<void> {
  let columns: MessageLogColumns | null = null;
  let fileIndex = -1;
  const stageBatch = db.transaction((records: string[][], lines: number[], file: string) => {
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i] as string[];
      const line = lines[i] as number;
      if (columns === null) {
        const header = detectMessageLogHeader(record);
        if (!header.ok) {
          throw new DeskError(
            'file_malformed',
            `${file}: line ${line} must be a header naming ${MESSAGE_LOG_FIELDS.join(', ')} (missing ${header.missing.join(', ')}; found ${quoteForMessage(record.join(','))})`,
          );
        }
        columns = header.columns;
        continue;
      }
      report.rows_read += 1;
      const channelCell = cell(record, columns.channel);
      const channel = parseMessageChannel(channelCell);
      if (channel.kind !== 'keyword') {
        report.ignored = (report.ignored ?? 0) + 1;
        bump(report.ignored_by_reason ?? {}, channel.kind === 'email' ? 'email_channel' : 'unknown_channel');
        continue;
      }
      const text = record[columns.text] ?? '';
      const action = matchKeyword(task.keywords, channel.channel, text);
      if (action === null) {
        report.not_keywords = (report.not_keywords ?? 0) + 1;
        continue;
      }
      const from = cell(record, columns.from);
      if (from === '') {
        reject(fileIndex, line, '', 'missing_from', 'the from column is empty');
        continue;
      }
      const mobile = normalizeMobile(from, task.country);
      if (!mobile.ok) {
        reject(fileIndex, line, from, mobile.reason, mobile.message);
        continue;
      }
      const receivedText = columns.received_time === undefined ? cell(record, columns.received_at) : `${cell(record, columns.received_at)} ${cell(record, columns.received_time)}`.trim();
      const receivedAt = parseReceivedAt(receivedText);
      if (receivedAt === undefined) {
        const why = receivedText === '' ? 'the received_at column is empty' : `${quoteForMessage(receivedText)} is not an ISO 8601 date and time`;
        reject(fileIndex, line, receivedText, 'invalid_received_at', why);
        continue;
      }
      staging.add({ receivedAt, file: fileIndex, line, mobile: mobile.value, channel: channel.channel, action, text: text.trim() });
    }
  });
  const source = readTables(task.files, { signal: ctx.signal, onProgress: (read, total) => ((meter.bytesRead = read), (meter.bytesTotal = total)) });
  await readBatches(source, { signal: ctx.signal, meter, report }, {
    table(file) {
      columns = null;
      fileIndex += 1;
      fileNames.push(file);
    },
    batch: stageBatch,
  });
  report.messages = report.rows_read;
  if (report.rows_read === 0) throw new DeskError('file_empty', `${fileNames.join(', ') || task.files.join(', ')}: no messages under the header`);
}

/** Applies the staged keyword rows oldest first; runs inside the job's one transaction. */
function applyStaged(db: Db, task: KeywordsTask, staging: KeywordStaging, report: JobReport, meter: ProgressMeter): void {
  const context: ChangeContext = { at: Date.now(), actor: task.actor, source: `keywords:${task.job}`, job: task.job };
  const created = new Set<number>();
  const touched = new Set<number>();
  let applied = 0;
  for (const page of staging.inReceivedOrder()) {
    for (const message of page) {
      const outcome = message.action === 'opt_out' ? applyOptOut(db, message, context) : applyOptIn(db, message, context);
      if (!outcome.changed) report.unchanged += 1;
      else {
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
  // A contact the job created and then changed again is counted once, as added.
  report.added = created.size;
  report.updated = touched.size;
}
