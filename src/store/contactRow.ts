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

export function statusOf(row: ContactRow, ch: Channel): StatusDetail {
  return {
    status: statusName(row[`${ch}_status`]),
    category: row[`${ch}_category`],
    reason: row[`${ch}_reason`],
    source: row[`${ch}_source`],
    at: row[`${ch}_at`],
    actor: row[`${ch}_actor`],
  };
}

/** A copy of `row` with one channel's status replaced. */
export function withStatus(row: ContactRow, ch: Channel, detail: StatusDetail): ContactRow {
  const next: ContactRow = { ...row };
  next[`${ch}_status`] = STATUS[detail.status];
  next[`${ch}_category`] = detail.category;
  next[`${ch}_reason`] = detail.reason;
  next[`${ch}_source`] = detail.source;
  next[`${ch}_at`] = detail.at;
  next[`${ch}_actor`] = detail.actor;
  return next;
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
  let row = {
    id: 0,
    customer_id: null,
    email: null,
    email_key: null,
    mobile: null,
    kind: 0,
    created_at: at,
    created_job: job,
    changed_at: at,
  } as ContactRow;
  for (const ch of CHANNELS) row = withStatus(row, ch, NO_STATUS);
  return row;
}
