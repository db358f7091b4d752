import type { IdentifierType } from '../domain/channels';
import { clearOutboxThrough, outboxSummary, readOutbox, type OutboxRow } from '../store/outbox';
import type { PrimaryKey } from '../store/settings';
import { redactKey } from './redactKey';
import { callWithRetry } from './remoteCall';
import { joinUrl, warnOnce, type SyncRun } from './syncRun';

/**
 * CE-SYNC.md §1, Netcore's documented email blacklist: push only, email blocks only, the
 * account's primary key as the identifier. Its batch limit and answer are undocumented:
 * at most 500 values a call, any 2xx accepted, the raw answer kept in the report.
 */
export const NETCORE_BATCH = 500;
const PATH = 'v3/contact/blacklist';

const PRIMARY_KEY_HEADER: Record<PrimaryKey, string> = { email: 'EMAIL', customer_id: 'CLIENT_ID' };

/** The request for one batch of values, exactly as Netcore documents it. */
export function netcoreRequest(baseUrl: string, apiKey: string, primaryKey: PrimaryKey, values: readonly string[]) {
  const base = baseUrl.replace(/\/+$/, '');
  const endpoint = base.endsWith(`/${PATH}`) ? base : joinUrl(base, PATH);
  return {
    method: 'POST' as const,
    url: `${endpoint}?activity=blacklist&type=contact`,
    headers: { 'content-type': 'application/json', 'api-key': apiKey, primarykey: PRIMARY_KEY_HEADER[primaryKey], channel: 'email' },
    body: JSON.stringify({ data: values }),
  };
}

/** Why a row cannot go to Netcore, or null when it can. */
function unsupported(row: OutboxRow, keyType: IdentifierType): string | null {
  if (row.channel !== 'email') return row.channel;
  if (row.action !== 'block') return `email ${row.action}`;
  if (row.identifier_type !== keyType) return `email block by ${row.identifier_type}`;
  return null;
}

/**
 * Sends the outbox's email blocks. Everything else is counted by kind, named in the
 * report's warnings and taken off the outbox with its batch: Netcore has no way to take
 * it, and leaving it would repeat the same warning on every sync.
 */
export async function pushNetcore(run: SyncRun, primaryKey: PrimaryKey): Promise<void> {
  const keyType: IdentifierType = primaryKey === 'email' ? 'email' : 'customer_id';
  const total = outboxSummary(run.db).total;
  let done = 0;
  for (;;) {
    const rows = readOutbox(run.db, 0, NETCORE_BATCH);
    if (rows.length === 0) break;
    const values = new Set<string>();
    const skipped: Record<string, number> = {};
    for (const row of rows) {
      const why = unsupported(row, keyType);
      if (why === null) values.add(row.identifier);
      else skipped[why] = (skipped[why] ?? 0) + 1;
    }
    if (values.size > 0) {
      const answer = await callWithRetry(netcoreRequest(run.baseUrl, run.apiKey, primaryKey, [...values]), run.retry);
      // Redacted before the cut, so no half of an echoed key is kept.
      if (run.responses.length < 20) run.responses.push(`HTTP ${answer.status} ${redactKey(answer.text, run.apiKey).slice(0, 500)}`);
    }
    run.db.transaction(() => clearOutboxThrough(run.db, rows.at(-1)!.id)).immediate();
    run.counts.pushed += values.size;
    for (const [why, n] of Object.entries(skipped)) run.counts.not_supported[why] = (run.counts.not_supported[why] ?? 0) + n;
    done += rows.length;
    run.progress('pushing', done, Math.max(total, done));
  }
  const skippedKinds = Object.entries(run.counts.not_supported);
  if (skippedKinds.length > 0) {
    const list = skippedKinds.map(([why, n]) => `${n} ${why}`).join(', ');
    warnOnce(run, `not sent — Netcore's blacklist API takes only email blocks by ${keyType === 'email' ? 'email' : 'customer ID'}: ${list}. Use a CE Blocklist Sync (ce-v1) remote for the other channels.`);
  }
}
