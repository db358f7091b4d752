import type { CountryCode } from 'libphonenumber-js';
import { DeskError } from '../domain/errors';
import { DEFAULT_KEYWORDS, parseKeywordLists, type KeywordLists } from '../domain/keywords';
import { isCountryCode } from '../domain/mobile';
import { DATE_ORDERS, defaultDateOrder, isValidTimeZone, localTimeZone, type DateOrder } from '../domain/dates';
import type { Db } from './database';
import { statementsFor } from './statementCache';

export type PrimaryKey = 'email' | 'customer_id';

export interface Settings {
  /** Default country for mobile numbers written without a country code. */
  country: CountryCode;
  /** Names the listing's first column and the key used when pushing to CE. */
  primary_key: PrimaryKey;
  /** Opt-out (and, for SMS, opt-in) words per channel, used by the next keywords job. */
  keywords: KeywordLists;
  /** Day/month order of all-numeric dates that do not prove one: `country` follows the default country. */
  date_order: DateOrder | 'country';
  /** IANA zone for times written without one: `computer` is this computer's zone. */
  time_zone: string;
  /** Our own sender numbers (E.164): keyword capture counts a message from one of them as outbound, never as an opt-out. */
  sender_numbers: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { country: 'IN', primary_key: 'email', keywords: DEFAULT_KEYWORDS, date_order: 'country', time_zone: 'computer', sender_numbers: [] };

/** How dates without an order or a zone are read, as the settings say. */
export function dateReading(settings: Settings): { dateOrder: DateOrder; timeZone: string } {
  return {
    dateOrder: settings.date_order === 'country' ? defaultDateOrder(settings.country) : settings.date_order,
    timeZone: settings.time_zone === 'computer' ? localTimeZone() : settings.time_zone,
  };
}

type SettingName = keyof Settings;

const E164 = /^\+[1-9]\d{5,14}$/;
export const MAX_SENDER_NUMBERS = 1000;

/** Each setting's check: the stored value when valid, else undefined. */
const PARSERS: { [K in SettingName]: (value: unknown) => Settings[K] | undefined } = {
  country: (value) => {
    const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
    return isCountryCode(code) ? code : undefined;
  },
  primary_key: (value) => (value === 'email' || value === 'customer_id' ? value : undefined),
  keywords: (value) => {
    const parsed = parseKeywordLists(value);
    return parsed.ok ? parsed.lists : undefined;
  },
  date_order: (value) => (value === 'country' || (DATE_ORDERS as readonly unknown[]).includes(value) ? (value as DateOrder | 'country') : undefined),
  time_zone: (value) => (value === 'computer' || (typeof value === 'string' && isValidTimeZone(value)) ? value : undefined),
  sender_numbers: (value) =>
    Array.isArray(value) && value.length <= MAX_SENDER_NUMBERS && value.every((n) => typeof n === 'string' && E164.test(n)) ? [...new Set(value as string[])] : undefined,
};

/** Settings whose problems are worth more than "must be …": the sentence naming the problem. */
const EXPLAIN: { [K in SettingName]?: (value: unknown) => string | undefined } = {
  keywords: (value) => {
    const parsed = parseKeywordLists(value);
    return parsed.ok ? undefined : parsed.message;
  },
};

const EXPECTED: Record<SettingName, string> = {
  country: 'a two-letter country code such as IN or US',
  primary_key: 'email or customer_id',
  keywords: 'per-channel keyword lists',
  date_order: 'country, dmy, mdy or ymd',
  time_zone: 'computer or a time zone such as Asia/Kolkata',
  sender_numbers: `a list of at most ${MAX_SENDER_NUMBERS} numbers in E.164 form (+ and digits)`,
};

function isSettingName(name: string): name is SettingName {
  return Object.prototype.hasOwnProperty.call(PARSERS, name);
}

const statements = statementsFor((db) => ({
  all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
  put: db.prepare<{ key: string; value: string }>(
    'INSERT INTO settings(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ),
}));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The settings, each stored value as JSON; a missing or unreadable one reads as its default. */
export function getSettings(db: Db): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS, keywords: structuredClone(DEFAULT_KEYWORDS), sender_numbers: [] };
  for (const row of statements(db).all.all()) {
    if (!isSettingName(row.key)) continue; // another area's setting
    const value = PARSERS[row.key](parseJson(row.value));
    if (value !== undefined) Object.assign(settings, { [row.key]: value });
  }
  return settings;
}

/** Validates every given value first, then stores them together; returns the new settings. */
export function updateSettings(db: Db, changes: Partial<Record<string, unknown>>): Settings {
  const valid: [SettingName, unknown][] = [];
  for (const [key, raw] of Object.entries(changes)) {
    if (raw === undefined) continue;
    if (!isSettingName(key)) throw new DeskError('usage', `unknown setting "${key}" (known: ${Object.keys(PARSERS).join(', ')})`);
    const value = PARSERS[key](raw);
    if (value === undefined) {
      const why = EXPLAIN[key]?.(raw);
      throw new DeskError('usage', why ?? `setting ${key} must be ${EXPECTED[key]} (got ${JSON.stringify(raw)})`);
    }
    valid.push([key, value]);
  }
  return db
    .transaction(() => {
      const { put } = statements(db);
      for (const [key, value] of valid) put.run({ key, value: JSON.stringify(value) });
      return getSettings(db);
    })
    .immediate();
}

/** Adds numbers (E.164) to the sender_numbers setting, inside the caller's transaction: a keywords job learns them from inbound messages' To. */
export function addSenderNumbers(db: Db, numbers: readonly string[]): void {
  const known = getSettings(db).sender_numbers;
  const merged = [...new Set([...known, ...numbers.filter((n) => E164.test(n))])].slice(0, MAX_SENDER_NUMBERS);
  if (merged.length !== known.length) statements(db).put.run({ key: 'sender_numbers', value: JSON.stringify(merged) });
}
