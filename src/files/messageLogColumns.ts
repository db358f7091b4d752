import { DeskError } from '../domain/errors';
import { aliasKey, identifierAliases } from './columns';

/** Where an inbound-message log keeps each field (0-based column indexes). */
export interface MessageLogColumns {
  from: number;
  text: number;
  received_at: number;
  /**
   * A separate time-of-day column, when the log splits the moment into `date` and `time`
   * columns: received_at is then the date column, and the two are read together.
   */
  received_time?: number;
  /** The message's channel; absent, a `whatsapp:`/`rcs:` prefix on the sender says it, else the job's --channel. */
  channel?: number;
  /** The number the message was sent to: for an inbound message, one of our own sender numbers. */
  to?: number;
  /** inbound or outbound (Twilio: `inbound`, `outbound-api`, `outbound-call`, `outbound-reply`); absent, a sender that is one of our numbers is outbound. */
  direction?: number;
}

type Field = Exclude<keyof MessageLogColumns, 'received_time'>;

/** What `keywords --column ROLE=HEADER` can name. */
export const MESSAGE_LOG_ROLES = ['from', 'to', 'text', 'received_at', 'channel', 'direction', 'ignore'] as const;
export type MessageLogRole = (typeof MESSAGE_LOG_ROLES)[number];

/** The officer's word on a log's columns (`--column from=Sender`); columns it does not name are read by the aliases. */
export type MessageLogMapping = readonly { role: MessageLogRole; header: string }[];

/** Header aliases after aliasKey (lower case, letters and digits only). */
const FIELD_ALIASES: Record<Field, readonly string[]> = {
  // A log's sender column is named for the sender or as any mobile column is (columns.ts);
  // not `sms`, which in a message log names the channel or the message, not the number.
  from: ['from', 'sender', 'fromnumber', 'frommobile', 'originator', ...identifierAliases('mobile').filter((alias) => alias !== 'sms')],
  to: ['to', 'tonumber', 'recipient', 'receiver', 'destination'],
  channel: ['channel', 'medium', 'channeltype'],
  text: ['text', 'message', 'messagetext', 'body', 'messagebody', 'content', 'msg'],
  // Twilio's console export writes `SentDate`, its API `Date Sent` (RFC 2822): for an
  // inbound message, when Twilio received it and called the webhook.
  received_at: ['receivedat', 'received', 'receivedon', 'receivedtime', 'timestamp', 'time', 'datetime', 'date', 'sentat', 'createdat', 'datesent', 'sentdate', 'datereceived'],
  direction: ['direction', 'messagedirection'],
};

