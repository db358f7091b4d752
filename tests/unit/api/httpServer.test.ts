import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createHttpBridge, SseParser, type FetchLike } from '../../../src/api/bridge';
import { inProcessService } from '../../../src/api/deskService';
import { startDeskServer, type DeskServer } from '../../../src/api/http/deskServer';
import { onCleanup, tempDesk } from './tempDesk';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so a test can send any Host and Origin (fetch may not set Host). */
function request(server: DeskServer, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function callApi(server: DeskServer, operation: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request(server, {
    method: 'POST',
    path: `/api/${operation.replace('.', '/')}`,
    headers: { 'content-type': 'application/json', 'x-desk-token': server.token, ...headers },
    body: JSON.stringify(input),
  });
}

async function serve(rendererDir?: string) {
  const desk = tempDesk('uploads');
  const renderer = rendererDir ?? path.join(desk.dir, 'no-renderer');
  const server = await startDeskServer({ service: inProcessService({ context: desk.context, integrity: Promise.resolve(null), close: async () => {} }), uploads: desk.uploads!, rendererDir: renderer, port: 0 });
  onCleanup(() => server.close());
  return { desk, server };
}

describe('blocklist-desk serve: who may call', () => {
  it('listens on 127.0.0.1 and prints an address carrying the token', async () => {
    const { server } = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const { server } = await serve();
    const none = await callApi(server, 'contacts.counts', {}, { 'x-desk-token': '' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = await callApi(server, 'contacts.counts', {}, { 'x-desk-token': `${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    // the token in the query string is for the event stream and downloads, not for calls
    const inQuery = await request(server, { method: 'POST', path: `/api/contacts/counts?token=${server.token}`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(inQuery.status).toBe(401);
  });

  it('refuses a wrong Host (DNS rebinding) even with the right token', async () => {
    const { server } = await serve();
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const reply = await callApi(server, 'contacts.counts', {}, { host });
      expect(reply.status, host).toBe(403);
    }
    const page = await request(server, { path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(page.status).toBe(403);
    expect((await callApi(server, 'contacts.counts', {}, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const { server } = await serve();
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, 'null', `https://127.0.0.1:${server.port}`]) {
      const reply = await callApi(server, 'contacts.counts', {}, { origin });
      expect(reply.status, origin).toBe(403);
    }
    expect((await callApi(server, 'contacts.counts', {}, { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('serves a correct call as the result envelope', async () => {
    const { server } = await serve();
    const blocked = await callApi(server, 'contacts.block', { using: 'email', value: 'a@example.com', channels: ['email'], reason: 'asked' });
    expect(blocked.status).toBe(200);
    expect(blocked.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(blocked.body)).toMatchObject({ ok: true, value: { created: true, contact: { email: 'a@example.com' } } });
    const lifted = JSON.parse((await callApi(server, 'contacts.unblock', { contactId: 1, channels: ['email'] })).body);
    expect(lifted).toMatchObject({ ok: true, value: { unblocked: ['email'] } });
    expect((await callApi(server, 'contacts.nothing', {})).body).toContain('unknown_operation');
    const notJson = await request(server, { method: 'POST', path: '/api/contacts/counts', headers: { 'content-type': 'text/plain', 'x-desk-token': server.token }, body: '{}' });
    expect(notJson.status).toBe(415);
  });

  it('serves pages with a strict CSP, and says how to build a missing renderer', async () => {
    const { server } = await serve();
    const page = await request(server, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('npm run build');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves the built renderer, with index.html for app routes and never outside its folder', async () => {
    const built = tempDesk();
    const dir = path.join(built.dir, 'renderer');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>desk</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(built.dir, 'secret.txt'), 'secret');
    const { server } = await serve(dir);
    expect((await request(server, { path: '/' })).body).toContain('<title>desk</title>');
    const script = await request(server, { path: '/assets/app.js' });
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect((await request(server, { path: '/jobs' })).body).toContain('<title>desk</title>');
    expect((await request(server, { path: '/../secret.txt' })).body).not.toContain('secret');
    expect((await request(server, { path: '/%2e%2e/secret.txt' })).body).not.toContain('secret');
    expect((await request(server, { path: '/assets/missing.js' })).status).toBe(404);
  });
});

describe('blocklist-desk serve: files and events', () => {
  it('imports an uploaded file and announces job:finished over Server-Sent Events', async () => {
    const { server } = await serve();
    const events = new AbortController();
    const sse = await fetch(`${server.origin}/api/events?token=${server.token}`, { signal: events.signal });
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const received: { event: string; data: unknown }[] = [];
    const parser = new SseParser((event, data) => received.push({ event, data: JSON.parse(data) as unknown }));
    const reader = sse.body!.getReader();
    const decoder = new TextDecoder();

    const upload = await request(server, { method: 'POST', path: '/api/upload?name=opt%20outs.csv', headers: { 'x-desk-token': server.token }, body: 'mobile\n98765 43210\n09876543211\n' });
    const file = JSON.parse(upload.body) as { ok: true; value: { ref: string; name: string; size: number } };
    expect(file).toMatchObject({ ok: true, value: { name: 'opt outs.csv', size: 31 } });
    expect(file.value.ref).toMatch(/^upload:[0-9a-f]{24}$/);

    const started = JSON.parse((await callApi(server, 'jobs.startImport', { files: [file.value.ref], using: 'auto', channels: ['sms'], category: 'opt_out' })).body) as { ok: true; value: { job: { id: string } } };
    expect(started.ok).toBe(true);
    const jobId = started.value.job.id;
    const finished = () => received.find((e) => e.event === 'job:finished' && (e.data as { job: { id: string } }).job.id === jobId);
    while (!finished()) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the event stream ended');
      parser.push(decoder.decode(value, { stream: true }));
    }
    events.abort();
    expect(received.some((e) => e.event === 'job:progress')).toBe(true);
    expect(finished()?.data).toMatchObject({ job: { status: 'succeeded', label: 'opt outs.csv' }, report: { added: 2, rejected: 0 } });
    expect(JSON.parse((await callApi(server, 'contacts.counts', {})).body)).toMatchObject({ value: { anonymous: 2, blocked: { sms: 2 } } });
  });

  it('accepts only its own upload refs and download targets', async () => {
    const { server } = await serve();
    const local = JSON.parse((await callApi(server, 'jobs.startImport', { files: ['/etc/passwd'], using: 'auto', channels: ['email'] })).body);
    expect(local).toMatchObject({ ok: false, error: { code: 'usage', field: 'files' } });
    const guessed = JSON.parse((await callApi(server, 'jobs.startImport', { files: ['upload:000000000000000000000000'], using: 'auto', channels: ['email'] })).body);
    expect(guessed).toMatchObject({ ok: false, error: { code: 'file_missing' } });
    const path_ = JSON.parse((await callApi(server, 'jobs.startExport', { scope: { kind: 'all' }, target: '/tmp/out.csv' })).body);
    expect(path_).toMatchObject({ ok: false, error: { code: 'usage', field: 'target' } });
  });

  it('exports to a download and serves it, and the sample file, only with the token', async () => {
    const { desk, server } = await serve();
    await callApi(server, 'contacts.block', { using: 'customer_id', value: 'C-1', channels: ['rcs'] });
    const bridge = createHttpBridge(server.origin, server.token, fetch as unknown as FetchLike, { download: () => {} });
    const target = await bridge.saveAs({ suggestedName: '../../blocklist.csv' });
    if (!target.ok || target.value === null) throw new Error('no target');
    const finished = new Promise<{ job: { id: string; files: { out: { ref: string; name: string } | null } } }>((resolve) => {
      const off = bridge.on('job:finished', (event) => {
        off();
        resolve(event);
      });
    });
    // The event stream is connected once the server has a subscriber.
    await vi.waitFor(() => expect(desk.context.events.size).toBeGreaterThan(0), { timeout: 30_000 });
    const started = await bridge.jobs.startExport({ scope: { kind: 'all' }, target: target.value.ref });
    expect(started.ok).toBe(true);
    const done = await finished;
    const out = done.job.files.out!;
    expect(out.name).toBe('blocklist.csv');
    // written inside the data folder, whatever the suggested name said
    const written = desk.context.db.prepare('SELECT report FROM jobs WHERE id = ?').pluck().get(done.job.id) as string;
    expect((JSON.parse(written) as { out_file: string }).out_file.startsWith(path.join(desk.dataFolder, 'exports') + path.sep)).toBe(true);

    const url = `/api/download/${encodeURIComponent(out.ref)}`;
    expect((await request(server, { path: url })).status).toBe(401);
    const file = await request(server, { path: `${url}?token=${server.token}` });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body.split('\r\n')[1]).toMatch(/^C-1,/);
    // Fetched: the server's copy is gone (exports hold personal data); a second fetch finds nothing.
    await vi.waitFor(() => expect(fs.existsSync((JSON.parse(written) as { out_file: string }).out_file)).toBe(false), { timeout: 30_000 });
    expect((await request(server, { path: `${url}?token=${server.token}` })).status).toBe(404);
    const sample = await request(server, { path: `/api/download/${encodeURIComponent('sample:blocklist-sample.csv')}?token=${server.token}` });
    expect(sample.body.startsWith('customer_id,email,mobile')).toBe(true);
    expect((await request(server, { path: `/api/download/${encodeURIComponent('/etc/passwd')}?token=${server.token}` })).status).toBe(404);
  });

  it('gives the renderer named functions over HTTP that never throw', async () => {
    const { server } = await serve();
    const desk = createHttpBridge(server.origin, server.token, fetch as unknown as FetchLike);
    const blocked = await desk.contacts.block({ using: 'mobile', value: '98765 43210', channels: ['whatsapp'] });
    expect(blocked).toMatchObject({ ok: true, value: { contact: { mobile: '+919876543210' } } });
    expect(await desk.contacts.counts()).toMatchObject({ ok: true, value: { anonymous: 1 } });
    expect(await desk.pickFiles()).toEqual({ ok: true, value: null });
    const files = await desk.uploadFiles([new File(['email\na@example.com\n'], 'list.csv')]);
    expect(files).toMatchObject({ ok: true, value: [{ name: 'list.csv', size: 20 }] });
    expect(await desk.downloadFile({ ref: 'sample:blocklist-sample.csv', name: 'x.csv', size: null })).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const wrongToken = createHttpBridge(server.origin, 'nope', fetch as unknown as FetchLike);
    expect(await wrongToken.contacts.counts()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await server.close();
    expect(await desk.contacts.counts()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('keeps the event stream and the other listeners when one listener throws', async () => {
    const sse = new TextEncoder().encode(
      ['job:progress', 'job:progress'].map((event, i) => `event: ${event}\ndata: ${JSON.stringify({ job: `J${i}` })}\n\n`).join(''),
    );
    let connects = 0;
    const fetchImpl: FetchLike = async (_url, init) => {
      connects += 1;
      let sent = false;
      return {
        ok: true,
        status: 200,
        json: async () => ({}),
        body: {
          getReader: () => ({
            read: () => {
              if (!sent) {
                sent = true;
                return Promise.resolve({ done: false, value: sse });
              }
              // then stays open until the bridge aborts it
              return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
            },
            cancel: async () => {},
          }),
        },
      };
    };
    const reported: unknown[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => {
      try {
        task();
      } catch (err) {
        reported.push(err);
      }
    });
    onCleanup(() => {
      vi.unstubAllGlobals();
    });
    const bridge = createHttpBridge('http://127.0.0.1:1', 'token', fetchImpl, { reconnectMs: 1 });
    const received: string[] = [];
    const offBroken = bridge.on('job:progress', () => {
      throw new Error('a broken listener');
    });
    const offWorking = bridge.on('job:progress', (progress) => received.push(progress.job));
    await vi.waitFor(() => expect(received).toEqual(['J0', 'J1']));
    expect(reported).toHaveLength(2);
    expect(connects).toBe(1);
    offBroken();
    offWorking();
  });
});
