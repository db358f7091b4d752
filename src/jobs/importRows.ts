import type { CountryCode } from 'libphonenumber-js';
import { CHANNELS, allowedChannels, type Category, type Channel, type IdentifierType } from '../domain/channels';
import { readDate, readDateInOrder, type DateContext, type DateOrder } from '../domain/dates';
import { normalizeIdentifier } from '../domain/identifiers';
import { DeskError } from '../domain/errors';
import { categoryFromCell, flagFromCell, vocabularyKey } from '../domain/vocabulary';
import { aliasKey, detectHeader, type ColumnMap } from '../files/columns';
import { mappingReading, type ColumnMapping } from '../files/formats/columnMapping';
import { formatById, readingFor, recogniseFormat, type TableReading } from '../files/formats/tableReading';
import { shownName, type Problem } from './problems';
import { wordedError } from '../domain/wording';

export type Using = 'auto' | IdentifierType;

/** A mapping the officer saved, with the header it was made for: a table with that header is read by it. */
export interface SavedMapping {
  header: readonly string[];
  mapping: ColumnMapping;
}

export interface RowRules {
  using: Using;
  /**
   * Channels for rows whose file has no channel columns (or leaves them blank); they
   * replace a recognised format's own. Empty: each table must name its channels.
   */
  channels: readonly Channel[];
  category: Category;
  reason: string | null;
  legacy: boolean;
  country: CountryCode;
  /** How blocked_at cells are read: the file time zone, the import's "now" (the sane range ends a day after it). */
  dates: DateContext;
  /** `--format`: a format's id read for every table, or `generic` (aliases only); absent, each table's header says. */
  format?: string;
  /** `--column`/`--mapping`: how every table's columns are read. */
  mapping?: ColumnMapping;
  /** Mappings saved earlier: a table whose header is one's is read by it. */
  savedMappings?: readonly SavedMapping[];
}

/** Which identifier a row is matched by: 0 customer_id, 1 email, 2 mobile. */
export type Anchor = 0 | 1 | 2;

export interface StagedRow {
  anchor: Anchor;
  key: string;
  customerId: string | null;
  email: string | null;
  emailKey: string | null;
  mobile: string | null;
  /** Bit i set = CHANNELS[i] to be blocked. */
  channelBits: number;
  category: string;
  reason: string | null;
  /**
   * blocked_at, ms. An ambiguous day/month date is read day first, `atAlt` being its
   * month-first reading; a date that proves an order keeps its cell in `atAlt`, for the
   * problem line should the file's other dates prove the other order.
   */
  at: number | null;
  atAlt: number | string | null;
  dateKind: DateKind;
}

/**
 * `nothing`: the row asks for no channel (every flag says no). `not_block`: a recognised
 * export or a mapping says the row is no block (a subscribed member, a status not
 * meaning blocked), counted apart and never blocked.
 */
export type RowOutcome = { kind: 'staged'; row: StagedRow } | { kind: 'nothing' } | { kind: 'not_block' } | { kind: 'rejected'; reason: string };

const NOT_A_BLOCK: RowOutcome = { kind: 'not_block' };

export const MAX_REASON_LENGTH = 500;

/** How one table's records map to identifiers, decided from its first record. */
export interface TableLayout {
  hasHeader: boolean;
  columns: ColumnMap;
  /** The header's cells (empty without a header): problem lines name columns by them. */
  names: string[];
  /** A recognised export or a mapping: which rows are blocks, their channels, category, reason and date. */
  reading?: TableReading;
  /** How its date column is read, when its export says (a zone of its own). */
  dates?: DateContext;
}


export function channelBit(channel: Channel): number {
  return 1 << CHANNELS.indexOf(channel);
}

export function channelsFromBits(bits: number): Channel[] {
  return CHANNELS.filter((c) => (bits & channelBit(c)) !== 0);
}

function bitsOf(channels: readonly Channel[]): number {
  return channels.reduce((bits, c) => bits | channelBit(c), 0);
}

/**
 * Reads the first record of a table: a header (aliases known to files/columns, a
 * recognised export, a mapping) or data. A header-less file can only be read with an
 * explicit --using; its first column holds the identifier.
 */
