import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/*
 * The desktop shell, launched for real. Needs an Electron binary (`npm start` fetches it
 * once), the Electron-ABI SQLite addon (`npm run build:electron-sqlite`) and a build
 * (`npm run build`). Where any is missing — as on the machine without Electron's
 * download — each test is skipped with the reason printed.
 *   npx playwright test --config tests/electron/playwright.config.ts
 */
const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main', 'main.js');
const BINDING = path.join(ROOT, 'build', 'electron', 'better_sqlite3.node');

function electronBinary(): string | null {
  // Never require('electron') here: since Electron 42 that downloads a missing binary.
  const { installedElectron } = createRequire(path.join(ROOT, 'package.json'))('./scripts/electronPath.js') as { installedElectron(root: string): string | null };
  return installedElectron(ROOT);
}

function skipReason(binary: string | null): string | null {
  if (binary === null) return 'no Electron binary in node_modules/electron (its download is not reachable here); browser mode is tested in tests/e2e';
  if (!fs.existsSync(MAIN)) return 'dist/main/main.js is missing: run npm run build';
  if (!fs.existsSync(BINDING)) return 'build/electron/better_sqlite3.node is missing: run npm run build:electron-sqlite';
  return null;
}

const binary = electronBinary();
const reason = skipReason(binary);
if (reason !== null) console.log(`tests/electron skipped: ${reason}`);

test.describe('the Electron shell', () => {
  test.skip(reason !== null, reason ?? '');

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-electron-'));
    app = await electron.launch({ executablePath: binary as string, args: [MAIN, '--data', dataDir], cwd: ROOT, env: { ...process.env, BLOCKLIST_DESK_DATA: '' } });
  });

  test.afterEach(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one hardened window on app:// with window.desk and no Node', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/desk\//);

    expect(await page.evaluate(() => typeof (globalThis as unknown as { desk?: unknown }).desk)).toBe('object');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { desk: { contacts: { search: unknown } } }).desk.contacts.search)).toBe('function');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');

    const counts = await page.evaluate(() => (globalThis as unknown as { desk: { contacts: { counts(): Promise<unknown> } } }).desk.contacts.counts());
    expect(counts).toMatchObject({ ok: true, value: { identified: 0, anonymous: 0 } });

    const prefs = await app.evaluate(({ BrowserWindow }, mainDir) => {
      const windows = BrowserWindow.getAllWindows();
      const contents = windows[0]?.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> };
      const effective = contents.getLastWebPreferences?.() ?? null;
      const declared = (process as unknown as { mainModule?: { require(id: string): { MAIN_WINDOW_WEB_PREFERENCES: Record<string, unknown> } } }).mainModule?.require(`${mainDir}/window.js`).MAIN_WINDOW_WEB_PREFERENCES ?? null;
      return { count: windows.length, effective, declared };
    }, path.dirname(MAIN));
    expect(prefs.count).toBe(1);
    const webPreferences = prefs.effective ?? prefs.declared;
    expect(webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  test('keeps the window on the app: navigation and new windows are refused', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await page.evaluate(() => {
      const page = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      page.open('https://example.com/');
      page.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toMatch(/^app:\/\/desk\//);
  });
});
