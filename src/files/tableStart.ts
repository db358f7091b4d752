import { readFileStart } from './inputFiles';
import { readTables } from './readTables';
import { readTextTable } from './readTextTable';

/** How much of a plain file's start is read for its first records: a header and a screenful of rows, not the file. */
export const TABLE_START_BYTES = 256 * 1024;

export interface TableStart {
  /** The table read: the file, or `archive.zip!member.csv`. */
  file: string;
  records: string[][];
  /** 1-based physical line of each record. */
  lines: number[];
  /** Tables met before it, and it (a ZIP's members in order, up to the one read). */
  tables: string[];
  /** A workbook's: the sheet read, and every sheet in tab order (for a sheet picker). */
  sheet?: string;
  sheets?: string[];
}

function isZip(head: Buffer): boolean {
  return head[0] === 0x50 && head[1] === 0x4b;
}

/**
 * The first `records` records of the first table of a file, without reading the rest: the
 * header the import decides by, and the rows the mapping step previews. Of a plain file
 * only its start is read (whole lines, whole UTF-16 units, so it decodes as the file
 * would; the job's reader checks the whole file's encoding first, which for a big file
 * costs what a preview must not); of a ZIP (or a workbook: `sheet`, else its first) its
 * first table as the reader streams it. Errors are the reader's DeskErrors.
 */
export async function readTableStart(file: string, records: number, options: { sheet?: string; peekBytes?: number } = {}): Promise<TableStart | null> {
  const peekBytes = options.peekBytes ?? TABLE_START_BYTES;
  const head = await readFileStart(file, peekBytes);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  // A file shorter than the peek is here whole; of a longer one, whole lines only.
  const whole = head.length < peekBytes;
  const end = whole ? head.length : utf16 ? head.length - (head.length % 2) : head.lastIndexOf(0x0a) + 1;
  const sample = head.subarray(0, end > 0 ? end : head.length);
  const tables = isZip(head)
    ? readTables([file], { batchSize: records, ...(options.sheet !== undefined ? { sheet: options.sheet } : {}) })
    : readTextTable(
        {
          label: file,
          kind: /\.txt$/i.test(file) ? 'txt' : 'csv',
          open: async function* () {
            yield sample;
          },
          progress: () => {},
        },
        { batchSize: records, maxRecordChars: peekBytes },
      );
  const start: TableStart = { file, records: [], lines: [], tables: [] };
  for await (const event of tables) {
    if (event.type !== 'records') continue;
    if (start.tables.length === 0 || start.tables[start.tables.length - 1] !== event.table.file) start.tables.push(event.table.file);
    if (start.records.length > 0 && event.table.file !== start.file) break;
    start.file = event.table.file;
    if (event.table.sheet !== undefined) start.sheet = event.table.sheet;
    if (event.table.sheets !== undefined) start.sheets = event.table.sheets;
    for (let i = 0; i < event.records.length && start.records.length < records; i += 1) {
      start.records.push(event.records[i] as string[]);
      start.lines.push(event.lines[i] as number);
    }
    if (start.records.length >= records) break;
  }
  return start.records.length > 0 ? start : null;
}
