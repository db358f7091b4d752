import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'blocklist-desk.js');
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One test's server: its data folder, its address, and the CLI on the same folder. */
export interface DeskServer {
  dataDir: string;
  /** Scratch folder for input files and downloads. */
  workDir: string;
  url: string;
  /** Runs `blocklist-desk --data DIR …` (seeding is quicker through the CLI than the UI). */
  cli(args: string[], input?: string): CliResult;
  /** Writes a file into the scratch folder and returns its path. */
  file(name: string, contents: string | Buffer): string;
}

function startServer(dataDir: string, extraEnv: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, BLOCKLIST_DESK_DATA: '', BLOCKLIST_DESK_API_KEY: '', ...extraEnv },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no address within 20 s\n${stderr}`));
    }, 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line)) {
        child.kill('SIGKILL');
        reject(new Error(`unexpected first line from serve: ${line}\n${stderr}`));
        return;
      }
      resolve({ child, url: line.trim(), stderr: () => stderr });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its address\n${stderr}`));
    });
  });
}

async function stopServer(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ desk: DeskServer; app: Page; serveEnv: Record<string, string> }>({
  /** Extra environment for `serve` (test.use({ serveEnv: … })), such as the CE API key. */
  serveEnv: [{}, { option: true }],
  desk: async ({ serveEnv }, use, testInfo) => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-'));
    const dataDir = path.join(workDir, 'data');
    fs.mkdirSync(dataDir);
    const server = await startServer(dataDir, serveEnv);
    const desk: DeskServer = {
      dataDir,
      workDir,
      url: server.url,
      cli(args, input) {
        const r = spawnSync(process.execPath, [BIN, '--data', dataDir, ...args], {
          cwd: ROOT,
          input: input ?? '',
          encoding: 'utf8',
          env: { ...process.env, BLOCKLIST_DESK_DATA: '' },
        });
        return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
      },
      file(name, contents) {
        const p = path.join(workDir, name);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, contents);
        return p;
      },
    };
    try {
      await use(desk);
    } finally {
      await stopServer(server.child);
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('serve-stderr', { body: server.stderr(), contentType: 'text/plain' });
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  },
  app: async ({ page, desk }, use) => {
    // Uncaught errors and CSP refusals fail the test: the UI must run under the server's policy.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Uncaught/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(desk.url);
    await expect(page.locator('.shell')).toHaveAttribute('data-state', 'ready');
    await use(page);
    expect(problems, problems.join('\n')).toEqual([]);
  },
});

export { expect };

/**
 * Seeds contacts through the CLI: `import FILE --using … --channels …`, asserting it
 * landed — exit 0, or 3 when a row leaves a problem line (an email-only row cannot carry
 * an asked SMS block), its other blocks landing all the same.
 */
export function seedImport(desk: DeskServer, name: string, csv: string, args: string[]): void {
  const file = desk.file(name, csv);
  const r = desk.cli(['import', file, ...args, '--json']);
  if (r.code !== 0 && r.code !== 3) throw new Error(`seeding ${name} failed (${r.code}): ${r.stdout}\n${r.stderr}`);
}

type AppEventName =
  | 'desk:listing-loaded'
  | 'desk:job-started'
  | 'desk:job-progress'
  | 'desk:job-finished'
  | 'desk:jobs-loaded'
  | 'desk:contact-changed'
  | 'desk:settings-saved'
  | 'desk:audit-loaded'
  | 'desk:download'
  | 'desk:sync-loaded'
  | 'desk:listing-counted'
  | 'desk:summary-loaded';

/** The page's event log (renderer/bridge/appEvents.ts); the tests compile without the DOM lib. */
type EventLog = Record<string, Record<string, unknown>[]>;


/** How many of an app event the page has emitted so far (window.__deskEvents). */
export async function eventCount(page: Page, name: AppEventName): Promise<number> {
  return page.evaluate((n) => ((globalThis as unknown as { __deskEvents?: EventLog }).__deskEvents?.[n] ?? []).length, name);
}

/**
 * Waits for the app to emit an event after the `since` count, optionally matching its
 * detail; the app logs every event on window.__deskEvents, so nothing is missed by
 * starting to wait late. Returns the detail.
 */
export async function waitForAppEvent<T = Record<string, unknown>>(
  page: Page,
  name: AppEventName,
  options: { since?: number; match?: Record<string, unknown>; timeout?: number } = {},
): Promise<T> {
  const handle = await page.waitForFunction(
    ({ n, since, match }) => {
      const list = ((globalThis as unknown as { __deskEvents?: EventLog }).__deskEvents?.[n] ?? []).slice(since);
      return list.find((d) => Object.entries(match).every(([k, v]) => d[k] === v)) ?? false;
    },
    { n: name, since: options.since ?? 0, match: options.match ?? {} },
    { timeout: options.timeout ?? 30_000 },
  );
  return (await handle.jsonValue()) as T;
}

/** Waits for a job's end (desk:job-finished) and returns its status. */
export async function waitForJob(page: Page, id: string): Promise<string> {
  const detail = await waitForAppEvent<{ status: string }>(page, 'desk:job-finished', { match: { id } });
  return detail.status;
}

/** The id of the next job this page starts, once it has. */
export async function nextJobId(page: Page, since: number): Promise<string> {
  const detail = await waitForAppEvent<{ id: string }>(page, 'desk:job-started', { since });
  return detail.id;
}

/** Saves a 1280×800 screenshot of the page as it is now. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

/** Screenshots of what is on screen now at both window sizes (tests/e2e/screenshots/NAME-WxH.png). */
export async function shootBothSizes(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(SIZES[0]);
}

/** No serious or critical axe-core violation on what is on screen now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${what}:\n${summary}`).toEqual([]);
}
