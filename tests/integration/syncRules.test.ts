import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CeEmulator } from '../../src/sync/emulator/server';
import { cli, cliJson } from './harness';
import { ceServer, client, expectAgreement, KEY, servers } from './syncKit';

const standIns: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(standIns.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Changes made on CE's side (the panel, the messaging platform), pushed as another client would. */
async function panel(server: CeEmulator, items: Record<string, string>[]): Promise<void> {
  const r = await fetch(`${server.baseUrl}/changes`, {
    method: 'POST',
    headers: { 'api-key': KEY, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ items: items.map((i) => ({ identifier_type: 'mobile', channel: 'sms', category: 'manual', reason: '', source: 'panel', ...i })) }),
  });
  expect(r.status).toBe(200);
}

function smsOf(data: string, mobile: string) {
  const found = cliJson<{ contacts: { channels: Record<string, { status: string; category: string | null }> }[] }>(data, ['search', mobile]).json.contacts[0];
  return found?.channels.sms;
}

describe('sync follows the time of each change, not the order it arrives in', () => {
  it("applies CE's block, unblock and later opt-out in order: the opt-out stands", async () => {
    const server = await ceServer();
    await panel(server, [
      { identifier: '+919876543210', action: 'block', at: '2026-01-01T00:00:00.000Z' },
      { identifier: '+919876543210', action: 'unblock', at: '2026-01-02T00:00:00.000Z' },
      { identifier: '+919876543210', action: 'block', category: 'opt_out', reason: 'STOP', at: '2026-01-03T00:00:00.000Z' },
    ]);
    const b = client('B');
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', pulled: 3, applied: 3 });
    expect(smsOf(b.data, '+919876543210')).toMatchObject({ status: 'blocked', category: 'opt_out' });
    await expectAgreement(server, b);
  });

  it('keeps a contact opted out after STOP, START, STOP from one log, on both laptops and at CE', async () => {
    const server = await ceServer();
    const a = client('A');
    const b = client('B');
    const log = a.ws.file(
      'inbound.csv',
      'from,channel,text,received_at\n+919876543210,sms,STOP,2026-01-01T10:00:00Z\n+919876543210,sms,START,2026-01-02T10:00:00Z\n+919876543210,sms,STOP,2026-01-03T10:00:00Z\n',
    );
    expect(cli(a.data, ['keywords', log]).code).toBe(0);
    expect(smsOf(a.data, '+919876543210')).toMatchObject({ status: 'blocked', category: 'opt_out' });
    await a.sync(server);
    await b.sync(server);
    await a.sync(server);
    expect(smsOf(a.data, '+919876543210')?.status).toBe('blocked');
    expect(smsOf(b.data, '+919876543210')?.status).toBe('blocked');
    await expectAgreement(server, a, b);
  });

  it('keeps a block imported today with an old blocked_at over an earlier unblock', async () => {
    const server = await ceServer();
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'mobile', '--channels', 'sms'], '+919876543210').code).toBe(0);
    await a.sync(server);
    expect(cli(a.data, ['unblock', '+919876543210', '--channels', 'sms']).code).toBe(0);
    const file = a.ws.file('old.csv', 'mobile,category,blocked_at\n+919876543210,opt_out,2020-05-01T00:00:00Z\n');
    expect(cli(a.data, ['import', file, '--using', 'mobile', '--channels', 'sms']).code).toBe(0);
    expect(await a.sync(server)).toMatchObject({ status: 'succeeded', applied: 0 });
    expect(smsOf(a.data, '+919876543210')).toMatchObject({ status: 'blocked', category: 'opt_out' });
    await expectAgreement(server, a);
  });
});

describe('sync against a server that misbehaves', () => {
  it('does not follow a redirect, so the key never goes where it points', async () => {
    const seen: string[] = [];
    const elsewhere = http.createServer((req, res) => {
      seen.push(String(req.headers['api-key']));
      res.end('{}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    standIns.push(elsewhere);
    const redirecting = http.createServer((_req, res) => {
      res.writeHead(307, { location: `http://localhost:${(elsewhere.address() as AddressInfo).port}/steal` }).end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    standIns.push(redirecting);
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const r = await a.sync({ baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/v1` } as CeEmulator);
    expect(r).toMatchObject({ code: 1, status: 'failed', error: { code: 'remote_refused' } });
    expect(r.stderr).toMatch(/redirect \(HTTP 307\).*does not follow redirects/);
    expect(seen).toEqual([]);
    expect(a.outboxSize()).toBe(1);
  });

  it('narrows a batch refused as a whole (422) down to the one change, and sends the rest', async () => {
    const accepted: string[] = [];
    const picky = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (t: string) => (body += t));
      req.on('end', () => {
        if (req.method === 'GET') return res.end(JSON.stringify({ items: [], next_cursor: 'c0', has_more: false }));
        const items = (JSON.parse(body) as { items: { identifier: string }[] }).items;
        if (items.some((i) => i.identifier === 'bad.7@example.com')) {
          res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":{"code":"malformed_body","message":"cannot take it"}}');
          return;
        }
        accepted.push(...items.map((i) => i.identifier));
        res.end(JSON.stringify({ accepted: items.length, rejected: [] }));
      });
    });
    await new Promise<void>((r) => picky.listen(0, '127.0.0.1', r));
    standIns.push(picky);
    const a = client('A');
    const list = Array.from({ length: 20 }, (_, i) => `bad.${i}@example.com`).join('\n');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], list).code).toBe(0);
    const r = await a.sync({ baseUrl: `http://127.0.0.1:${(picky.address() as AddressInfo).port}/v1` } as CeEmulator);
    expect(r).toMatchObject({ status: 'succeeded', pushed: 19, rejected: 1 });
    expect(accepted).toHaveLength(19);
    expect(accepted).not.toContain('bad.7@example.com');
    expect(r.stderr).toMatch(/refused block email for bad\.7@example\.com/);
    expect(a.outboxSize()).toBe(0);
  });
});
