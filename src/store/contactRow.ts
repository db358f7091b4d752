import { allowedChannels, CHANNELS, STATUS, STATUS_NAMES, type Channel, type ChannelStatus, type IdentifierType } from '../domain/channels';

type Columns<Suffix extends string, Value> = { [C in Channel as `${C}_${Suffix}`]: Value };

/** A `contacts` row as SQLite returns it (times in ms since the epoch, statuses 0/1/2). */
export type ContactRow = {
  id: number;
  customer_id: string | null;
  email: string | null;
  email_key: string | null;
  mobile: string | null;
  kind: number;
  created_at: number;
  created_job: string | null;
  changed_at: number;
} & Columns<'status', number> &
  Columns<'category', string | null> &
  Columns<'reason', string | null> &
  Columns<'source', string | null> &
  Columns<'at', number | null> &
  Columns<'actor', string | null>;

const STATUS_FIELDS = ['status', 'category', 'reason', 'source', 'at', 'actor'] as const;

/** Every column but the generated `kind`, in table order: what a writer sets. */
export const WRITABLE_CONTACT_COLUMNS: readonly string[] = [
  'customer_id',
  'email',
  'email_key',
  'mobile',
  'created_at',
  'created_job',
  'changed_at',
  ...CHANNELS.flatMap((ch) => STATUS_FIELDS.map((field) => `${ch}_${field}`)),
];

/** The select list every contact read uses, so every read yields a whole ContactRow. */
export const CONTACT_SELECT = ['id', 'kind', ...WRITABLE_CONTACT_COLUMNS].join(', ');

/** One channel's status with its evidence; `at` in ms. */
export interface StatusDetail {
  status: ChannelStatus;
  category: string | null;
  reason: string | null;
  source: string | null;
  at: number | null;
  actor: string | null;
}

export const NO_STATUS: StatusDetail = { status: 'none', category: null, reason: null, source: null, at: null, actor: null };

export function statusName(code: number): ChannelStatus {
  const name = STATUS_NAMES[code];
  if (name === undefined) throw new Error(`unknown channel status code ${code}`);
  return name;
}

/**
 * Each channel's column names, built once: a template literal per read made a fresh
 * string for every property lookup, and that was most of a pulled change's cost.
 */
const COLUMN: Record<Channel, { [F in (typeof STATUS_FIELDS)[number]]: keyof ContactRow }> = Object.fromEntries(
  CHANNELS.map((ch) => [ch, Object.fromEntries(STATUS_FIELDS.map((f) => [f, `${ch}_${f}`]))]),
) as Record<Channel, { [F in (typeof STATUS_FIELDS)[number]]: keyof ContactRow }>;

export function statusOf(row: ContactRow, ch: Channel): StatusDetail {
  const c = COLUMN[ch];
  return {
    status: statusName(row[c.status] as number),
    category: row[c.category] as string | null,
    reason: row[c.reason] as string | null,
    source: row[c.source] as string | null,
    at: row[c.at] as number | null,
    actor: row[c.actor] as string | null,
  };
}

/** A copy of `row` with one channel's status replaced. */
export function withStatus(row: ContactRow, ch: Channel, detail: StatusDetail): ContactRow {
  const c = COLUMN[ch];
  const next: Record<string, unknown> = { ...row };
  next[c.status] = STATUS[detail.status];
  next[c.category] = detail.category;
  next[c.reason] = detail.reason;
  next[c.source] = detail.source;
  next[c.at] = detail.at;
  next[c.actor] = detail.actor;
  return next as ContactRow;
}

export function sameStatus(a: StatusDetail, b: StatusDetail): boolean {
  return STATUS_FIELDS.every((field) => a[field] === b[field]);
}

/** Identified = has a customer_id or an email (DESIGN.md); mirrors the generated `kind`. */
export function isIdentified(row: Pick<ContactRow, 'customer_id' | 'email_key'>): boolean {
  return row.customer_id !== null || row.email_key !== null;
}

/** The identifier the audit log and messages name a contact by. */
export function contactLabel(row: Pick<ContactRow, 'customer_id' | 'email' | 'mobile'>): string {
  return row.customer_id ?? row.email ?? row.mobile ?? '';
}

/** The identifier types a contact holds. */
export function identifiersOf(row: Pick<ContactRow, 'customer_id' | 'email' | 'mobile'>): IdentifierType[] {
  const types: IdentifierType[] = [];
  if (row.customer_id !== null) types.push('customer_id');
  if (row.email !== null) types.push('email');
  if (row.mobile !== null) types.push('mobile');
  return types;
}

/** The channels a contact's identifiers can carry a status on (the Blocklisting table). */
export function channelsFor(row: Pick<ContactRow, 'customer_id' | 'email' | 'mobile'>): Channel[] {
  const allowed = new Set(identifiersOf(row).flatMap((type) => allowedChannels(type)));
  return CHANNELS.filter((ch) => allowed.has(ch));
}

/** A contact not yet stored (id 0), holding no status. */
export function emptyContactRow(at: number, job: string | null): ContactRow {
  const row: Record<string, unknown> = {
    id: 0,
    customer_id: null,
    email: null,
    email_key: null,
    mobile: null,
    kind: 0,
    created_at: at,
    created_job: job,
    changed_at: at,
  };
  for (const ch of CHANNELS) {
    const c = COLUMN[ch];
    row[c.status] = STATUS.none;
    for (const field of [c.category, c.reason, c.source, c.at, c.actor]) row[field] = null;
  }
  return row as ContactRow;
}
