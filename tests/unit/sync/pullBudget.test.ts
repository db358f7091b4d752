import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../src/store/database';
import { readSyncState } from '../../../src/store/syncState';
import { MAX_PULL_PAGES, pullCeV1 } from '../../../src/sync/ceV1Sync';
import { emptyCounts, type SyncRun } from '../../../src/sync/syncRun';
import { KEY, tempFolder } from './emulatorKit';

/** A real local server whose feed never ends: every page has one change, a new cursor and has_more. */
async function endlessFeed(): Promise<{ baseUrl: string; pages: () => number }> {
  let pages = 0;
  const server = http.createServer((req, res) => {
    pages += 1;
    const n = pages;
    const item = { id: `c_${n}`, identifier_type: 'email', identifier: `p${n}@example.com`, channel: 'email', action: 'block', category: 'manual', reason: '', source: 'panel', at: '2026-01-01T00:00:00.000Z' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [item], next_cursor: `after-${n}`, has_more: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/blocklist/v1`, pages: () => pages };
}

describe('a pull follows at most its page budget', () => {
  it('documents 10,000 pages of 1000 (10 million changes) as the budget', () => {
    expect(MAX_PULL_PAGES).toBe(10_000);
  });

  it('stops a feed that says has_more for ever at the budget; the pages pulled stay applied with their cursor', async () => {
    const feed = await endlessFeed();
    const db = openDatabase(path.join(tempFolder(), 'blocklist.db'));
    onTestFinished(() => {
      db.close();
    });
    const run: SyncRun = {
      db,
      job: 'job-budget',
      kind: 'ce-v1',
      remoteId: `ce-v1 ${feed.baseUrl}`,
      baseUrl: feed.baseUrl,
      apiKey: KEY,
      country: 'IN',
      retry: { signal: new AbortController().signal },
      counts: emptyCounts(),
      warnings: [],
      responses: [],
      progress: () => {},
    };
    await expect(pullCeV1(run, 5)).rejects.toThrow(/CE still said it had more after 5 pages \(5 changes\), the most one sync pulls; those pages are applied/);
    expect(feed.pages()).toBe(5);
    expect(run.counts).toMatchObject({ pulled: 5, applied: 5 });
    expect(readSyncState(db, run.remoteId).cursor).toBe('after-5');
    expect((db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(5);
  });
});
