import { CsvRecordParser, type RecordBatch } from './csvRecords';

/** The delimiters a vendor file may use, in the order a tie is settled. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Records looked at; the first few rows decide (header plus data). */
const SAMPLE_RECORDS = 50;

/**
 * Picks the delimiter from the start of a file: each candidate parses the sample with
 * the real parser (so delimiters inside quotes do not count), and the one that splits
 * the most records into the same number (> 1) of cells wins; then the one giving more
 * cells; then the order of DELIMITERS. A record that takes a quote literally, or fails
 * to parse, under a candidate counts against it: quotes that do not line up with field
 * starts mean the fields were cut in the wrong places. A file no candidate splits is
 * single-column: `,`.
 *
 * `sampleIsWhole` says the sample is the whole text, so its last record is complete.
 */
export function detectDelimiter(sample: string, sampleIsWhole: boolean): string {
  return findDelimiter(sample, sampleIsWhole) ?? ',';
}

/**
 * detectDelimiter's choice, or null when no candidate splits most records into two or
 * more cells: a list of one value a line (how a TXT file is told from a table in one).
 */
export function findDelimiter(sample: string, sampleIsWhole: boolean): string | null {
  let best: { delimiter: string; share: number; cells: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const { counts, misfits } = cellCounts(sample, delimiter, sampleIsWhole);
    if (counts.length === 0) continue;
    const { value: cells, count } = mode(counts);
    const share = Math.max(0, count - misfits) / (counts.length + (misfits > 0 ? 1 : 0));
    if (cells < 2 || share === 0) continue;
    if (best === null || share > best.share || (share === best.share && cells > best.cells)) best = { delimiter, share, cells };
  }
  return best?.delimiter ?? null;
}

function cellCounts(sample: string, delimiter: string, sampleIsWhole: boolean): { counts: number[]; misfits: number } {
  const parser = new CsvRecordParser({ file: 'sample', kind: 'csv', delimiter, maxRecordChars: Number.MAX_SAFE_INTEGER });
  parser.append(sample);
  if (sampleIsWhole) parser.finish();
  const batch: RecordBatch = { records: [], lines: [] };
  let failed = 0;
  try {
    parser.parseInto(batch, SAMPLE_RECORDS);
  } catch {
    // E.g. text after a closing quote that ran over lines: fields cut in the wrong places.
    failed = 1;
  }
  return { counts: batch.records.map((record) => record.length), misfits: parser.recordsWithStrayQuotes + failed };
}

/** The most frequent value and how often it occurs; ties go to the larger value. */
function mode(values: number[]): { value: number; count: number } {
  const tally = new Map<number, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  let value = 0;
  let count = 0;
  for (const [v, c] of tally) {
    if (c > count || (c === count && v > value)) {
      value = v;
      count = c;
    }
  }
  return { value, count };
}
