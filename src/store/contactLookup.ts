import type { IdentifierType } from '../domain/channels';
import { CONTACT_SELECT, type ContactRow } from './contactRow';
import type { Db } from './database';
import { statementsFor } from './statementCache';

/** Exact lookups, one per unique index: the match key (email_key, E.164 mobile). */
export const LOOKUP_SQL: Readonly<Record<IdentifierType | 'id', string>> = {
  id: `SELECT ${CONTACT_SELECT} FROM contacts WHERE id = ?`,
  customer_id: `SELECT ${CONTACT_SELECT} FROM contacts WHERE customer_id = ?`,
  email: `SELECT ${CONTACT_SELECT} FROM contacts WHERE email_key = ?`,
  mobile: `SELECT ${CONTACT_SELECT} FROM contacts WHERE mobile = ?`,
};

const statements = statementsFor((db) => ({
  id: db.prepare<[number], ContactRow>(LOOKUP_SQL.id),
  customer_id: db.prepare<[string], ContactRow>(LOOKUP_SQL.customer_id),
  email: db.prepare<[string], ContactRow>(LOOKUP_SQL.email),
  mobile: db.prepare<[string], ContactRow>(LOOKUP_SQL.mobile),
}));

/** The contact holding an already-normalised key, if any. */
export function findContactRow(db: Db, type: IdentifierType, key: string): ContactRow | undefined {
  return statements(db)[type].get(key);
}

export function getContactRow(db: Db, id: number): ContactRow | undefined {
  return statements(db).id.get(id);
}
