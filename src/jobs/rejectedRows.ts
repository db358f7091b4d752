import fs from 'node:fs';
import path from 'node:path';
import { CsvFileWriter } from '../files/csvWriter';
import { jobFolder } from '../store/dataFolder';
import type { JobReport } from './report';

const REJECTED_HEADER = ['line', 'value', 'reason', 'detail', 'file'];

/** Records one rejected row: file index, physical line, the raw value, the reason and its sentence. */
export type Reject = (file: number, line: number, value: string, reason: string, message: string) => void;

/**
 * The rejected-rows CSV a reading job (import, paste, keywords) keeps in its job folder,
 * and the counts on its report. `fileNames` are the tables read so far, in order; a
 * rejection names its table by index.
 */
export class RejectedRows {
  readonly fileNames: string[] = [];
  private readonly path: string;
  private readonly writer: CsvFileWriter;

  constructor(
    dataFolder: string,
    job: string,
    private readonly report: JobReport,
  ) {
    const folder = jobFolder(dataFolder, job);
    fs.mkdirSync(folder, { recursive: true });
    this.path = path.join(folder, 'rejected.csv');
    this.writer = new CsvFileWriter(this.path, { atomic: true });
    this.writer.write(REJECTED_HEADER);
  }

  readonly reject: Reject = (file, line, value, reason, message) => {
    this.report.rejected += 1;
    this.report.rejected_by_reason[reason] = (this.report.rejected_by_reason[reason] ?? 0) + 1;
    this.writer.write([String(line), value, reason, message, this.fileNames[file] ?? '']);
  };

  /** Puts the file in place (in the job's final transaction) and names it on the report when a row was rejected. */
  close(): void {
    this.report.rejected_file = this.report.rejected > 0 ? this.path : null;
    this.writer.close();
  }

  /** The job failed: no file, and none on the report. */
  abort(): void {
    this.writer.abort();
    this.report.rejected_file = null;
  }
}
