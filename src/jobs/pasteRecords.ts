import type { TableEvent, TableInfo } from '../files/readTables';

export const PASTE_SOURCE_NAME = '(pasted text)';

/**
 * Multiple Input: identifiers one a line or separated by commas, semicolons or spaces.
 * Each becomes a one-cell record carrying the line it was typed on. A piece that is
 * valid as a whole (`98765 43210` is one mobile) is kept whole; only otherwise are spaces
 * separators.
 */
export async function* pastedTables(text: string, isWhole: (piece: string) => boolean, batchSize = 2000): AsyncGenerator<TableEvent> {
  const table: TableInfo = { file: PASTE_SOURCE_NAME, encoding: 'utf-8', delimiter: ',', kind: 'txt' };
  yield { type: 'table', table };
  let records: string[][] = [];
  let lines: number[] = [];
  const textLines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < textLines.length; i += 1) {
    const tokens = (textLines[i] ?? '')
      .split(/[,;]/)
      .map((piece) => piece.trim())
      .flatMap((piece) => (piece === '' ? [] : isWhole(piece) ? [piece] : piece.split(/\s+/)));
    for (const token of tokens) {
      if (token === '') continue;
      records.push([token]);
      lines.push(i + 1);
      if (records.length >= batchSize) {
        yield { type: 'records', table, records, lines };
        records = [];
        lines = [];
      }
    }
  }
  if (records.length > 0) yield { type: 'records', table, records, lines };
}
