import { CHANNELS, type Channel } from '../../domain/channels';
import { DeskError } from '../../domain/errors';
import { wordedError } from '../../domain/wording';
import { vocabularyKey } from '../../domain/vocabulary';
import { aliasKey, detectHeader, type ColumnMap } from '../columns';
import type { TableReading } from './tableReading';

/** What a column can be named as with `--column ROLE=HEADER`. */
export const MAPPING_ROLES = [
  'customer_id', 'email', 'mobile',
  'email_blocked', 'sms_blocked', 'whatsapp_blocked', 'rcs_blocked',
  'channel', 'status', 'category', 'reason', 'blocked_at', 'ignore',
] as const;
export type MappingRole = (typeof MAPPING_ROLES)[number];

/**
 * The officer's word on a file the import does not recognise: which header holds what,
 * and which values of a status column mean blocked. Columns it does not name are still
 * read by the usual aliases, unless named `ignore`.
 */
export interface ColumnMapping {
  /** Its saved name, when it has one (`--save-mapping`, `--mapping`). */
  name?: string;
  /** What the report calls an unnamed mapping: `mapping (--column)` unless its maker says (the import screen). */
  label?: string;
  columns: readonly { role: MappingRole; header: string }[];
  blockedWhen: readonly { header: string; values: readonly string[] }[];
}

/** A channel column's words (any case; spaces, `-` and `_` ignored), as keyword logs write channels. */
const CHANNEL_WORDS: ReadonlyMap<string, Channel> = new Map(
  ([...CHANNELS.map((channel) => [channel, channel]), ['e-mail', 'email'], ['mail', 'email'], ['text', 'sms'], ['text message', 'sms'], ['wa', 'whatsapp']] as [string, Channel][]).map(
    ([word, channel]) => [vocabularyKey(word), channel],
  ),
);

function isRole(value: string): value is MappingRole {
  return (MAPPING_ROLES as readonly string[]).includes(value);
}

/** Reads `--column ROLE=HEADER` flags; a role other than `ignore` may be given once. */
export function parseColumnFlags(values: readonly string[]): ColumnMapping['columns'] {
  const columns: { role: MappingRole; header: string }[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const role = (at === -1 ? value : value.slice(0, at)).trim().toLowerCase().replace(/-/g, '_');
    const header = at === -1 ? '' : value.slice(at + 1).trim();
    if (!isRole(role)) throw new DeskError('usage', `--column ${value}: unknown role "${role}" (use ${MAPPING_ROLES.join(', ')})`);
    if (header === '') throw new DeskError('usage', `--column ${value}: say which header, as --column ${role}=HEADER`);
    if (role !== 'ignore' && columns.some((c) => c.role === role)) throw wordedError('usage', 'mapping_role_twice', { role });
    if (columns.some((c) => aliasKey(c.header) === aliasKey(header) && (c.role !== 'ignore' || role !== 'ignore'))) {
      throw wordedError('usage', 'mapping_header_twice', { header });
    }
    columns.push({ role, header });
  }
  return columns;
}

