import { CHANNELS, type Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { mappingFits, type MappingRole } from '../files/formats/columnMapping';
import { readTableStart } from '../files/tableStart';
import { channelsFromBits, layoutFor, sameHeader, stageRecord, statusSaysBlock, tableNamesChannels, type RowRules, type SavedMapping, type TableLayout } from './importRows';
import type { Problem } from './problems';

/** Rows the mapping step shows under the header. */
export const PREVIEW_ROWS = 20;

/**
 * What a row of the preview would do in the import: `block` (its channels), `not_block`
 * (a recognised export or the mapping says it is none), `no_channel` (every flag says
 * no), or `rejected` (nothing of it can land; its problems say why).
 */
export type PreviewOutcome = 'block' | 'not_block' | 'no_channel' | 'rejected';

export interface PreviewRow {
  line: number;
  cells: string[];
  outcome: PreviewOutcome;
  channels: Channel[];
  category: string | null;
  problems: Problem[];
}

export interface ImportPreview {
  /** The table previewed: the file, or `archive.zip!member.csv`. */
  table: string;
  /** Tables met up to it (a ZIP's members): the others are recognised by their own header in the import. */
  tables: string[];
  /** A workbook's sheet shown (null for a text table), and every sheet it has (a sheet picker's choices). */
  sheet: string | null;
  sheets: string[];
  /** The first record as the header; empty when the table has none (read by --using alone). */
  header: string[];
  /** How the table is read: a recognised export, a mapping (given or saved for this header), the aliases, or no header. */
  layout: { kind: 'format' | 'mapping' | 'aliases' | 'no_header'; label: string | null; format: string | null; mapping: string | null };
  /** Each header column's role as the import reads it (null: not read). */
  roles: (MappingRole | null)[];
  /** The status column, and whether each value seen in the preview means blocked. */
  status: { column: number; values: { value: string; blocked: boolean }[] } | null;
  /** The table names its rows' channels (a recognised export, flag or channel columns): the import needs no channels. */
  names_channels: boolean;
  /**
   * Why the table cannot be imported as it is (its header names no identifier, or not
   * the one `using` asks for): the rows are shown unread, for the columns to be set.
   */
  problem: string | null;
  rows: PreviewRow[];
}

type RoleOf = Exclude<MappingRole, 'ignore'>;

/** The role of each column under a layout, as a mapping would name it; a role taken by an earlier column is not repeated. */
function rolesOf(layout: TableLayout): (MappingRole | null)[] {
  const roles: (MappingRole | null)[] = layout.names.map(() => null);
  const taken = new Set<RoleOf>();
  const give = (index: number | undefined, role: RoleOf) => {
    if (index === undefined || index < 0 || index >= roles.length || roles[index] !== null || taken.has(role)) return;
    roles[index] = role;
    taken.add(role);
  };
  const { columns, reading } = layout;
  give(columns.customer_id, 'customer_id');
  give(columns.email, 'email');
  give(columns.mobile, 'mobile');
  give(reading?.status?.index, 'status');
  give(reading?.channelColumn?.index, 'channel');
  for (const flag of reading?.flags ?? []) give(flag.index, `${flag.channel}_blocked`);
  for (const channel of CHANNELS) give(columns.channels[channel], `${channel}_blocked`);
  give(columns.category, 'category');
  give(reading?.reasons?.[0] ?? columns.reason, 'reason');
  give(columns.blocked_at, 'blocked_at');
  return roles;
}

function layoutSummary(layout: TableLayout, rules: RowRules): ImportPreview['layout'] {
  const source = layout.reading?.source;
  if (!layout.hasHeader) return { kind: 'no_header', label: null, format: null, mapping: null };
  if (source?.kind === 'format') return { kind: 'format', label: layout.reading?.label ?? null, format: source.id, mapping: null };
  if (source?.kind === 'mapping') return { kind: 'mapping', label: layout.reading?.label ?? null, format: null, mapping: source.name ?? rules.mapping?.name ?? null };
  return { kind: 'aliases', label: null, format: null, mapping: null };
}

/** The distinct values of the status column among the previewed rows, each with whether it means blocked. */
function statusValues(layout: TableLayout, records: readonly string[][]): ImportPreview['status'] {
  const status = layout.reading?.status;
  if (status === undefined) return null;
  const values = new Map<string, boolean>();
  for (const record of records) {
    const value = (record[status.index] ?? '').trim();
    if (!values.has(value)) values.set(value, statusSaysBlock(record, status));
  }
  return { column: status.index, values: [...values].map(([value, blocked]) => ({ value, blocked })) };
}

/**
 * The first rows of a file as the import would read them: the same layout (a recognised
 * export, a mapping, a saved mapping for this header, the aliases) and the same row rules
 * (src/jobs/importRows.ts), so what the mapping step shows is what Save does. A mapping
 * or a --format that does not fit the header fails as the import would (a usage error).
 */
export async function previewImport(file: string, rules: RowRules, options: { rows?: number; sheet?: string } = {}): Promise<ImportPreview> {
  const rows = options.rows ?? PREVIEW_ROWS;
  const start = await readTableStart(file, rows + 1, options.sheet !== undefined ? { sheet: options.sheet } : {});
  if (start === null) throw new DeskError('file_empty', `${file}: nothing to read`);
  const first = start.records[0] as string[];
  let layout: TableLayout;
  let problem: string | null = null;
  try {
    layout = layoutFor(start.file, first, rules);
  } catch (err) {
    // A mapping or a format the officer chose that does not fit is their error to see;
    // a header the import cannot read by itself is what the mapping step is for.
    if (!(err instanceof DeskError) || err.code !== 'usage' || rules.mapping !== undefined || rules.format !== undefined) throw err;
    problem = err.message;
    layout = { hasHeader: true, columns: { channels: {} }, names: first };
  }
  const data = layout.hasHeader ? start.records.slice(1, rows + 1) : start.records.slice(0, rows);
  const lines = layout.hasHeader ? start.lines.slice(1, rows + 1) : start.lines.slice(0, rows);
  const previewed: PreviewRow[] = data.map((record, i) => {
    const problems: Problem[] = [];
    if (problem !== null) return { line: lines[i] as number, cells: record, outcome: 'rejected', channels: [], category: null, problems };
    const outcome = stageRecord(record, layout, rules, problems);
    const row: PreviewRow = { line: lines[i] as number, cells: record, outcome: 'rejected', channels: [], category: null, problems };
    if (outcome.kind === 'staged') return { ...row, outcome: 'block', channels: channelsFromBits(outcome.row.channelBits), category: outcome.row.category };
    if (outcome.kind === 'not_block') return { ...row, outcome: 'not_block' };
    if (outcome.kind === 'nothing') return { ...row, outcome: 'no_channel' };
    return row;
  });
  return {
    table: start.file,
    tables: start.tables,
    sheet: start.sheet ?? null,
    sheets: start.sheets ?? [],
    header: layout.hasHeader ? first : [],
    layout: layoutSummary(layout, rules),
    roles: layout.hasHeader ? rolesOf(layout) : [],
    status: statusValues(layout, data),
    names_channels: problem === null && tableNamesChannels(layout),
    problem,
    rows: previewed,
  };
}

/** Saved mappings that could read a header: one saved for this very header (`same_header`) reads it without asking. */
export function mappingsFor(saved: readonly SavedMapping[], header: readonly string[]): { name: string; same_header: boolean }[] {
  return saved
    .filter((s) => s.mapping.name !== undefined && mappingFits(s.mapping, header))
    .map((s) => ({ name: s.mapping.name as string, same_header: sameHeader(s.header, header) }));
}
