import type { CountryCode } from 'libphonenumber-js';
import { CHANNELS, allowedChannels, type Category, type Channel, type IdentifierType } from '../domain/channels';
import { readDate, type DateContext } from '../domain/dates';
import { normalizeIdentifier } from '../domain/identifiers';
import { DeskError } from '../domain/errors';
import { categoryFromCell, flagFromCell } from '../domain/vocabulary';
import { detectHeader, type ColumnMap } from '../files/columns';
import type { Problem } from './problems';

export type Using = 'auto' | IdentifierType;

export interface RowRules {
  using: Using;
  /** Channels for rows whose file has no channel columns (or leaves them blank). */
  channels: readonly Channel[];
  category: Category;
  reason: string | null;
  legacy: boolean;
  country: CountryCode;
  /** How blocked_at cells are read: the file time zone, the import's "now" (the sane range ends a day after it). */
  dates: DateContext;
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

/** `nothing`: the row asks for no channel (every flag says no). */
export type RowOutcome = { kind: 'staged'; row: StagedRow } | { kind: 'nothing' } | { kind: 'rejected'; reason: string };

export const MAX_REASON_LENGTH = 500;

/** How one table's records map to identifiers, decided from its first record. */
export interface TableLayout {
  hasHeader: boolean;
  columns: ColumnMap;
  /** The header's cells (empty without a header): problem lines name columns by them. */
  names: string[];
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
 * Reads the first record of a table: a header (aliases known to files/columns) or data.
 * A header-less file can only be read with an explicit --using; its first column holds
 * the identifier.
 */
export function layoutFor(file: string, firstRecord: string[], rules: RowRules): TableLayout {
  const header = detectHeader(firstRecord);
  if (rules.legacy) {
    if (header && header.email === undefined) throw new DeskError('file_malformed', `${file}: a legacy blacklist needs an email column (found: ${firstRecord.join(', ')})`);
    return header ? { hasHeader: true, columns: { email: header.email, channels: {} }, names: firstRecord } : { hasHeader: false, columns: { email: 0, channels: {} }, names: [] };
  }
  if (!header) {
    if (rules.using === 'auto') {
      throw new DeskError('usage', `${file}: no header row naming customer_id, email or mobile; say which identifier the file holds with --using customer_id|email|mobile`);
    }
    return { hasHeader: false, columns: { [rules.using]: 0, channels: {} }, names: [] };
  }
  if (rules.using !== 'auto') {
    const index = header[rules.using];
    if (index === undefined) {
      throw new DeskError('usage', `${file}: --using ${rules.using} but the header has no ${rules.using} column (found: ${firstRecord.join(', ')})`);
    }
    return { hasHeader: true, columns: { ...header, customer_id: undefined, email: undefined, mobile: undefined, [rules.using]: index }, names: firstRecord };
  }
  return { hasHeader: true, columns: header, names: firstRecord };
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

/** The channels a row asks for: its flag columns' yes cells, else the job's channels. */
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
      problems.push({
        column: columnName(layout, index),
        value,
        kind: 'unknown_flag',
        message: `${JSON.stringify(value)} in the ${channel} column is neither a yes nor a no: ${channel} not blocked for this row`,
        action: 'channel not applied',
      });
      continue;
    }
    sawFlag = true;
    if (flag) bits |= channelBit(channel);
  }
  return sawFlag ? bits : bitsOf(rules.channels) & ~unreadable;
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

function readBlockedAt(value: string, dates: DateContext): BlockedAt {
  if (value === '') return { at: null, alt: null, kind: 0 };
  const reading = readDate(value, dates);
  if (!reading.ok) return { at: null, alt: null, kind: 0, problem: { kind: reading.problem === 'out_of_range' ? 'date_out_of_range' : 'unreadable_date', message: reading.message } };
  if ('ambiguous' in reading) return { at: reading.ms, alt: reading.alt, kind: 3 };
  if (reading.shows === null) return { at: reading.ms, alt: null, kind: 0 };
  return { at: reading.ms, alt: value, kind: reading.shows === 'dmy' ? 1 : 2 };
}

/** Turns one data record into a staged row, or says why nothing of it can land. */
export function stageRecord(record: string[], layout: TableLayout, rules: RowRules, problems: Problem[]): RowOutcome {
  const { columns } = layout;
  const found: Found = { customer_id: null, email: null, emailKey: null, mobile: null };
  const bad: Problem[] = [];
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

  const requested = rowChannels(record, layout, rules, bad);
  if (anchor === null) {
    if (bad.length === 0) {
      problems.push({ column: '', value: record.join(',').slice(0, 200), kind: 'missing_identifier', message: 'no identifier in this row; nothing was blocked', action: 'row rejected' });
      return { kind: 'rejected', reason: 'missing_identifier' };
    }
    return rejectAll(bad, problems, 'nothing in the row could be blocked');
  }
  if (requested === 0) {
    problems.push(...bad);
    return { kind: 'nothing' };
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

  let category: string = rules.category;
  let reason = rules.reason;
  const reasonCell = cell(record, columns.reason);
  if (reasonCell !== '') reason = reasonCell;
  if (!rules.legacy) {
    const written = cell(record, columns.category);
    if (written !== '') {
      const known = categoryFromCell(written);
      if (known !== undefined) category = known;
      else {
        reason = `${reason ?? ''}${reason ? ' ' : ''}(category in file: ${written})`;
        bad.push({
          column: columnName(layout, columns.category),
          value: written,
          kind: 'unknown_category',
          message: `unknown category ${JSON.stringify(written)}: blocked as ${rules.category}`,
          action: 'category replaced',
        });
      }
    }
  }
  reason = reason === null ? null : reason.slice(0, MAX_REASON_LENGTH);

  const dated = readBlockedAt(cell(record, columns.blocked_at), rules.dates);
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
