import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api/contract';
import type { FileRef } from '../../../src/api/views';
import { WindowFileGrants } from '../../../main/fileGrants';
import { APP_ORIGIN, contractRoutes, registerIpc, type InvokeEventLike } from '../../../main/ipc';
import { PLATFORM_CHANNELS } from '../../../main/platformChannels';
import { platformRoutes, type NativeFiles } from '../../../main/platformHandlers';
import { startDeskWorker } from '../../../src/api/deskService';
import { fakeIpcMain } from './fakeIpcMain';
import { nextEvent, onCleanup } from './tempDesk';

// Issue "Trust", point 7: main reads and writes only files the user handed over in this
// window (a native dialog, a drop); a path the page names itself is refused. Main's IPC
// wiring is driven as Electron would drive it, with the dialogs answered by the test.

const windowEvent = (id: number): InvokeEventLike => ({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender: { id } });
const WINDOW = windowEvent(1);
const OTHER_WINDOW = windowEvent(2);

type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };

/** Main's wiring as main.ts makes it: the blocklist on its database thread, each call with its window's grants. */
async function shell() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-grants-'));
  const service = await startDeskWorker({ dataFolder: path.join(dir, 'data'), uploads: null, appVersion: '0.0.0-test', actor: 'tester' });
  onCleanup(async () => {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const desk = {
    dir,
    file(name: string, contents: string): string {
      const p = path.join(dir, 'in', name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, contents);
      return p;
    },
  };
  const grants = new WindowFileGrants();
  const dialogs = { open: [] as string[], save: null as string | null };
  const native: NativeFiles<InvokeEventLike> = {
    showOpenDialog: () => Promise.resolve({ canceled: dialogs.open.length === 0, filePaths: dialogs.open }),
    showSaveDialog: () => Promise.resolve(dialogs.save === null ? { canceled: true } : { canceled: false, filePath: dialogs.save }),
    showItemInFolder: () => undefined,
  };
  const ipcMain = fakeIpcMain();
  registerIpc(ipcMain, [...contractRoutes(service, (event) => grants.entriesFor(event)), ...platformRoutes(service, grants, native)]);
  const call = <T = unknown>(channel: string, input: unknown, event: InvokeEventLike = WINDOW) => ipcMain.invoke(channel, event, input) as Promise<Envelope<T>>;
  const value = async <T>(channel: string, input: unknown, event: InvokeEventLike = WINDOW): Promise<T> => {
    const answer = await call<T>(channel, input, event);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
    return answer.value;
  };
  const finished = async (channel: string, input: unknown) => {
    const { job } = await value<{ job: JobView }>(channel, input);
    return (await nextEvent(service, 'job:finished', (e) => e.job.id === job.id)).job;
  };
  return { desk, grants, dialogs, call, value, finished };
}

const refused = (field: string) => ({ ok: false, error: { code: 'usage', field } });

describe('files the page names itself', () => {
  it('are refused for import, keywords, scrub and both exports, naming the field', async () => {
    const { desk, call } = await shell();
    const list = desk.file('list.csv', 'email\na@example.com\n');
    const victim = desk.file('victim.csv', 'keep me\n');

    const imported = await call('desk:jobs.startImport', { files: [list], using: 'auto', channels: ['email'] });
    expect(imported).toMatchObject(refused('files'));
    expect(!imported.ok && imported.error.message).toContain('not a file chosen or dropped in this window');
    expect(await call('desk:jobs.startKeywords', { files: [list] })).toMatchObject(refused('files'));
    expect(await call('desk:jobs.startScrub', { file: list, channels: ['email'] })).toMatchObject(refused('file'));
    const exported = await call('desk:jobs.startExport', { scope: { kind: 'all' }, target: victim });
    expect(exported).toMatchObject(refused('target'));
    expect(!exported.ok && exported.error.message).toContain("Save dialog");
    expect(await call('desk:audit.export', { target: victim })).toMatchObject(refused('target'));
    // A ref of the right shape that was never handed out, and a relative path.
    expect(await call('desk:jobs.startScrub', { file: `granted:${'0'.repeat(32)}`, channels: ['email'] })).toMatchObject(refused('file'));
    expect(await call('desk:jobs.startExport', { scope: { kind: 'all' }, target: 'out.csv' })).toMatchObject(refused('target'));

    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(await call('desk:jobs.list', {})).toMatchObject({ ok: true, value: { jobs: [] } });
  });

  it('are refused from a call that names no window', async () => {
    const { desk, dialogs, call } = await shell();
    const list = desk.file('list.csv', 'email\na@example.com\n');
    const noWindow: InvokeEventLike = { senderFrame: WINDOW.senderFrame };
    dialogs.open = [list];
    expect(await call(PLATFORM_CHANNELS.pickFiles, {}, noWindow)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await call('desk:jobs.startScrub', { file: list, channels: ['email'] }, noWindow)).toMatchObject(refused('file'));
  });
});

describe('files the user handed over', () => {
  it('from the open and save dialogs work, in that window only, each for its own use', async () => {
    const { desk, dialogs, call, value, finished } = await shell();
    const list = desk.file('list.csv', 'email\na@example.com\n');
    const out = path.join(desk.dir, 'chosen', 'export.csv');
    fs.mkdirSync(path.dirname(out));

    dialogs.open = [list];
    const [picked] = await value<FileRef[]>(PLATFORM_CHANNELS.pickFiles, {});
    expect(picked).toMatchObject({ name: 'list.csv', size: fs.statSync(list).size });
    expect(picked?.ref).not.toContain(path.sep);
    const ref = (picked as FileRef).ref;

    expect(await call('desk:jobs.startImport', { files: [ref], using: 'auto', channels: ['email'] }, OTHER_WINDOW)).toMatchObject(refused('files'));
    expect(await call('desk:jobs.startExport', { scope: { kind: 'all' }, target: ref })).toMatchObject(refused('target'));
    const imported = await finished('desk:jobs.startImport', { files: [ref], using: 'auto', channels: ['email'] });
    expect(imported.status).toBe('succeeded');
    expect(await call('desk:contacts.search', { query: 'a@example.com' })).toMatchObject({ ok: true, value: { contacts: [{ email: 'a@example.com' }] } });

    dialogs.save = out;
    const target = await value<FileRef | null>(PLATFORM_CHANNELS.saveAs, { suggestedName: 'export.csv' });
    expect(target).toMatchObject({ name: 'export.csv', size: null });
    const targetRef = (target as FileRef).ref;
    expect(await call('desk:jobs.startScrub', { file: targetRef, channels: ['email'] })).toMatchObject(refused('file'));
    expect(await call('desk:jobs.startExport', { scope: { kind: 'all' }, target: targetRef }, OTHER_WINDOW)).toMatchObject(refused('target'));
    const exported = await finished('desk:jobs.startExport', { scope: { kind: 'all' }, target: targetRef });
    expect(exported.status).toBe('succeeded');
    expect(fs.readFileSync(out, 'utf8')).toContain('a@example.com');

    dialogs.open = [];
    dialogs.save = null;
    expect(await value(PLATFORM_CHANNELS.pickFiles, {})).toEqual([]);
    expect(await value(PLATFORM_CHANNELS.saveAs, { suggestedName: 'x.csv' })).toBeNull();
  });

  it('by a drop work once main has checked them: existing CSV, Excel, ZIP or TXT files only, all or none', async () => {
    const { desk, call, value, finished } = await shell();
    const audience = desk.file('audience.csv', 'email\na@example.com\nb@example.com\n');
    const key = desk.file('id_rsa', 'secret');

    const [dropped] = await value<FileRef[]>(PLATFORM_CHANNELS.grantDropped, { paths: [audience] });
    expect(dropped).toMatchObject({ name: 'audience.csv' });
    const workbook = desk.file('Audience.XLSX', 'a workbook');
    expect(await value<FileRef[]>(PLATFORM_CHANNELS.grantDropped, { paths: [workbook] })).toMatchObject([{ name: 'Audience.XLSX' }]);
    const scrubbed = await finished('desk:jobs.startScrub', { file: (dropped as FileRef).ref, channels: ['email'] });
    expect(scrubbed.status).toBe('succeeded');
    // A drop grants reading only: it cannot become an export's target.
    expect(await call('desk:jobs.startExport', { scope: { kind: 'all' }, target: (dropped as FileRef).ref })).toMatchObject(refused('target'));

    expect(await call(PLATFORM_CHANNELS.grantDropped, { paths: [audience, key] })).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await call(PLATFORM_CHANNELS.grantDropped, { paths: ['audience.csv'] })).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await call(PLATFORM_CHANNELS.grantDropped, { paths: [path.join(desk.dir, 'gone.csv')] })).toMatchObject({ ok: false, error: { code: 'file_missing' } });
    fs.mkdirSync(path.join(desk.dir, 'folder.csv'));
    expect(await call(PLATFORM_CHANNELS.grantDropped, { paths: [path.join(desk.dir, 'folder.csv')] })).toMatchObject({ ok: false, error: { code: 'file_unreadable' } });
    expect(await call(PLATFORM_CHANNELS.grantDropped, { paths: [audience] }, { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('stop working when the page reloads or its window closes', async () => {
    const { desk, grants, call, value } = await shell();
    const audience = desk.file('audience.csv', 'email\na@example.com\n');
    const contents = Object.assign(new EventEmitter(), { id: 1 });
    grants.watch(contents);

    const [first] = await value<FileRef[]>(PLATFORM_CHANNELS.grantDropped, { paths: [audience] });
    contents.emit('did-navigate');
    expect(await call('desk:jobs.startScrub', { file: (first as FileRef).ref, channels: ['email'] })).toMatchObject(refused('file'));

    const [second] = await value<FileRef[]>(PLATFORM_CHANNELS.grantDropped, { paths: [audience] });
    expect(second?.ref).not.toBe(first?.ref);
    contents.emit('destroyed');
    expect(await call('desk:jobs.startScrub', { file: (second as FileRef).ref, channels: ['email'] })).toMatchObject(refused('file'));
  });
});
