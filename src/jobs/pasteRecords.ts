import { pastedEntries, type PastedIdentifier } from '../domain/pasteEntries';
import type { TableEvent, TableInfo } from '../files/readTables';

export const PASTE_SOURCE_NAME = '(pasted text)';

/**
 * Multiple Input as records: each identifier (domain/pasteEntries.ts, the split the
 * Blocklist Contact screen counts with) a one-cell record carrying the line it was typed on.
 */
export async function* pastedTables(text: string, using: PastedIdentifier, batchSize = 2000): AsyncGenerator<TableEvent> {
  const table: TableInfo = { file: PASTE_SOURCE_NAME, encoding: 'utf-8', delimiter: ',', kind: 'txt' };
  yield { type: 'table', table };
  let records: string[][] = [];
  let lines: number[] = [];
  for (const entry of pastedEntries(text, using)) {
    records.push([entry.value]);
    lines.push(entry.line);
    if (records.length >= batchSize) {
      yield { type: 'records', table, records, lines };
      records = [];
      lines = [];
    }
  }
  if (records.length > 0) yield { type: 'records', table, records, lines };
}
