import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cli } from './harness';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CeEmulator } from '../../src/sync/emulator/server';
import { ceServer, client, expectAgreement, KEY, servers, serverStats } from './syncKit';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function emails(n: number, prefix = 'p'): string {
  return Array.from({ length: n }, (_, i) => `${prefix}.${i}@example.com`).join('\n');
}

/** The emulator's fault counters (GET _emulator/stats). */
async function faultCounts(server: CeEmulator): Promise<{ rate_limited: number }> {
  const r = await fetch(`${server.baseUrl}/_emulator/stats`, { headers: { 'api-key': KEY } });
  return ((await r.json()) as { faults: { rate_limited: number } }).faults;
}

/**
 * A real HTTP hop in front of the emulator that passes every request on, except that it
 * keeps the first push until `release()`: `held` resolves once that push has arrived, so a
 * test acts while a sync is certainly waiting on CE. Closed after the test.
 */
async function holdFirstPush(server: CeEmulator): Promise<CeEmulator & { held: Promise<void>; release(): void }> {
  const target = new URL(server.baseUrl);
  let arrived = () => {};
  const held = new Promise<void>((resolve) => (arrived = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let pushes = 0;
  const hop = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (req.method === 'POST' && (pushes += 1) === 1) {
          arrived();
          await released;
        }
        const headers = Object.fromEntries(['api-key', 'accept', 'content-type', 'idempotency-key'].flatMap((name) => (typeof req.headers[name] === 'string' ? [[name, req.headers[name]]] : [])));
        const answer = await fetch(new URL(req.url ?? '/', target.origin), { method: req.method, headers, body: body.length > 0 ? Buffer.concat(body) : undefined });
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch((err: Error) => res.destroy(err));
    });
  });
  await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
  const port = (hop.address() as AddressInfo).port;
  const proxy = {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    port,
    held,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        hop.closeAllConnections();
        hop.close(() => resolve());
      }),
  };
  servers.push(proxy);
  return proxy;
}

describe('sync under faults: server and laptop agree afterwards, each change applied once', () => {
  it('retries the first pushes answered 503', async () => {
    const server = await ceServer({ failFirst: 3 });
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(1200)).code).toBe(0);
    const r = await a.sync(server);
    expect(r).toMatchObject({ status: 'succeeded', pushed: 1200 });
    expect((await serverStats(server)).feed_length).toBe(1200);
    await expectAgreement(server, a);
  });

  it('waits as long as Retry-After says when rate-limited (429)', async () => {
    const server = await ceServer({ rateLimitPerSecond: 1 });
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(2500)).code).toBe(0);
    const r = await a.sync(server);
    expect(r).toMatchObject({ status: 'succeeded', pushed: 2500, pulled: 2500 });
    const jobs = cli(a.data, ['jobs', '--json']);
    const report = (JSON.parse(jobs.stdout) as { jobs: { report: { warnings: string[] } }[] }).jobs[0]!.report;
    expect(report.warnings.some((w) => /HTTP 429/.test(w))).toBe(true);
    // Each 429 was waited out: the try after it found the bucket refilled and went through,
    // where retrying sooner than Retry-After would be throttled again (retryDelay's floor
    // itself is tested in tests/unit/sync/retry.test.ts).
    const throttled = (await faultCounts(server)).rate_limited;
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThanOrEqual((await serverStats(server)).requests.push + (await serverStats(server)).requests.pull - throttled);
    expect((await serverStats(server)).feed_length).toBe(2500);
    await expectAgreement(server, a);
  });

  it('resends a push whose answer was lost after CE applied it, under the same key: applied once', async () => {
    const server = await ceServer({ dropFirst: 1 });
    const a = client('A');
    const b = client('B');
    expect(cli(a.data, ['paste', '--using', 'mobile', '--channels', 'sms,rcs'], '+919876543210\n+14155550100').code).toBe(0);
    expect(await a.sync(server)).toMatchObject({ status: 'succeeded', pushed: 4 });
    const stats = await serverStats(server);
    expect(stats.feed_length).toBe(4);
    expect(stats.idempotency_records).toBe(1);
    expect(await b.sync(server)).toMatchObject({ pulled: 4, applied: 4 });
    await expectAgreement(server, a, b);
  });

  it('refuses a second sync of the same laptop while one runs, so no batch goes twice', async () => {
    const server = await ceServer();
    const hop = await holdFirstPush(server);
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(2500)).code).toBe(0);
    const one = a.sync(hop);
    await hop.held;
    const two = await a.sync(server);
    expect(two).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/another sync is running/) } });
    hop.release();
    expect(await one).toMatchObject({ status: 'succeeded', pushed: 2500 });
    expect((await serverStats(server)).feed_length).toBe(2500);
    await expectAgreement(server, a);
  });

  it('gets there with a slow server', async () => {
    const server = await ceServer({ latencyMs: 300 });
    const a = client('A');
    const b = client('B');
    expect(cli(a.data, ['paste', '--using', 'customer_id', '--channels', 'email,whatsapp'], 'C-1\nC-2\nC-3').code).toBe(0);
    await a.sync(server);
    expect(await b.sync(server)).toMatchObject({ status: 'succeeded', applied: 6 });
    await expectAgreement(server, a, b);
  });
});

describe('sync cancelled', () => {
  it('stops on Ctrl+C while waiting for CE, reports cancelled, and keeps the outbox for the next run', async () => {
    const server = await ceServer();
    const hop = await holdFirstPush(server);
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(10)).code).toBe(0);
    const child = spawn(process.execPath, [BIN, '--data', a.data, 'sync', '--url', hop.baseUrl, '--json'], { env: { ...process.env, BLOCKLIST_DESK_API_KEY: KEY } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The push is on its way to CE and never answered: press Ctrl+C.
    await hop.held;
    child.kill('SIGINT');
    expect(await closed).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'cancelled', pushed: 0, error: { code: 'cancelled' } });
    expect(a.outboxSize()).toBe(10);
    expect((await serverStats(server)).requests.push).toBe(0);
  });
});

describe('sync killed half-way (SIGKILL), then run again', () => {
  it('after CE answered a push but before the outbox was cleared: the resend is answered from the idempotency record', async () => {
    const server = await ceServer();
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(1500)).code).toBe(0);
    const killed = await a.sync(server, { BLOCKLIST_DESK_TEST_CRASH: 'push-answered' });
    expect(killed.code).not.toBe(0);
    expect(a.outboxSize()).toBe(1500);
    expect((await serverStats(server)).feed_length).toBe(1000);

    const r = await a.sync(server);
    expect(r).toMatchObject({ status: 'succeeded', pushed: 1500 });
    const stats = await serverStats(server);
    expect(stats.feed_length).toBe(1500);
    expect(stats.idempotency_records).toBe(2);
    expect(a.outboxSize()).toBe(0);
    await expectAgreement(server, a);
  });

  it('between applying a pulled page and saving its cursor: the page is pulled again and applied once', async () => {
    const server = await ceServer();
    const a = client('A');
    const b = client('B');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], emails(2200)).code).toBe(0);
    await a.sync(server);

    const killed = await b.sync(server, { BLOCKLIST_DESK_TEST_CRASH: 'pull-applied' });
    expect(killed.code).not.toBe(0);
    const r = await b.sync(server);
    expect(r).toMatchObject({ status: 'succeeded', pulled: 2200, applied: 2200 });
    expect(b.auditCount("source = 'sync:ce-v1'")).toBe(2200);
    expect(await b.sync(server)).toMatchObject({ pulled: 0, applied: 0 });
    await expectAgreement(server, a, b);
  });
});