export function layoutFor(file: string, firstRecord: string[], rules: RowRules): TableLayout {
  if (rules.legacy) {
    const header = detectHeader(firstRecord);
    if (header && header.email === undefined) throw new DeskError('file_malformed', `${file}: a legacy blacklist needs an email column (found: ${firstRecord.join(', ')})`);
    return header ? { hasHeader: true, columns: { email: header.email, channels: {} }, names: firstRecord } : { hasHeader: false, columns: { email: 0, channels: {} }, names: [] };
  }
  const read = readingOf(file, firstRecord, rules);
  if (read !== null) {
    const layout: TableLayout = { hasHeader: true, columns: onlyUsing(file, firstRecord, read.columns, rules.using), names: firstRecord, reading: read.reading };
    if (read.reading.dateZone !== undefined) layout.dates = { ...rules.dates, timeZone: read.reading.dateZone };
    return layout;
  }
  const header = detectHeader(firstRecord);
  if (!header) {
    if (rules.using === 'auto') {
      throw wordedError('usage', 'identifier_unknown', { file: shownName(file) });
    }
    return { hasHeader: false, columns: { [rules.using]: 0, channels: {} }, names: [] };
  }
  return { hasHeader: true, columns: onlyUsing(file, firstRecord, header, rules.using), names: firstRecord };
}

/** With --using, the table is read by that identifier's column alone. */
function onlyUsing(file: string, header: string[], columns: ColumnMap, using: Using): ColumnMap {
  if (using === 'auto') return columns;
  const index = columns[using];
  if (index === undefined) {
    throw wordedError('usage', 'using_column_missing', { file: shownName(file), using, found: header.join(', ') });
  }
  return { ...columns, customer_id: undefined, email: undefined, mobile: undefined, [using]: index };
}

/** Two headers are one when their cells compare alike (aliasKey): a saved mapping reads a header like its own. */
export function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((cell, i) => aliasKey(cell) === aliasKey(b[i] as string));
}

/**
 * A mapping (named, or saved for this very header) or a recognised export reading the
 * table, or null for the aliases alone. `--format` names the export for every table.
 */
function readingOf(file: string, header: string[], rules: RowRules): { columns: ColumnMap; reading: TableReading } | null {
  if (rules.mapping !== undefined) return mappingReading(rules.mapping, header, file);
  if (rules.format === 'generic') return null;
  if (rules.format !== undefined) {
    const format = formatById(rules.format);
    if (format === undefined) throw wordedError('usage', 'format_unknown', { format: rules.format });
    const read = readingFor(format, header);
    if (!read.ok) {
      throw wordedError('usage', 'format_header_missing', { file, format: format.id, name: format.name, missing: read.missing.join(', '), found: header.join(', ') });
    }
    return read;
  }
  const saved = rules.savedMappings?.find((s) => sameHeader(s.header, header));
  if (saved !== undefined) return mappingReading(saved.mapping, header, file);
  const format = recogniseFormat(header, file);
  if (format === null) return null;
  const read = readingFor(format, header);
  return read.ok ? read : null;
}

/** Whether a table names its rows' channels itself (a recognised export, flag or channel columns): then --channels may be left out. */
export function tableNamesChannels(layout: TableLayout): boolean {
  const { reading } = layout;
  if (reading !== undefined && (reading.noBlocks || reading.flags !== undefined || reading.channelColumn !== undefined || (reading.channels?.length ?? 0) > 0)) return true;
  return Object.keys(layout.columns.channels).length > 0;
}

function cell(record: string[], index: number | undefined): string {
  if (index === undefined) return '';
  return (record[index] ?? '').trim();
}

/** How a problem line names a column: its header, or its place in a file without one. */
function columnName(layout: TableLayout, index: number | undefined): string {
  if (index === undefined) return '';
  return layout.names[index] ?? `column ${index + 1}`;
}

const IDENTIFIER_ORDER = ['customer_id', 'email', 'mobile'] as const;
const ANCHOR_OF: Record<IdentifierType, Anchor> = { customer_id: 0, email: 1, mobile: 2 };

interface Found {
  customer_id: string | null;
  email: string | null;
  emailKey: string | null;
  mobile: string | null;
}

/** The row's valid identifiers, as a problem line names them: `customer_id C1, email a@b.c`. */
function identifiersOf(found: Found): string {
  const parts: string[] = [];
  if (found.customer_id !== null) parts.push(`customer_id ${found.customer_id}`);
  if (found.email !== null) parts.push(`email ${found.email}`);
  if (found.mobile !== null) parts.push(`mobile ${found.mobile}`);
  return parts.join(', ');
}

