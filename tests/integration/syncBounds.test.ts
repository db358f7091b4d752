import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliAsync } from './harness';
import { client, KEY, servers, standIn } from './syncKit';

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A change as CE's feed would carry it. */
function pulled(id: string, identifier: string) {
  return { id, identifier_type: 'email', identifier, channel: 'email', action: 'block', category: 'manual', reason: '', source: 'panel', at: '2026-01-01T00:00:00.000Z' };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function jobReport(data: string): { warnings: string[]; responses?: string[]; error: { message: string } | null } {
  return (JSON.parse(cli(data, ['jobs', '--json']).stdout) as { jobs: { report: ReturnType<typeof jobReport> }[] }).jobs[0]!.report;
}

/**
 * Answers 200 with a body that never ends (64 KB at a time, as fast as the client reads),
 * with or without a Content-Length claiming 1.5 GB. Resolves `closed` when the client hangs up.
 */
async function endlessAnswer(declareLength: boolean) {
  let sent = 0;
  let hungUp!: () => void;
  const closed = new Promise<void>((resolve) => (hungUp = resolve));
  const server = await standIn((_request, res) => {
    res.on('close', hungUp);
    res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(1_500_000_000) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const pump = () => {
      while (!res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    res.write('{"items": [');
    pump();
  });
  return { server, closed, sent: () => sent };
}

describe('sync is bounded: one answer, one pull, one wait', () => {
  it.each([
    ['streamed without a length', false],
    ['that says it is 1.5 GB', true],
  ])('stops reading an answer %s once it passes 32 MB, hangs up, and does not ask again', async (_name, declareLength) => {
    const endless = await endlessAnswer(declareLength);
    const a = client('A');
    const r = await a.sync(endless.server);
    expect(r).toMatchObject({ status: 'failed', error: { code: 'remote_refused', message: expect.stringMatching(/larger than 32 MB, the most the sync reads of one answer/) } });
    expect(r.code).toBe(1);
    await endless.closed;
    expect(endless.server.received).toHaveLength(1);
    // What the server managed to write before the hang-up: the cap plus socket buffers, not the whole answer.
    expect(endless.sent()).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a pull whose cursor does not move, keeping the pages applied before it', async () => {
    const ce = await standIn((request, res) => {
      if (request.method !== 'GET') return json(res, 404, { error: { code: 'not_found', message: 'no' } });
      if (request.query.cursor === undefined) return json(res, 200, { items: [pulled('c_1', 'first@example.com')], next_cursor: 'c1', has_more: true });
      // "More to come", but the same cursor back: following it would ask for this page for ever.
      return json(res, 200, { items: [pulled('c_2', 'second@example.com')], next_cursor: 'c1', has_more: true });
    });
    const b = client('B');
    const r = await b.sync(ce);
    expect(r).toMatchObject({ status: 'failed', pulled: 1, applied: 1, error: { code: 'remote_refused', message: expect.stringMatching(/gave back the cursor it was asked for.*stopped after 1 page, which are applied/) } });
    expect(ce.received.map((q) => q.query.cursor ?? null)).toEqual([null, 'c1']);
    expect(Object.fromEntries(b.state())).toEqual({ 'email:first@example.com email': 'blocked' });

    // The next sync starts from the saved cursor, not from the beginning.
    await b.sync(ce);
    expect(ce.received[2]?.query.cursor).toBe('c1');
  });

  it.each([
    ['seconds', () => '3000000', /CE asked to wait 34 days 17 hours \(.*HTTP 429 with Retry-After\), more than the 10 minutes a sync waits; nothing was lost: try later/],
    ['an HTTP date', () => new Date(Date.now() + 2 * 3_600_000 + 90_000).toUTCString(), /CE asked to wait 2 hours( 1 minute)? .*try later/],
  ])('ends the sync at once when Retry-After (%s) asks for more than 10 minutes', async (_name, retryAfter, message) => {
    const ce = await standIn((_request, res) => json(res, 429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': retryAfter() }));
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const r = await a.sync(ce);
    expect(r).toMatchObject({ status: 'failed', pushed: 0, error: { code: 'remote_unavailable', message: expect.stringMatching(message) } });
    expect(ce.received).toHaveLength(1);
    expect(jobReport(a.data).warnings.filter((w) => /retrying/.test(w))).toEqual([]);
    expect(a.outboxSize()).toBe(1);
  });

  it('refuses a sync URL that carries a user name and password, without sending anything', async () => {
    const ce = await standIn((_request, res) => json(res, 200, { items: [], next_cursor: 'c0', has_more: false }));
    const a = client('A');
    const url = ce.baseUrl.replace('http://', 'http://ops:hunter2@');
    const r = await cliAsync(a.data, ['sync', '--url', url, '--json'], { BLOCKLIST_DESK_API_KEY: KEY });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the sync URL must not carry a user name or password/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    expect(ce.received).toHaveLength(0);
  });
});

describe("a server's words that echo the API key are kept with *** in its place", () => {
  const key = 'zq9Wx7pL-secret-4471';

  it('in retry warnings, refusals and the error, even where the message is cut short', async () => {
    const ce = await standIn((request, res, index) => {
      if (index === 0) return json(res, 503, { error: { code: 'unavailable', message: `key ${key} is over its quota` } });
      if (request.method === 'POST') return json(res, 422, { error: { code: 'malformed_body', message: `body refused for api-key ${key}` } });
      // The key straddles the 200 characters a refusal keeps of the server's message.
      return json(res, 400, { error: { code: 'invalid_cursor', message: `${'x'.repeat(190)} ${key} ${'y'.repeat(40)}` } });
    });
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const r = await a.sync(ce, {}, key);
    expect(r).toMatchObject({ status: 'failed', rejected: 1, error: { code: 'remote_refused' } });
    const report = jobReport(a.data);
    const kept = JSON.stringify({ r, report, listing: cli(a.data, ['jobs']).stdout });
    expect(kept).not.toContain('zq9Wx7');
    expect(report.warnings.some((w) => /HTTP 503 key \*\*\* is over its quota/.test(w))).toBe(true);
    expect(report.warnings.some((w) => /body refused for api-key \*\*\*/.test(w))).toBe(true);
  });

  it("in Netcore's raw answers kept in the report", async () => {
    const netcore = await standIn((request, res) => json(res, 200, { status: 'success', echo: { headers: { 'api-key': key }, body: request.body } }));
    const a = client('A');
    expect(cli(a.data, ['paste', '--using', 'email', '--channels', 'email'], 'a@example.com').code).toBe(0);
    const r = await cliAsync(a.data, ['sync', '--remote', 'netcore-email', '--url', netcore.baseUrl, '--json'], { BLOCKLIST_DESK_API_KEY: key });
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded', pushed: 1 });
    const report = jobReport(a.data);
    expect(report.responses).toEqual([expect.stringContaining('"api-key":"***"')]);
    expect(JSON.stringify(report) + r.stdout + r.stderr).not.toContain('zq9Wx7');
  });
});
