import { randomUUID } from 'node:crypto';
import { DeskError } from '../domain/errors';
import { clearOutboxThrough, outboxSummary, readOutbox, readOutboxThrough, type OutboxRow } from '../store/outbox';
import { applyPulledStatus } from '../store/pulledChanges';
import { readSyncState, saveCursor, savePendingBatch } from '../store/syncState';
import { MAX_BATCH, MAX_REASON_LENGTH, pullPageSchema, pulledChangeSchema, pushResponseSchema, readWireTime, type PushedChange } from './change';
import { redactKey } from './redactKey';
import { callWithRetry, RemoteRefusal } from './remoteCall';
import { crashPoint, joinUrl, warnOnce, type SyncRun } from './syncRun';

/** CE-SYNC.md §2: push the outbox, then pull the feed from the saved cursor. */

function toWireChange(row: OutboxRow): PushedChange {
  return {
    identifier_type: row.identifier_type,
    identifier: row.identifier,
    channel: row.channel,
    action: row.action,
    category: (row.category ?? 'manual') as PushedChange['category'],
    reason: (row.reason ?? '').slice(0, MAX_REASON_LENGTH),
    source: row.source as PushedChange['source'],
    at: new Date(row.at).toISOString(),
  };
}

/** Answers that refuse a batch as a whole: the contract's 413 and 422, and a plain 400. */
const REFUSED_BATCH = [400, 413, 422];

function headers(run: SyncRun): Record<string, string> {
  return { 'api-key': run.apiKey, accept: 'application/json' };
}

function parseJson(run: SyncRun, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DeskError('remote_refused', `the server's answer to ${what} is not JSON: ${redactKey(text, run.apiKey).slice(0, 120)}`);
  }
}

/**
 * The most pages one pull follows: 10,000 pages of 1000 = 10 million changes, far more
 * than CE holds, so only a server that answers `has_more` forever reaches it (one was
 * followed for 3,001 pages). The pages applied stay applied; the next sync goes on
 * from the saved cursor.
 */
export const MAX_PULL_PAGES = 10_000;

/**
 * Sends the outbox in batches of at most 1000. Each batch is recorded (key, last id)
 * before it is sent and cleared with that record only after a 2xx, so a crash or a lost
 * answer resends the same body under the same Idempotency-Key and CE applies it once.
 */
export async function pushCeV1(run: SyncRun): Promise<void> {
  let batchSize = MAX_BATCH;
  const total = outboxSummary(run.db).total;
  let sent = 0;
  for (;;) {
    const pending = readSyncState(run.db, run.remoteId).pending;
    let rows: OutboxRow[];
    let key: string;
    if (pending) {
      rows = readOutboxThrough(run.db, pending.through);
      key = pending.key;
      if (rows.length !== pending.size) {
        // Not the batch that was sent (the outbox changed underneath): start afresh.
        savePendingBatch(run.db, run.remoteId, null);
        continue;
      }
    } else {
      rows = readOutbox(run.db, 0, batchSize);
      if (rows.length === 0) return;
      key = randomUUID();
      savePendingBatch(run.db, run.remoteId, { key, through: rows.at(-1)!.id, size: rows.length });
    }
    const body = JSON.stringify({ items: rows.map(toWireChange) });
    let text: string;
    try {
      ({ text } = await callWithRetry(
        { method: 'POST', url: joinUrl(run.baseUrl, 'changes'), headers: { ...headers(run), 'content-type': 'application/json', 'idempotency-key': key }, body },
        run.retry,
      ));
    } catch (err) {
      if (!(err instanceof RemoteRefusal) || !REFUSED_BATCH.includes(err.status)) throw err;
      if (rows.length > 1) {
        // Too large (413) or refused as a whole (400, 422): halve it, under a new key,
        // until the refusal is narrowed down to the one change that causes it.
        batchSize = Math.max(1, Math.floor(rows.length / 2));
        savePendingBatch(run.db, run.remoteId, null);
        continue;
      }
      const [row] = rows as [OutboxRow];
      warnOnce(run, `CE refused ${row.action} ${row.channel} for ${row.identifier} (${err.message}); it was taken off the outbox`);
      run.db
        .transaction(() => {
          clearOutboxThrough(run.db, row.id);
          savePendingBatch(run.db, run.remoteId, null);
        })
        .immediate();
      run.counts.rejected += 1;
      batchSize = MAX_BATCH;
      continue;
    }
    crashPoint('push-answered');
    const answer = pushResponseSchema.safeParse(parseJson(run, text, 'a push'));
    if (!answer.success) throw new DeskError('remote_refused', `the server's answer to a push does not follow the contract: ${answer.error.issues[0]?.message ?? ''}`);
    for (const rejection of answer.data.rejected) {
      const row = rows[rejection.index];
      const why = redactKey(`${rejection.code} ${rejection.message}`, run.apiKey).slice(0, 300);
      warnOnce(run, `CE rejected ${row ? `${row.action} ${row.channel} for ${row.identifier}` : `item ${rejection.index}`}: ${why}`);
    }
    run.db
      .transaction(() => {
        clearOutboxThrough(run.db, rows.at(-1)!.id);
        savePendingBatch(run.db, run.remoteId, null);
      })
      .immediate();
    run.counts.pushed += answer.data.accepted;
    run.counts.rejected += answer.data.rejected.length;
    sent += rows.length;
    run.progress('pushing', sent, Math.max(total, sent));
  }
}

