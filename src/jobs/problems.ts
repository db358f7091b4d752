import path from 'node:path';
import { JobCsvFile } from './jobCsvFile';
import { jobFolder } from '../store/dataFolder';
import type { JobReport } from './report';

/**
 * What became of the part of a row a problem line is about. A row is rejected whole only
 * when nothing in it can be blocked; every other problem costs a cell, a channel or a
 * date, never the blocks the row's valid identifiers carry (DESIGN.md, Domain).
 */
export const PROBLEM_ACTIONS = [
  'row rejected',
  'cell ignored',
  'channel not applied',
  'dated at import',
  'category replaced',
  'blocked separately',
  'blocked, check it',
] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

/** One problem line: the cell at fault (column and raw value), its kind, a sentence, and the action taken. */
export interface Problem {
  column: string;
  value: string;
  kind: string;
  message: string;
  action: ProblemAction;
}

/** Problems travel between threads as flat lists, PROBLEM_WIDTH values each. */
export const PROBLEM_WIDTH = 7;

/** Appends a problem of the table `file` (its index in the job), physical `line`, to a flat list. */
export function packProblem(into: unknown[], file: number, line: number, problem: Problem): void {
  into.push(file, line, problem.column, problem.value, problem.kind, problem.message, PROBLEM_ACTIONS.indexOf(problem.action));
}

const HEADER = ['file', 'line', 'column', 'value', 'problem', 'action'];

/**
 * A table's name as the officer knows it: the file's own name (`list.csv`), or the
 * archive's and its entry's (`suppressions.zip!unsubscribes.csv`), not the folder it was
 * read from.
 */
export function shownName(label: string): string {
  const bang = label.indexOf('!');
  return bang === -1 ? path.basename(label) : path.basename(label.slice(0, bang)) + label.slice(bang);
}

/**
 * The problems CSV a reading job (import, paste, keywords) keeps in its job folder, and
 * the counts on its report: `problems` and `problems_by_kind` count lines, `rejected` and
 * `rejected_by_reason` rows rejected whole. The file is made on the first problem only,
 * so a job without problems leaves none. `fileNames` are the tables read so far, in order.
 */
export class ProblemsFile {
  readonly fileNames: string[] = [];
  private readonly file: JobCsvFile;

  constructor(
    dataFolder: string,
    job: string,
    private readonly report: JobReport,
  ) {
    this.file = new JobCsvFile(path.join(jobFolder(dataFolder, job), 'problems.csv'), HEADER);
    report.problems = 0;
    report.problems_by_kind = {};
    report.problems_file = null;
  }

  /** Adds one problem line of the table `file`, at its physical `line`. */
  add(file: number, line: number, problem: Problem): void {
    const report = this.report;
    report.problems = (report.problems ?? 0) + 1;
    const byKind = (report.problems_by_kind ??= {});
    byKind[problem.kind] = (byKind[problem.kind] ?? 0) + 1;
    this.file.write([shownName(this.fileNames[file] ?? ''), String(line), problem.column, problem.value, problem.message, problem.action]);
  }

  /** Adds the problems of a flat list (packProblem's). */
  addPacked(flat: readonly unknown[]): void {
    for (let i = 0; i < flat.length; i += PROBLEM_WIDTH) {
      this.add(flat[i] as number, flat[i + 1] as number, {
        column: flat[i + 2] as string,
        value: flat[i + 3] as string,
        kind: flat[i + 4] as string,
        message: flat[i + 5] as string,
        action: PROBLEM_ACTIONS[flat[i + 6] as number] ?? 'cell ignored',
      });
    }
  }

  /** Counts one row rejected whole (its problem lines are added on their own). */
  rowRejected(reason: string): void {
    this.report.rejected += 1;
    this.report.rejected_by_reason[reason] = (this.report.rejected_by_reason[reason] ?? 0) + 1;
  }

  /** A rejected row in one call: its one problem line and its count. */
  reject(file: number, line: number, problem: Omit<Problem, 'action'>): void {
    this.rowRejected(problem.kind);
    this.add(file, line, { ...problem, action: 'row rejected' });
  }

  /** Puts the file in place (in the job's final transaction) and names it on the report. */
  close(): void {
    const written = this.file.close();
    if (written === null) return;
    this.report.problems_file = written;
    this.report.rejected_file = this.report.rejected > 0 ? written : null;
  }

  /** The job was cancelled or stopped on an error: no file, and none on the report. */
  abort(): void {
    this.file.abort();
    this.report.problems_file = null;
    this.report.rejected_file = null;
  }

}
