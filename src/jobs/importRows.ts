import type { CountryCode } from 'libphonenumber-js';
import { CHANNELS, allowedChannels, isCategory, type Category, type Channel, type IdentifierType } from '../domain/channels';
import { normalizeIdentifier } from '../domain/identifiers';
import { DeskError } from '../domain/errors';
import { detectHeader, parseChannelFlag, type ColumnMap } from '../files/columns';

export type Using = 'auto' | IdentifierType;

export interface RowRules {
  using: Using;
  /** Channels for rows whose file has no channel columns (or leaves them blank). */
  channels: readonly Channel[];
  category: Category;
  reason: string | null;
  legacy: boolean;
  country: CountryCode;
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
  at: number | null;
}

export type RowOutcome =
  | { kind: 'staged'; row: StagedRow }
  | { kind: 'nothing' }
  | { kind: 'rejected'; reason: string; value: string; message: string };

export const MAX_REASON_LENGTH = 500;

/** How one table's records map to identifiers, decided from its first record. */
export interface TableLayout {
  hasHeader: boolean;
  columns: ColumnMap;
}

const IDENTIFIER_LABEL: Record<IdentifierType, string> = { customer_id: 'customer_id', email: 'email', mobile: 'mobile' };

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
    return header ? { hasHeader: true, columns: { email: header.email, channels: {} } } : { hasHeader: false, columns: { email: 0, channels: {} } };
  }
  if (!header) {
    if (rules.using === 'auto') {
      throw new DeskError('usage', `${file}: no header row naming customer_id, email or mobile; say which identifier the file holds with --using customer_id|email|mobile`);
    }
    return { hasHeader: false, columns: { [rules.using]: 0, channels: {} } };
  }
  if (rules.using !== 'auto') {
    const index = header[rules.using];
    if (index === undefined) {
      throw new DeskError('usage', `${file}: --using ${rules.using} but the header has no ${IDENTIFIER_LABEL[rules.using]} column (found: ${firstRecord.join(', ')})`);
    }
    return { hasHeader: true, columns: { ...header, customer_id: undefined, email: undefined, mobile: undefined, [rules.using]: index } };
  }
  return { hasHeader: true, columns: header };
}

function cell(record: string[], index: number | undefined): string {
  if (index === undefined) return '';
  return (record[index] ?? '').trim();
}

function rejected(reason: string, value: string, message: string): RowOutcome {
  return { kind: 'rejected', reason, value, message };
}

function rowChannels(record: string[], columns: ColumnMap, rules: RowRules): { bits: number } | { error: RowOutcome } {
  if (rules.legacy) return { bits: channelBit('email') };
  let sawValue = false;
  let bits = 0;
  for (const channel of CHANNELS) {
    const index = columns.channels[channel];
    if (index === undefined) continue;
    const value = cell(record, index);
    if (value === '') continue;
    const flag = parseChannelFlag(value);
    if (flag === null) return { error: rejected('invalid_channel_value', value, `"${value}" in the ${channel} column is not yes/no`) };
    sawValue = true;
    if (flag) bits |= channelBit(channel);
  }
  return { bits: sawValue ? bits : bitsOf(rules.channels) };
}

function applicableBits(customerId: string | null, emailKey: string | null, mobile: string | null, using: Using): number {
  if (using !== 'auto') return bitsOf(allowedChannels(using));
  if (customerId !== null) return bitsOf(CHANNELS);
  let bits = 0;
  if (emailKey !== null) bits |= bitsOf(allowedChannels('email'));
  if (mobile !== null) bits |= bitsOf(allowedChannels('mobile'));
  return bits;
}

function parseBlockedAt(value: string): number | null | undefined {
  if (value === '') return null;
  // Date-only and "YYYY-MM-DD HH:MM:SS" forms are read as UTC, as CE exports them.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Turns one data record into a staged row, or says why it is rejected. */
export function stageRecord(record: string[], layout: TableLayout, rules: RowRules): RowOutcome {
  const { columns } = layout;
  const raw = { customer_id: cell(record, columns.customer_id), email: cell(record, columns.email), mobile: cell(record, columns.mobile) };
  const normalized: { customer_id: string | null; email: string | null; emailKey: string | null; mobile: string | null } = {
    customer_id: null,
    email: null,
    emailKey: null,
    mobile: null,
  };
  let anchor: Anchor | null = null;
  for (const type of ['customer_id', 'email', 'mobile'] as const) {
    if (columns[type] === undefined || raw[type] === '') continue;
    const result = normalizeIdentifier(type, raw[type], rules.country);
    if (!result.ok) return rejected(result.reason, raw[type], result.message);
    if (type === 'email') {
      normalized.email = result.value.display;
      normalized.emailKey = result.value.value;
    } else {
      normalized[type] = result.value.value;
    }
    if (anchor === null) anchor = type === 'customer_id' ? 0 : type === 'email' ? 1 : 2;
  }
  if (anchor === null) {
    const shown = record.join(',').slice(0, 200);
    return rejected('missing_identifier', shown, 'no identifier in this row');
  }

  const requested = rowChannels(record, columns, rules);
  if ('error' in requested) return requested.error;
  if (requested.bits === 0) return { kind: 'nothing' };
  const bits = requested.bits & applicableBits(normalized.customer_id, normalized.emailKey, normalized.mobile, rules.using);
  if (bits === 0) {
    const asked = channelsFromBits(requested.bits).join(', ');
    return rejected('channel_not_allowed', raw.customer_id || raw.email || raw.mobile, `${asked} cannot be blocked for this identifier`);
  }

  let category: string = rules.category;
  if (!rules.legacy) {
    const value = cell(record, columns.category).toLowerCase().replace(/[\s-]+/g, '_');
    if (value !== '') {
      if (!isCategory(value)) return rejected('unknown_category', cell(record, columns.category), `unknown category "${cell(record, columns.category)}"`);
      category = value;
    }
  }
  const reasonCell = cell(record, columns.reason);
  const reason = (reasonCell !== '' ? reasonCell : rules.reason)?.slice(0, MAX_REASON_LENGTH) ?? null;
  const at = parseBlockedAt(cell(record, columns.blocked_at));
  if (at === undefined) return rejected('invalid_blocked_at', cell(record, columns.blocked_at), `"${cell(record, columns.blocked_at)}" is not a date`);

  const key = anchor === 0 ? normalized.customer_id : anchor === 1 ? normalized.emailKey : normalized.mobile;
  return {
    kind: 'staged',
    row: {
      anchor,
      key: key as string,
      customerId: normalized.customer_id,
      email: normalized.email,
      emailKey: normalized.emailKey,
      mobile: normalized.mobile,
      channelBits: bits,
      category,
      reason,
      at,
    },
  };
}
