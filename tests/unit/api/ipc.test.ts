import { describe, expect, it } from 'vitest';
import { platformOperations } from '../../../src/api/platformOperations';
import { APP_ORIGIN, checkSender, contractRoutes, handleInvocation, operationRoute, registerIpc, type InvokeEventLike } from '../../../main/ipc';
import { fakeIpcMain } from './fakeIpcMain';
import { tempDesk } from './tempDesk';

const mainFrame = (url: string): InvokeEventLike => ({ senderFrame: { url, parent: null } });
const ourPage = mainFrame(`${APP_ORIGIN}/index.html`);

describe('the IPC sender check', () => {
  it('accepts only the main frame of the app:// page', () => {
    expect(checkSender(ourPage)).toBeNull();
    expect(checkSender(mainFrame('app://desk/'))).toBeNull();
    expect(checkSender(mainFrame('app://desk/jobs?x=1#y'))).toBeNull();
  });

  it('refuses other origins, sub-frames and a vanished frame', () => {
    expect(checkSender(mainFrame('https://evil.example/'))?.code).toBe('forbidden');
    expect(checkSender(mainFrame('file:///home/user/index.html'))?.code).toBe('forbidden');
    expect(checkSender(mainFrame('app://desk.evil/index.html'))?.code).toBe('forbidden');
    expect(checkSender(mainFrame('app://other/index.html'))?.code).toBe('forbidden');
    expect(checkSender(mainFrame('http://127.0.0.1:4000/'))?.code).toBe('forbidden');
    expect(checkSender(mainFrame('not a url'))?.code).toBe('forbidden');
    expect(checkSender({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: { url: `${APP_ORIGIN}/index.html` } } })?.code).toBe('forbidden');
    expect(checkSender({ senderFrame: null })?.code).toBe('forbidden');
  });
});

describe('the one IPC wrapper', () => {
  const echoing = (run: (input: unknown) => unknown) => operationRoute('desk:test.echo', platformOperations.saveAs, run);
  const echo = echoing((input) => ({ ref: '/tmp/x.csv', name: (input as { suggestedName: string }).suggestedName, size: null }));

  it('parses the input with the schema and answers the envelope', async () => {
    expect(await handleInvocation(echo, ourPage, { suggestedName: 'x.csv' })).toEqual({ ok: true, value: { ref: '/tmp/x.csv', name: 'x.csv', size: null } });
    expect(await handleInvocation(echo, ourPage, { suggestedName: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'suggestedName' } });
    expect(await handleInvocation(echo, ourPage, 42)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a wrong sender before looking at the input', async () => {
    let ran = false;
    const route = echoing(() => ((ran = true), null));
    expect(await handleInvocation(route, mainFrame('https://evil.example/'), { suggestedName: 'x.csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ran).toBe(false);
  });

  it('turns a thrown error into the envelope, never a rejection', async () => {
    const route = echoing(() => Promise.reject(new Error('disk on fire')));
    expect(await handleInvocation(route, ourPage, { suggestedName: 'x.csv' })).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('registers every contract operation on its own named channel over a real database', async () => {
    const desk = tempDesk();
    const ipcMain = fakeIpcMain();
    registerIpc(ipcMain, contractRoutes(desk.service));
    expect(ipcMain.channels()).toEqual(expect.arrayContaining(['desk:contacts.search', 'desk:jobs.startImport', 'desk:audit.export', 'desk:settings.update', 'desk:files.sample']));

    const blocked = await ipcMain.invoke('desk:contacts.block', ourPage, { using: 'email', value: 'a@example.com', channels: ['email'] });
    expect(blocked).toMatchObject({ ok: true, value: { created: true } });
    expect(await ipcMain.invoke('desk:contacts.search', ourPage, { query: 'A@EXAMPLE.COM' })).toMatchObject({ ok: true, value: { contacts: [{ email: 'a@example.com' }] } });
    expect(await ipcMain.invoke('desk:contacts.search', mainFrame('https://evil.example/'), { query: 'a@example.com' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipcMain.invoke('desk:contacts.search', ourPage, { query: 7 })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'query' } });
  });
});
