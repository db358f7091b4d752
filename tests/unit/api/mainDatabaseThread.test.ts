import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SyncView } from '../../../src/api/syncOperations';
import type { FileRef } from '../../../src/api/views';
import { WindowFileGrants } from '../../../main/fileGrants';
import { startDesktopDesk } from '../../../main/desktopDesk';
import { APP_ORIGIN, type InvokeEventLike } from '../../../main/ipc';
import { PLATFORM_CHANNELS } from '../../../main/platformChannels';
import type { NativeFiles } from '../../../main/platformHandlers';
import { safeStorageKeyStore } from '../../../main/syncKeyStore';
import { fakeIpcMain } from './fakeIpcMain';
import { onCleanup } from './tempDesk';
import { testKeychain } from './testKeychain';

// Issue "Trust", point 9, in the desktop app: main's IPC reaches the blocklist on its
// database thread, wired by the same function main.ts calls. An edit waiting for another writer's lock leaves
// main free to answer the window; the CE key stays with main's key store.

const WINDOW: InvokeEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender: { id: 1 } };
type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

async function desktop() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-main-thread-'));
  const dataFolder = path.join(dir, 'data');
  fs.mkdirSync(dataFolder, { recursive: true });
  const saveTo = path.join(dir, 'chosen.csv');
  const native: NativeFiles<InvokeEventLike> = {
    showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    showSaveDialog: () => Promise.resolve({ canceled: false, filePath: saveTo }),
    showItemInFolder: () => undefined,
  };
  const ipcMain = fakeIpcMain();
  const syncKeys = safeStorageKeyStore(dataFolder, testKeychain(), 'linux', {});
  const service = await startDesktopDesk({ dataFolder, appVersion: '0.0.0-test', syncKeys, grants: new WindowFileGrants(), native, ipcMain });
  onCleanup(async () => {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const call = <T>(channel: string, input: unknown) => ipcMain.invoke(channel, WINDOW, input) as Promise<Envelope<T>>;
  return { dataFolder, call };
}

describe("the desktop app's database thread", () => {
  it("answers the window while an edit waits for another writer's lock, then lands the edit", async () => {
    const { dataFolder, call } = await desktop();
    expect(await call('desk:contacts.search', { query: 'x' })).toMatchObject({ ok: true });
    // Another connection (an import applying, the CLI) holds the write lock.
    const holder = new Database(path.join(dataFolder, 'blocklist.db'));
    holder.exec('BEGIN IMMEDIATE');
    let editDone = false;
    const edit = call('desk:contacts.block', { using: 'email', value: 'late@example.com', channels: ['email'] }).then((answer) => {
      editDone = true;
      return answer;
    });
    // Main still answers: a Save dialog's grant is made while the edit waits.
    const saved = await call<FileRef>(PLATFORM_CHANNELS.saveAs, { suggestedName: 'export.csv' });
    expect(saved).toMatchObject({ ok: true, value: { name: 'chosen.csv' } });
    expect(editDone).toBe(false);
    holder.exec('COMMIT');
    holder.close();
    expect(await edit).toMatchObject({ ok: true, value: { created: true } });
    expect(await call('desk:contacts.search', { query: 'LATE@example.com' })).toMatchObject({ ok: true, value: { contacts: [{ email: 'late@example.com' }] } });
  });

  it("keeps the CE API key with main's key store, encrypted, and reports where it is", async () => {
    const { dataFolder, call } = await desktop();
    expect(await call<SyncView>('desk:sync.get', {})).toMatchObject({ ok: true, value: { key: { source: 'none', canStore: true } } });
    expect(await call<SyncView>('desk:sync.saveKey', { key: 'ce-secret-key-123' })).toMatchObject({ ok: true, value: { key: { source: 'keychain' } } });
    const onDisk = fs.readFileSync(path.join(dataFolder, 'sync-api-key.bin'));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.includes(Buffer.from('ce-secret-key-123'))).toBe(false);
    expect(await call<SyncView>('desk:sync.saveKey', { key: '' })).toMatchObject({ ok: true, value: { key: { source: 'none' } } });
    expect(fs.existsSync(path.join(dataFolder, 'sync-api-key.bin'))).toBe(false);
  });
});
