import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorageKeyStore } from '../../main/syncKeyStore';
import type { JobView } from '../../src/api/contract';
import { openDesk, type Desk } from '../../src/api/desk';
import { callOperation } from '../../src/api/dispatch';
import type { DeskEvent } from '../../src/api/events';
import { ApiFieldError } from '../../src/api/apiFieldError';
import type { FileAccess } from '../../src/api/localFiles';
import type { SyncView } from '../../src/api/syncOperations';
import { updateSyncSettings } from '../../src/store/syncSettings';
import { ceServer, KEY, servers, serverStats } from './syncKit';
import { testKeychain as keychain } from '../unit/api/testKeychain';


/** A sync touches no files of the user's: any file reference is refused. */
const noFiles: FileAccess = {
  readable: (_ref, field) => {
    throw new ApiFieldError('usage', field, 'no files in this test');
  },
  writable: (_ref, field) => {
    throw new ApiFieldError('usage', field, 'no files in this test');
  },
};

const desks: { desk: Desk; dir: string }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const { desk, dir } of desks.splice(0)) {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The desktop app's core as main/ opens it: a real blocklist and the safeStorage key store. */
function desktop() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-key-origin-'));
  const dataFolder = path.join(dir, 'data');
  fs.mkdirSync(dataFolder, { recursive: true });
  const desk = openDesk({ dataFolder, files: noFiles, appVersion: '0.0.0-test', actor: 'tester', syncKeys: safeStorageKeyStore(dataFolder, keychain(), 'linux', {}) });
  desks.push({ desk, dir });
  const call = async <T>(operation: string, input: unknown) => {
    const [area, name] = operation.split('.') as [string, string];
    return (await callOperation(desk.context, area, name, input)) as { ok: true; value: T } | { ok: false; error: { code: string; field?: string; message: string } };
  };
  const finished = (job: string) =>
    new Promise<DeskEvent<'job:finished'>>((resolve) => {
      const unsubscribe = desk.context.events.subscribe((name, payload) => {
        if (name === 'job:finished' && (payload as DeskEvent<'job:finished'>).job.id === job) {
          unsubscribe();
          resolve(payload as DeskEvent<'job:finished'>);
        }
      });
    });
  return { call, finished, context: desk.context };
}

describe('the saved API key goes only to the origin it was saved for', () => {
  it('refuses to send the key saved for one server to another until it is entered again', async () => {
    const a = await ceServer();
    const b = await ceServer();
    const originA = new URL(a.baseUrl).origin;
    const originB = new URL(b.baseUrl).origin;
    const app = desktop();

    expect(await app.call('sync.update', { url: a.baseUrl })).toMatchObject({ ok: true });
    expect(await app.call('sync.saveKey', { key: KEY })).toMatchObject({ ok: true, value: { key: { source: 'keychain', note: expect.stringContaining(`sent only to ${originA}`) } } });
    const first = await app.call<{ job: JobView }>('sync.run', {});
    if (!first.ok) throw new Error(first.error.message);
    expect((await app.finished(first.value.job.id)).job.status).toBe('succeeded');
    expect((await serverStats(a)).requests.pull).toBe(1);

    // Another server (here: another port on this computer; https://b.example in the field).
    const moved = await app.call<SyncView>('sync.update', { url: b.baseUrl });
    expect(moved).toMatchObject({ ok: true, value: { key: { note: `The API key was saved for ${originA}; enter it again for ${originB} (a saved key is sent only to the server it was saved for).` } } });
    expect(await app.call('sync.run', {})).toEqual({ ok: false, error: { code: 'usage', field: 'key', message: `the API key was saved for ${originA}; enter it again for ${originB}` } });
    expect((await serverStats(b)).requests).toMatchObject({ push: 0, pull: 0 });

    // Entered again, it is bound to the new origin, and the old one now asks for it.
    expect(await app.call('sync.saveKey', { key: KEY })).toMatchObject({ ok: true });
    const second = await app.call<{ job: JobView }>('sync.run', {});
    if (!second.ok) throw new Error(second.error.message);
    expect((await app.finished(second.value.job.id)).job.status).toBe('succeeded');
    expect((await serverStats(b)).requests.pull).toBe(1);
    expect(await app.call('sync.update', { url: a.baseUrl })).toMatchObject({ ok: true });
    expect(await app.call('sync.run', {})).toMatchObject({ ok: false, error: { field: 'key', message: `the API key was saved for ${originB}; enter it again for ${originA}` } });
  });

  it('binds a key saved before keys were bound (or before any URL) to the first origin it is used with', async () => {
    const a = await ceServer();
    const b = await ceServer();
    const app = desktop();
    await app.context.syncKeys.save(KEY);
    expect(await app.call('sync.update', { url: a.baseUrl })).toMatchObject({ ok: true });
    const run = await app.call<{ job: JobView }>('sync.run', {});
    if (!run.ok) throw new Error(run.error.message);
    expect((await app.finished(run.value.job.id)).job.status).toBe('succeeded');
    expect(await app.call('sync.update', { url: b.baseUrl })).toMatchObject({ ok: true });
    expect(await app.call('sync.run', {})).toMatchObject({ ok: false, error: { field: 'key', message: expect.stringMatching(/^the API key was saved for http:\/\/127\.0\.0\.1:\d+; enter it again for/) } });
    expect((await serverStats(b)).requests).toMatchObject({ push: 0, pull: 0 });
  });

  it('keeps the key for another path on the same origin', async () => {
    const a = await ceServer();
    const app = desktop();
    expect(await app.call('sync.update', { url: `${a.baseUrl}/` })).toMatchObject({ ok: true });
    expect(await app.call('sync.saveKey', { key: KEY })).toMatchObject({ ok: true });
    expect(await app.call('sync.update', { url: a.baseUrl })).toMatchObject({ ok: true });
    const run = await app.call<{ job: JobView }>('sync.run', {});
    if (!run.ok) throw new Error(run.error.message);
    expect((await app.finished(run.value.job.id)).job.status).toBe('succeeded');
  });

  it('refuses to save a URL with a user name and password, naming the field and not echoing the password', async () => {
    const a = await ceServer();
    const app = desktop();
    const refused = await app.call('sync.update', { url: a.baseUrl.replace('http://', 'http://ops:hunter2@') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'usage', field: 'url', message: expect.stringMatching(/must not carry a user name or password/) } });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
    expect(await app.call<SyncView>('sync.get', {})).toMatchObject({ ok: true, value: { url: '' } });

    // One stored before this check (the settings table itself takes any text) is refused when a sync starts.
    updateSyncSettings(app.context.db, { url: a.baseUrl.replace('http://', 'http://ops:hunter2@') });
    expect(await app.call('sync.saveKey', { key: KEY })).toMatchObject({ ok: true });
    const run = await app.call('sync.run', {});
    expect(run).toMatchObject({ ok: false, error: { code: 'usage', field: 'url', message: expect.stringMatching(/must not carry a user name or password/) } });
    expect(JSON.stringify(run)).not.toContain('hunter2');
    expect((await serverStats(a)).requests).toMatchObject({ push: 0, pull: 0 });
  });
});
