import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startCeEmulator, type CeEmulator } from '../../src/sync/emulator/server';
import { eventCount, expect, expectAccessible, screenshot, test, waitForAppEvent, waitForJob } from './fixtures';

const KEY = 'e2e-sync-key';

async function openSync(page: Page): Promise<void> {
  const before = await eventCount(page, 'desk:sync-loaded');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync', exact: true }).click();
  await waitForAppEvent(page, 'desk:sync-loaded', { since: before });
}

async function emulator(): Promise<CeEmulator> {
  return startCeEmulator({ key: KEY, port: 0, dataFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-ce-')) });
}

test.describe('Sync screen, with the key in the environment of serve', () => {
  test.use({ serveEnv: { BLOCKLIST_DESK_API_KEY: KEY } });

  test('shows what waits, runs a sync against CE, and lists the run with its counts', async ({ app: page, desk }) => {
    const server = await emulator();
    try {
      expect(desk.cli(['paste', '--using', 'email', '--channels', 'email', '--category', 'unsubscribe'], 'a@example.com\nb@example.com').code).toBe(0);
      expect(desk.cli(['paste', '--using', 'mobile', '--channels', 'sms,whatsapp'], '+919876543210').code).toBe(0);
      await openSync(page);
      await expect(page.getByTestId('outbox-total')).toHaveText('4');
      await expect(page.getByTestId('key-source')).toHaveText('From the environment');
      await expect(page.getByRole('button', { name: 'Run now' })).toBeDisabled();

      await page.getByLabel('URL').fill('http://example.com/blocklist/v1');
      await page.getByRole('button', { name: 'Save sync settings' }).click();
      await expect(page.getByText(/must be reached over https:\/\//)).toBeVisible();
      await expect(page.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true');

      await page.getByLabel('URL').fill(server.baseUrl);
      await page.getByLabel('Schedule').selectOption('15');
      await page.getByRole('button', { name: 'Save sync settings' }).click();
      await expect(page.getByText(/Next run/)).toBeVisible();
      await screenshot(page, '20-sync-before');
      await expectAccessible(page, 'sync');

      const started = await eventCount(page, 'desk:job-started');
      await page.getByRole('button', { name: 'Run now' }).click();
      const job = (await waitForAppEvent<{ id: string }>(page, 'desk:job-started', { since: started, match: { kind: 'sync' } })).id;
      expect(await waitForJob(page, job)).toBe('succeeded');
      const run = page.locator(`[data-job="${job}"]`);
      await expect(run).toHaveAttribute('data-status', 'succeeded');
      await expect(run.locator('[data-stat="pushed"]')).toHaveText('4');
      await expect(run.locator('[data-stat="pulled"]')).toHaveText('4');
      await expect(run.locator('[data-stat="applied"]')).toHaveText('0');
      await expect(page.getByTestId('outbox-total')).toHaveText('0');
      await screenshot(page, '21-sync-after');

      // CE holds what the laptop sent.
      const state = (await (await fetch(`${server.baseUrl}/_emulator/state`, { headers: { 'api-key': KEY } })).json()) as { entries: unknown[] };
      expect(state.entries).toHaveLength(4);
      // The settings are the CLI's defaults too.
      const viaCli = desk.cli(['sync', '--json']);
      expect(viaCli.code, viaCli.stderr).toBe(1);
      expect(viaCli.stderr).toMatch(/BLOCKLIST_DESK_API_KEY/);
    } finally {
      await server.close();
    }
  });
});

test('browser mode without a key: says where the key comes from and offers no key field', async ({ app: page }) => {
  await openSync(page);
  await expect(page.getByTestId('key-source')).toHaveText('Not set');
  await expect(page.getByTestId('key-note')).toContainText('$BLOCKLIST_DESK_API_KEY');
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run now' })).toBeDisabled();
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '22-sync-no-key-dark');
  await expectAccessible(page, 'sync (dark, no key)');
});

/** Issue 12, point 14: the Sync screen says what it is doing, what waits, and why it cannot run. */
test.describe('Sync screen reads right', () => {
  test('a loading state, then a load error the officer can retry', async ({ app: page }) => {
    let release: (error: boolean) => void = () => undefined;
    const answered = new Promise<boolean>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/sync/get', async (route) => {
      if (await answered) await route.fulfill({ json: { ok: false, error: { code: 'busy', message: 'the blocklist is busy: another program holds it; try again in a moment' } } });
      else await route.continue();
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Sync with CE' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Reading the sync settings' })).toHaveText('Reading the sync settings and the outbox…');
    await screenshot(page, '50-sync-loading');
    await expectAccessible(page, 'sync (loading)');

    release(true);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The sync settings could not be read. The blocklist is busy: another program holds it; try again in a moment');
    await screenshot(page, '51-sync-load-error');
    await page.setViewportSize({ width: 1024, height: 700 });
    await screenshot(page, '51b-sync-load-error-1024');
    await expectAccessible(page, 'sync (load error)');

    await page.unroute('**/api/sync/get');
    const before = await eventCount(page, 'desk:sync-loaded');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await waitForAppEvent(page, 'desk:sync-loaded', { since: before });
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByTestId('outbox-total')).toHaveText('0');
  });

  test('the outbox in changes and contacts; a disabled Run now says why', async ({ app: page, desk }) => {
    expect(desk.cli(['paste', '--using', 'email', '--channels', 'email', '--category', 'unsubscribe'], 'a@example.com\nb@example.com').code).toBe(0);
    expect(desk.cli(['paste', '--using', 'mobile', '--channels', 'sms,whatsapp'], '+919876543210').code).toBe(0);
    // One contact with a customer ID and an email, blocked on Email: CE gets it under both.
    const seven = desk.file('seven.csv', 'customer_id,email,email_blocked\r\nCID-7,seven@example.com,yes\r\n');
    expect(desk.cli(['import', seven, '--using', 'auto', '--channels', 'email']).code).toBe(0);
    // A contact made and reverted: its block and its unblock wait, for an identifier no contact holds now.
    const gone = JSON.parse(desk.cli(['paste', '--using', 'email', '--channels', 'email', '--json'], 'gone@example.com').stdout) as { job: string };
    expect(desk.cli(['revert', gone.job]).code).toBe(0);

    await openSync(page);
    const outbox = page.getByRole('group', { name: /^Waiting in the outbox/ });
    await expect(outbox.getByRole('heading')).toHaveText('Waiting in the outbox: 8 changes for 4 contacts');
    await expect(page.getByTestId('outbox-note')).toContainText('A change is one identifier’s status on one channel'.replace('’', "'"));
    await expect(page.getByTestId('outbox-note')).toContainText('1 identifier is no longer on any contact (deleted, or edited away): CE is told to unblock it.');
    await expect(outbox.locator('[data-outbox="email"]')).toHaveText('6');
    await expect(outbox.locator('[data-outbox="sms"]')).toHaveText('1');
    await expect(outbox.locator('[data-outbox="whatsapp"]')).toHaveText('1');
    await expect(outbox.locator('[data-outbox="rcs"]')).toHaveText('0');
    await expect(outbox.locator('[data-outbox="block"]')).toHaveText('7');
    await expect(outbox.locator('[data-outbox="unblock"]')).toHaveText('1');

    const run = page.getByRole('button', { name: 'Run now' });
    await expect(run).toBeDisabled();
    await expect(run).toHaveAccessibleDescription('Enter the remote URL and save the sync settings first.');
    await expect(run).toHaveAttribute('title', 'Enter the remote URL and save the sync settings first.');
    await screenshot(page, '52-sync-outbox-1280');
    await expectAccessible(page, 'sync (outbox, no URL)');

    await page.getByLabel('URL').fill('https://ce.example.com/blocklist/v1');
    await expect(run).toHaveAccessibleDescription('Save the sync settings first: a run uses the saved ones.');
    await page.getByRole('button', { name: 'Save sync settings' }).click();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // Browser mode with no key in the environment of serve.
    await expect(run).toHaveAccessibleDescription('No API key yet: see API key below.');
    await expect(run).toBeDisabled();
    await page.setViewportSize({ width: 1024, height: 700 });
    await screenshot(page, '53-sync-outbox-1024');
    await expectAccessible(page, 'sync at 1024×700');
  });
});

