import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliAsync, cliJson, makeWorkspace } from './harness';

interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local server standing in for Netcore: records each request, answers from `answer`. */
async function netcoreStandIn(answer: (index: number) => { status: number; body: string; headers?: Record<string, string> }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (s: string) => (body += s));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      received.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      const a = answer(received.length - 1);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const KEY = 'nc-test-key-1';
const env = { BLOCKLIST_DESK_API_KEY: KEY };

function emails(n: number): string {
  return Array.from({ length: n }, (_, i) => `Person.${i}@Example.com`).join('\n');
}

describe('sync --remote netcore-email', () => {
  it('sends email blocks as Netcore documents the call, in batches of at most 500, and says what it could not send', async () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['paste', '--using', 'email', '--channels', 'email'], emails(1201)).code).toBe(0);
    expect(cli(ws.data, ['paste', '--using', 'mobile', '--channels', 'sms,whatsapp'], '+919876543210').code).toBe(0);
    const netcore = await netcoreStandIn(() => ({ status: 200, body: '{"status":"success","message":"request queued"}' }));

    const r = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', netcore.url, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded', pushed: 1201, pulled: 0, rejected: 0, error: null });

    expect(netcore.received.map((q) => JSON.parse(q.body).data.length)).toEqual([500, 500, 201]);
    for (const q of netcore.received) {
      expect(q.method).toBe('POST');
      expect(q.path).toBe('/v3/contact/blacklist');
      expect(q.query).toEqual({ activity: 'blacklist', type: 'contact' });
      expect(q.headers).toMatchObject({ 'content-type': 'application/json', 'api-key': KEY, primarykey: 'EMAIL', channel: 'email' });
      expect(Object.keys(JSON.parse(q.body))).toEqual(['data']);
    }
    const sent = netcore.received.flatMap((q) => JSON.parse(q.body).data as string[]);
    expect(new Set(sent).size).toBe(1201);
    expect(sent).toContain('person.7@example.com');

    const job = cliJson<{ jobs: { id: string; report: { warnings: string[]; responses: string[]; not_supported: Record<string, number> } }[] }>(ws.data, ['jobs']).json.jobs[0]!;
    expect(job.report.not_supported).toEqual({ sms: 1, whatsapp: 1 });
    expect(job.report.warnings.join(' ')).toMatch(/not sent .*1 sms, 1 whatsapp/);
    expect(job.report.responses[0]).toBe('HTTP 200 {"status":"success","message":"request queued"}');

    // Nothing is left to send: a second sync sends nothing.
    const again = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', netcore.url, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'succeeded', pushed: 0 });
    expect(netcore.received).toHaveLength(3);
  });

  it("uses the account's primary key: customer IDs under primarykey CLIENT_ID", async () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['paste', '--using', 'customer_id', '--channels', 'email,sms'], 'C-1\nC-2').code).toBe(0);
    const db = new Database(`${ws.data}/blocklist.db`);
    db.prepare(`INSERT INTO settings(key, value) VALUES ('primary_key', '"customer_id"')`).run();
    db.close();
    const netcore = await netcoreStandIn(() => ({ status: 202, body: '' }));
    const r = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', `${netcore.url}/`, '--json'], env);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded', pushed: 2 });
    expect(netcore.received).toHaveLength(1);
    expect(netcore.received[0]!.headers.primarykey).toBe('CLIENT_ID');
    expect(JSON.parse(netcore.received[0]!.body)).toEqual({ data: ['C-1', 'C-2'] });
  });

  it('stops at once on 401 with a message about the key, and keeps the outbox', async () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const netcore = await netcoreStandIn(() => ({ status: 401, body: '{"message":"invalid api key"}' }));
    const r = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', netcore.url, '--json'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', pushed: 0, error: { code: 'remote_auth' } });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refused the API key \(HTTP 401\): check the key/);
    expect(netcore.received).toHaveLength(1);

    const ok = await netcoreStandIn(() => ({ status: 200, body: '{}' }));
    const retry = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', ok.url, '--json'], env);
    expect(JSON.parse(retry.stdout)).toMatchObject({ status: 'succeeded', pushed: 1 });
  });

  it('does not retry a 400, and retries a 503 until it is accepted', async () => {
    const ws = makeWorkspace();
    expect(cli(ws.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const refusing = await netcoreStandIn(() => ({ status: 400, body: '{"message":"bad data"}' }));
    const r = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', refusing.url, '--json'], env);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', error: { code: 'remote_refused' } });
    expect(r.stderr).toMatch(/HTTP 400\): bad data/);
    expect(refusing.received).toHaveLength(1);

    const flaky = await netcoreStandIn((i) => (i < 2 ? { status: 503, body: 'busy' } : { status: 200, body: '{}' }));
    const ok = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', flaky.url, '--json'], env);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'succeeded', pushed: 1 });
    expect(flaky.received).toHaveLength(3);
  });

  it('refuses plain http to another machine, and a missing key, before sending anything', async () => {
    const ws = makeWorkspace();
    const http = cli(ws.data, ['sync', '--remote', 'netcore-email', '--url', 'http://api.netcoresmartech.com', '--json']);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/must be reached over https:\/\//);
    const noKey = await cliAsync(ws.data, ['sync', '--remote', 'netcore-email', '--url', 'https://api.netcoresmartech.com', '--json'], { BLOCKLIST_DESK_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(JSON.parse(noKey.stdout)).toMatchObject({ job: null, status: 'failed', error: { message: expect.stringMatching(/BLOCKLIST_DESK_API_KEY/) } });
  });
});
