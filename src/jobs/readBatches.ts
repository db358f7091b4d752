import { DeskError } from '../domain/errors';
import type { TableEvent } from '../files/tableEvents';
import type { ProgressMeter } from './progressMeter';
import type { JobReport } from './report';

export interface BatchHandlers {
  /** A new table (a file, or a ZIP entry) starts: forget the previous one's header. */
  table(file: string): void;
  /** Records with their physical line numbers, in file order. */
  batch(records: string[][], lines: number[], file: string): void;
}

/**
 * Drives a job's reading: hands every table and batch of records to the job, records
 * warnings and encodings on the report, moves the progress meter, and stops with
 * `cancelled` as soon as the job is cancelled.
 */
export async function readBatches(
  source: AsyncIterable<TableEvent>,
  { signal, meter, report }: { signal: AbortSignal; meter: ProgressMeter; report: JobReport },
  handlers: BatchHandlers,
): Promise<void> {
  const encodings = new Set<string>();
  for await (const event of source) {
    if (signal.aborted) throw new DeskError('cancelled', 'the job was cancelled; nothing was applied');
    if (event.type === 'warning') report.warnings.push(event.message);
    else if (event.type === 'table') {
      encodings.add(event.table.encoding);
      handlers.table(event.table.file);
    } else {
      handlers.batch(event.records, event.lines, event.table.file);
      meter.rows = report.rows_read;
      meter.update('reading');
    }
  }
  if (signal.aborted) throw new DeskError('cancelled', 'the job was cancelled; nothing was applied');
  report.encoding = [...encodings].join(', ') || null;
}
