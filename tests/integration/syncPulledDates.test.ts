import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CeEmulator } from '../../src/sync/emulator/server';
import { cliAsync, cliJson } from './harness';
import { ceServer, client, KEY, servers } from './syncKit';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Changes made on CE's side, pushed as another client would. */
async function panel(server: CeEmulator, items: Record<string, string>[]): Promise<void> {
  const r = await fetch(`${server.baseUrl}/changes`, {
    method: 'POST',
    headers: { 'api-key': KEY, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ items: items.map((i) => ({ identifier_type: 'mobile', channel: 'sms', category: 'manual', reason: '', source: 'panel', ...i })) }),
  });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { accepted: number }).accepted).toBe(items.length);
}

function smsOf(data: string, mobile: string) {
  const found = cliJson<{ contacts: { channels: Record<string, { status: string; at: string | null }> }[] }>(data, ['search', mobile]).json.contacts[0];
  return found?.channels.sms;
}

describe('a pulled change dated out of range', () => {
  it('is applied at the pull time and counted as dated_at_pull', async () => {
    const server = await ceServer();
    await panel(server, [
      { identifier: '+919876543210', action: 'block', at: '2099-01-01T00:00:00.000Z' },
      { identifier: '+919876543211', action: 'block', at: '2026-01-01T00:00:00.000Z' },
    ]);
    const b = client('B');
    const before = Date.now();
    const synced = await b.sync(server);
    const after = Date.now();
    expect(synced).toMatchObject({ status: 'succeeded', pulled: 2, applied: 2, rejected: 0, dated_at_pull: 1 });
    expect(synced.stderr).toContain('"2099-01-01T00:00:00.000Z" is after tomorrow; it was applied as of the pull');

    const future = smsOf(b.data, '+919876543210');
    expect(future?.status).toBe('blocked');
    const at = new Date(future?.at ?? '').getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    expect(smsOf(b.data, '+919876543211')).toMatchObject({ status: 'blocked', at: '2026-01-01T00:00:00.000Z' });

    const c = client('C');
    const text = await cliAsync(c.data, ['sync', '--url', server.baseUrl], { BLOCKLIST_DESK_API_KEY: KEY });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('rejected 0, dated at the pull 1');
  });

  it('no longer wins every later change, as it would dated 2099', async () => {
    const server = await ceServer();
    await panel(server, [{ identifier: '+919876543210', action: 'block', at: '2099-01-01T00:00:00.000Z' }]);
    const b = client('B');
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', applied: 1, dated_at_pull: 1 });
    await panel(server, [{ identifier: '+919876543210', action: 'unblock', at: new Date(Date.now() + 1000).toISOString() }]);
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', pulled: 1, applied: 1, skipped_older: 0, dated_at_pull: 0 });
    expect(smsOf(b.data, '+919876543210')?.status).toBe('none');
  });

  it('before 1970 is dated at the pull too', async () => {
    const server = await ceServer();
    await panel(server, [{ identifier: '+919876543210', action: 'block', at: '1969-07-20T20:17:00.000Z' }]);
    const b = client('B');
    const before = Date.now();
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', applied: 1, dated_at_pull: 1 });
    const blocked = smsOf(b.data, '+919876543210');
    expect(blocked?.status).toBe('blocked');
    expect(new Date(blocked?.at ?? '').getTime()).toBeGreaterThanOrEqual(before);
  });
});