/** rowChannels: the row's flags were blank and the job named no channels (--channels left out). */
const NO_CHANNEL = -1;

/** The channels a row asks for: its flag columns' yes cells, else the job's channels (NO_CHANNEL when it named none). */
function rowChannels(record: string[], layout: TableLayout, rules: RowRules, problems: Problem[]): number {
  if (rules.legacy) return channelBit('email');
  const { columns } = layout;
  let sawFlag = false;
  let bits = 0;
  let unreadable = 0;
  for (const channel of CHANNELS) {
    const index = columns.channels[channel];
    if (index === undefined) continue;
    const value = cell(record, index);
    const flag = flagFromCell(value);
    if (flag === null) continue;
    if (flag === undefined) {
      unreadable |= channelBit(channel);
      problems.push(unknownFlag(layout, index, value, channel));
      continue;
    }
    sawFlag = true;
    if (flag) bits |= channelBit(channel);
  }
  if (sawFlag) return bits;
  if (rules.channels.length === 0 && unreadable === 0) return NO_CHANNEL;
  return bitsOf(rules.channels) & ~unreadable;
}

function unknownFlag(layout: TableLayout, index: number, value: string, channel: Channel): Problem {
  return {
    column: columnName(layout, index),
    value,
    kind: 'unknown_flag',
    message: `${JSON.stringify(value)} in the ${channel} column is neither a yes nor a no: ${channel} not blocked for this row`,
    action: 'channel not applied',
  };
}

/** What a recognised export or a mapping says a row asks for: channel bits (0: no block), or NO_CHANNEL; the first yes flag's category. */
interface Asked {
  bits: number;
  category: Category | undefined;
}

/**
 * The channels a row read by a format or a mapping asks for: its format's flags (blank
 * is no), else its channel column, else its flag columns, else --channels or the
 * format's own channels.
 */
function readingChannels(record: string[], layout: TableLayout, reading: TableReading, rules: RowRules, problems: Problem[]): Asked {
  const { flags, channelColumn } = reading;
  if (flags !== undefined) {
    let bits = 0;
    let category: Category | undefined;
    for (const flag of flags) {
      const value = cell(record, flag.index);
      if (value === '') continue;
      const said = flagFromCell(value);
      let yes: boolean;
      if (flag.filled) yes = said !== false && said !== null;
      else if (said === undefined) {
        problems.push(unknownFlag(layout, flag.index, value, flag.channel));
        continue;
      } else yes = said === true;
      if (!yes) continue;
      bits |= channelBit(flag.channel);
      if (category === undefined) category = flag.category;
    }
    return { bits, category };
  }
  if (channelColumn !== undefined) {
    const value = cell(record, channelColumn.index);
    if (value !== '') {
      let bits = 0;
      for (const word of value.split(/[,;|/]/)) {
        if (word.trim() === '') continue;
        const channel = channelColumn.values.get(vocabularyKey(word));
        if (channel !== undefined) bits |= channelBit(channel);
        else {
          problems.push({
            column: columnName(layout, channelColumn.index),
            value,
            kind: 'unknown_channel',
            message: `${JSON.stringify(word.trim())} is not a channel the blocklist has (email, sms, whatsapp, rcs): not blocked there`,
            action: 'channel not applied',
          });
        }
      }
      return { bits, category: undefined };
    }
  } else if (Object.keys(layout.columns.channels).length > 0) {
    return { bits: rowChannels(record, layout, rules, problems), category: undefined };
  }
  const channels = rules.channels.length > 0 ? rules.channels : (reading.channels ?? []);
  return channels.length > 0 ? { bits: bitsOf(channels), category: undefined } : NO_CHANNEL_ASKED;
}

const NO_CHANNEL_ASKED: Asked = { bits: NO_CHANNEL, category: undefined };

/** Whether a status column says the row is a block. */
export function statusSaysBlock(record: string[], status: NonNullable<TableReading['status']>): boolean {
  const key = vocabularyKey(cell(record, status.index));
  if (status.blocked !== null && !status.blocked.has(key)) return false;
  return status.notBlocked === null || !status.notBlocked.has(key);
}

/** Cells a format's reason column holds that are no reason: a bare yes/no (HubSpot's `FALSE` bounce column). */
const NOT_A_REASON = new Set(['true', 'false', 'yes', 'no', 'y', 'n', '1', '0', 'x']);

