import type { CountryCode } from 'libphonenumber-js';
import type { IdentifierType } from '../domain/channels';
import { normalizeIdentifier } from '../domain/identifiers';
import type { AuditLabels } from './audit';
import { deletedIdentifiers } from './auditDetail';
import { findContactRow } from './contactLookup';
import type { Db } from './database';
import { explainQueryPlan } from './queryPlan';
import { exactKeys } from './search';
import { statementsFor } from './statementCache';

/**
 * Past identifiers, from identifier entries only (migration 0005's partial indexes): the
 * value an edit replaced or a revert removed is `before`; a delete's `before` holds the
 * identifiers it removed as JSON. SQL narrows by the raw spelling (ASCII case ignored);
 * pastMatches then compares normalised keys.
 */
export const PAST_IDENTIFIER_SQL = {
  values: `SELECT contact_id, action, before FROM audit
WHERE channel IS NULL AND lower(before) IN (SELECT lower(value) FROM json_each(:spellings))`,
  deletes: `SELECT contact_id, action, before FROM audit
WHERE channel IS NULL AND action = 'delete'
  AND (json_extract(before, '$.customer_id') IN (SELECT value FROM json_each(:spellings))
    OR lower(json_extract(before, '$.email')) IN (SELECT lower(value) FROM json_each(:spellings))
    OR json_extract(before, '$.mobile') IN (SELECT value FROM json_each(:spellings)))`,
} as const;

interface PastRow {
  contact_id: number;
  action: string;
  before: string;
}

const statements = statementsFor((db) => ({
  values: db.prepare<{ spellings: string }, PastRow>(PAST_IDENTIFIER_SQL.values),
  deletes: db.prepare<{ spellings: string }, PastRow>(PAST_IDENTIFIER_SQL.deletes),
}));

/** Whom the audit log's contact filter means: contacts by id, or (none found) the labels the log may have recorded. */
export type AuditContactFilter = { contactIds: number[] } | { labels: AuditLabels };

type Key = { type: IdentifierType; key: string };

function holds(keys: readonly Key[], type: IdentifierType, value: string, country: CountryCode): boolean {
  const wanted = keys.filter((k) => k.type === type);
  if (wanted.length === 0) return false;
  const normalized = normalizeIdentifier(type, value, country);
  return normalized.ok && wanted.some((k) => k.key === normalized.value.value);
}

const EDIT_FIELDS: Readonly<Record<string, IdentifierType>> = { edit_customer_id: 'customer_id', edit_email: 'email', edit_mobile: 'mobile' };

function pastMatches(row: PastRow, keys: readonly Key[], country: CountryCode): boolean {
  if (row.action === 'delete') return deletedIdentifiers(row.before).some(({ field, value }) => holds(keys, field, value, country));
  const field = EDIT_FIELDS[row.action];
  const types: readonly IdentifierType[] = field !== undefined ? [field] : ['customer_id', 'email', 'mobile'];
  return types.some((type) => holds(keys, type, row.before, country));
}

/**
 * The contacts an identifier, typed any way, names in the audit log: the one holding it
 * now (customer ID exactly, email in any case, mobile in any format, as search reads it)
 * and any that held it before (an edit replaced it, a revert removed it, the contact was
 * deleted). Contact ids are never given twice, so their entries are that person's. When
 * no contact is found (one an import created and a revert removed leaves only its label
 * behind), the filter falls back to the labels the entries recorded.
 */
export function auditContactFilter(db: Db, query: string, country: CountryCode): AuditContactFilter {
  const text = query.trim();
  const keys = exactKeys(text, country);
  const ids = new Set<number>();
  for (const { type, key } of keys) {
    const row = findContactRow(db, type, key);
    if (row !== undefined) ids.add(row.id);
  }
  const spellings = JSON.stringify([...new Set([text, ...keys.map((k) => k.key)])]);
  const prepared = statements(db);
  for (const row of [...prepared.values.all({ spellings }), ...prepared.deletes.all({ spellings })]) {
    if (!ids.has(row.contact_id) && pastMatches(row, keys, country)) ids.add(row.contact_id);
  }
  if (ids.size > 0) return { contactIds: [...ids].sort((a, b) => a - b) };
  // Labels are spelled as recorded: a customer ID or E.164 mobile exactly, an email in any case.
  const email = keys.find((k) => k.type === 'email');
  const exact = [...new Set([text, ...keys.filter((k) => k.type !== 'email').map((k) => k.key)])];
  return { labels: email === undefined ? { exact } : { exact, anyCase: email.key } };
}

/** The query plans of the two past-identifier lookups, as auditContactFilter runs them. */
export function pastIdentifierPlans(db: Db): { values: string[]; deletes: string[] } {
  const params = { spellings: JSON.stringify(['x']) };
  return { values: explainQueryPlan(db, PAST_IDENTIFIER_SQL.values, params), deletes: explainQueryPlan(db, PAST_IDENTIFIER_SQL.deletes, params) };
}