/**
 * Pulls pages from the saved cursor. Each page is applied in one transaction that also
 * saves its next_cursor, so the cursor never runs ahead of what was applied, and a page
 * pulled again after a crash changes nothing the second time.
 */
export async function pullCeV1(run: SyncRun, maxPages = MAX_PULL_PAGES): Promise<void> {
  let cursor = readSyncState(run.db, run.remoteId).cursor;
  for (let pages = 0; ; pages++) {
    if (pages === maxPages) {
      throw new DeskError(
        'remote_refused',
        `CE still said it had more after ${pages.toLocaleString('en')} pages (${run.counts.pulled.toLocaleString('en')} changes), the most one sync pulls; those pages are applied and the next sync goes on from there. A feed that never ends is CE's fault: ask its administrators.`,
      );
    }
    const query = new URLSearchParams({ limit: String(MAX_BATCH) });
    if (cursor !== null) query.set('cursor', cursor);
    const { text } = await callWithRetry({ method: 'GET', url: `${joinUrl(run.baseUrl, 'changes')}?${query}`, headers: headers(run) }, run.retry);
    const page = pullPageSchema.safeParse(parseJson(run, text, 'a pull'));
    if (!page.success) throw new DeskError('remote_refused', `the server's page of changes does not follow the contract: ${page.error.issues[0]?.message ?? ''}`);
    const { items, next_cursor, has_more } = page.data;
    if (has_more && next_cursor === cursor) {
      // Following it would fetch the same page for ever.
      throw new DeskError(
        'remote_refused',
        `CE answered that it had more changes but gave back the cursor it was asked for, so the pull cannot move on; it stopped after ${pages.toLocaleString('en')} ${pages === 1 ? 'page' : 'pages'}, which are applied. Run the sync again later; if it says this again, ask CE's administrators.`,
      );
    }
    const now = Date.now();
    run.db
      .transaction(() => {
        for (const [index, item] of items.entries()) {
          const parsed = pulledChangeSchema.safeParse(item);
          if (!parsed.success) {
            run.counts.rejected += 1;
            const issue = parsed.error.issues[0];
            warnOnce(run, `a pulled change (page item ${index}) breaks the contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
            continue;
          }
          const change = parsed.data;
          const when = readWireTime(change.at, now);
          if (!when.ok && when.problem === 'unreadable') {
            // The schema's refine reads `at` the same way, so this does not happen; kept so a malformed time is never applied.
            run.counts.rejected += 1;
            warnOnce(run, `a pulled change (page item ${index}) breaks the contract: at ${when.message}`);
            continue;
          }
          // A pulled change dated before 1970 or after now + 1 day is applied at the pull's
          // time, as an import dates an unusable date at import (DESIGN.md, Dates): refusing
          // it could drop a block, and keeping 2099 would win every later conflict.
          const at = when.ok ? when.ms : now;
          const result = applyPulledStatus(run.db, { ...change, at }, { source: `sync:${run.kind}`, job: run.job, now, country: run.country });
          if (!when.ok && result.outcome !== 'rejected') {
            run.counts.dated_at_pull += 1;
            // One warning names the first; dated_at_pull counts them all without crowding out other warnings.
            if (run.counts.dated_at_pull === 1) warnOnce(run, `pulled change ${change.id}: ${when.message}; it was applied as of the pull`);
          }
          if (result.outcome === 'applied') run.counts.applied += 1;
          else if (result.outcome === 'older') run.counts.skipped_older += 1;
          else if (result.outcome === 'tie' || result.outcome === 'protected') run.counts.conflicts += 1;
          else if (result.outcome === 'rejected') {
            run.counts.rejected += 1;
            warnOnce(run, `pulled change ${change.id} refused: ${result.message ?? ''}`);
          }
        }
        crashPoint('pull-applied');
        saveCursor(run.db, run.remoteId, next_cursor);
      })
      .immediate();
    run.counts.pulled += items.length;
    run.progress('pulling', run.counts.pulled, 0);
    cursor = next_cursor;
    if (!has_more) return;
  }
}
