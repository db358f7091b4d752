import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { DeskError, type ErrorCode } from '../../../src/domain/errors';
import { readTables, type ReadTablesOptions, type ReadTablesTuning } from '../../../src/files/readTables';
import type { TableEvent, TableInfo } from '../../../src/files/tableEvents';

/** A fresh temporary folder for the calling test file, removed when the file's tests end. */
export function tempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `blocklist-desk-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export interface ReadResult {
  events: TableEvent[];
  tables: TableInfo[];
  warnings: string[];
  records: string[][];
  lines: number[];
  /** Records per table, in the order the tables began. */
  byTable: Map<string, string[][]>;
}

/** Runs readTables to the end and gathers what it sent. */
export async function readAll(paths: string[], options: ReadTablesOptions & ReadTablesTuning = {}): Promise<ReadResult> {
  const result: ReadResult = { events: [], tables: [], warnings: [], records: [], lines: [], byTable: new Map() };
  for await (const event of readTables(paths, options)) {
    result.events.push(event);
    if (event.type === 'table') {
      result.tables.push(event.table);
      result.byTable.set(event.table.file, []);
    } else if (event.type === 'warning') {
      result.warnings.push(event.message);
    } else {
      expect(event.records.length).toBe(event.lines.length);
      expect(result.tables.at(-1)).toBe(event.table);
      for (let i = 0; i < event.records.length; i++) {
        result.records.push(event.records[i] as string[]);
        result.lines.push(event.lines[i] as number);
        result.byTable.get(event.table.file)?.push(event.records[i] as string[]);
      }
    }
  }
  return result;
}

/** Expects readTables to fail with a DeskError of `code`; returns it for checks on the message. */
export async function readError(paths: string[], code: ErrorCode, options: ReadTablesOptions & ReadTablesTuning = {}): Promise<DeskError> {
  let caught: unknown = null;
  try {
    await readAll(paths, options);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a DeskError ${code}`).toBeInstanceOf(DeskError);
  const err = caught as DeskError;
  expect(err.code, err.message).toBe(code);
  expect(err.message).not.toMatch(/[\r\n]/);
  return err;
}

/**
 * The plainest possible CSV reading, one character at a time over the whole text, as
 * the oracle for the streaming parser: `\r\n`, `\n` and `\r` end lines; a quote opens a
 * quoted field only at a field's start; text after a closing quote is kept; a line that
 * is empty or only whitespace (tabs included) is not a record.
 */
export function referenceParse(text: string, delimiter: string, kind: 'csv' | 'txt' = 'csv'): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let quoted = false;
    for (;;) {
      let cell = '';
      if (kind === 'csv' && text[i] === '"') {
        quoted = true;
        i++;
        for (;;) {
          if (i >= n) throw new Error(`reference: unbalanced quote from line ${startLine}`);
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          cell += c;
          i++;
        }
      }
      const from = i;
      while (i < n && (kind === 'txt' || text[i] !== delimiter) && text[i] !== '\r' && text[i] !== '\n') i++;
      cell += text.slice(from, i);
      cells.push(cell);
      if (kind === 'csv' && i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    const blank = !quoted && cells.join(delimiter).trim() === '';
    if (!blank) {
      records.push(cells);
      lines.push(startLine);
    }
  }
  return { records, lines };
}

/** Compares big record lists without vitest's deep diff (too slow for 100k records); reports the first difference. */
export function expectSameRecords(actual: { records: string[][]; lines: number[] }, expected: { records: string[][]; lines: number[] }): void {
  const count = Math.min(actual.records.length, expected.records.length);
  for (let i = 0; i < count; i++) {
    const a = actual.records[i] as string[];
    const e = expected.records[i] as string[];
    if (actual.lines[i] !== expected.lines[i] || a.length !== e.length || a.some((cell, k) => cell !== e[k])) {
      expect({ index: i, line: actual.lines[i], record: a }).toEqual({ index: i, line: expected.lines[i], record: e });
    }
  }
  expect(actual.records.length).toBe(expected.records.length);
}
