import { CHANNELS, type Channel } from '../domain/channels';
import { CSV_EOL, csvLine, csvLineOfJoined, formulaSafePlainLines } from '../files/csvWriter';
import type { Db } from '../store/database';

// Status words and ISO dates are made by SQLite (strftime's %f gives the milliseconds,
// as toISOString does): formatting forty million dates in JavaScript was most of an
// export's time.
const statusText = (ch: string) => `CASE ${ch}_status WHEN 1 THEN 'blocked' WHEN 2 THEN 'whitelisted' END`;
const isoText = (ch: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${ch}_at / 1000.0, 'unixepoch')`;

/** 0000-01-01T00:00:00Z: from here on datetime() and strftime('%Y') write the year alike, four digits. */
const YEAR_ZERO_MS = -62167219200000;

/**
 * isoText's text, made faster: datetime() writes its digits by hand where strftime()
 * goes through printf (a third of a page's time went to dates). Same date, same
 * milliseconds; only a year before 0 (a sign, then 4 digits for datetime, 3 for `%04d`)
 * is written differently, so those go through strftime().
 */
const fastIsoText = (ch: string) =>
  `CASE WHEN ${ch}_at >= ${YEAR_ZERO_MS} THEN replace(datetime(${ch}_at / 1000.0, 'unixepoch', 'subsec'), ' ', 'T') || 'Z' ELSE ${isoText(ch)} END`;

/** Each cell's SQL, a string or NULL, in exportHeader's order. */
function exportCells(channel: Channel | null, iso = isoText): string[] {
  const details = (ch: string) => [`${ch}_category`, `${ch}_reason`, iso(ch), `${ch}_source`, `${ch}_actor`];
  if (channel) return ['customer_id', 'email', 'mobile', statusText(channel), ...details(channel)];
  return ['customer_id', 'email', 'mobile', ...CHANNELS.map(statusText), ...CHANNELS.flatMap(details)];
}

const exportFilter = (channel: Channel | null) => (channel ? `${channel}_status = 1 AND ` : '');

/** Every cell a string or NULL, in exportHeader's order, so rows go straight to csvLine. */
export function exportSql(channel: Channel | null): string {
  return `SELECT ${exportCells(channel).join(', ')} FROM contacts ${channel ? `WHERE ${channel}_status = 1 ` : ''}ORDER BY id`;
}

/** One row's cells joined by `,` and ended with CSV_EOL, unquoted (concat() makes NULL an empty cell). */
const plainLineSql = (channel: Channel | null) => `concat(${exportCells(channel, fastIsoText).join(`, ',', `)}, char(13, 10))`;

/** The next `limit` rows after id `after` (up to `upTo`) as one text, by the rowid (a keyset page inside the read transaction). */
export function exportPageSql(channel: Channel | null): string {
  return `SELECT max(id) AS last, count(*) AS rows, group_concat(line, '' ORDER BY id) AS text
    FROM (SELECT id, ${plainLineSql(channel)} AS line FROM contacts WHERE ${exportFilter(channel)}id > :after AND id <= :upTo ORDER BY id LIMIT :limit)`;
}

/**
 * The same rows one string a row, the cells joined by JOINED_CELL_SEPARATOR, for a page
 * where some cell needs quoting (csvLineOfJoined; a cell holding the separator is read
 * again by its id).
 */
export function exportRowsSql(channel: Channel | null): string {
  return `SELECT id, concat(${exportCells(channel, fastIsoText).join(`, char(31), `)}) AS cells
    FROM contacts WHERE ${exportFilter(channel)}id > :after AND id <= :upTo ORDER BY id LIMIT :limit`;
}

/** A cell csvLine would quote, somewhere in a joined row. */
const NEEDS_QUOTES = /[",;\t|\r\n\uFEFF]/;

/** Contacts with an id in (after, upTo]. */
export interface IdRange {
  after: number;
  upTo: number;
}

/** Every contact (SQLite compares a rowid with the infinities as numbers, still by the rowid's b-tree). */
export const ALL_IDS: IdRange = { after: -Infinity, upTo: Infinity };

/**
 * Rows a page: enough that SQLite, not the call into it, does the work (one row a call
 * took a quarter longer), few enough that a page with a cell to quote costs little to
 * redo; 500 to 2000 measured alike, 8000 slower.
 */
const PAGE_ROWS = 1000;

export interface ExportPage {
  /** CSV lines, exactly as csvLine writes them, each with its CSV_EOL. */
  text: string;
  rows: number;
}

/**
 * The export's rows as CSV text, a page at a time, read by `reader` (which must hold one
 * read transaction for a consistent file). SQLite joins each row's cells and a page's
 * rows into one string, so JavaScript handles one value per page rather than 27 per row
 * (most of an export's time went there). Almost every cell needs no quoting; a page
 * where one does is read again a row at a time and every row's cells go through
 * csvLine, so the bytes are csvLine's whatever the data. After such a page the next one
 * is read a row at a time too, until one comes out clean: a list where most rows need
 * quoting costs what csvLine on every row did, no more (reading such rows by their id,
 * as a first version did, took twice as long).
 */
export function* exportPages(reader: Db, channel: Channel | null, range: IdRange = ALL_IDS): Generator<ExportPage> {
  const columns = exportCells(channel).length;
  const pages = reader.prepare(exportPageSql(channel));
  const joinedRows = reader.prepare(exportRowsSql(channel)).raw();
  const cells = reader.prepare(`SELECT ${exportCells(channel).join(', ')} FROM contacts WHERE id = ?`).raw();
  const upTo = range.upTo;
  let after = range.after;
  let lineByLine = false;
  for (;;) {
    if (!lineByLine) {
      const page = pages.get({ after, upTo, limit: PAGE_ROWS }) as { last: number | null; rows: number; text: string | null };
      if (page.last === null) return;
      const text = formulaSafePlainLines(page.text ?? '', columns);
      if (text !== null) {
        after = page.last;
        yield { text, rows: page.rows };
        continue;
      }
    }
    let text = '';
    let rows = 0;
    let quoted = false;
    for (const [id, joined] of joinedRows.iterate({ after, upTo, limit: PAGE_ROWS }) as IterableIterator<[number, string]>) {
      if (NEEDS_QUOTES.test(joined)) quoted = true;
      text += (csvLineOfJoined(joined, columns) ?? csvLine(cells.get(id) as (string | null)[])) + CSV_EOL;
      rows += 1;
      after = id;
    }
    if (rows === 0) return;
    lineByLine = quoted;
    yield { text, rows };
  }
}
