import type { Category, Channel, IdentifierType } from '../../domain/channels';
import type { DateOrder } from '../../domain/dates';
import { vocabularyKey } from '../../domain/vocabulary';
import { aliasKey, type ColumnMap } from '../columns';
import type { ColumnNames, FormatDescription, Recognition } from './formatDescription';
import { FORMATS } from './index';

/**
 * How a recognised export (or a column mapping) reads one table, resolved against its
 * header once: column indexes and word sets, so each row costs a few lookups.
 */
export interface TableReading {
  /** What the report calls the table's layout: `Mailchimp — unsubscribed members`, `mapping vendor-x`. */
  label: string;
  /** Where the reading comes from: a recognised export (its --format id) or a mapping (its saved name, null for one given as it is). */
  source?: { kind: 'format'; id: string } | { kind: 'mapping'; name: string | null };
  /** No row of the table is a block (Mailchimp's subscribed members). */
  noBlocks: boolean;
  /** A status column: a row is a block when its cell is in `blocked`, or is not in `notBlocked` (cells as vocabularyKey writes them). */
  status?: { index: number; blocked: ReadonlySet<string> | null; notBlocked: ReadonlySet<string> | null };
  /** Yes/no columns naming the row's channels, blank meaning no: a row with no yes is not a block. */
  flags?: readonly { index: number; channel: Channel; category?: Category; filled: boolean }[];
  /** A column naming the row's channel(s) (keys as vocabularyKey writes them). */
  channelColumn?: { index: number; values: ReadonlyMap<string, Channel> };
  /** The channels of every block row when the table names none per row; --channels replaces them. */
  channels?: readonly Channel[];
  /** The category of every row (a category column, when read, comes first). */
  category?: Category;
  /** The export's own category words, read before the shared vocabulary. */
  categoryWords?: ReadonlyMap<string, Category>;
  /** Reason columns, the first with text (not a bare yes/no word) wins; the map's reason column is not used. */
  reasons?: readonly number[];
  /** The reason of a block whose row gives none and whose job gave no --reason: the export's name. */
  defaultReason?: string;
  /** How the date column is read: a known day/month order, and the zone of times written without one. */
  dateOrder?: DateOrder;
  dateZone?: string;
}

/** The base name of a file or of a ZIP member (`x.zip!dir/cleaned.csv` is `cleaned.csv`). */
export function tableFileName(file: string): string {
  const inner = file.slice(file.lastIndexOf('!') + 1);
  return inner.slice(Math.max(inner.lastIndexOf('/'), inner.lastIndexOf('\\')) + 1);
}

function keysOf(header: readonly string[]): string[] {
  return header.map(aliasKey);
}

/** The index of the first of `names` the header has (names in order of preference). */
function indexOf(keys: readonly string[], names: ColumnNames): number | undefined {
  for (const name of names) {
    const index = keys.indexOf(name);
    if (index !== -1) return index;
  }
  return undefined;
}

function recognises(recognition: Recognition, keys: ReadonlySet<string>, fileName: string): boolean {
  if (!recognition.columns.every((names) => names.some((name) => keys.has(name)))) return false;
  if (recognition.without?.some((names) => names.some((name) => keys.has(name)))) return false;
  if (recognition.exact && keys.size !== recognition.columns.length) return false;
  return recognition.fileName === undefined || recognition.fileName.test(fileName);
}

/**
 * The export a table's header (and its file name) says it is, or null. When several
 * fit, one that also needed the file's name wins, then the one asking for more columns,
 * then the first listed.
 */
export function recogniseFormat(header: readonly string[], file: string): FormatDescription | null {
  const keys = new Set(keysOf(header).filter((key) => key !== ''));
  const fileName = tableFileName(file);
  let best: FormatDescription | null = null;
  let bestScore = -1;
  for (const format of FORMATS) {
    for (const recognition of format.recognise) {
      if (!recognises(recognition, keys, fileName)) continue;
      const score = recognition.columns.length + (recognition.fileName ? 100 : 0);
      if (score > bestScore) {
        best = format;
        bestScore = score;
      }
    }
  }
  return best;
}

