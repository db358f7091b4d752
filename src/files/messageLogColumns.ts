import { aliasKey, identifierAliases } from './columns';

/** Where an inbound-message log keeps each field (0-based column indexes). */
export interface MessageLogColumns {
  from: number;
  channel: number;
  text: number;
  received_at: number;
  /**
   * A separate time-of-day column, when the log splits the moment into `date` and `time`
   * columns: received_at is then the date column, and the two are read together.
   */
  received_time?: number;
}

type Field = Exclude<keyof MessageLogColumns, 'received_time'>;

/** Header aliases after aliasKey (lower case, letters and digits only). */
const FIELD_ALIASES: Record<Field, readonly string[]> = {
  // A log's sender column is named for the sender or as any mobile column is (columns.ts);
  // not `sms`, which in a message log names the channel or the message, not the number.
  from: ['from', 'sender', 'fromnumber', 'frommobile', 'originator', ...identifierAliases('mobile').filter((alias) => alias !== 'sms')],
  channel: ['channel', 'medium', 'channeltype'],
  text: ['text', 'message', 'messagetext', 'body', 'messagebody', 'content', 'msg'],
  received_at: ['receivedat', 'received', 'receivedon', 'receivedtime', 'timestamp', 'time', 'datetime', 'date', 'sentat', 'createdat'],
};

const ALIAS_TO_FIELD = new Map<string, Field>(
  (Object.entries(FIELD_ALIASES) as [Field, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

export const MESSAGE_LOG_FIELDS: readonly Field[] = ['from', 'channel', 'text', 'received_at'];

/**
 * Reads a log's first record as its header. Every one of from, channel, text and
 * received_at must be named (by any alias, any case); when a name repeats the first
 * column wins. Returns the columns, or the fields it could not find.
 */
export function detectMessageLogHeader(record: string[]): { ok: true; columns: MessageLogColumns } | { ok: false; missing: Field[] } {
  const found: Partial<MessageLogColumns> = {};
  record.forEach((cell, index) => {
    const field = ALIAS_TO_FIELD.get(aliasKey(cell));
    if (field !== undefined && found[field] === undefined) found[field] = index;
  });
  const missing = MESSAGE_LOG_FIELDS.filter((field) => found[field] === undefined);
  if (missing.length > 0) return { ok: false, missing };
  // `date` and `time` as two columns (and no single received_at-like column): one moment.
  const keys = record.map(aliasKey);
  const date = keys.indexOf('date');
  const time = keys.indexOf('time');
  const columns = found as MessageLogColumns;
  if (date !== -1 && time !== -1 && (columns.received_at === date || columns.received_at === time)) {
    columns.received_at = date;
    columns.received_time = time;
  }
  return { ok: true, columns };
}