test.describe('Sync screen during a run, with the key in the environment of serve', () => {
  test.use({ serveEnv: { BLOCKLIST_DESK_API_KEY: KEY } });

  test('a run shows x of y while it pushes; a run the officer cancels reads as a cancel, not an error', async ({ app: page, desk }) => {
    // Each answer takes a second and a half: the run is slow enough to watch and to cancel.
    const server = await startCeEmulator({ key: KEY, port: 0, latencyMs: 1500, dataFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'bd-e2e-ce-')) });
    try {
      const emails = Array.from({ length: 2500 }, (_, i) => `person${i + 1}@example.com`).join('\n');
      expect(desk.cli(['paste', '--using', 'email', '--channels', 'email', '--category', 'unsubscribe'], emails).code).toBe(0);
      await openSync(page);
      await expect(page.getByRole('group', { name: /^Waiting in the outbox/ }).getByRole('heading')).toHaveText('Waiting in the outbox: 2,500 changes for 2,500 contacts');
      await page.getByLabel('URL').fill(server.baseUrl);
      await page.getByRole('button', { name: 'Save sync settings' }).click();
      await page.getByRole('button', { name: 'Dismiss' }).click();
      const run = page.getByRole('button', { name: 'Run now' });
      await expect(run).toBeEnabled();
      await expect(run).not.toHaveAttribute('aria-describedby');

      const started = await eventCount(page, 'desk:job-started');
      await run.click();
      const job = (await waitForAppEvent<{ id: string }>(page, 'desk:job-started', { since: started, match: { kind: 'sync' } })).id;
      const progress = page.getByTestId('sync-progress');
      await expect(progress).toContainText('Pushing to CE: 1,000 of 2,500 changes sent');
      await expect(page.getByRole('button', { name: 'Syncing…' })).toHaveAccessibleDescription('A sync is running: wait for it to end, or cancel it.');
      await expect(page.locator(`[data-job="${job}"] .pill`)).toHaveText('Running');
      await expect(page.getByTestId('outbox-note')).toContainText('A run is sending these now');
      await screenshot(page, '54-sync-running-1280');
      await page.setViewportSize({ width: 1024, height: 700 });
      await screenshot(page, '55-sync-running-1024');
      await expectAccessible(page, 'sync (running)');

      await progress.getByRole('button', { name: 'Cancel' }).click();
      expect(await waitForJob(page, job)).toBe('cancelled');
      const cancelled = page.locator(`[data-job="${job}"]`);
      await expect(cancelled).toHaveAttribute('data-status', 'cancelled');
      await expect(cancelled.locator('.pill')).toHaveText('Cancelled');
      await expect(cancelled.getByTestId('sync-cancelled')).toHaveText(
        'Stopped before the end. What was sent and received before the cancel is kept; the rest waits in the outbox for the next run.',
      );
      await expect(cancelled.locator('.notice-error')).toHaveCount(0);
      // Neutral: the notice is drawn in the ordinary text colour, not the danger red.
      const noticeColour = await cancelled.getByTestId('sync-cancelled').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).color);
      expect(noticeColour).toBe(await page.locator('body').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).color));
      // What CE accepted before the cancel is out of the outbox; the rest waits.
      const pushed = Number((await cancelled.locator('[data-stat="pushed"]').textContent())?.replace(/,/g, ''));
      expect(pushed % 1000).toBe(0);
      expect(pushed).toBeGreaterThanOrEqual(1000);
      await expect(page.getByTestId('outbox-total')).toHaveText((2500 - pushed).toLocaleString('en-US'));
      await cancelled.scrollIntoViewIfNeeded();
      await screenshot(page, '56-sync-cancelled-1024');
      await page.setViewportSize({ width: 1280, height: 800 });
      await cancelled.scrollIntoViewIfNeeded();
      await screenshot(page, '57-sync-cancelled-1280');
      await expectAccessible(page, 'sync (cancelled run)');
    } finally {
      await server.close();
    }
  });
});