/** A format by its --format name, in any case. */
export function formatById(id: string): FormatDescription | undefined {
  const wanted = id.trim().toLowerCase();
  return FORMATS.find((format) => format.id === wanted);
}

/** Whether a format names the channels of its rows (flags, a channel column, or its own fixed channels). */
export function formatNamesChannels(format: FormatDescription): boolean {
  const { channels } = format.blocks;
  return format.blocks.rows === 'none' || !isChannelList(channels) || channels.length > 0;
}

function isChannelList(channels: FormatDescription['blocks']['channels']): channels is readonly Channel[] {
  return Array.isArray(channels);
}

function wordSet(words: readonly string[] | undefined): ReadonlySet<string> | null {
  return words === undefined ? null : new Set(words.map(vocabularyKey));
}

/**
 * Resolves a format against a table's header: the columns it reads and how. Fails with
 * the columns the header lacks when the format was named (`--format`) for a table that is
 * not that export.
 */
export function readingFor(format: FormatDescription, header: readonly string[]): { ok: true; columns: ColumnMap; reading: TableReading } | { ok: false; missing: string[] } {
  const keys = keysOf(header);
  const missing: string[] = [];
  const need = (names: ColumnNames): number => {
    const index = indexOf(keys, names);
    if (index === undefined) {
      missing.push(names[0] as string);
      return -1;
    }
    return index;
  };

  // The columns that make the export what it is (its name aside: a renamed file is still it).
  const present = new Set(keys);
  const lacking = format.recognise
    .map((recognition) => recognition.columns.filter((names) => !names.some((name) => present.has(name))).map((names) => names[0] as string))
    .sort((a, b) => a.length - b.length)[0];
  if (lacking !== undefined) missing.push(...lacking);

  const columns: ColumnMap = { channels: {} };
  let identifiers = 0;
  for (const [type, names] of Object.entries(format.identifiers) as [IdentifierType, ColumnNames][]) {
    const index = indexOf(keys, names);
    if (index !== undefined) {
      columns[type] = index;
      identifiers += 1;
    }
  }
  if (identifiers === 0) missing.push(...Object.values(format.identifiers).map((names) => (names as ColumnNames)[0] as string));

  const reading: TableReading = { label: format.name, source: { kind: 'format', id: format.id }, noBlocks: format.blocks.rows === 'none', defaultReason: format.name };
  const { rows, channels } = format.blocks;
  if (rows !== undefined && rows !== 'none') {
    reading.status = { index: need(rows.column), blocked: wordSet(rows.blockedWhen), notBlocked: wordSet(rows.notBlockedWhen) };
  }
  if (isChannelList(channels)) {
    reading.channels = channels;
  } else if ('flags' in channels) {
    const flags = channels.flags
      .map((flag) => ({ index: indexOf(keys, flag.column), channel: flag.channel, category: flag.category, filled: flag.yes === 'filled' }))
      .filter((flag): flag is { index: number; channel: Channel; category: Category | undefined; filled: boolean } => flag.index !== undefined);
    if (flags.length === 0 && missing.length === 0) missing.push(channels.flags.map((flag) => flag.column[0]).join(' or '));
    reading.flags = flags.map(({ category, ...flag }) => (category === undefined ? flag : { ...flag, category }));
  } else {
    reading.channelColumn = {
      index: need(channels.column),
      values: new Map(Object.entries(channels.values).map(([word, channel]) => [vocabularyKey(word), channel])),
    };
  }

  const { category } = format;
  if (typeof category === 'string') reading.category = category;
  else if (category !== undefined) {
    columns.category = need(category.column);
    if (category.words) reading.categoryWords = new Map(Object.entries(category.words).map(([word, value]) => [vocabularyKey(word), value]));
  }
  if (format.date) {
    const index = indexOf(keys, format.date.column);
    if (index !== undefined) columns.blocked_at = index;
    if (format.date.order) reading.dateOrder = format.date.order;
    if (format.date.zone) reading.dateZone = format.date.zone;
  }
  if (format.reason) {
    reading.reasons = format.reason.map((name) => keys.indexOf(name)).filter((index) => index !== -1);
  }
  return missing.length > 0 ? { ok: false, missing: [...new Set(missing)] } : { ok: true, columns, reading };
}