/** The reason a format's reason columns give: the first cell with text. */
function readingReason(record: string[], reasons: readonly number[]): string | null {
  for (const index of reasons) {
    const value = cell(record, index);
    // Only a short cell can be a bare yes/no: a bounce's reason is not lower-cased for nothing.
    if (value !== '' && (value.length > 5 || !NOT_A_REASON.has(vocabularyKey(value)))) return value;
  }
  return null;
}

/** The channels the row's valid identifiers can carry (DESIGN.md, Blocklisting). */
function carriedBits(found: Found, using: Using): number {
  if (using !== 'auto') return bitsOf(allowedChannels(using));
  if (found.customer_id !== null) return bitsOf(CHANNELS);
  let bits = 0;
  if (found.emailKey !== null) bits |= bitsOf(allowedChannels('email'));
  if (found.mobile !== null) bits |= bitsOf(allowedChannels('mobile'));
  return bits;
}

/** Nothing of the row can land: its problem lines say `row rejected`, the first names the reason. */
function rejectAll(bad: Problem[], problems: Problem[], why: string): RowOutcome {
  for (const problem of bad) problems.push({ ...problem, action: 'row rejected', message: problem.action === 'row rejected' ? problem.message : `${problem.message}; ${why}` });
  return { kind: 'rejected', reason: bad.find((p) => p.action === 'row rejected')?.kind ?? (bad[0] as Problem).kind };
}

/** Day/month order a date proves: 0 none, 1 day first, 2 month first; 3 = ambiguous (at day first, alt month first). */
export type DateKind = 0 | 1 | 2 | 3;

interface BlockedAt {
  at: number | null;
  alt: number | string | null;
  kind: DateKind;
  problem?: { kind: string; message: string };
}

function readBlockedAt(value: string, dates: DateContext, order: DateOrder | undefined): BlockedAt {
  if (value === '') return { at: null, alt: null, kind: 0 };
  if (order !== undefined) {
    // The export's own order (a DND list's day-first dates): nothing to prove.
    const known = readDateInOrder(value, order, dates);
    if (!known.ok) return { at: null, alt: null, kind: 0, problem: { kind: known.problem === 'out_of_range' ? 'date_out_of_range' : 'unreadable_date', message: known.message } };
    return { at: known.ms, alt: null, kind: 0 };
  }
  const reading = readDate(value, dates);
  if (!reading.ok) return { at: null, alt: null, kind: 0, problem: { kind: reading.problem === 'out_of_range' ? 'date_out_of_range' : 'unreadable_date', message: reading.message } };
  if ('ambiguous' in reading) return { at: reading.ms, alt: reading.alt, kind: 3 };
  if (reading.shows === null) return { at: reading.ms, alt: null, kind: 0 };
  return { at: reading.ms, alt: value, kind: reading.shows === 'dmy' ? 1 : 2 };
}

