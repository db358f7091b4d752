import type { CountryCode } from 'libphonenumber-js';
import { CHANNELS, IDENTIFIER_TYPES, type IdentifierType } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { normalizeIdentifier } from '../domain/identifiers';
import { findContactRow, getContactRow } from './contactLookup';
import { channelsFor, contactLabel, identifiersOf, statusOf, type ContactRow } from './contactRow';
import { toContactView, type ContactView } from './contactView';
import { writeContactChange, type IdentifierChange } from './contactWriter';
import type { Db } from './database';
import { IdentifierFieldError } from './identifierFieldError';

/** Fields to change: a value sets it, null (or blank) removes it, absent leaves it. */
export type IdentifierEdit = Partial<Record<IdentifierType, string | null>>;

export interface EditResult {
  contact: ContactView;
  changedFields: IdentifierType[];
}

const FIELD_NAMES: Record<IdentifierType, string> = { customer_id: 'customer ID', email: 'email', mobile: 'mobile' };

/** What the field would hold: the match key and the spelling shown (equal but for email). */
interface FieldValue {
  key: string;
  display: string;
}

function currentValue(row: ContactRow, field: IdentifierType): FieldValue | null {
  switch (field) {
    case 'customer_id':
      return row.customer_id === null ? null : { key: row.customer_id, display: row.customer_id };
    case 'email':
      return row.email === null || row.email_key === null ? null : { key: row.email_key, display: row.email };
    case 'mobile':
      return row.mobile === null ? null : { key: row.mobile, display: row.mobile };
  }
}

function withValue(row: ContactRow, field: IdentifierType, value: FieldValue | null): ContactRow {
  switch (field) {
    case 'customer_id':
      return { ...row, customer_id: value?.key ?? null };
    case 'email':
      return { ...row, email: value?.display ?? null, email_key: value?.key ?? null };
    case 'mobile':
      return { ...row, mobile: value?.key ?? null };
  }
}

function normalizeField(field: IdentifierType, raw: string | null, country: CountryCode): FieldValue | null {
  if (raw === null || raw.trim() === '') return null;
  const normalized = normalizeIdentifier(field, raw, country);
  if (!normalized.ok) throw new IdentifierFieldError('invalid_identifier', field, raw, normalized.message);
  return { key: normalized.value.value, display: normalized.value.display };
}

/**
 * Edit: changes a contact's identifiers. Refusals name the field (IdentifierFieldError):
 * a value another contact holds (`conflict`, never merged), an invalid value, removing
 * an identifier a channel status depends on; removing the last identifier is `usage`.
 * Audits one entry per changed field: action `edit_<field>`, before/after the values
 * shown (`''` for none).
 */
export function editIdentifiers(
  db: Db,
  contactId: number,
  edit: IdentifierEdit,
  options: { country: CountryCode; actor: string; source: string; job?: string | null; at?: number },
): EditResult {
  const wanted = IDENTIFIER_TYPES.filter((field) => edit[field] !== undefined).map((field) => ({
    field,
    value: normalizeField(field, edit[field] ?? null, options.country),
  }));
  const context = { at: options.at ?? Date.now(), actor: options.actor, source: options.source, job: options.job ?? null };

  return db
    .transaction((): EditResult => {
      const before = getContactRow(db, contactId);
      if (before === undefined) throw new DeskError('not_found', `no contact with id ${contactId} (it may have been deleted)`);
      let after = before;
      const changes: IdentifierChange[] = [];
      const changedFields: IdentifierType[] = [];
      for (const { field, value } of wanted) {
        const old = currentValue(before, field);
        if (old?.display === value?.display) continue;
        if (value !== null && value.key !== old?.key) {
          const holder = findContactRow(db, field, value.key);
          if (holder !== undefined && holder.id !== before.id) {
            throw new IdentifierFieldError(
              'conflict',
              field,
              value.display,
              `${FIELD_NAMES[field]} ${value.display} already belongs to another contact (${contactLabel(holder)}); contacts are never merged`,
            );
          }
        }
        after = withValue(after, field, value);
        changes.push({ action: `edit_${field}`, before: old?.display ?? '', after: value?.display ?? '' });
        changedFields.push(field);
      }
      if (changes.length === 0) return { contact: toContactView(before), changedFields };
      if (identifiersOf(after).length === 0) {
        throw new DeskError('usage', `${contactLabel(before)} would have no identifier left; delete the contact instead`);
      }
      const carried = channelsFor(after);
      const stranded = CHANNELS.filter((ch) => statusOf(after, ch).status !== 'none' && !carried.includes(ch));
      const removed = changedFields.find((field) => currentValue(after, field) === null);
      if (stranded.length > 0 && removed !== undefined) {
        throw new IdentifierFieldError(
          'usage',
          removed,
          null,
          `removing the ${FIELD_NAMES[removed]} would leave ${stranded.join(', ')} ${stranded.length > 1 ? 'statuses' : 'status'} with no identifier to carry ${stranded.length > 1 ? 'them' : 'it'}; clear ${stranded.length > 1 ? 'them' : 'it'} first`,
        );
      }
      const stored = writeContactChange(db, before, after, context, { identifierChanges: changes });
      return { contact: toContactView(stored), changedFields };
    })
    .immediate();
}
