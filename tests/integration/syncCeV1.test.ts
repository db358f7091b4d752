import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliJson } from './harness';
import { ceServer, client, expectAgreement, KEY, servers, serverStats } from './syncKit';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function emails(from: number, n: number): string {
  return Array.from({ length: n }, (_, i) => `person.${from + i}@example.com`).join('\n');
}

interface SearchJson {
  contacts: { id: number; channels: Record<string, { status: string; category: string | null; reason: string | null; source: string | null; actor: string | null }> }[];
}

describe('sync with CE (ce-v1), two laptops and one server', () => {
  it('carries blocks from A to B and an unblock back from B to A, each change once', async () => {
    const server = await ceServer();
    const a = client('A');
    const b = client('B');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email', '--category', 'unsubscribe', '--reason', 'asked by mail'], emails(0, 1500)).code).toBe(0);
    expect(cli(a.data, ['paste', '--using', 'mobile', '--channels', 'sms,whatsapp'], '+91 98765 43210').code).toBe(0);

    const first = await a.sync(server);
    expect(first).toMatchObject({ code: 0, status: 'succeeded', pushed: 1502, pulled: 1502, applied: 0, rejected: 0, error: null });
    expect(a.outboxSize()).toBe(0);

    const seen = await b.sync(server);
    expect(seen).toMatchObject({ status: 'succeeded', pushed: 0, pulled: 1502, applied: 1502, skipped_older: 0, conflicts: 0 });
    const found = cliJson<SearchJson>(b.data, ['search', 'Person.7@Example.com']).json.contacts[0]!;
    expect(found.channels.email).toMatchObject({ status: 'blocked', category: 'unsubscribe', reason: 'asked by mail', source: 'sync:ce-v1', actor: 'ce:paste' });
    await expectAgreement(server, a, b);

    // B lifts one block (a protected category: it needs --confirm and --reason) and both sync.
    expect(cli(b.data, ['unblock', 'person.7@example.com', '--channels', 'email', '--confirm', '--reason', 'Re-subscribed by e-mail']).code).toBe(0);
    expect(cli(b.data, ['unblock', '+919876543210', '--channels', 'whatsapp']).code).toBe(0);
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', pushed: 2 });
    expect(await a.sync(server)).toMatchObject({ status: 'succeeded', pushed: 0, pulled: 2, applied: 2 });
    expect(cliJson<SearchJson>(a.data, ['search', 'person.7@example.com']).json.contacts[0]!.channels.email!.status).toBe('none');
    const agreed = await expectAgreement(server, a, b);
    expect(agreed.size).toBe(1500);

    // Nothing new: syncing again changes nothing anywhere and pushes nothing.
    const auditBefore = a.auditCount();
    expect(await a.sync(server)).toMatchObject({ pushed: 0, pulled: 0, applied: 0 });
    expect(await b.sync(server)).toMatchObject({ pushed: 0, applied: 0 });
    expect(a.auditCount()).toBe(auditBefore);
    expect((await serverStats(server)).feed_length).toBe(1504);
  });

  it('resolves concurrent edits by time, and never lets an older unblock lift a newer opt-out', async () => {
    const server = await ceServer();
    const a = client('A');
    const b = client('B');
    expect(cli(a.data, ['paste', '--using', 'customer_id', '--channels', 'sms,rcs'], 'C-1\nC-2').code).toBe(0);
    await a.sync(server);
    await b.sync(server);

    // B unblocks C-1 on sms first; then A, not yet knowing, re-blocks it as an opt-out.
    expect(cli(b.data, ['unblock', 'C-1', '--channels', 'sms']).code).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(cli(a.data, ['unblock', 'C-1', '--channels', 'sms']).code).toBe(0);
    expect(cli(a.data, ['paste', '--using', 'customer_id', '--channels', 'sms', '--category', 'opt_out', '--reason', 'STOP'], 'C-1').code).toBe(0);
    // Meanwhile B blocks C-2 on email and A unblocks C-2 on rcs later.
    expect(cli(b.data, ['paste', '--using', 'customer_id', '--channels', 'email'], 'C-2').code).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(cli(a.data, ['unblock', 'C-2', '--channels', 'rcs']).code).toBe(0);

    await b.sync(server); // pushes B's older unblock of C-1/sms and the C-2/email block
    const aSync = await a.sync(server); // pushes the newer opt-out; pulls B's older unblock
    expect(aSync.status).toBe('succeeded');
    expect(aSync.skipped_older + aSync.conflicts).toBeGreaterThanOrEqual(1);
    await b.sync(server);

    for (const laptop of [a, b]) {
      const c1 = cliJson<SearchJson>(laptop.data, ['search', 'C-1']).json.contacts[0]!;
      expect(c1.channels.sms, laptop.name).toMatchObject({ status: 'blocked', category: 'opt_out', reason: 'STOP' });
      const c2 = cliJson<SearchJson>(laptop.data, ['search', 'C-2']).json.contacts[0]!;
      expect(c2.channels.email!.status, laptop.name).toBe('blocked');
      expect(c2.channels.rcs!.status, laptop.name).toBe('none');
    }
    await expectAgreement(server, a, b);
  });

  it('pushes opt-outs captured from an inbound-message log like any other change', async () => {
    const started = Date.now();
    const server = await ceServer();
    const a = client('A');
    const log = a.ws.file('inbound.csv', 'from,channel,text,received_at\n+919876543210,SMS,Stop!,2026-11-20T10:00:00Z\n+14155550100,WhatsApp,STOP,2026-11-20T10:05:00Z\n');
    expect(cli(a.data, ['keywords', log]).code).toBe(0);
    expect(await a.sync(server)).toMatchObject({ status: 'succeeded', pushed: 2 });
    const feed = (await (await fetch(`${server.baseUrl}/changes`, { headers: { 'api-key': KEY } })).json()) as { items: Record<string, string>[] };
    expect(feed.items.map((c) => [c.identifier, c.channel, c.action, c.category, c.reason, c.source])).toEqual([
      ['+919876543210', 'sms', 'block', 'opt_out', 'Stop!', 'keywords'],
      ['+14155550100', 'whatsapp', 'block', 'opt_out', 'STOP', 'keywords'],
    ]);
    // CE orders changes by when they were made here (the job), not by the message's date.
    for (const c of feed.items) expect(Date.parse(c.at!)).toBeGreaterThanOrEqual(started - 1000);
  });

  it('stops at once on a wrong key, keeping the outbox', async () => {
    const server = await ceServer();
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], 'x@example.com').code).toBe(0);
    const r = await a.sync(server, {}, 'not-the-key');
    expect(r).toMatchObject({ code: 1, status: 'failed', pushed: 0, error: { code: 'remote_auth' } });
    expect(r.stderr).toMatch(/refused the API key \(HTTP 401\)/);
    expect(a.outboxSize()).toBe(1);
    expect((await serverStats(server)).requests.push).toBe(1);
  });
});
