import { CHANNELS, STATUS, type Channel } from '../domain/channels';
import { isIdentified, type ContactRow } from './contactRow';
import type { Db } from './database';
import { statementsFor } from './statementCache';

export const COUNTER_NAMES = [
  'identified',
  'anonymous',
  'blocked_email',
  'blocked_sms',
  'blocked_whatsapp',
  'blocked_rcs',
  'whitelisted_email',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type CounterDelta = Partial<Record<CounterName, number>>;

/** The tab counts and per-channel totals the listing shows. */
export interface Counts {
  identified: number;
  anonymous: number;
  blocked: Record<Channel, number>;
  whitelisted: { email: number };
}

/** What the counters depend on: identifiers (for `kind`) and each channel's status. */
export type CountedContact = Pick<ContactRow, 'customer_id' | 'email_key' | 'email_status' | 'sms_status' | 'whatsapp_status' | 'rcs_status'>;

const BLOCKED_COLUMNS = CHANNELS.map((ch) => [`${ch}_status`, `blocked_${ch}`] as [keyof CountedContact, CounterName]);

function contributions(row: CountedContact | null): Record<CounterName, number> {
  const c: Record<CounterName, number> = {
    identified: 0,
    anonymous: 0,
    blocked_email: 0,
    blocked_sms: 0,
    blocked_whatsapp: 0,
    blocked_rcs: 0,
    whitelisted_email: 0,
  };
  if (row === null) return c;
  c[isIdentified(row) ? 'identified' : 'anonymous'] = 1;
  for (const [column, counter] of BLOCKED_COLUMNS) if (row[column] === STATUS.blocked) c[counter] = 1;
  if (row.email_status === STATUS.whitelisted) c.whitelisted_email = 1;
  return c;
}

/**
 * How the counters move when one contact goes from `before` to `after` (null = absent:
 * a create or a delete). Every single-contact writer passes its change through here.
 */
export function counterDelta(before: CountedContact | null, after: CountedContact | null): CounterDelta {
  const b = contributions(before);
  const a = contributions(after);
  const delta: CounterDelta = {};
  for (const name of COUNTER_NAMES) if (a[name] !== b[name]) delta[name] = a[name] - b[name];
  return delta;
}

const RECOUNT_SQL = `SELECT
  coalesce(sum(kind), 0) AS identified,
  count(*) - coalesce(sum(kind), 0) AS anonymous,
  ${CHANNELS.map((ch) => `coalesce(sum(${ch}_status = ${STATUS.blocked}), 0) AS blocked_${ch}`).join(',\n  ')},
  coalesce(sum(email_status = ${STATUS.whitelisted}), 0) AS whitelisted_email
FROM contacts`;

const statements = statementsFor((db) => ({
  read: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM counters'),
  add: db.prepare<{ name: string; value: number }>(
    'INSERT INTO counters(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value',
  ),
  set: db.prepare<{ name: string; value: number }>(
    'INSERT INTO counters(name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  ),
  recount: db.prepare<[], Record<CounterName, number>>(RECOUNT_SQL),
}));

function toCounts(values: Partial<Record<CounterName, number>>): Counts {
  const v = (name: CounterName): number => values[name] ?? 0;
  return {
    identified: v('identified'),
    anonymous: v('anonymous'),
    blocked: { email: v('blocked_email'), sms: v('blocked_sms'), whatsapp: v('blocked_whatsapp'), rcs: v('blocked_rcs') },
    whitelisted: { email: v('whitelisted_email') },
  };
}

function isCounterName(name: string): name is CounterName {
  return (COUNTER_NAMES as readonly string[]).includes(name);
}

/** The kept counts: one indexed read of a seven-row table, whatever the list's size. */
export function readCounts(db: Db): Counts {
  const values: Partial<Record<CounterName, number>> = {};
  for (const row of statements(db).read.all()) if (isCounterName(row.name)) values[row.name] = row.value;
  return toCounts(values);
}

/** Applies a delta; call inside the writer's transaction. */
export function addToCounters(db: Db, delta: CounterDelta): void {
  const { add } = statements(db);
  for (const name of COUNTER_NAMES) {
    const value = delta[name];
    if (value !== undefined && value !== 0) add.run({ name, value });
  }
}

/** The exact counts by a full scan of the contacts: slow on a big list; for `doctor`. */
export function recountFromTables(db: Db): Counts {
  const row = statements(db).recount.get();
  return toCounts(row ?? {});
}

export function countsEqual(a: Counts, b: Counts): boolean {
  return (
    a.identified === b.identified &&
    a.anonymous === b.anonymous &&
    CHANNELS.every((ch) => a.blocked[ch] === b.blocked[ch]) &&
    a.whitelisted.email === b.whitelisted.email
  );
}

/** Recounts and overwrites the kept counters in one transaction; says what was wrong. */
export function repairCounters(db: Db): { before: Counts; after: Counts; repaired: boolean } {
  return db
    .transaction(() => {
      const before = readCounts(db);
      const after = recountFromTables(db);
      const { set } = statements(db);
      set.run({ name: 'identified', value: after.identified });
      set.run({ name: 'anonymous', value: after.anonymous });
      for (const ch of CHANNELS) set.run({ name: `blocked_${ch}`, value: after.blocked[ch] });
      set.run({ name: 'whitelisted_email', value: after.whitelisted.email });
      return { before, after, repaired: !countsEqual(before, after) };
    })
    .immediate();
}
