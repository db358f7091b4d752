import type { CountryCode } from 'libphonenumber-js';
import type { IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { guessIdentifierType, normalizeIdentifier } from '../domain/identifiers';
import { CONTACT_SELECT, type ContactRow } from './contactRow';
import { findContactRow, LOOKUP_SQL } from './contactLookup';
import { toContactView, type ContactView } from './contactView';
import type { Db } from './database';
import { explainQueryPlan } from './queryPlan';
import { statementsFor } from './statementCache';

export interface SearchOptions {
  /** Also list emails and customer IDs that start with the query. */
  prefix?: boolean;
  /** For mobile numbers written without a country code. */
  country: CountryCode;
  /** Default 1000 with `prefix`; exact matches are at most one per identifier type. */
  limit?: number;
}

export const DEFAULT_PREFIX_LIMIT = 1000;
export const MAX_SEARCH_LIMIT = 10_000;

/**
 * Prefix ranges on the partial unique indexes. `:prefix || x'FF'` is an exact upper
 * bound: text compares as UTF-8 bytes, no UTF-8 byte is 0xFF, so every key starting with
 * the prefix sorts below it and every other key at or above the prefix sorts above it.
 * (`char(0x10FFFF)` would miss keys that continue with U+10FFFF; LIKE would not use the
 * index at all.)
 */
export const PREFIX_SQL = {
  email: `SELECT ${CONTACT_SELECT} FROM contacts
WHERE email_key >= :prefix AND email_key < :prefix || x'FF'
ORDER BY email_key LIMIT :limit`,
  customer_id: `SELECT ${CONTACT_SELECT} FROM contacts
WHERE customer_id >= :prefix AND customer_id < :prefix || x'FF'
ORDER BY customer_id LIMIT :limit`,
} as const;

type PrefixType = keyof typeof PREFIX_SQL;

const statements = statementsFor((db) => ({
  email: db.prepare<{ prefix: string; limit: number }, ContactRow>(PREFIX_SQL.email),
  customer_id: db.prepare<{ prefix: string; limit: number }, ContactRow>(PREFIX_SQL.customer_id),
}));

/** The key a prefix is compared with: emails match case-insensitively, as their key does. */
function prefixKey(type: PrefixType, query: string): string {
  return type === 'email' ? query.toLowerCase().normalize('NFC') : query;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new DeskError('usage', `the result limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT} (got ${limit})`);
  }
}

/** The keys worth looking up for a query: each guessed type, and the customer ID always. */
export function exactKeys(query: string, country: CountryCode): { type: IdentifierType; key: string }[] {
  const types = [...new Set<IdentifierType>([...guessIdentifierType(query), 'customer_id'])];
  const keys: { type: IdentifierType; key: string }[] = [];
  for (const type of types) {
    const normalized = normalizeIdentifier(type, query, country);
    if (normalized.ok) keys.push({ type, key: normalized.value.value });
  }
  return keys;
}

/**
 * Exact matches on customer ID (case-sensitive), email (any case) and mobile (any
 * format, normalised to E.164 first), then with `prefix` the emails and customer IDs
 * starting with the query, each in key order. Each contact appears once.
 */
export function searchContacts(db: Db, query: string, options: SearchOptions): ContactView[] {
  const limit = options.limit ?? (options.prefix ? DEFAULT_PREFIX_LIMIT : MAX_SEARCH_LIMIT);
  checkLimit(limit);
  const text = query.trim();
  if (text === '') return [];
  const found = new Map<number, ContactRow>();
  for (const { type, key } of exactKeys(text, options.country)) {
    const row = findContactRow(db, type, key);
    if (row !== undefined && !found.has(row.id)) found.set(row.id, row);
  }
  if (options.prefix) {
    const prepared = statements(db);
    for (const type of ['email', 'customer_id'] as const) {
      if (found.size >= limit) break;
      for (const row of prepared[type].iterate({ prefix: prefixKey(type, text), limit })) {
        if (!found.has(row.id)) found.set(row.id, row);
        if (found.size >= limit) break;
      }
    }
  }
  return [...found.values()].slice(0, limit).map(toContactView);
}

/** The query plan of an exact lookup or a prefix range, as searchContacts runs it. */
export function searchPlan(db: Db, kind: { exact: IdentifierType } | { prefix: PrefixType }): string[] {
  if ('exact' in kind) return explainQueryPlan(db, LOOKUP_SQL[kind.exact], ['x']);
  return explainQueryPlan(db, PREFIX_SQL[kind.prefix], { prefix: 'x', limit: DEFAULT_PREFIX_LIMIT });
}
