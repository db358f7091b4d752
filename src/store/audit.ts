import type { Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
import { describeDeletion, readAuditDetail } from './auditDetail';
import { isoTime } from './contactView';
import type { Db } from './database';
import { explainQueryPlan } from './queryPlan';
import { statementsFor } from './statementCache';

/** An audit entry as shown and exported; `at` is ISO UTC with ms. */
export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  contact: string;
  contact_id: number;
  channel: Channel | null;
  before: string;
  after: string;
  source: string;
  job: string | null;
  /** A protected lift: the category lifted (unsubscribe, opt_out, …). */
  lifted_category: string | null;
  /** The officer's written reason given with the change (a protected lift's evidence of consent). */
  reason: string | null;
  /** The entry as a sentence where its before/after are not words (a delete's identifiers). */
  description: string | null;
}

export interface AuditQuery {
  /** Entries at or after this time, ms. */
  since?: number;
  contactId?: number;
  /** Entries of any of these contacts (store/auditContacts.ts finds them for an identifier); none: no entry. */
  contactIds?: readonly number[];
  /**
   * Entries whose recorded label (customer ID, else email, else mobile) is one of `exact`
   * (at most MAX_LABELS) or, ASCII case ignored, `anyCase` (an email).
   */
  labels?: AuditLabels;
  channel?: Channel;
  actor?: string;
  job?: string;
  /** Entries older than this id (the previous page's `next`); newest first. */
  before?: number | null;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntryView[];
  next: number | null;
}

export const MAX_AUDIT_LIMIT = 10_000;

/** A row as stored: `at` in ms, `detail` as JSON. */
type AuditRow = Omit<AuditEntryView, 'at' | 'lifted_category' | 'reason' | 'description'> & { at: number; detail: string | null };

export interface AuditLabels {
  exact: readonly string[];
  anyCase?: string;
}

/** A person's spellings: as typed and its normalised keys. Bound one a parameter, so an unused filter costs the plan nothing. */
export const MAX_LABELS = 3;
type LabelParams = { label0: string | null; label1: string | null; label2: string | null; labelAnyCase: string | null };

function labelParams(labels: AuditLabels | undefined): LabelParams {
  if (labels === undefined) return { label0: null, label1: null, label2: null, labelAnyCase: null };
  if (labels.exact.length > MAX_LABELS) throw new DeskError('usage', `at most ${MAX_LABELS} contact labels can be matched at once`);
  const anyCase = labels.anyCase?.toLowerCase() ?? null;
  // label0 switches the filter on: never NULL once labels are given; unused slots repeat it.
  const first = labels.exact[0] ?? anyCase ?? '';
  const at = (i: number) => labels.exact[i] ?? first;
  return { label0: first, label1: at(1), label2: at(2), labelAnyCase: anyCase };
}

type AuditParams = LabelParams & {
  since: number;
  contactId: number | null;
  /** A JSON array, for json_each. */
  contactIds: string | null;
  channel: string | null;
  actor: string | null;
  job: string | null;
  before: number;
  fetch: number;
}

const AUDIT_COLUMNS = 'id, at, actor, action, contact, contact_id, channel, before, after, source, job, detail';

/**
 * Newest first by id. The leading condition picks the index: a contact's entries come
 * from audit_contact (contact_id, id), several contacts' from it once each (a small sort
 * follows: a person's entries are few), a job's from audit_job, the rest walk the rowid
 * backwards; the other filters are checked on the rows met.
 */
export type AuditShape = 'byContact' | 'byContacts' | 'byJob' | 'all';

const OTHER_FILTERS = `at >= :since
  AND (:label0 IS NULL OR contact IN (:label0, :label1, :label2) OR lower(contact) = :labelAnyCase)
  AND (:channel IS NULL OR channel = :channel)
  AND (:actor IS NULL OR actor = :actor)`;

export const AUDIT_LIST_SQL: Readonly<Record<AuditShape, string>> = {
  byContact: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE contact_id = :contactId AND id < :before AND (:job IS NULL OR job = :job) AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
  byContacts: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE contact_id IN (SELECT value FROM json_each(:contactIds)) AND id < :before AND (:job IS NULL OR job = :job) AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
  byJob: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE job = :job AND id < :before AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
  all: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE id < :before AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
};

/** Oldest first, for export; a contact's entries through audit_contact, as in the listing. */
export const AUDIT_EXPORT_SQL: Readonly<Record<'byContact' | 'byContacts' | 'all', string>> = {
  byContact: `SELECT ${AUDIT_COLUMNS} FROM audit WHERE contact_id = :contactId AND ${OTHER_FILTERS} ORDER BY id`,
  byContacts: `SELECT ${AUDIT_COLUMNS} FROM audit WHERE contact_id IN (SELECT value FROM json_each(:contactIds)) AND ${OTHER_FILTERS} ORDER BY id`,
  all: `SELECT ${AUDIT_COLUMNS} FROM audit WHERE ${OTHER_FILTERS} ORDER BY id`,
};