/** Turns one data record into a staged row, or says why nothing of it can land. */
export function stageRecord(record: string[], layout: TableLayout, rules: RowRules, problems: Problem[]): RowOutcome {
  const { columns, reading } = layout;
  const bad: Problem[] = [];
  // A format or a mapping says first whether the row is a block at all: a row that is
  // not costs no identifier check and leaves no problem line about its cells.
  let asked: Asked | null = null;
  if (reading !== undefined) {
    if (reading.noBlocks || (reading.status !== undefined && !statusSaysBlock(record, reading.status))) return NOT_A_BLOCK;
    asked = readingChannels(record, layout, reading, rules, bad);
    if (asked.bits === 0) {
      problems.push(...bad);
      return NOT_A_BLOCK;
    }
  }
  const found: Found = { customer_id: null, email: null, emailKey: null, mobile: null };
  let anchor: Anchor | null = null;
  for (const type of IDENTIFIER_ORDER) {
    const index = columns[type];
    const raw = cell(record, index);
    if (raw === '') continue;
    const result = normalizeIdentifier(type, raw, rules.country);
    if (!result.ok) {
      bad.push({ column: columnName(layout, index), value: raw, kind: result.reason, message: result.message, action: 'cell ignored' });
      continue;
    }
    if (result.warning !== undefined) {
      bad.push({ column: columnName(layout, index), value: raw, kind: 'mobile_not_valid_for_country', message: result.warning, action: 'blocked, check it' });
    }
    if (type === 'email') {
      found.email = result.value.display;
      found.emailKey = result.value.value;
    } else {
      found[type] = result.value.value;
    }
    if (anchor === null) anchor = ANCHOR_OF[type];
  }

  const requested = asked !== null ? asked.bits : rowChannels(record, layout, rules, bad);
  if (anchor === null) {
    if (bad.length === 0) {
      problems.push({ column: '', value: record.join(',').slice(0, 200), kind: 'missing_identifier', message: 'no identifier in this row; nothing was blocked', action: 'row rejected' });
      return { kind: 'rejected', reason: 'missing_identifier' };
    }
    return rejectAll(bad, problems, 'nothing in the row could be blocked');
  }
  if (requested === NO_CHANNEL) {
    bad.push({
      column: '',
      value: identifiersOf(found),
      kind: 'no_channel',
      message: `no channel to block for ${identifiersOf(found)}: the row names none and no channels were chosen for the import`,
      action: 'row rejected',
    });
    return rejectAll(bad, problems, 'nothing in the row could be blocked');
  }
  if (requested === 0) {
    problems.push(...bad);
    return reading !== undefined ? NOT_A_BLOCK : { kind: 'nothing' };
  }
  const carried = requested & carriedBits(found, rules.using);
  const named = identifiersOf(found);
  if (carried === 0) {
    const asked = channelsFromBits(requested).join(', ');
    bad.push({
      column: '',
      value: named,
      kind: 'channel_not_carried',
      message: `${asked} cannot be blocked for ${named}: no identifier in the row carries ${requested & (requested - 1) ? 'those channels' : 'that channel'}`,
      action: 'row rejected',
    });
    return rejectAll(bad, problems, 'nothing in the row could be blocked');
  }
  if (carried !== requested) {
    const dropped = channelsFromBits(requested & ~carried).join(', ');
    bad.push({ column: '', value: named, kind: 'channel_not_carried', message: `${dropped} not blocked: no valid identifier in the row carries it`, action: 'channel not applied' });
  }

  // A format's own category (or its flag's) stands in for the job's; a category cell beats both.
  const fallback: string = asked?.category ?? reading?.category ?? rules.category;
  let category = fallback;
  let reason = rules.reason;
  const reasonCell = reading?.reasons !== undefined ? readingReason(record, reading.reasons) : cell(record, columns.reason);
  if (reasonCell !== null && reasonCell !== '') reason = reasonCell;
  else if (reason === null && reading?.defaultReason !== undefined) reason = reading.defaultReason;
  if (!rules.legacy) {
    const written = cell(record, columns.category);
    if (written !== '') {
      const known = reading?.categoryWords?.get(vocabularyKey(written)) ?? categoryFromCell(written);
      if (known !== undefined) category = known;
      else {
        // A reason read from the category's own cell (Klaviyo's reason column) already says it.
        if (reason !== written) reason = `${reason ?? ''}${reason ? ' ' : ''}(category in file: ${written})`;
        bad.push({
          column: columnName(layout, columns.category),
          value: written,
          kind: 'unknown_category',
          message: `unknown category ${JSON.stringify(written)}: blocked as ${fallback}`,
          action: 'category replaced',
        });
      }
    }
  }
  reason = reason === null ? null : reason.slice(0, MAX_REASON_LENGTH);

  const dated = readBlockedAt(cell(record, columns.blocked_at), layout.dates ?? rules.dates, reading?.dateOrder);
  if (dated.problem !== undefined) {
    bad.push({ column: columnName(layout, columns.blocked_at), value: cell(record, columns.blocked_at), kind: dated.problem.kind, message: `${dated.problem.message}: blocked as of the import`, action: 'dated at import' });
  }

  const landedOn = `; blocked for ${named}`;
  for (const problem of bad) problems.push(problem.action === 'row rejected' ? problem : { ...problem, message: problem.message + landedOn });
  const key = anchor === 0 ? found.customer_id : anchor === 1 ? found.emailKey : found.mobile;
  return {
    kind: 'staged',
    row: {
      anchor,
      key: key as string,
      customerId: found.customer_id,
      email: found.email,
      emailKey: found.emailKey,
      mobile: found.mobile,
      channelBits: carried,
      category,
      reason,
      at: dated.at,
      atAlt: dated.alt,
      dateKind: dated.kind,
    },
  };
}
