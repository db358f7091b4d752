import type { Channel } from '../domain/channels';
import { DeskError } from '../domain/errors';
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
}

export interface AuditQuery {
  /** Entries at or after this time, ms. */
  since?: number;
  contactId?: number;
  /** The contact's label as recorded (customer ID, else email, else mobile), exactly. */
  contact?: string;
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

/** A row as stored: the same fields, `at` in ms. */
type AuditRow = Omit<AuditEntryView, 'at'> & { at: number };

interface AuditParams {
  since: number;
  contactId: number | null;
  contact: string | null;
  channel: string | null;
  actor: string | null;
  job: string | null;
  before: number;
  fetch: number;
}

const AUDIT_COLUMNS = 'id, at, actor, action, contact, contact_id, channel, before, after, source, job';

/**
 * Newest first by id. The leading condition picks the index: a contact's entries come
 * from audit_contact (contact_id, id), a job's from audit_job, the rest walk the rowid
 * backwards; the other filters are checked on the rows met.
 */
export type AuditShape = 'byContact' | 'byJob' | 'all';

const OTHER_FILTERS = `at >= :since
  AND (:contact IS NULL OR contact = :contact)
  AND (:channel IS NULL OR channel = :channel)
  AND (:actor IS NULL OR actor = :actor)`;

export const AUDIT_LIST_SQL: Readonly<Record<AuditShape, string>> = {
  byContact: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE contact_id = :contactId AND id < :before AND (:job IS NULL OR job = :job) AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
  byJob: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE job = :job AND id < :before AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
  all: `SELECT ${AUDIT_COLUMNS} FROM audit
WHERE id < :before AND ${OTHER_FILTERS}
ORDER BY id DESC LIMIT :fetch`,
};

/** Oldest first, for export; a contact's entries through audit_contact, as in the listing. */
export const AUDIT_EXPORT_SQL: Readonly<Record<'byContact' | 'all', string>> = {
  byContact: `SELECT ${AUDIT_COLUMNS} FROM audit WHERE contact_id = :contactId AND ${OTHER_FILTERS} ORDER BY id`,
  all: `SELECT ${AUDIT_COLUMNS} FROM audit WHERE ${OTHER_FILTERS} ORDER BY id`,
};

/** What an export keeps: the listing's filters, without paging. */
export type AuditFilter = Pick<AuditQuery, 'since' | 'contactId' | 'contact' | 'channel' | 'actor'>;

type AuditExportParams = Pick<AuditParams, 'since' | 'contact' | 'channel' | 'actor'> & { contactId?: number };

const statements = statementsFor((db) => ({
  byContact: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.byContact),
  byJob: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.byJob),
  all: db.prepare<AuditParams, AuditRow>(AUDIT_LIST_SQL.all),
  exportByContact: db.prepare<AuditExportParams, AuditRow>(AUDIT_EXPORT_SQL.byContact),
  exportAll: db.prepare<AuditExportParams, AuditRow>(AUDIT_EXPORT_SQL.all),
}));

function toView(row: AuditRow): AuditEntryView {
  return { ...row, at: isoTime(row.at) };
}

function auditStatement(query: AuditQuery): { shape: AuditShape; params: AuditParams } {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_AUDIT_LIMIT) {
    throw new DeskError('usage', `the page size must be a whole number from 1 to ${MAX_AUDIT_LIMIT} (got ${query.limit})`);
  }
  const shape: AuditShape = query.contactId !== undefined ? 'byContact' : query.job !== undefined ? 'byJob' : 'all';
  const params: AuditParams = {
    since: query.since ?? Number.MIN_SAFE_INTEGER,
    contactId: query.contactId ?? null,
    contact: query.contact ?? null,
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
  const { shape, params } = auditStatement(query);
  const rows = statements(db)[shape].all(params);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { entries: page.map(toView), next: rows.length > query.limit && last !== undefined ? last.id : null };
}

/** The query plan of the very statement listAudit runs for `query`. */
export function auditPlan(db: Db, query: AuditQuery): string[] {
  const { shape, params } = auditStatement(query);
  return explainQueryPlan(db, AUDIT_LIST_SQL[shape], { ...params });
}

/**
 * Every entry matching the filter, oldest first, streamed (for export and the CLI). The
 * connection is busy until the iteration ends or is broken off.
 */
export function* iterateAudit(db: Db, filter: AuditFilter = {}): Generator<AuditEntryView, void, undefined> {
  const params: AuditExportParams = {
    since: filter.since ?? Number.MIN_SAFE_INTEGER,
    contact: filter.contact ?? null,
    channel: filter.channel ?? null,
    actor: filter.actor ?? null,
  };
  const rows =
    filter.contactId !== undefined
      ? statements(db).exportByContact.iterate({ ...params, contactId: filter.contactId })
      : statements(db).exportAll.iterate(params);
  for (const row of rows) yield toView(row);
}
