import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startDeskWorker, type DeskService } from '../../src/api/deskService';
import { startDeskServer, type DeskServer } from '../../src/api/http/deskServer';
import { UploadFolder } from '../../src/api/http/uploadFolder';

// The window never waits on SQLite: while another connection holds the write lock (an
// import's apply), an edit waits on the database thread, and the serving thread goes on
// answering pages and other requests.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function get(server: DeskServer, pathname: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: payload === undefined ? 'GET' : 'POST',
        path: pathname,
        headers: { host: `127.0.0.1:${server.port}`, 'x-desk-token': server.token, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function served(): Promise<{ server: DeskServer; service: DeskService; data: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-dbthread-'));
  const data = path.join(dir, 'data');
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer, { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Blocklist Desk</title>');
  const uploads = new UploadFolder(data);
  const service = await startDeskWorker({ dataFolder: data, uploads: { runFolder: uploads.uploads }, appVersion: 'test', actor: 'tester' });
  const server = await startDeskServer({ service, uploads, rendererDir: renderer, port: 0 });
  cleanups.push(async () => {
    await server.close();
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { server, service, data };
}

describe('the database thread', () => {
  it('serves pages while an edit waits for another connection\'s write lock, then lands the edit', async () => {
    const { server, data } = await served();
    // Another writer (an import applying) holds the lock.
    const holder = new Database(path.join(data, 'blocklist.db'));
    holder.exec('BEGIN IMMEDIATE');
    let editDone = false;
    const edit = get(server, '/api/contacts/block', { using: 'email', value: 'late@example.com', channels: ['email'] }).then((reply) => {
      editDone = true;
      return reply;
    });
    // The page comes back while the edit is still waiting: nothing released the lock yet.
    const page = await get(server, '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Blocklist Desk');
    expect(editDone).toBe(false);
    holder.exec('COMMIT');
    holder.close();
    const reply = await edit;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({ ok: true, value: { created: true } });
  });

  it('forwards job events and answers operations like the in-process host', async () => {
    const { service } = await served();
    const counts = await service.call('contacts', 'counts', {});
    expect(counts).toMatchObject({ ok: true, value: { identified: 0 } });
    const bad = await service.call('contacts', 'block', { using: 'email', value: 'not an email', channels: ['email'] });
    expect(bad).toMatchObject({ ok: false });
    expect((await service.download('artifact:nope/out')).ok).toBe(false);
  });
});
