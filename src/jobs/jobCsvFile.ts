import fs from 'node:fs';
import path from 'node:path';
import { CsvFileWriter } from '../files/csvWriter';

/**
 * A CSV a job keeps in its folder (problems, messages to review): made on the first line
 * only, so a job with nothing to say leaves no file; put in place when the job lands,
 * removed when it does not.
 */
export class JobCsvFile {
  private writer: CsvFileWriter | null = null;

  constructor(
    readonly path: string,
    private readonly header: readonly string[],
  ) {}

  write(cells: readonly (string | null)[]): void {
    if (this.writer === null) {
      fs.mkdirSync(path.dirname(this.path), { recursive: true });
      this.writer = new CsvFileWriter(this.path, { atomic: true });
      this.writer.write(this.header);
    }
    this.writer.write(cells);
  }

  /** Puts the file in place; its path, or null when nothing was written. */
  close(): string | null {
    if (this.writer === null) return null;
    this.writer.close();
    return this.path;
  }

  abort(): void {
    this.writer?.abort();
    this.writer = null;
  }
}
