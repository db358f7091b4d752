import type { Channel, ChannelStatus } from '../domain/channels';
import type { StatusDetail } from './contactRow';
import type { Db } from './database';
import { statementsFor } from './statementCache';

/**
 * One audit record as written. Channel entries have `channel` set and before/after
 * statuses (`none`, `blocked`, `whitelisted`); identifier entries have channel null,
 * action `edit_<field>` (as the import writer records attached identifiers) or
 * `delete`, and the values themselves as before/after (`''` for none).
 */
export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  contact_id: number;
  contact: string;
  channel: Channel | null;
  before: string;
  after: string;
  before_detail: string | null;
  source: string;
  job: string | null;
  /** When the change took effect, if not `at` (a pulled change: CE's time). */
  effective_at?: number | null;
  /** JSON (migration 0005): the officer's reason, the protected category lifted, a delete's statuses. */
  detail?: string | null;
}

export const APPEND_AUDIT_SQL = `INSERT INTO audit(at, actor, action, contact_id, contact, channel, before, after, before_detail, source, job, effective_at, detail)
VALUES (@at, @actor, @action, @contact_id, @contact, @channel, @before, @after, @before_detail, @source, @job, @effective_at, @detail)`;

const statements = statementsFor((db) => ({ append: db.prepare<AuditEntry>(APPEND_AUDIT_SQL) }));

export function appendAudit(db: Db, entry: AuditEntry): void {
  statements(db).append.run({ ...entry, effective_at: entry.effective_at ?? null, detail: entry.detail ?? null });
}

/**
 * The whole earlier status, kept so a revert can put it back exactly. Same keys and
 * units (`at` in ms) as the import writer's `json_object` in mergeStaging.
 */
export function statusDetailJson(detail: StatusDetail): string {
  return JSON.stringify({
    status: detail.status,
    category: detail.category,
    reason: detail.reason,
    source: detail.source,
    at: detail.at,
    actor: detail.actor,
  });
}

/** The verb an audit entry names a channel change by. */
export function channelAction(before: ChannelStatus, after: ChannelStatus): string {
  if (before === after) return 'update';
  if (after === 'none') return 'unblock';
  return after === 'blocked' ? 'block' : 'whitelist';
}