/** Reads `--blocked-when HEADER=VALUE[,VALUE…]` flags. */
export function parseBlockedWhenFlags(values: readonly string[]): ColumnMapping['blockedWhen'] {
  return values.map((value) => {
    const at = value.lastIndexOf('=');
    const header = at === -1 ? '' : value.slice(0, at).trim();
    const words = at === -1 ? [] : value.slice(at + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (header === '' || words.length === 0) throw new DeskError('usage', `--blocked-when ${value}: write it as --blocked-when HEADER=VALUE[,VALUE…] (the status column and the values that mean blocked)`);
    return { header, values: words };
  });
}

/**
 * Checks a mapping as a whole: one status column, and values that mean blocked for it.
 * A --blocked-when column not named with --column is the status column.
 */
export function checkMapping(mapping: ColumnMapping): ColumnMapping {
  const columns = [...mapping.columns];
  const status = columns.filter((c) => c.role === 'status');
  for (const rule of mapping.blockedWhen) {
    const named = columns.find((c) => aliasKey(c.header) === aliasKey(rule.header));
    if (named === undefined) {
      if (status.length > 0) throw new DeskError('usage', `--blocked-when ${rule.header}=…: the status column is "${status[0]?.header}"; one status column a mapping`);
      const added = { role: 'status' as const, header: rule.header };
      columns.push(added);
      status.push(added);
    } else if (named.role !== 'status') {
      throw new DeskError('usage', `--blocked-when ${rule.header}=…: "${rule.header}" is named as ${named.role}, not as the status column`);
    }
  }
  if (mapping.blockedWhen.length > 1) throw new DeskError('usage', '--blocked-when is given twice: one status column a mapping, its values comma-separated');
  if (status.length > 0 && mapping.blockedWhen.length === 0) {
    throw wordedError('usage', 'mapping_status_values', { header: status[0]?.header ?? '' });
  }
  return { ...mapping, columns };
}

/** Whether the mapping says itself which channels rows ask for (flag or channel columns). */
export function mappingNamesChannels(mapping: ColumnMapping): boolean {
  return mapping.columns.some((c) => c.role === 'channel' || c.role.endsWith('_blocked'));
}

function findHeader(header: readonly string[], name: string): number {
  const wanted = name.trim().toLowerCase();
  const exact = header.findIndex((cell) => cell.trim().toLowerCase() === wanted);
  if (exact !== -1) return exact;
  const key = aliasKey(name);
  return key === '' ? -1 : header.findIndex((cell) => aliasKey(cell) === key);
}

/** Whether a first record holds every header a mapping names: then it is the table's header. */
export function mappingFits(mapping: ColumnMapping, header: readonly string[]): boolean {
  return mapping.columns.every((c) => findHeader(header, c.header) !== -1);
}

/**
 * Resolves a mapping against a table's header: the aliases' columns, less those the
 * mapping ignores or gives another role, plus the mapping's. Fails (a usage error naming
 * the file) when a named header is not in the table.
 */
export function mappingReading(mapping: ColumnMapping, header: readonly string[], file: string): { columns: ColumnMap; reading: TableReading } {
  const found = header.map((c) => c.trim()).join(', ');
  const indexes = mapping.columns.map((c) => {
    const index = findHeader(header, c.header);
    if (index === -1) throw wordedError('usage', 'mapping_column_missing', { file, role: c.role, header: c.header, found });
    return { ...c, index };
  });
  const mapped = new Set(indexes.map((c) => c.index));
  // The aliases read the columns the mapping does not name (an ignored one reads as blank).
  const aliases = detectHeader(header.map((cell, i) => (mapped.has(i) ? '' : cell))) ?? { channels: {} };
  const columns: ColumnMap = { ...aliases, channels: { ...aliases.channels } };
  const reading: TableReading = { label: mapping.name ? `mapping ${mapping.name}` : (mapping.label ?? 'mapping (--column)'), source: { kind: 'mapping', name: mapping.name ?? null }, noBlocks: false };
  for (const { role, index } of indexes) {
    if (role === 'ignore') continue;
    if (role === 'channel') {
      reading.channelColumn = { index, values: CHANNEL_WORDS };
    } else if (role === 'status') {
      const rule = mapping.blockedWhen[0];
      reading.status = { index, blocked: new Set((rule?.values ?? []).map(vocabularyKey)), notBlocked: null };
    } else if (role.endsWith('_blocked')) {
      columns.channels[role.slice(0, -'_blocked'.length) as Channel] = index;
    } else {
      columns[role as 'customer_id' | 'email' | 'mobile' | 'category' | 'reason' | 'blocked_at'] = index;
    }
  }
  if (columns.customer_id === undefined && columns.email === undefined && columns.mobile === undefined) {
    throw wordedError('usage', 'mapping_no_identifier', { file, found });
  }
  return { columns, reading };
}

/** A mapping from its stored (or sent) form; a role it does not know fails it, as the flag would. */
export function mappingOf(name: string | undefined, columns: readonly { role: string; header: string }[], blockedWhen: readonly { header: string; values: readonly string[] }[]): ColumnMapping {
  const parsed = parseColumnFlags(columns.map((c) => `${c.role}=${c.header}`));
  return checkMapping({ ...(name !== undefined ? { name } : {}), columns: parsed, blockedWhen });
}