/** What an export keeps: the listing's filters, without paging. */
export type AuditFilter = Pick<AuditQuery, 'since' | 'contactId' | 'contactIds' | 'labels' | 'channel' | 'actor'>;

type AuditExportParams = LabelParams & Pick<AuditParams, 'since' | 'channel' | 'actor'> & { contactId?: number; contactIds?: string };

const statements = statementsFor((db) => ({
  byContact: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.byContact),
  byContacts: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.byContacts),
  byJob: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.byJob),
  all: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.all),
  exportByContact: db.prepare<AuditExportParams, AuditRow>(AUDIT_EXPORT_SQL.byContact),
  exportByContacts: db.prepare<AuditExportParams, AuditRow>(AUDIT_EXPORT_SQL.byContacts),
  exportAll: db.prepare<AuditExportParams, AuditRow>(AUDIT_EXPORT_SQL.all),
}));

function toView(row: AuditRow): AuditEntryView {
  const { detail: json, ...fields } = row;
  const detail = readAuditDetail(json);
  const deletion = row.action === 'delete' && row.channel === null;
  return {
    ...fields,
    at: isoTime(row.at),
    lifted_category: detail.lifted_category ?? null,
    reason: detail.reason ?? null,
    description: deletion ? describeDeletion(row.before, detail) : null,
  };
}

/** The contacts asked for: one id, several, or none at all (null: no contact filter). */
function contactsOf(filter: Pick<AuditQuery, 'contactId' | 'contactIds'>): readonly number[] | null {
  if (filter.contactId === undefined) return filter.contactIds ?? null;
  if (filter.contactIds === undefined) return [filter.contactId];
  return filter.contactIds.includes(filter.contactId) ? [filter.contactId] : [];
}

function auditStatement(query: AuditQuery): { shape: AuditShape; params: AuditParams } | null {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_AUDIT_LIMIT) {
    throw new DeskError('usage', `the page size must be a whole number from 1 to ${MAX_AUDIT_LIMIT} (got ${query.limit})`);
  }
  const contacts = contactsOf(query);
  if (contacts !== null && contacts.length === 0) return null;
  const shape: AuditShape =
    contacts !== null ? (contacts.length === 1 ? 'byContact' : 'byContacts') : query.job !== undefined ? 'byJob' : 'all';
  const params: AuditParams = {
    since: query.since ?? Number.MIN_SAFE_INTEGER,
    contactId: contacts?.length === 1 ? (contacts[0] ?? null) : null,
    contactIds: contacts !== null && contacts.length > 1 ? JSON.stringify(contacts) : null,
    ...labelParams(query.labels),
    channel: query.channel ?? null,
    actor: query.actor ?? null,
    job: query.job ?? null,
    before: query.before ?? Number.MAX_SAFE_INTEGER,
    fetch: query.limit + 1,
  };
  return { shape, params };
}

/** A page of the audit log, newest first, with the cursor for the next (older) page. */
export function listAudit(db: Db, query: AuditQuery): AuditPage {
  const statement = auditStatement(query);
  if (statement === null) return { entries: [], next: null };
  const { shape, params } = statement;
  const rows = statements(db)[shape].all(params);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { entries: page.map(toView), next: rows.length > query.limit && last !== undefined ? last.id : null };
}

/** The query plan of the very statement listAudit runs for `query`. */
export function auditPlan(db: Db, query: AuditQuery): string[] {
  const statement = auditStatement(query);
  if (statement === null) return [];
  const { shape, params } = statement;
  return explainQueryPlan(db, AUDIT_LIST_SQL[shape], { ...params });
}

/**
 * Every entry matching the filter, oldest first, streamed (for export and the CLI). The
 * connection is busy until the iteration ends or is broken off.
 */
export function* iterateAudit(db: Db, filter: AuditFilter = {}): Generator<AuditEntryView, void, undefined> {
  const params: AuditExportParams = {
    since: filter.since ?? Number.MIN_SAFE_INTEGER,
    ...labelParams(filter.labels),
    channel: filter.channel ?? null,
    actor: filter.actor ?? null,
  };
  const contacts = contactsOf(filter);
  if (contacts !== null && contacts.length === 0) return;
  const prepared = statements(db);
  const rows =
    contacts === null
      ? prepared.exportAll.iterate(params)
      : contacts.length === 1
        ? prepared.exportByContact.iterate({ ...params, contactId: contacts[0] })
        : prepared.exportByContacts.iterate({ ...params, contactIds: JSON.stringify(contacts) });
  for (const row of rows) yield toView(row);
}
