/**
 * The Electron main process: thin wiring of the core (src/) into one hardened window.
 * Order matters: the app:// scheme is registered before `ready`; the SQLite addon for
 * Electron's ABI is checked before anything opens the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { IPC_EVENT_CHANNEL } from '../src/api/operationNames';
import type { DeskService } from '../src/api/deskService';
import { toErrorInfo } from '../src/domain/errors';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { WindowFileGrants } from './fileGrants';
import { startDesktopDesk } from './desktopDesk';
import { dataFolderFromArgs } from './launchOptions';
import { installMenu } from './menu';
import { electronNativeFiles } from './nativeFiles';
import { notifyJobFinished } from './notifications';
import { hardenContents, hardenSession } from './security';
import { bindingProblem, electronBindingPath } from './sqliteBinding';
import { safeStorageKeyStore } from './syncKeyStore';
import { createMainWindow } from './window';

/** dist/main/main.js → the package root (or app.asar's root when packaged). */
// The blocklist, its job files and exports hold personal data: owner-only on POSIX.
if (process.platform !== 'win32') process.umask(0o077);

const appRoot = path.resolve(__dirname, '..', '..');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const preload = path.join(__dirname, 'preload.js');

/** The blocklist, on its own database thread: main's event loop (the window's IPC) never waits on SQLite. */
let desk: DeskService | null = null;
/** What each window was given by a dialog or a drop: the only files the page can name. */
const fileGrants = new WindowFileGrants();
let win: BrowserWindow | null = null;
let closing = false;

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  dialog.showErrorBox('Blocklist Desk', message);
  app.exit(1);
}

function showWindow(): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function start(): Promise<void> {
  const binding = electronBindingPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot });
  const problem = bindingProblem(binding, process.versions.modules);
  if (problem !== null) return fail(problem);
  // Worker threads (the database thread, job workers) inherit the environment; src/store/database.ts reads it there.
  process.env.BLOCKLIST_DESK_SQLITE_BINDING = binding;

  const dataFolder = dataFolderFromArgs(process.argv);
  fs.mkdirSync(dataFolder, { recursive: true });
  hardenSession(session.defaultSession);
  serveRenderer(rendererDir);
  let service: DeskService;
  try {
    service = await startDesktopDesk({
      dataFolder,
      appVersion: app.getVersion(),
      nativeBinding: binding,
      syncKeys: safeStorageKeyStore(dataFolder, safeStorage),
      grants: fileGrants,
      native: electronNativeFiles,
      ipcMain,
    });
  } catch (err) {
    return fail(`Blocklist Desk cannot open its blocklist in ${dataFolder}: ${toErrorInfo(err).message}`);
  }
  desk = service;

  win = createMainWindow(preload);
  const send = (name: string, payload: unknown) => {
    if (win !== null && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { name, payload });
  };
  service.events.subscribe((name, payload) => {
    send(name, payload);
    if (name === 'job:finished') notifyJobFinished(payload as Parameters<typeof notifyJobFinished>[0], showWindow);
  });
  installMenu((command) => send('menu:command', { command }));
  win.on('closed', () => {
    win = null;
  });
}

registerAppScheme();
app.on('web-contents-created', (_event, contents) => {
  hardenContents(contents);
  fileGrants.watch(contents);
});

if (!app.requestSingleInstanceLock()) {
  // Another window already has this blocklist open: it comes to the front instead.
  app.quit();
} else {
  app.on('second-instance', showWindow);
  // The catch covers start() too: an error there (an unwritable data folder) would otherwise leave a windowless app running.
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fail(`Blocklist Desk cannot start: ${toErrorInfo(err).message}`));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (closing || desk === null) return;
    // Running jobs are cancelled (an import then applies nothing) and the database closed cleanly.
    event.preventDefault();
    closing = true;
    desk
      .close()
      .catch((err: unknown) => process.stderr.write(`Blocklist Desk did not close its blocklist cleanly: ${toErrorInfo(err).message}\n`))
      .finally(() => app.quit());
  });
}