const ALIAS_TO_FIELD = new Map<string, Field>(
  (Object.entries(FIELD_ALIASES) as [Field, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

/** The fields a log must have; channel, to and direction are read when present. */
export const MESSAGE_LOG_FIELDS: readonly Field[] = ['from', 'text', 'received_at'];

/**
 * What the report calls a log whose header is one of Twilio's message-log exports: the
 * console's "Export CSV" (`From, To, Body, Status, SentDate, …, Direction, …`) or the
 * API's list written out (`Date Sent` in RFC 2822, e.g. by the Twilio CLI).
 */
function twilioLayout(keys: readonly string[]): string | null {
  const has = (key: string) => keys.includes(key);
  if (!has('from') || !has('to') || !has('body') || !has('direction')) return null;
  if (has('sentdate')) return 'Twilio — message log (console export)';
  if (has('datesent')) return 'Twilio — message log (API)';
  return null;
}

function findHeader(record: readonly string[], name: string): number {
  const wanted = name.trim().toLowerCase();
  const exact = record.findIndex((cell) => cell.trim().toLowerCase() === wanted);
  if (exact !== -1) return exact;
  const key = aliasKey(name);
  return key === '' ? -1 : record.findIndex((cell) => aliasKey(cell) === key);
}

/**
 * `zone`: the layout's times without an offset are in this zone, whatever the file time
 * zone setting says: Twilio keeps and exports message times in UTC (its API's Date Sent
 * is GMT, RFC 2822).
 */
export type MessageLogHeader = { ok: true; columns: MessageLogColumns; layout: string | null; zone?: 'UTC' } | { ok: false; missing: Field[] };

/**
 * Reads a log's first record as its header. from, text and received_at must be named (by
 * a --column, else any alias, any case); when a name repeats the first column wins.
 * Returns the columns and what the layout is (a Twilio export, the mapping, or null for
 * the aliases), or the fields it could not find. A --column naming a header the record
 * lacks is a usage error naming the file.
 */
export function detectMessageLogHeader(record: string[], mapping: MessageLogMapping = [], file = 'the log'): MessageLogHeader {
  const found: Partial<MessageLogColumns> = {};
  const mapped = new Set<number>();
  for (const { role, header } of mapping) {
    const index = findHeader(record, header);
    if (index === -1) throw new DeskError('usage', `${file}: --column ${role}=${header}: no column "${header}" in the header (found: ${record.join(', ')})`);
    mapped.add(index);
    if (role !== 'ignore') found[role] = index;
  }
  const keys = record.map(aliasKey);
  keys.forEach((key, index) => {
    if (mapped.has(index)) return;
    const field = ALIAS_TO_FIELD.get(key);
    if (field !== undefined && found[field] === undefined && !Object.values(found).includes(index)) found[field] = index;
  });
  const missing = MESSAGE_LOG_FIELDS.filter((field) => found[field] === undefined);
  if (missing.length > 0) return { ok: false, missing };
  const columns = found as MessageLogColumns;
  // `date` and `time` as two columns (and no single received_at-like column): one moment.
  const date = keys.indexOf('date');
  const time = keys.indexOf('time');
  if (date !== -1 && time !== -1 && !mapped.has(date) && !mapped.has(time) && (columns.received_at === date || columns.received_at === time)) {
    columns.received_at = date;
    columns.received_time = time;
  }
  const layout = mapping.length > 0 ? 'message log mapping (--column)' : twilioLayout(keys);
  return layout !== null && layout.startsWith('Twilio') ? { ok: true, columns, layout, zone: 'UTC' } : { ok: true, columns, layout };
}

/** Reads `keywords --column ROLE=HEADER` flags; a role other than `ignore` may be given once. */
export function parseMessageLogColumnFlags(values: readonly string[]): MessageLogMapping {
  const mapping: { role: MessageLogRole; header: string }[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const role = (at === -1 ? value : value.slice(0, at)).trim().toLowerCase().replace(/-/g, '_');
    const header = at === -1 ? '' : value.slice(at + 1).trim();
    if (!(MESSAGE_LOG_ROLES as readonly string[]).includes(role)) throw new DeskError('usage', `--column ${value}: unknown role "${role}" for a message log (use ${MESSAGE_LOG_ROLES.join(', ')})`);
    if (header === '') throw new DeskError('usage', `--column ${value}: say which header, as --column ${role}=HEADER`);
    if (role !== 'ignore' && mapping.some((c) => c.role === role)) throw new DeskError('usage', `--column ${role} is given twice`);
    if (mapping.some((c) => aliasKey(c.header) === aliasKey(header))) throw new DeskError('usage', `--column: "${header}" is given two roles`);
    mapping.push({ role: role as MessageLogRole, header });
  }
  return mapping;
}

/** Which way a message went, from a direction cell: Twilio's words, and the plain ones people write. */
export type MessageDirection = 'inbound' | 'outbound' | 'unknown';

const INBOUND_WORDS = new Set(['inbound', 'incoming', 'received', 'in', 'mo']);
const OUTBOUND_WORDS = new Set(['outbound', 'outgoing', 'sent', 'out', 'mt']);

export function messageDirection(cell: string): MessageDirection {
  const key = cell.trim().toLowerCase();
  if (INBOUND_WORDS.has(key)) return 'inbound';
  // outbound-api, outbound-call, outbound-reply; a console's `Outgoing API`.
  const word = key.split(/[\s_-]/)[0] ?? '';
  if (OUTBOUND_WORDS.has(word)) return 'outbound';
  return 'unknown';
}

/**
 * A sender or recipient as a log writes it: Twilio's channel addresses carry the channel
 * (`whatsapp:+14155550100`, `rcs:+1…`), stripped from the number. `sms:` and `tel:` name
 * SMS or nothing; another prefix (`messenger:…`) is a channel the blocklist does not keep.
 */
export function channelAddress(cell: string): { prefix: string | null; number: string } {
  const match = /^\s*([a-z][a-z0-9-]*):\s*(.*)$/i.exec(cell);
  if (match === null) return { prefix: null, number: cell.trim() };
  return { prefix: (match[1] as string).toLowerCase(), number: (match[2] as string).trim() };
}
