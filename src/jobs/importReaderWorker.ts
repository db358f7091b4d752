import { parentPort, workerData } from 'node:worker_threads';
import type { IdentifierType } from '../domain/channels';
import { toErrorInfo, type ErrorInfo } from '../domain/errors';
import { readTables, type TableEvent } from '../files/readTables';
import { layoutFor, stageRecord, tableNamesChannels, type RowRules, type TableLayout } from './importRows';
import { packProblem, shownName, type Problem } from './problems';
import { pastedTables } from './pasteRecords';
import { heldForTest } from './heldForTest';
import { wordedError } from '../domain/wording';
import { StagedRowPacker, type PackedRows, type StagedShape } from './stagedRows';

/** What the import's reading thread is asked to read. */
export interface ImportReadTask {
  kind: 'import' | 'paste';
  files: string[];
  text?: string;
  rules: RowRules;
  /** The sheet read from each workbook (`--sheet`). */
  sheet?: string;
}

/** One batch of read records, already normalised and packed for the staging table. */
export interface ReadBatch {
  type: 'batch';
  rows: PackedRows;
  /** Problem lines, packed (problems.ts: packProblem). */
  problems: unknown[];
  /** The reason of each record rejected whole. */
  rejectedReasons: string[];
  /** Data records read (header rows excluded), those that asked for no channel, and those a format or mapping says are no blocks. */
  rowsRead: number;
  noChannel: number;
  notBlocks: number;
  bytesRead: number;
  bytesTotal: number;
}

export type FromImportReader =
  | { type: 'table'; file: string; encoding: string }
  | { type: 'warning'; message: string }
  /** How a table's columns are read, decided from its first record: a recognised export's or a mapping's name, or null (aliases). */
  | { type: 'layout'; file: number; format: string | null }
  /** A table's blocked_at cells that proved day-first and month-first order (sent as the next table starts, or before done). */
  | { type: 'dates'; file: number; dmy: number; mdy: number }
  | ReadBatch
  | { type: 'done'; shape: StagedShape; perRowDetails: boolean }
  | { type: 'failed'; error: ErrorInfo };

export type ToImportReader = { type: 'ack' };

/**
 * A recognised export whose yes/no columns name each row's channels does not take
 * --channels: the channels asked that it cannot name are said, not silently dropped.
 */
function channelsNotApplied(file: string, layout: TableLayout, rules: RowRules): string | null {
  const flags = layout.reading?.flags;
  if (flags === undefined) return null;
  const named = new Set(flags.map((flag) => flag.channel));
  const unused = rules.channels.filter((channel) => !named.has(channel));
  if (unused.length === 0) return null;
  return `the channels chosen (${unused.join(', ')}) were not applied to ${shownName(file)} (${layout.reading?.label}): its columns name each row's channels (${[...named].join(', ')})`;
}

/** Batches the reading thread may run ahead of the staging one: memory stays bounded. */
const MAX_IN_FLIGHT = 4;

async function run(port: NonNullable<typeof parentPort>, task: ImportReadTask): Promise<void> {
  const { rules } = task;
  let inFlight = 0;
  let acked: () => void = () => {};
  port.on('message', (message: ToImportReader) => {
    if (message.type === 'ack') {
      inFlight -= 1;
      acked();
    }
  });
  const roomToSend = () => (inFlight < MAX_IN_FLIGHT ? Promise.resolve() : new Promise<void>((resolve) => (acked = resolve)));

  let bytesRead = 0;
  let bytesTotal = 0;
  const source: AsyncIterable<TableEvent> = heldForTest(
    task.kind === 'paste'
      ? pastedTables(task.text ?? '', rules.using as IdentifierType)
      : readTables(task.files, { sheet: task.sheet, onProgress: (read, total) => ((bytesRead = read), (bytesTotal = total)) }),
  );
  const packer = new StagedRowPacker({ category: rules.category, reason: rules.reason });
  let layout: TableLayout | null = null;
  let fileIndex = -1;
  let perRowDetails = false;
  let proved = { dmy: 0, mdy: 0 };
  const endTable = () => {
    if (fileIndex >= 0 && proved.dmy + proved.mdy > 0) port.postMessage({ type: 'dates', file: fileIndex, ...proved } satisfies FromImportReader);
    proved = { dmy: 0, mdy: 0 };
  };
  const rowProblems: Problem[] = [];
  for await (const event of source) {
    if (event.type === 'warning') {
      port.postMessage({ type: 'warning', message: event.message } satisfies FromImportReader);
      continue;
    }
    if (event.type === 'table') {
      endTable();
      layout = null;
      fileIndex += 1;
      port.postMessage({ type: 'table', file: event.table.file, encoding: event.table.encoding } satisfies FromImportReader);
      continue;
    }
    const problems: unknown[] = [];
    const rejectedReasons: string[] = [];
    let rowsRead = 0;
    let noChannel = 0;
    let notBlocks = 0;
    for (let i = 0; i < event.records.length; i += 1) {
      const record = event.records[i] as string[];
      const line = event.lines[i] as number;
      if (layout === null) {
        layout = layoutFor(event.table.file, record, rules);
        if (rules.channels.length === 0 && !rules.legacy && !tableNamesChannels(layout)) {
          throw wordedError('usage', 'channels_required', { file: shownName(event.table.file) });
        }
        port.postMessage({ type: 'layout', file: fileIndex, format: layout.reading?.label ?? null } satisfies FromImportReader);
        const unused = channelsNotApplied(event.table.file, layout, rules);
        if (unused !== null) port.postMessage({ type: 'warning', message: unused } satisfies FromImportReader);
        const { category, reason, blocked_at } = layout.columns;
        if (category !== undefined || reason !== undefined || blocked_at !== undefined || layout.reading !== undefined) perRowDetails = true;
        if (layout.hasHeader) continue;
      }
      rowsRead += 1;
      rowProblems.length = 0;
      const outcome = stageRecord(record, layout, rules, rowProblems);
      for (const problem of rowProblems) packProblem(problems, fileIndex, line, problem);
      if (outcome.kind === 'staged') {
        packer.add(fileIndex, line, outcome.row);
        if (outcome.row.dateKind === 1) proved.dmy += 1;
        else if (outcome.row.dateKind === 2) proved.mdy += 1;
      } else if (outcome.kind === 'rejected') rejectedReasons.push(outcome.reason);
      else if (outcome.kind === 'not_block') notBlocks += 1;
      else noChannel += 1;
    }
    await roomToSend();
    inFlight += 1;
    port.postMessage({ type: 'batch', rows: packer.take(), problems, rejectedReasons, rowsRead, noChannel, notBlocks, bytesRead, bytesTotal } satisfies FromImportReader);
  }
  endTable();
  port.postMessage({ type: 'done', shape: packer.shape, perRowDetails } satisfies FromImportReader);
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as ImportReadTask).catch((err: unknown) => {
    port.postMessage({ type: 'failed', error: toErrorInfo(err) } satisfies FromImportReader);
  });
}
