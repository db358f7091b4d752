import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ORIGIN } from './ipc';

/** The window's hardening (the Electron smoke test reads it back). */
export const MAIN_WINDOW_WEB_PREFERENCES: Readonly<WebPreferences> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
};

/** The one window: the renderer from app://desk, sandboxed, isolated, no Node. */
export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Blocklist Desk',
    backgroundColor: '#ffffff',
    webPreferences: { ...MAIN_WINDOW_WEB_PREFERENCES, preload },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
