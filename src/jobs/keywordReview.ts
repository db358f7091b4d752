import path from 'node:path';
import { JobCsvFile } from './jobCsvFile';
import { jobFolder } from '../store/dataFolder';
import type { JobReport, ToReviewMessage } from './report';

/**
 * How many messages to review the report itself lists: enough for a day's replies, small
 * enough that the Jobs screen, which loads the newest reports, stays light. Every one of
 * them is in the job folder's `to-review.csv`.
 */
export const MAX_LISTED_TO_REVIEW = 100;

/** A block's reason is at most this long (src/store/keywordChanges.ts), so the listed text is too. */
const MAX_LISTED_TEXT = 500;

const HEADER = ['file', 'line', 'from', 'channel', 'received_at', 'says', 'text'];

/**
 * The messages of a keywords job that say an opt-out in other words: counted on the
 * report (`to_review`, part of `not_keywords`), the first ones listed on it, and all of
 * them in `to-review.csv`, made on the first one and put in place with the report.
 */
export class ToReviewList {
  private readonly file: JobCsvFile;

  constructor(
    dataFolder: string,
    job: string,
    private readonly report: JobReport,
  ) {
    this.file = new JobCsvFile(path.join(jobFolder(dataFolder, job), 'to-review.csv'), HEADER);
    report.to_review = 0;
    report.to_review_messages = [];
    report.to_review_file = null;
  }

  add(message: ToReviewMessage): void {
    const report = this.report;
    report.to_review = (report.to_review ?? 0) + 1;
    const listed = (report.to_review_messages ??= []);
    if (listed.length < MAX_LISTED_TO_REVIEW) listed.push({ ...message, text: message.text.slice(0, MAX_LISTED_TEXT) });
    this.file.write([message.file, String(message.line), message.from, message.channel, message.received_at, message.phrase, message.text]);
  }

  /** Puts the file in place (in the job's final transaction) and names it on the report. */
  close(): void {
    const written = this.file.close();
    if (written !== null) this.report.to_review_file = written;
  }

  /** The job did not land: no file, and none on the report. */
  abort(): void {
    this.file.abort();
    this.report.to_review_file = null;
  }
}
